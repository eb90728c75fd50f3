"""What the segments and fan-out benchmarks share: their own PostgreSQL database, Django phases
in subprocesses, and club data made inside the server (``generate_series``, set-based SQL), so
a million members take seconds to seed, not an hour of ORM loops.

The data is shaped like what the earn loop leaves behind, without running it: members, their
running statistics, purchases, tier-qualifying activity, consent records, points accounts and
tiers. The ledger itself (transactions, entries, lots) is not generated: points balances are set
on the accounts directly, so ``ledger verify`` would not pass on these databases; nothing the
benchmarks measure reads the ledger's entries.

``BENCH_SRC`` (default: this checkout's ``src``) names the source tree the Django phases import,
e.g. an exported commit (``git archive HEAD src | tar -x -C /tmp/head``) while the working tree
is in the middle of someone's change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STORES = 20
# A fixed "now" makes every run build the same club and compute the same scores.
AT = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


def database_url(variable: str, name: str) -> str:
    url = os.environ.get(variable, f"postgres://postgres@127.0.0.1:5432/{name}")
    if "bench" not in urlsplit(url).path:
        raise SystemExit(f"refusing to drop a database whose name lacks 'bench': {url}")
    return url


def connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def database_recreate(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with connect(urlunsplit(urlsplit(url)._replace(path="/postgres"))) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def database_drop(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with connect(urlunsplit(urlsplit(url)._replace(path="/postgres"))) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def source_path() -> Path:
    return Path(os.environ.get("BENCH_SRC") or ROOT / "src").resolve()


def django_setup(url: str) -> None:
    """Inside a phase subprocess: Django on the bench database, club settings as shipped."""
    if os.environ.get("BENCH_SRC"):  # also when a phase is run by hand
        sys.path.insert(0, str(source_path()))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bashgah.settings"
    os.environ.setdefault("LANGUAGE_CODE", "en")
    import django

    django.setup()


def migrate(url: str) -> dict[str, Any]:
    """Inside a phase subprocess: the app's migrations on the bench database, timed."""
    django_setup(url)
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    return {"seconds": round(time.monotonic() - started, 1)}


