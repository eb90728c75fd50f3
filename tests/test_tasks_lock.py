"""The job lock: one holder at a time across processes, freed when the holder dies.

Redis when REDIS_URL is set, a PostgreSQL advisory lock without it, a lease row on SQLite."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from bashgah.tasks.locks import job_lock
from bashgah.tasks.models import JobState
from bashgah.tasks.runner import job_run
from bashgah.tasks.schedule import Job

CALLS: list[str] = []


def record() -> None:
    CALLS.append("ran")


RECORD = Job("test_lock_record", "tests.test_tasks_lock.record", every=dt.timedelta(seconds=1))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _in_thread(work):
    """Run ``work`` in another thread (so on its own database connection) and return its
    result."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return result[0]


@pytest.mark.django_db
def test_lease_one_holder_then_the_next():
    with job_lock("test_lease", seconds=60, kind="lease") as first:
        assert first
        holder = JobState.objects.get(name="test_lease").locked_by
        assert holder.startswith(f"{socket.gethostname()}:")
        with job_lock("test_lease", seconds=60, kind="lease") as second:
            assert not second
        assert JobState.objects.get(name="test_lease").locked_by == holder  # untouched
    assert JobState.objects.get(name="test_lease").locked_by == ""
    with job_lock("test_lease", seconds=60, kind="lease") as again:
        assert again


@pytest.mark.django_db
def test_lease_of_a_dead_process_is_taken_over_at_once_and_an_expired_one_too():
    JobState.objects.create(
        name="test_dead",
        locked_by=f"{socket.gethostname()}:{_dead_pid()}:abc",
        locked_until=timezone.now() + dt.timedelta(hours=1),
    )
    with job_lock("test_dead", seconds=60, kind="lease") as held:
        assert held
    JobState.objects.create(
        name="test_elsewhere",
        locked_by="another-host:1:abc",
        locked_until=timezone.now() + dt.timedelta(hours=1),
    )
    with job_lock("test_elsewhere", seconds=60, kind="lease") as held:
        assert not held  # alive as far as we can tell: wait for its lease to end
    JobState.objects.filter(name="test_elsewhere").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    with job_lock("test_elsewhere", seconds=60, kind="lease") as held:
        assert held


@pytest.mark.django_db
def test_a_locked_job_is_skipped_not_waited_for():
    CALLS.clear()
    with job_lock(RECORD.name, seconds=60, kind="lease"):
        assert job_run(RECORD, jobs=(RECORD,), lock="lease").status == "locked"
    assert CALLS == []
    assert job_run(RECORD, jobs=(RECORD,), lock="lease").status == "ran"
    assert CALLS == ["ran"]


@pytest.mark.redis
def test_redis_lock_expires_unless_renewed(settings):
    from bashgah.tasks.locks import _redis

    name = f"test_redis_{time.monotonic_ns()}"
    with job_lock(name, seconds=1, kind="redis") as held:
        assert held
        with job_lock(name, seconds=1, kind="redis") as other:
            assert not other
        time.sleep(1.6)  # past the timeout: still held, because it is renewed
        with job_lock(name, seconds=1, kind="redis") as other:
            assert not other
    with job_lock(name, seconds=1, kind="redis") as held:
        assert held
    # a holder that died without releasing: free once its timeout has passed
    key = f"bashgah:job-lock:{connection.settings_dict['NAME']}:{name}"
    assert _redis(settings.REDIS_URL).set(key, "dead-holder", px=500)
    with job_lock(name, seconds=1, kind="redis") as held:
        assert not held
    time.sleep(0.6)
    with job_lock(name, seconds=1, kind="redis") as held:
        assert held


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_advisory_lock_is_freed_when_its_holders_connection_ends():
    def try_lock() -> bool:
        with job_lock("test_advisory", seconds=5, kind="postgres") as held:
            return held

    with job_lock("test_advisory", seconds=5, kind="postgres") as held:
        assert held
        assert _in_thread(try_lock) is False  # another connection
    assert _in_thread(try_lock) is True
    # a holder that dies: its connection ends, and so does the lock
    lock = job_lock("test_advisory", seconds=5, kind="postgres")
    assert lock.__enter__() is True
    assert _in_thread(try_lock) is False
    connection.close()
    assert _in_thread(try_lock) is True
