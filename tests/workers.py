"""Real worker processes for tests: the embedded ``bashgah worker`` and a Celery worker, each in
its own process group (so SIGKILL takes it whole, as a crashed machine would), pointed at the
test database, plus a local HTTP SMS gateway that records every request.

Subprocesses only reach a database on a server, so the tests using these are marked
``postgres`` (and ``redis`` for Celery) and are ``transaction=True``: what they write must be
committed for the worker to see it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "worker processes need PostgreSQL"
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def worker_env(*, redis: bool, **extra: str) -> dict[str, str]:
    """The environment of a worker on the test database; ``redis=False`` leaves Redis out (the
    job locks are then PostgreSQL advisory locks)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "REDIS_URL", "CELERY_", "DATABASE_URL", "TEST_DATABASE"))
    }
    env.update(DATABASE_URL=database_url(), LOG_LEVEL="INFO", PYTHONUNBUFFERED="1")
    if redis:
        env["REDIS_URL"] = settings.REDIS_URL
        env["CELERY_BROKER_URL"] = settings.REDIS_URL
        env["CELERY_QUEUE"] = f"test-{uuid.uuid4().hex[:12]}"  # this test's own queue
    env.update(extra)
    return env


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole process group: nothing gets to clean up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, as an orchestrator stops a worker; its return code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


def start_worker(kind: str, env: dict[str, str], log_path: Path, *args: str) -> Worker:
    """``kind``: ``embedded`` (``bashgah worker``) or ``celery`` (``celery worker``, with beat
    when ``--beat`` is among ``args``)."""
    if kind == "embedded":
        command = [sys.executable, "-m", "bashgah.cli", "worker", *args]
    else:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bashgah.tasks.app",
            "worker",
            "--loglevel",
            "INFO",
            "--hostname",
            f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            *args,
        ]
    log = log_path.open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    return Worker(process, log_path)


def wait_until(
    condition: Callable[[], bool], *, timeout: float, what: str, worker: Worker | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.process.poll() is not None:
            raise AssertionError(f"the worker exited while waiting for {what}:\n{worker.log}")
        time.sleep(0.05)
    log = f"\n--- worker log ---\n{worker.log[-5000:]}" if worker else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}{log}")


@dataclass
class Gateway:
    """A generic HTTP SMS gateway as ``messaging.providers.http_gateway`` speaks to it, which
    honours the ``Idempotency-Key`` (the message's reference): a repeat is answered 409 and not
    delivered again. ``requests`` holds every request, ``delivered`` each reference's first."""

    url: str = ""
    delay: float = 0.01
    requests: list[dict[str, str]] = field(default_factory=list)
    delivered: dict[str, dict[str, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def receive(self, key: str, body: dict[str, str]) -> int:
        time.sleep(self.delay)  # a gateway takes its time
        with self.lock:
            self.requests.append({**body, "idempotency_key": key})
            if key in self.delivered:
                return 409
            self.delivered[key] = body
            return 200

    @property
    def repeats(self) -> int:
        with self.lock:
            return len(self.requests) - len(self.delivered)


def serve_gateway(delay: float = 0.01) -> Iterator[Gateway]:
    """Serve a ``Gateway`` on a free local port for the duration of the generator."""
    gateway = Gateway(delay=delay)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            status = gateway.receive(self.headers.get("Idempotency-Key", ""), body)
            answer = json.dumps({"id": body.get("reference", "")}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