def phase(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m <module> <args>`` with the chosen source tree; its last stdout line is
    the JSON result."""
    env = {**os.environ, "PYTHONPATH": f"{source_path()}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed:\n{done.stderr[-6000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) used so far by a process on this machine (a PostgreSQL backend),
    or by this process and all its threads. On a shared machine wall time depends on the other
    work; CPU time much less so."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, label: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        self.seconds[label] = round(time.monotonic() - started, 2)


# --- loading big tables ------------------------------------------------------------------------


def session_for_loading(conn: Any) -> None:
    """Generous memory for this session's sorts, hashes and index builds (data making only:
    the measured code runs with the server's settings)."""
    conn.execute("SET work_mem = '256MB'")
    conn.execute("SET maintenance_work_mem = '1GB'")
    conn.execute("SET TimeZone = 'UTC'")


def indexes_drop(conn: Any, tables: list[str]) -> list[str]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints before a big load;
    returns the statements that build them again exactly as the migrations made them (read back
    from the catalog). Building an index once is much cheaper than keeping it up row by row."""
    constraints: list[tuple[str, str, str]] = []
    indexes: list[str] = []
    for table in tables:
        rows = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        ).fetchall()
        constraints += [(table, name, definition) for name, definition in rows]
        owned = {name for name, _definition in rows}
        rows = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = %s AND NOT x.indisprimary",
            [table],
        ).fetchall()
        for name, definition in rows:
            if name not in owned:
                indexes.append(definition)
                conn.execute(f'DROP INDEX "{name}"')
    for table, name, _definition in constraints:
        conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    # unique constraints before foreign keys, which may need them
    ordered = sorted(constraints, key=lambda constraint: "FOREIGN" in constraint[2])
    return indexes + [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in ordered
    ]


@contextlib.contextmanager
def indexes_deferred(conn: Any, tables: list[str]) -> Iterator[None]:
    restore = indexes_drop(conn, tables)
    yield
    for statement in restore:
        conn.execute(statement)


def sequences_sync(conn: Any, tables: list[str]) -> None:
    for table in tables:
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'
        )


def analyze(conn: Any, tables: list[str]) -> None:
    for table in tables:
        conn.execute(f'VACUUM (ANALYZE) "{table}"')


STORES_SQL = """
INSERT INTO stores_store (id, code, name, city, is_active, created_at)
SELECT g, 'store-' || lpad(g::text, 2, '0'), 'Branch ' || g, 'Tehran', true,
       %(at)s::timestamptz - interval '1500 days'
FROM generate_series(1, %(stores)s) g
"""

# Names by language; every ``left_every``-th member has left the club (personal data erased, no
# phone; 0: nobody has).
# Enrolment is spread over the last 900 days, so about 3 % are "new" (30 days).
MEMBERS_SQL = """
INSERT INTO members_member (
    id, phone, card_number, qr_token, first_name, last_name, email, birth_date, gender, city,
    language, status, enrolled_at, source, left_at, enrolled_store_id)
SELECT g,
       CASE WHEN gone THEN NULL ELSE '+98912' || lpad(g::text, 7, '0') END,
       '6' || lpad(g::text, 15, '0'),
       md5('qr' || g),
       CASE WHEN gone THEN ''
            WHEN g %% 10 = 0 THEN (ARRAY['Sara', 'David', 'Maya', 'Omer', 'Nora'])[1 + g %% 5]
            WHEN g %% 10 = 1 THEN (ARRAY['נועה', 'יוסי', 'מיכל', 'אבי', 'שרה'])[1 + g %% 5]
            ELSE (ARRAY['سارا', 'علی', 'مریم', 'رضا', 'زهرا', 'محمد', 'فاطمه'])[1 + g %% 7]
       END,
       CASE WHEN gone THEN ''
            WHEN g %% 10 = 0 THEN (ARRAY['Cohen', 'Levi', 'Smith'])[1 + g %% 3]
            WHEN g %% 10 = 1 THEN (ARRAY['כהן', 'לוי', 'מזרחי'])[1 + g %% 3]
            ELSE (ARRAY['احمدی', 'محمدی', 'حسینی', 'رضایی'])[1 + g %% 4]
       END,
       '', NULL, '', '',
       CASE g %% 10 WHEN 0 THEN 'en' WHEN 1 THEN 'he' ELSE 'fa' END,
       CASE WHEN gone THEN 'left' ELSE 'active' END,
       %(at)s::timestamptz - random() * interval '900 days',
       'bench',
       CASE WHEN gone THEN %(at)s::timestamptz - interval '10 days' END,
       1 + (g * 7919) %% %(stores)s
FROM (
    SELECT g, %(left_every)s > 0 AND g %% GREATEST(%(left_every)s, 1) = 0 AS gone
    FROM generate_series(1, %(members)s::bigint) g
) numbers
"""


def club_fill(conn: Any, *, members: int, seed: float, left_every: int = 200) -> None:
    """Stores, tiers and members (no statistics yet)."""
    params = {"at": AT, "stores": STORES, "members": members, "left_every": left_every}
    conn.execute("SELECT setseed(%s)", [seed])
    conn.execute(STORES_SQL, params)
    conn.execute(
        "INSERT INTO tiers_tier (id, code, labels, rank, threshold, points_multiplier, "
        "discount_percent, cashback_percent) VALUES "
        """(1, 'bronze', '{"fa": "برنزی", "he": "ארד", "en": "Bronze"}', 0, 0, 1, 0, 0),
           (2, 'silver', '{"fa": "نقره‌ای", "he": "כסף", "en": "Silver"}', 1, 50000000, 1.25, 0, 0),
           (3, 'gold', '{"fa": "طلایی", "he": "זהב", "en": "Gold"}', 2, 100000000, 1.5, 0, 2)"""
    )
    with indexes_deferred(conn, ["members_member"]):
        conn.execute(MEMBERS_SQL, params)
    sequences_sync(conn, ["stores_store", "tiers_tier", "members_member"])
