"""One lock per scheduled job, so a job never runs twice at once across processes.

Which lock depends on what the deployment has:

- ``REDIS_URL`` set: a Redis lock (``SET NX PX`` with a token) that expires ``seconds`` after
  its last renewal; a thread renews it while the job runs. A worker killed outright keeps the
  job from others for at most ``seconds``.
- PostgreSQL without Redis: a session advisory lock, freed by the server the moment the
  holder's connection ends, however it ended. (Not through a transaction-pooling PgBouncer.)
- SQLite (the embedded default): a lease on the job's ``JobState`` row, taken and renewed by
  conditional UPDATEs. SQLite is one machine, so a lease whose holder process no longer exists
  there is taken over at once instead of waiting for it to expire.

Keys name the database, so clubs (and test databases) sharing one Redis never block each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Literal

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger("bashgah.tasks")
LockKind = Literal["redis", "postgres", "lease"]


def lock_kind() -> LockKind:
    if settings.REDIS_URL:
        return "redis"
    if connection.vendor == "postgresql":
        return "postgres"
    return "lease"


@contextlib.contextmanager
def job_lock(name: str, *, seconds: int, kind: LockKind | None = None) -> Iterator[bool]:
    """Hold job ``name``'s lock for the block. Yields False, holding nothing, when another
    process holds it: the caller skips the run, it never waits."""
    kind = kind or lock_kind()
    lock: _Lock
    if kind == "redis":
        lock = _RedisLock(name, seconds)
    elif kind == "postgres":
        lock = _AdvisoryLock(name)
    else:
        lock = _LeaseLock(name, seconds)
    if not lock.acquire():
        yield False
        return
    renewal = _Renewal(lock, every=seconds / 3) if lock.renews else None
    try:
        yield True
    finally:
        if renewal is not None:
            renewal.stop()
        lock.release()


def _database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "default")


class _Lock:
    renews = False

    def acquire(self) -> bool:
        raise NotImplementedError

    def renew(self) -> bool:
        return True

    def release(self) -> None:
        raise NotImplementedError


@cache
def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


class _RedisLock(_Lock):
    renews = True

    def __init__(self, name: str, seconds: int) -> None:
        key = f"bashgah:job-lock:{_database_name()}:{name}"
        self.lock = _redis(settings.REDIS_URL).lock(key, timeout=seconds, thread_local=False)

    def acquire(self) -> bool:
        return bool(self.lock.acquire(blocking=False))

    def renew(self) -> bool:
        from redis.exceptions import LockError

        try:
            self.lock.reacquire()
        except LockError:
            return False
        return True

    def release(self) -> None:
        from redis.exceptions import LockError

        with contextlib.suppress(LockError):
            self.lock.release()


def advisory_key(name: str) -> int:
    digest = hashlib.sha256(f"bashgah.job:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class _AdvisoryLock(_Lock):
    def __init__(self, name: str) -> None:
        self.key = advisory_key(name)

    def acquire(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
            row = cursor.fetchone()
        return bool(row and row[0])

    def release(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
        except Exception:
            # A broken connection: closing it is what frees the lock.
            logger.warning("could not unlock job lock %s; closing the connection", self.key)
            connection.close()


def _holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _holder_is_gone(holder: str) -> bool:
    """True when ``holder`` was a process on this machine that no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class _LeaseLock(_Lock):
    renews = True

    def __init__(self, name: str, seconds: int) -> None:
        self.name = name
        self.seconds = seconds
        self.holder = _holder_id()

    def _until(self) -> dt.datetime:
        return timezone.now() + dt.timedelta(seconds=self.seconds)

    def acquire(self) -> bool:
        from bashgah.tasks.models import JobState

        JobState.objects.get_or_create(name=self.name)
        free = Q(locked_by="") | Q(locked_until__isnull=True) | Q(locked_until__lt=timezone.now())
        rows = JobState.objects.filter(free, name=self.name)
        if rows.update(locked_by=self.holder, locked_until=self._until()):
            return True
        current = JobState.objects.filter(name=self.name).values_list("locked_by", flat=True)
        holder = current.first() or ""
        if holder and _holder_is_gone(holder):
            logger.warning(
                "job %s: taking over the lease of %s, which has ended", self.name, holder
            )
            rows = JobState.objects.filter(name=self.name, locked_by=holder)
            return bool(rows.update(locked_by=self.holder, locked_until=self._until()))
        return False

    def renew(self) -> bool:
        from bashgah.tasks.models import JobState

        rows = JobState.objects.filter(name=self.name, locked_by=self.holder)
        return bool(rows.update(locked_until=self._until()))

    def release(self) -> None:
        from bashgah.tasks.models import JobState

        rows = JobState.objects.filter(name=self.name, locked_by=self.holder)
        rows.update(locked_by="", locked_until=None)


class _Renewal:
    """Renews a lock every ``every`` seconds from a daemon thread until stopped."""

    def __init__(self, lock: _Lock, *, every: float) -> None:
        self.lock = lock
        self.every = every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="bashgah-job-lock", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        renew: Callable[[], bool] = self.lock.renew
        try:
            while not self.stopped.wait(self.every):
                try:
                    if not renew():
                        logger.error("a job lock was lost while its job ran (%r)", self.lock)
                        return
                except Exception:
                    logger.exception("renewing a job lock failed; trying again")
        finally:
            connection.close()  # this thread's own connection, if renewing opened one

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
