"""Recording purchases through the HTTP API on PostgreSQL, beside the floor of this machine.

``python -m bench.run api`` (from the project folder). It

1. drops and creates its own database (``BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/bashgah_bench_api``; the name must contain "bench"),
   migrates it and seeds a club through the services: a store, an API key, tiers, seven active
   earning rules and ``BENCH_API_MEMBERS`` (10,000) members joined with ``member_join``;
2. serves the real WSGI app with gunicorn on 127.0.0.1 (DEBUG off, a random SECRET_KEY) with
   ``bench.server_settings``, which adds ``POST /bench/minimal`` (one INSERT and one UPDATE in
   one transaction) beside the product's URLs, so both endpoints share one server setup;
3. loads each endpoint in turn from loopback with ``wrk`` (or, without it, a Python asyncio
   client) at the same concurrency: a warm-up, then ``BENCH_API_SECONDS`` (20) measured. Every
   request is a purchase of 1-5 lines for a random member (card number, id or phone) with its
   own Idempotency-Key and external id;
4. checks the answers (any non-2xx or socket error fails the run), the ledger
   (``ledger_verify() == []``) and that the purchases stored match the 2xx answers;
5. profiles the earn loop in-process (django.test.Client against the bench database): SQL
   statements per request (``CaptureQueriesContext``), time in database calls (driver, network
   and server, timed around each statement and commit) against the rest (Python), and the
   costliest stages and functions (cProfile).

The Django phases (seed, verify, profile) run in subprocesses (``python -m bench.bench_api
PHASE``) so this benchmark never shares Django settings with another one in ``make bench``.
Knobs: BENCH_API_MEMBERS, BENCH_API_SECONDS, BENCH_API_WARMUP, BENCH_API_CONNECTIONS,
BENCH_API_WORKERS, BENCH_API_THREADS, BENCH_API_LOADGEN (wrk|python).
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

TARGET = (
    "Recording a purchase through the HTTP API (gunicorn, PostgreSQL, loopback load) reaches at "
    "least 50 % of the requests/s of a minimal one-INSERT-one-UPDATE endpoint served the same "
    "way in the same run."
)
TARGET_RATIO = 0.5


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bashgah_bench_api"
MEMBERS = _int_env("BENCH_API_MEMBERS", 10_000)
SECONDS = _int_env("BENCH_API_SECONDS", 20)
WARMUP_SECONDS = _int_env("BENCH_API_WARMUP", 5)
CONNECTIONS = _int_env("BENCH_API_CONNECTIONS", 16)
# Two cores are shared by gunicorn, PostgreSQL and the load generator. The request is mostly
# Python (one GIL per process), so processes, not threads: 4 sync workers measured best here
# (gthread workers keep wrk's keep-alive connections and end up unevenly loaded).
WORKERS = _int_env("BENCH_API_WORKERS", 4)
THREADS = _int_env("BENCH_API_THREADS", 1)
SEED_PROCESSES = 2
PROFILE_REQUESTS = 200
API_PATH = "/api/v1/purchases"
MINIMAL_PATH = "/bench/minimal"
STORE_CODE = "bench-1"
LANGUAGE = "fa"
PAST_SECONDS = 7 * 86_400  # purchases are stamped up to a week back (time windows, daily caps)

MINIMAL_TABLES_SQL = """
DROP TABLE IF EXISTS bench_minimal_event, bench_minimal_counter;
CREATE TABLE bench_minimal_event (
    id bigserial PRIMARY KEY,
    external_id varchar(64) NOT NULL UNIQUE,
    member varchar(64) NOT NULL,
    total bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE bench_minimal_counter (
    id integer PRIMARY KEY,
    hits bigint NOT NULL DEFAULT 0,
    total bigint NOT NULL DEFAULT 0
);
INSERT INTO bench_minimal_counter (id) SELECT generate_series(1, 10000);
"""

# (sku, category, unit price in Rial): a neighbourhood supermarket.
CATALOG: list[tuple[str, str, int]] = [
    ("milk-1l", "dairy", 120_000),
    ("yogurt-900g", "dairy", 180_000),
    ("cheese-400g", "dairy", 450_000),
    ("butter-100g", "dairy", 210_000),
    ("doogh-1.5l", "dairy", 160_000),
    ("bread-barbari", "bakery", 60_000),
    ("bread-sangak", "bakery", 80_000),
    ("cake-slice", "bakery", 250_000),
    ("apple-1kg", "produce", 350_000),
    ("tomato-1kg", "produce", 280_000),
    ("potato-1kg", "produce", 150_000),
    ("cucumber-1kg", "produce", 220_000),
    ("rice-5kg", "grocery", 2_900_000),
    ("oil-1l", "grocery", 950_000),
    ("tea-500g", "grocery", 1_400_000),
    ("sugar-1kg", "grocery", 420_000),
    ("lentils-1kg", "grocery", 600_000),
    ("water-1.5l", "beverages", 70_000),
    ("juice-1l", "beverages", 380_000),
    ("chips", "snacks", 120_000),
    ("pistachio-250g", "snacks", 2_200_000),
    ("chocolate", "snacks", 190_000),
    ("detergent-3kg", "household", 1_100_000),
    ("dish-soap", "household", 330_000),
    ("tissue-6", "household", 480_000),
    ("shampoo", "personal-care", 650_000),
    ("toothpaste", "personal-care", 290_000),
]

FIRST_NAMES = ["سارا", "علی", "مریم", "رضا", "زهرا", "حسین", "فاطمه", "محمد", "نرگس", "امیر"]
LAST_NAMES = ["احمدی", "رضایی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری", "کاظمی"]
CITIES = ["تهران", "اصفهان", "شیراز", "مشهد", "تبریز", ""]


# ---------------------------------------------------------------------------------------------
# Requests: one purchase, the same in the Lua script, the Python load generator and the profile


def purchase_body(*, external_id: str, member: str, rng: random.Random) -> bytes:
    lines = []
    total = 0
    for _line in range(rng.randint(1, 5)):
        sku, category, unit_price = rng.choice(CATALOG)
        quantity = rng.randint(1, 3)
        total += quantity * unit_price
        lines.append(
            {"sku": sku, "category": category, "quantity": quantity, "unit_price": unit_price}
        )
    paid_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=rng.randint(0, PAST_SECONDS))
    body = {
        "external_id": external_id,
        "member": member,
        "lines": lines,
        "total": total,
        "currency": "IRR",
        "paid_at": paid_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return json.dumps(body, separators=(",", ":")).encode()


def request_headers(api_key: str, idempotency_key: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {api_key}",
        "Accept-Language": LANGUAGE,
        "Idempotency-Key": idempotency_key,
    }


LUA_TEMPLATE = r"""
local members = {%(members)s}
local catalog = {%(catalog)s}
local path = "%(path)s"
local run = "%(run)s"
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer %(key)s",
                 ["Accept-Language"] = "%(language)s"}
local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  counter, sent, ok, failed = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  sent = sent + 1
  local external_id = run .. "-" .. tid .. "-" .. counter
  local member = members[math.random(#members)]
  local parts, total = {}, 0
  for i = 1, math.random(1, 5) do
    local item = catalog[math.random(#catalog)]
    local quantity = math.random(1, 3)
    total = total + quantity * item[3]
    parts[i] = string.format('{"sku":"%%s","category":"%%s","quantity":%%d,"unit_price":%%d}',
                             item[1], item[2], quantity, item[3])
  end
  local paid_at = os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ", os.time() - math.random(0, %(past)d))
  local body = string.format(
    '{"external_id":"%%s","member":"%%s","lines":[%%s],"total":%%d,"currency":"IRR","paid_at":"%%s"}',
    external_id, member, table.concat(parts, ","), total, paid_at)
  headers["Idempotency-Key"] = external_id
  return wrk.format("POST", path, headers, body)
end

function response(status, response_headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    failed = failed + 1
    if failed <= 3 then
      io.stderr:write("non-2xx " .. status .. ": " .. string.sub(body or "", 1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local total_sent, total_ok, total_failed = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    total_ok = total_ok + thread:get("ok")
    total_failed = total_failed + thread:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,"mean_us":%%d,' ..
    '"max_us":%%d,"sent":%%d,"ok":%%d,"failed":%%d,"socket_errors":%%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.mean, latency.max, total_sent, total_ok, total_failed,
    e.connect + e.read + e.write + e.timeout))
end
"""


def lua_script(*, path: str, api_key: str, members: list[str], run: str) -> str:
    return LUA_TEMPLATE % {
        "members": ",".join(f'"{member}"' for member in members),
        "catalog": ",".join(
            f'{{"{sku}","{category}",{price}}}' for sku, category, price in CATALOG
        ),
        "path": path,
        "run": run,
        "key": api_key,
        "language": LANGUAGE,
        "past": PAST_SECONDS,
    }


# ---------------------------------------------------------------------------------------------
# Load generators: both answer {requests, seconds, rps, p50_ms, p99_ms, sent, ok, failed, ...}


def _load_figures(raw: dict[str, Any]) -> dict[str, Any]:
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "mean_ms": round(raw["mean_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "sent": raw["sent"],
        "ok": raw["ok"],
        "failed": raw["failed"],
        "socket_errors": raw["socket_errors"],
        # Requests written but not answered when the generator stopped (wrk does not drain):
        # the server still completes them, so they may be stored without a counted answer.
        "unanswered": max(raw["sent"] - raw["ok"] - raw["failed"], 0),
    }


def run_wrk(*, url: str, script: Path, seconds: int, connections: int) -> dict[str, Any]:
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)
    return _load_figures(json.loads(line.removeprefix("BENCH_JSON ")))


async def _python_load(
    *,
    host: str,
    port: int,
    path: str,
    api_key: str,
    members: list[str],
    run: str,
    seconds: float,
    connections: int,
) -> dict[str, Any]:
    """A closed-loop keep-alive HTTP/1.1 client: ``connections`` clients, each sending its next
    request when the previous answer is in. Each client finishes its request in flight at the
    deadline, so every request sent is answered."""
    latencies: list[float] = []
    counts = Counter[str]()
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        rng = random.Random(f"{run}-{number}")
        reader, writer = await asyncio.open_connection(host, port)
        sequence = 0
        try:
            while time.monotonic() < deadline:
                sequence += 1
                external_id = f"{run}-{number}-{sequence}"
                body = purchase_body(external_id=external_id, member=rng.choice(members), rng=rng)
                head = "".join(
                    f"{name}: {value}\r\n"
                    for name, value in request_headers(api_key, external_id).items()
                )
                request = (
                    f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{head}"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode() + body
                started = time.perf_counter()
                counts["sent"] += 1
                writer.write(request)
                status_line = await reader.readline()
                status = int(status_line.split()[1])
                length, closing = 0, False
                while (header := await reader.readline()) not in (b"\r\n", b""):
                    name, _sep, value = header.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "connection" and value.strip().lower() == "close":
                        closing = True
                answer = await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                if 200 <= status < 300:
                    counts["ok"] += 1
                else:
                    counts["failed"] += 1
                    if counts["failed"] <= 3:
                        print(f"non-2xx {status}: {answer[:300]!r}", file=sys.stderr)
                if closing:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            counts["socket_errors"] += 1
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(client(number) for number in range(connections)))
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(int(share * len(latencies)), len(latencies) - 1)] if latencies else 0

    return _load_figures(
        {
            "requests": len(latencies),
            "duration_us": elapsed * 1e6,
            "p50_us": percentile(0.50) * 1e6,
            "p99_us": percentile(0.99) * 1e6,
            "mean_us": statistics.fmean(latencies) * 1e6 if latencies else 0,
            "max_us": latencies[-1] * 1e6 if latencies else 0,
            "sent": counts["sent"],
            "ok": counts["ok"],
            "failed": counts["failed"],
            "socket_errors": counts["socket_errors"],
        }
    )


# ---------------------------------------------------------------------------------------------
# The orchestration (this process never imports Django)


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    return url


def database_recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def django_environment(url: str, secret_key: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.server_settings",
        "SECRET_KEY": secret_key,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT), str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
    }


def django_phase(phase: str, environment: dict[str, str], arguments: dict[str, Any]) -> Any:
    """Run ``python -m bench.bench_api PHASE`` and return the JSON it leaves in a file."""
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        given, answer = Path(folder) / "in.json", Path(folder) / "out.json"
        given.write_text(json.dumps(arguments))
        subprocess.run(
            [sys.executable, "-m", "bench.bench_api", phase, str(given), str(answer)],
            cwd=ROOT,
            env=environment,
            check=True,
            timeout=600,
        )
        return json.loads(answer.read_text())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def gunicorn(
    environment: dict[str, str], port: int, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Serve the app; its output (Django's error tracebacks included) goes to ``log``."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bashgah.wsgi:application",
        "--chdir",
        str(ROOT),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--worker-class",
        "gthread" if THREADS > 1 else "sync",
        "--keep-alive",
        "10",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    log_file = log.open("wb")
    server = subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}: {_tail(log)}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 60 s")
            time.sleep(0.3)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log_file.close()


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def load(
    *,
    generator: str,
    port: int,
    path: str,
    api_key: str,
    members: list[str],
    run: str,
    seconds: int,
    folder: Path,
) -> dict[str, Any]:
    if generator == "wrk":
        script = folder / f"{run}.lua"
        script.write_text(lua_script(path=path, api_key=api_key, members=members, run=run))
        return run_wrk(
            url=f"http://127.0.0.1:{port}{path}",
            script=script,
            seconds=seconds,
            connections=CONNECTIONS,
        )
    return asyncio.run(
        _python_load(
            host="127.0.0.1",
            port=port,
            path=path,
            api_key=api_key,
            members=members,
            run=run,
            seconds=seconds,
            connections=CONNECTIONS,
        )
    )


def load_generator() -> str:
    wanted = os.environ.get("BENCH_API_LOADGEN", "wrk")
    if wanted == "wrk" and shutil.which("wrk") is None:
        print(
            "wrk is not installed (Debian: apt-get update && apt-get install -y wrk); "
            "falling back to the Python load generator, which needs CPU the server would "
            "otherwise have.",
            flush=True,
        )
        return "python"
    return wanted


def _stored_matches(answered_ok: int, unanswered: int, stored: int) -> bool:
    return answered_ok <= stored <= answered_ok + unanswered


def _load_both(
    generator: str, port: int, seed: dict[str, Any], tag: str, folder: Path
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, int]]]:
    """Warm up and measure each endpoint in turn, at the same concurrency and duration."""
    figures: dict[str, dict[str, Any]] = {}
    totals: dict[str, dict[str, int]] = {}
    for name, path in (("minimal", MINIMAL_PATH), ("api", API_PATH)):
        common = {
            "generator": generator,
            "port": port,
            "path": path,
            "api_key": seed["api_key"],
            "members": seed["member_refs"],
            "folder": folder,
        }
        warmup = load(run=f"{name}-w{tag}", seconds=WARMUP_SECONDS, **common)
        measured = load(run=f"{name}-m{tag}", seconds=SECONDS, **common)
        figures[name] = measured
        totals[name] = {
            key: warmup[key] + measured[key]
            for key in ("ok", "failed", "socket_errors", "unanswered")
        }
        print(
            f"   {name:8} {measured['rps']:8.1f} req/s  p50 {measured['p50_ms']:6.1f} ms"
            f"  p99 {measured['p99_ms']:6.1f} ms  ({measured['requests']} requests, "
            f"{totals[name]['failed']} non-2xx, {totals[name]['socket_errors']} socket errors)",
            flush=True,
        )
    return figures, totals


def main() -> dict[str, Any]:
    started = time.monotonic()
    url = database_url()
    generator = load_generator()
    environment = django_environment(url, secrets.token_urlsafe(50))
    database_recreate(url)
    seed = django_phase("seed", environment, {"members": MEMBERS})
    print(
        f"   seeded {seed['members']} members, {seed['rules']} active rules in {seed['seconds']} s",
        flush=True,
    )
    port = free_port()
    tag = secrets.token_hex(3)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        server_log = Path(folder) / "gunicorn.log"
        with gunicorn(environment, port, server_log):
            figures, totals = _load_both(generator, port, seed, tag, Path(folder))
        if any(totals[name]["failed"] or totals[name]["socket_errors"] for name in totals):
            print(f"   the server's last lines:\n{_tail(server_log)}", flush=True)
    checked = django_phase("verify", environment, {})
    profile = django_phase(
        "profile", environment, {"api_key": seed["api_key"], "members": seed["member_refs"]}
    )
    errors = sum(totals[name]["failed"] + totals[name]["socket_errors"] for name in totals)
    purchases_match = _stored_matches(
        totals["api"]["ok"], totals["api"]["unanswered"], checked["purchases"]
    )
    minimal_match = _stored_matches(
        totals["minimal"]["ok"], totals["minimal"]["unanswered"], checked["minimal_events"]
    )
    ledger_sound = not checked["ledger_problems"] and not profile["ledger_problems"]
    ratio = figures["api"]["rps"] / figures["minimal"]["rps"]
    passed = (
        ratio >= TARGET_RATIO and errors == 0 and purchases_match and minimal_match and ledger_sound
    )
    problems = []
    if errors:
        problems.append(f"{errors} failed requests")
    if not purchases_match:
        problems.append(
            f"{checked['purchases']} purchases stored for {totals['api']['ok']} "
            f"2xx answers (+{totals['api']['unanswered']} unanswered)"
        )
    if not minimal_match:
        problems.append("minimal rows do not match its 2xx answers")
    if not ledger_sound:
        problems.append("ledger_verify() found problems")
    summary = (
        f"API {figures['api']['rps']:.0f} req/s (p50 {figures['api']['p50_ms']:.1f} ms, "
        f"p99 {figures['api']['p99_ms']:.1f} ms) vs minimal {figures['minimal']['rps']:.0f} "
        f"req/s (p50 {figures['minimal']['p50_ms']:.1f} ms, p99 "
        f"{figures['minimal']['p99_ms']:.1f} ms): {ratio:.0%} of the floor, target "
        f"{TARGET_RATIO:.0%}; {profile['api']['queries_per_request']} SQL statements per "
        f"purchase, {profile['api']['database_share']:.0%} of its in-process time in database "
        f"calls" + (f"; {'; '.join(problems)}" if problems else "")
    )
    _print_profile(profile)
    return {
        "passed": passed,
        "summary": summary,
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "api": figures["api"],
        "minimal": figures["minimal"],
        "totals_including_warmup": totals,
        "checks": {
            **checked,
            "purchases_match_2xx": purchases_match,
            "minimal_rows_match_2xx": minimal_match,
            "ledger_sound": ledger_sound,
        },
        "profile": profile,
        "setup": {
            "load_generator": generator,
            "connections": CONNECTIONS,
            "seconds": SECONDS,
            "warmup_seconds": WARMUP_SECONDS,
            "gunicorn_workers": WORKERS,
            "gunicorn_threads": THREADS,
            "members": seed["members"],
            "rules": seed["rules"],
            "seed_seconds": seed["seconds"],
            "cores": os.cpu_count(),
        },
        "wall_seconds": round(time.monotonic() - started, 1),
    }


def _print_profile(profile: dict[str, Any]) -> None:
    api, minimal = profile["api"], profile["minimal"]
    print(
        f"   in-process: purchase {api['ms_per_request']} ms/request "
        f"({api['database_ms']} ms database, {api['python_ms']} ms Python), "
        f"{api['queries_per_request']} statements; minimal {minimal['ms_per_request']} ms, "
        f"{minimal['queries_per_request']} statements",
        flush=True,
    )
    print(
        "   statements per purchase: "
        + ", ".join(f"{label} ×{count}" for label, count, _ms in api["statements"]),
        flush=True,
    )
    print(
        "   stages (cumulative ms/request): "
        + ", ".join(f"{label} {ms}" for label, ms in profile["stages_ms"].items()),
        flush=True,
    )


# ---------------------------------------------------------------------------------------------
# Django phases (run in a subprocess with DJANGO_SETTINGS_MODULE=bench.server_settings)


def _django() -> None:
    import django

    django.setup()


def _seed_members(first: int, count: int, store_id: int, seed: int) -> None:
    from django.db import connections, transaction

    from bashgah.members.services import AlreadyMember, ProfileInput
    from bashgah.purchases.services import member_join
    from bashgah.stores.models import Store

    store = Store.objects.get(pk=store_id)
    rng = random.Random(seed)
    today = dt.date.today()
    batch = 250
    for start in range(first, first + count, batch):
        with transaction.atomic():
            for number in range(start, min(start + batch, first + count)):
                birth = (
                    today - dt.timedelta(days=rng.randint(18 * 365, 70 * 365))
                    if rng.random() < 0.7
                    else None
                )
                profile = ProfileInput(
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    birth_date=birth,
                    city=rng.choice(CITIES),
                )
                for _attempt in range(3):  # a random card number can collide, rarely
                    try:
                        member_join(
                            phone=f"0912{5_000_000 + number:07d}",
                            profile=profile,
                            store=store,
                            source="pos",
                        )
                        break
                    except AlreadyMember:
                        continue
    connections.close_all()


def phase_seed(arguments: dict[str, Any]) -> dict[str, Any]:
    import multiprocessing
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, connections

    from bashgah.api.keys import api_key_create
    from bashgah.members.models import Member
    from bashgah.rules.models import EarningRule
    from bashgah.rules.services import rule_create
    from bashgah.stores.services import store_create
    from bashgah.tiers.models import Tier
    from bashgah.tiers.services import tier_policy

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(MINIMAL_TABLES_SQL)
    store = store_create(code=STORE_CODE, name="شعبه ونک", city="تهران")
    _key, plain_key = api_key_create(name="bench-till", store=store)
    tier_policy()
    for rank, (code, threshold, multiplier, names) in enumerate(
        [
            ("bronze", 0, "1.00", ("برنزی", "ארד", "Bronze")),
            ("silver", 10_000_000, "1.25", ("نقره‌ای", "כסף", "Silver")),
            ("gold", 40_000_000, "1.50", ("طلایی", "זהב", "Gold")),
        ]
    ):
        Tier.objects.create(
            code=code,
            rank=rank,
            threshold=threshold,
            points_multiplier=Decimal(multiplier),
            labels=dict(zip(("fa", "he", "en"), names, strict=True)),
        )
    rules = [
        (
            "base rate",
            "points_per_amount",
            {"points": 1, "per_amount": 10_000},
            0,
            "امتیاز پایه",
            "base points",
        ),
        (
            "dairy ×2",
            "category_multiplier",
            {"categories": ["dairy"], "multiplier": "2"},
            10,
            "دو برابر لبنیات",
            "double points on dairy",
        ),
        (
            "weekend evenings ×1.5",
            "time_window",
            {"multiplier": "1.5", "weekdays": [3, 4], "hour_from": 17, "hour_to": 22},
            20,
            "عصرهای آخر هفته",
            "weekend evenings",
        ),
        ("first purchase", "first_purchase", {"points": 100}, 30, "اولین خرید", "first purchase"),
        (
            "every 5th visit",
            "nth_visit",
            {"every": 5, "points": 50},
            30,
            "هر پنجمین خرید",
            "every fifth visit",
        ),
        ("daily cap", "earning_cap", {"per_day": 3_000}, 0, "سقف روزانه", "daily cap"),
        ("welcome", "signup", {"points": 50}, 0, "خوش‌آمد", "welcome bonus"),
    ]
    for name, rule_type, params, priority, label_fa, label_en in rules:
        rule_create(
            name=name,
            type=rule_type,
            params=params,
            priority=priority,
            labels={"fa": label_fa, "en": label_en},
            activate=True,
        )
    members = arguments["members"]
    connections.close_all()
    share = -(-members // SEED_PROCESSES)
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(
            target=_seed_members,
            args=(index * share, min(share, members - index * share), store.pk, index),
        )
        for index in range(SEED_PROCESSES)
        if index * share < members
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"seeding process failed with {worker.exitcode}")
    rng = random.Random(0)
    references = []
    for pk, card_number, phone in Member.objects.values_list("pk", "card_number", "phone"):
        draw = rng.random()
        if draw < 0.6:
            references.append(card_number)  # a scanned card
        elif draw < 0.85:
            references.append(str(pk))  # the POS knows the member id
        else:
            references.append("0" + phone.removeprefix("+98"))  # typed by the cashier
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "api_key": plain_key,
        "member_refs": references,
        "members": len(references),
        "rules": EarningRule.objects.filter(status=EarningRule.Status.ACTIVE).count(),
        "seconds": round(time.monotonic() - started, 1),
    }


def phase_verify(arguments: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from bashgah.api.models import IdempotencyRecord
    from bashgah.ledger.selectors import ledger_verify
    from bashgah.purchases.models import Purchase

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_minimal_event")
        (minimal_events,) = cursor.fetchone()
    return {
        "purchases": Purchase.objects.filter(source=f"store:{STORE_CODE}").count(),
        "idempotency_records": IdempotencyRecord.objects.count(),
        "minimal_events": minimal_events,
        "ledger_problems": [str(problem) for problem in ledger_verify()[:10]],
    }


_FROM = re.compile(r'\bFROM\s+"?(\w+)"?', re.I)


def _statement_label(sql: str) -> str:
    """``SELECT members_member``, ``INSERT ledger_entry``, ``SAVEPOINT`` …: what a statement
    does to which table, to count them by kind."""
    words = sql.split(None, 3)
    verb = words[0].upper() if words else "?"
    if verb in {"INSERT", "DELETE"} and len(words) > 2:
        table = words[2]
    elif verb == "UPDATE" and len(words) > 1:
        table = words[1]
    elif verb == "SELECT":
        match = _FROM.search(sql)
        table = match.group(1) if match else ""
    else:
        return verb
    label = f"{verb} {table.strip(chr(34))}".strip()
    return label + (" FOR UPDATE" if "FOR UPDATE" in sql else "")


# (label, where: a fragment of the module's path, function): stages of the earn loop, by the
# functions that do them; a fragment keeps matching when a module becomes a package.
STAGES = [
    ("whole request (Django handler)", "django/core/handlers/base", "get_response"),
    ("ninja: parse the payload", "ninja/operation", "_get_values"),
    ("ninja: render the answer", "ninja/operation", "_result_to_response"),
    ("api key check", "bashgah/api/keys", "api_key_check"),
    ("idempotency wrapper", "bashgah/api/idempotency", "wrapper"),
    ("member lookup", "bashgah/api/routers/purchases", "_member"),
    ("purchase_record", "bashgah/purchases/services/earning", "purchase_record"),
    ("  member lock", "bashgah/ledger/lock_objects", "member_accounts_lock"),
    ("  active_rule_specs", "bashgah/rules/services", "active_rule_specs"),
    ("  member_facts", "bashgah/purchases/services/earning", "member_facts"),
    ("  evaluate_purchase", "bashgah/rules/evaluator", "evaluate_purchase"),
    ("  store awards", "bashgah/purchases/services/earning", "_store_awards"),
    ("  points_credit", "bashgah/ledger/services", "points_credit"),
    ("  member_stats_record_purchase", "bashgah/members/services", "member_stats_record_purchase"),
    ("  tier_qualify_record", "bashgah/tiers/services", "tier_qualify_record"),
    ("  tier_reevaluate", "bashgah/tiers/services", "tier_reevaluate"),
    ("  events_emit", "bashgah/events/services", "events_emit"),
    ("receipt: points_summary", "bashgah/ledger/selectors", "points_summary"),
    ("receipt: tier_status", "bashgah/tiers/selectors", "tier_status"),
    ("receipt: presenters", "bashgah/api/presenters", "tier_out"),
    ("receipt: awards_out", "bashgah/api/presenters", "awards_out"),
    ("commit", "django/db/backends/base/base", "commit"),
]


def phase_profile(arguments: dict[str, Any]) -> dict[str, Any]:
    """The earn loop in-process: statements, database wait against Python, costliest code."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bashgah.ledger.selectors import ledger_verify

    api_key, members = arguments["api_key"], arguments["members"]
    client = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(1)
    counter = iter(range(10**9))

    def send(path: str) -> int:
        external_id = f"profile-{next(counter)}"
        body = purchase_body(external_id=external_id, member=rng.choice(members), rng=rng)
        response = client.post(
            path,
            body,
            content_type="application/json",
            headers=request_headers(api_key, external_id),
        )
        if response.status_code != 201:
            raise RuntimeError(f"{path}: {response.status_code} {response.content[:300]!r}")
        return response.status_code

    database_seconds: Counter[str] = Counter()  # by statement label, measured client-side

    def timed(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database_seconds[_statement_label(sql)] += time.perf_counter() - began

    original_commit = connection._commit

    def timed_commit() -> None:
        began = time.perf_counter()
        try:
            original_commit()
        finally:
            database_seconds["COMMIT"] += time.perf_counter() - began

    connection._commit = timed_commit  # type: ignore[method-assign]

    def measure(path: str, requests: int) -> dict[str, Any]:
        for _warm in range(20):
            send(path)
        counts, labels = [], Counter[str]()
        for _sample in range(50):
            with CaptureQueriesContext(connection) as captured:
                send(path)
            counts.append(len(captured.captured_queries))
            labels.update(_statement_label(query["sql"]) for query in captured.captured_queries)
        database_seconds.clear()
        with connection.execute_wrapper(timed):
            began = time.perf_counter()
            for _request in range(requests):
                send(path)
            wall = time.perf_counter() - began
        per_request = wall / requests * 1000
        database = sum(database_seconds.values()) / requests * 1000
        return {
            "queries_per_request": round(statistics.median(counts)),
            "queries_min_max": [min(counts), max(counts)],
            # [statement, per request, client-side ms per request]
            "statements": [
                (
                    label,
                    round(count / len(counts), 2),
                    round(database_seconds[label] / requests * 1000, 3),
                )
                for label, count in labels.most_common()
            ],
            "commit_ms": round(database_seconds["COMMIT"] / requests * 1000, 3),
            "ms_per_request": round(per_request, 2),
            "database_ms": round(database, 2),
            "python_ms": round(per_request - database, 2),
            "database_share": round(database / per_request, 3),
        }

    result = {
        "minimal": measure(MINIMAL_PATH, PROFILE_REQUESTS),
        "api": measure(API_PATH, PROFILE_REQUESTS),
    }
    profiler = cProfile.Profile()
    profiler.enable()
    for _request in range(PROFILE_REQUESTS):
        send(API_PATH)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    stages = {}
    for label, where, function in STAGES:
        seconds = sum(
            entry[3]
            for (file, _line, name), entry in stats.items()
            if name == function and where in file
        )
        if seconds:
            stages[label] = round(seconds / PROFILE_REQUESTS * 1000, 2)
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:15]
    result["stages_ms"] = stages
    result["stages_note"] = "cumulative under cProfile, which slows Python code ~1.5-2x"
    result["top_self_time"] = [
        {
            "function": f"{_short(file)}:{name}",
            "self_ms": round(entry[2] / PROFILE_REQUESTS * 1000, 3),
            "calls_per_request": round(entry[1] / PROFILE_REQUESTS, 1),
        }
        for (file, _line, name), entry in top
    ]
    result["ledger_problems"] = [str(problem) for problem in ledger_verify()[:10]]
    return result


def _short(file: str) -> str:
    for marker in ("site-packages/", "src/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


PHASES = {"seed": phase_seed, "verify": phase_verify, "profile": phase_profile}

if __name__ == "__main__":
    phase, given, answer = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    _django()
    answer.write_text(json.dumps(PHASES[phase](json.loads(given.read_text()))))
