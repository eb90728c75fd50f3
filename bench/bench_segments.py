"""The scheduled segment recompute on PostgreSQL, beside DuckDB computing the same figures.

``python -m bench.run segments`` (from the project folder). It

1. drops and creates its own database (``BENCH_SEGMENTS_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/bashgah_bench_segments``; the name must contain
   "bench") and migrates it;
2. fills it inside the server (``bench.bulk``; set-based SQL, secondary indexes built after the
   load): 20 stores, ``BENCH_SEGMENTS_MEMBERS`` (1,000,000) members enrolled over 900 days
   (0.5 % have left), ``BENCH_SEGMENTS_PURCHASES`` (10,000,000) purchases over the last two
   years in time order (15 % of members never bought, the rest at varied rates, half of them
   lapsed for a while; 3 % of purchases fully and 4 % partly returned), a tier-qualifying
   activity row per purchase and a negative one per return (at the purchase's time, as the
   earn loop appends them), and each member's running statistics as the earn loop leaves them
   before any recompute has run: counts, spend net of returns, first/last purchase, last
   store, and window figures that still hold everything ever bought (nothing has aged out
   yet). Then ``VACUUM ANALYZE``;
3. saves two segments through ``segment_create`` (one on lifecycle and monetary score, one on
   home store and recency/frequency scores), so the recompute refreshes saved segments too;
4. exports the inputs the computation reads once, to CSV (``COPY … TO STDOUT``, not timed) and
   loads them into a DuckDB database file (not timed);
5. ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement the recompute runs, in a transaction that
   is rolled back (then ``VACUUM``), which also warms PostgreSQL's cache as DuckDB's tables are
   warm;
6. times ``audiences_recompute(at=AT)`` in a fresh process — run 1, where every score is new
   and most window figures change — with each step timed by thin wrappers around the
   functions it calls (window rebase, scores, each segment refresh; the rest is the commit);
   exports what it wrote (window figures, scores, segment members) for the comparison; then
   run 2 at the same moment (nothing changes: the recompute must write nothing), and run 3 a
   day later (a daily run's real work; reported, no target);
7. times DuckDB computing the same outputs from its tables, twice: window figures (from
   qualifying activity and purchases, exactly as ``window_rebase``), RFM quintiles with the
   same formula ``(5 × buyers at or below + buyers − 1) / buyers`` and the same lifecycle CASE
   (as ``scores_rebuild``), and the two segments' members, each materialised as a table in the
   DuckDB file; DuckDB timings include those writes, not the CSV load;
8. compares every member's window figures, scores and lifecycle and both segments'
   memberships between the two: a single difference fails the benchmark.

The target is met when each of runs 1 and 2 takes at most 3 × DuckDB's time for the same work.
Knobs: BENCH_SEGMENTS_MEMBERS, BENCH_SEGMENTS_PURCHASES, BENCH_SEGMENTS_EXPLAIN (1),
BENCH_SEGMENTS_KEEP (0: drop the database and work files at the end), BENCH_SRC (bench.bulk).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bulk

TARGET = (
    "The segment recompute (audiences_recompute: window figures, RFM, lifecycle, saved "
    "segments) over 1,000,000 members and 10,000,000 purchases on PostgreSQL takes at most 3 × "
    "the time DuckDB takes to compute the same outputs from the same data."
)
TARGET_FACTOR = 3.0

MEMBERS = int(os.environ.get("BENCH_SEGMENTS_MEMBERS", 1_000_000))
PURCHASES = int(os.environ.get("BENCH_SEGMENTS_PURCHASES", 10 * MEMBERS))
EXPLAIN = os.environ.get("BENCH_SEGMENTS_EXPLAIN", "1") == "1"
KEEP = os.environ.get("BENCH_SEGMENTS_KEEP", "0") == "1"
WORK = bulk.RESULTS / "segments-work"
MODULE = "bench.bench_segments"
SEGMENTS = {
    "win-back": {"lifecycle": ["at_risk", "lost"], "monetary_scores": [4, 5]},
    "store-03 regulars": {
        "stores": ["store-03"],
        "recency_scores": [4, 5],
        "frequency_scores": [4, 5],
    },
}


def database_url() -> str:
    return bulk.database_url("BENCH_SEGMENTS_DATABASE_URL", "bashgah_bench_segments")


# --- data --------------------------------------------------------------------------------------

# Each member's purchasing: 15 % never buy; the others buy at an exponentially distributed rate
# from enrolment (at most two years back) until a lapse (0-30 days for half of them, up to 700
# days for a fifth). Weights are integers so the cumulative split below hits the total exactly.
PLAN_SQL = """
CREATE TEMP TABLE bench_plan AS
WITH base AS (
    SELECT id AS member_id, enrolled_store_id,
           GREATEST(enrolled_at, %(at)s::timestamptz - interval '730 days') AS span_start,
           random() AS u_kind, random() AS u_rate, random() AS u_lapse
    FROM members_member ORDER BY id
), shaped AS (
    SELECT member_id, enrolled_store_id, span_start,
           CASE WHEN u_lapse < 0.5 THEN u_lapse / 0.5 * 30
                WHEN u_lapse < 0.65 THEN 30 + (u_lapse - 0.5) / 0.15 * 60
                WHEN u_lapse < 0.8 THEN 90 + (u_lapse - 0.65) / 0.15 * 110
                ELSE 200 + (u_lapse - 0.8) / 0.2 * 500 END AS lapse_days,
           CASE WHEN u_kind < 0.15 THEN 0 ELSE -ln(1 - u_rate) END AS rate
    FROM base
), spans AS (
    SELECT member_id, enrolled_store_id, span_start, rate,
           GREATEST(span_start, %(at)s::timestamptz - lapse_days * interval '1 day') AS span_end
    FROM shaped
)
SELECT member_id, enrolled_store_id, span_start, span_end,
       round(1000 * rate * (EXTRACT(EPOCH FROM span_end - span_start) / 86400 + 30))::bigint
           AS weight
FROM spans
"""

SPLIT_SQL = """
CREATE TEMP TABLE bench_split AS
SELECT member_id, enrolled_store_id, span_start, span_end,
       COALESCE(LAG(upto) OVER (ORDER BY member_id), 0) + 1 AS first, upto
FROM (
    SELECT p.*, floor(%(purchases)s::numeric * SUM(weight) OVER (ORDER BY member_id)
                      / t.total)::bigint AS upto
    FROM bench_plan p, (SELECT SUM(weight) AS total FROM bench_plan) t
) cumulative
"""

# Purchases in time order (ids follow paid_at, as a live club's do); amounts from about
# 100,000 to 9,000,000 rials; 3 % fully returned, 4 % partly (10-90 %).
PURCHASES_SQL = """
INSERT INTO purchases_purchase (
    source, external_id, total, currency, paid_at, points, returned_amount, points_reversed,
    payload_hash, created_at, earn_transaction_id, member_id, store_id)
SELECT 'store:store-' || lpad(store_id::text, 2, '0'), 'INV-' || n, total, 'IRR', paid_at,
       total / 10000, returned, (total / 10000) * returned / total,
       md5(n::text) || md5(member_id::text), paid_at, NULL, member_id, store_id
FROM (
    SELECT n, member_id, paid_at, store_id, total,
           CASE WHEN u < 0.03 THEN total
                WHEN u < 0.07 THEN total * (1 + floor((u - 0.03) / 0.04 * 9)::bigint) / 10
                ELSE 0 END AS returned
    FROM (
        SELECT g AS n, s.member_id,
               s.span_start + random() * (s.span_end - s.span_start) AS paid_at,
               CASE WHEN random() < 0.7 THEN s.enrolled_store_id
                    ELSE 1 + floor(random() * %(stores)s)::bigint END AS store_id,
               (exp(11.5 + random() * 4.5) / 1000)::bigint * 1000 AS total,
               random() AS u
        FROM bench_split s CROSS JOIN LATERAL generate_series(s.first, s.upto) g
    ) raw
) shaped
ORDER BY paid_at
"""

ACTIVITY_SQL = """
INSERT INTO tiers_qualifyingactivity (member_id, spend, points, occurred_at)
SELECT member_id, total, points, paid_at FROM purchases_purchase ORDER BY id;
INSERT INTO tiers_qualifyingactivity (member_id, spend, points, occurred_at)
SELECT member_id, -returned_amount, -points_reversed, paid_at FROM purchases_purchase
WHERE returned_amount > 0 ORDER BY id;
"""

# As the earn loop leaves them when no recompute has run yet: every purchase was inside the
# window when it was recorded, so the window figures equal the all-time ones.
STATS_SQL = """
INSERT INTO members_memberstats (
    id, member_id, purchase_count, total_spend, first_purchase_at, last_purchase_at,
    last_store_id, window_purchases, window_spend)
SELECT m.id, m.id, COALESCE(a.n, 0), COALESCE(a.spend, 0), a.first_at, a.last_at, l.store_id,
       COALESCE(a.n, 0), GREATEST(COALESCE(a.spend, 0), 0)
FROM members_member m
LEFT JOIN (
    SELECT member_id, COUNT(*) FILTER (WHERE returned_amount < total) AS n,
           SUM(total - returned_amount) AS spend, MIN(paid_at) AS first_at,
           MAX(paid_at) AS last_at
    FROM purchases_purchase GROUP BY member_id
) a ON a.member_id = m.id
LEFT JOIN (
    SELECT DISTINCT ON (member_id) member_id, store_id FROM purchases_purchase
    ORDER BY member_id, paid_at DESC, id DESC
) l ON l.member_id = m.id
ORDER BY m.id
"""

BIG_TABLES = ["purchases_purchase", "tiers_qualifyingactivity", "members_memberstats"]


def data_fill(url: str) -> dict[str, Any]:
    timer = bulk.Timer()
    with bulk.connect(url) as conn:
        bulk.session_for_loading(conn)
        with timer("members"):
            bulk.club_fill(conn, members=MEMBERS, seed=0.25)
        params = {"at": bulk.AT, "purchases": PURCHASES, "stores": bulk.STORES}
        restore = bulk.indexes_drop(conn, BIG_TABLES)
        with timer("purchases"):
            conn.execute(PLAN_SQL, params)
            conn.execute(SPLIT_SQL, params)
            conn.execute(PURCHASES_SQL, params)
        with timer("qualifying activity"):
            for statement in ACTIVITY_SQL.split(";")[:2]:
                conn.execute(statement)
        with timer("member statistics"):
            conn.execute(STATS_SQL)
        with timer("indexes and constraints"):
            for statement in restore:
                conn.execute(statement)
        bulk.sequences_sync(conn, BIG_TABLES)
        with timer("vacuum analyze"):
            bulk.analyze(conn, ["members_member", *BIG_TABLES])
        counts = {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in ["members_member", *BIG_TABLES]
        }
        buyers = conn.execute(
            "SELECT COUNT(*) FROM members_memberstats WHERE last_purchase_at IS NOT NULL"
        ).fetchone()[0]
        returns = conn.execute(
            "SELECT COUNT(*) FILTER (WHERE returned_amount = total), "
            "COUNT(*) FILTER (WHERE returned_amount > 0 AND returned_amount < total) "
            "FROM purchases_purchase"
        ).fetchone()
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return {
        "seconds": timer.seconds,
        "rows": counts,
        "buyers": buyers,
        "purchases_fully_returned": returns[0],
        "purchases_partly_returned": returns[1],
        "database_mb": round(size / 2**20),
    }


# --- phases in their own process (Django on the bench database) ------------------------------


def phase_migrate() -> dict[str, Any]:
    return bulk.migrate(database_url())


def phase_segments() -> dict[str, Any]:
    bulk.django_setup(database_url())
    from bashgah.audiences.services import segment_create
    from bashgah.segments.selectors import segment_policy

    segment_policy()
    created = {}
    for name, definition in SEGMENTS.items():
        segment = segment_create(name=name, definition=definition, at=bulk.AT)
        created[name] = {"id": segment.pk, "members": segment.member_count}
    return created


def _settings() -> dict[str, Any]:
    from django.conf import settings

    from bashgah.segments.selectors import segment_policy

    policy = segment_policy()
    return {
        "window_days": int(settings.BASHGAH.get("SEGMENT_WINDOW_DAYS", 365)),
        "new_days": policy.new_days,
        "at_risk_days": policy.at_risk_days,
        "lost_days": policy.lost_days,
        "loyal_purchases": policy.loyal_purchases,
    }


def phase_explain() -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of each data statement the recompute runs, rolled back."""
    bulk.django_setup(database_url())
    from django.db import connection, transaction

    from bashgah.audiences.services import audiences_recompute

    plans: list[dict[str, Any]] = []

    def explain(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        head = sql.lstrip().split(None, 1)[0].upper()
        if many or head not in {"WITH", "INSERT", "UPDATE", "DELETE"} or "RETURNING" in sql:
            return execute(sql, params, many, context)
        started = time.monotonic()
        result = execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params, many, context)
        lines = [row[0] for row in context["cursor"].fetchall()]
        plans.append(
            {
                "statement": " ".join(sql.split())[:160],
                "seconds": round(time.monotonic() - started, 2),
                "plan": lines,
            }
        )
        return result

    with transaction.atomic(), connection.execute_wrapper(explain):
        run = audiences_recompute(at=bulk.AT)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        for table in ("members_memberstats", "segments_memberscore", "segments_segmentmember"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    return {"recompute_seconds_under_explain": run.seconds, "statements": plans}


def phase_recompute(at_iso: str) -> dict[str, Any]:
    """One ``audiences_recompute``, timed as a whole and per step."""
    bulk.django_setup(database_url())
    from django.db import connection

    from bashgah.audiences import services

    at = dt.datetime.fromisoformat(at_iso)
    steps: dict[str, float] = {}
    steps_cpu: dict[str, float] = {}
    counts: dict[str, Any] = {}

    def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(**kwargs: Any) -> Any:
            name = label
            if "segment" in kwargs:
                name = f"{label} '{kwargs['segment'].name}'"
            backend = connection.connection.info.backend_pid
            started, cpu = time.monotonic(), bulk.cpu_seconds(backend)
            result = function(**kwargs)
            steps[name] = round(time.monotonic() - started, 3)
            steps_cpu[name] = round(bulk.cpu_seconds(backend) - cpu, 2)
            counts[name] = result if isinstance(result, int) else getattr(result, "__dict__", None)
            if hasattr(result, "added"):
                counts[name] = {"added": result.added, "removed": result.removed}
            return result

        return wrapper

    services.window_rebase = timed("window rebase", services.window_rebase)  # type: ignore[attr-defined]
    services.scores_rebuild = timed("scores rebuild", services.scores_rebuild)  # type: ignore[attr-defined]
    services.segment_refresh = timed("segment refresh", services.segment_refresh)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    load = bulk.load_average()
    cpu = bulk.cpu_seconds(backend), bulk.cpu_seconds()
    started = time.monotonic()
    run = services.audiences_recompute(at=at)
    seconds = time.monotonic() - started
    steps["commit and the rest"] = round(seconds - sum(steps.values()), 3)
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": {
            "postgresql_backend": round(bulk.cpu_seconds(backend) - cpu[0], 2),
            "python": round(bulk.cpu_seconds() - cpu[1], 2),
            "postgresql_backend_by_step": steps_cpu,
        },
        "steps": steps,
        "counts": counts,
        "window_changed": run.window_changed,
        "scores_written": run.scores_written,
        "segments": run.segments,
        "load_average_before_after": [load, bulk.load_average()],
        "settings": _settings(),
    }


# --- export, DuckDB and the comparison (no Django) ---------------------------------------------

INPUTS = {
    "members": (
        "SELECT id, status, enrolled_at AT TIME ZONE 'UTC', enrolled_store_id FROM members_member",
        "id BIGINT, status VARCHAR, enrolled_at TIMESTAMP, enrolled_store_id BIGINT",
    ),
    "stats": (
        "SELECT member_id, last_purchase_at AT TIME ZONE 'UTC', last_store_id "
        "FROM members_memberstats",
        "member_id BIGINT, last_purchase_at TIMESTAMP, last_store_id BIGINT",
    ),
    "purchases": (
        "SELECT member_id, paid_at AT TIME ZONE 'UTC', total, returned_amount "
        "FROM purchases_purchase",
        "member_id BIGINT, paid_at TIMESTAMP, total BIGINT, returned_amount BIGINT",
    ),
    "activity": (
        "SELECT member_id, spend, occurred_at AT TIME ZONE 'UTC' FROM tiers_qualifyingactivity",
        "member_id BIGINT, spend BIGINT, occurred_at TIMESTAMP",
    ),
    "stores": ("SELECT id, code FROM stores_store", "id BIGINT, code VARCHAR"),
}

OUTPUTS = {
    "pg_window": (
        "SELECT member_id, window_purchases, window_spend FROM members_memberstats",
        "member_id BIGINT, window_purchases BIGINT, window_spend BIGINT",
    ),
    "pg_scores": (
        "SELECT member_id, recency, frequency, monetary, lifecycle FROM segments_memberscore",
        "member_id BIGINT, recency BIGINT, frequency BIGINT, monetary BIGINT, lifecycle VARCHAR",
    ),
    "pg_segments": (
        "SELECT s.name, m.member_id FROM segments_segmentmember m "
        "JOIN segments_segment s ON s.id = m.segment_id",
        "segment VARCHAR, member_id BIGINT",
    ),
}


def export(url: str, queries: dict[str, tuple[str, str]]) -> dict[str, Path]:
    paths = {}
    with bulk.connect(url) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        for name, (query, _columns) in queries.items():
            path = WORK / f"{name}.csv"
            with (
                conn.cursor() as cursor,
                cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy,
                path.open("wb") as out,
            ):
                for block in copy:
                    out.write(block)
            paths[name] = path
    return paths


def duckdb_load(duck: Any, queries: dict[str, tuple[str, str]], paths: dict[str, Path]) -> None:
    for name, (_query, columns) in queries.items():
        spec = ", ".join(
            f"'{column.split()[0]}': '{column.split()[1]}'" for column in columns.split(", ")
        )
        duck.execute(
            f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv("
            f"'{paths[name]}', header = false, columns = {{{spec}}})"
        )


DUCK_WINDOW = """
CREATE OR REPLACE TABLE d_window AS
WITH spend AS (
    SELECT member_id, SUM(spend) AS amount FROM activity WHERE occurred_at >= $start
    GROUP BY member_id
), visits AS (
    SELECT member_id, COUNT(*) AS n FROM purchases
    WHERE paid_at >= $start AND returned_amount < total GROUP BY member_id
)
SELECT s.member_id, COALESCE(v.n, 0) AS window_purchases,
       GREATEST(COALESCE(a.amount, 0), 0) AS window_spend
FROM stats s
LEFT JOIN spend a ON a.member_id = s.member_id
LEFT JOIN visits v ON v.member_id = s.member_id
"""

QUINTILE = "(5 * COUNT(*) OVER (PARTITION BY bought ORDER BY {v}) + buyers - 1) // buyers"
DUCK_SCORES = f"""
CREATE OR REPLACE TABLE d_scores AS
WITH base AS (
    SELECT m.id AS member_id, m.enrolled_at, s.last_purchase_at, w.window_purchases,
           w.window_spend, CASE WHEN s.last_purchase_at IS NULL THEN 0 ELSE 1 END AS bought,
           COUNT(*) OVER (
               PARTITION BY CASE WHEN s.last_purchase_at IS NULL THEN 0 ELSE 1 END
           ) AS buyers
    FROM members m JOIN stats s ON s.member_id = m.id JOIN d_window w ON w.member_id = m.id
    WHERE m.status = 'active'
)
SELECT member_id,
    CASE WHEN bought = 0 THEN 0 ELSE {QUINTILE.format(v="last_purchase_at")} END AS recency,
    CASE WHEN bought = 0 THEN 0 ELSE {QUINTILE.format(v="window_purchases")} END AS frequency,
    CASE WHEN bought = 0 THEN 0 ELSE {QUINTILE.format(v="window_spend")} END AS monetary,
    CASE
        WHEN enrolled_at >= $new_since THEN 'new'
        WHEN last_purchase_at IS NULL AND enrolled_at < $lost_since THEN 'lost'
        WHEN last_purchase_at IS NULL THEN 'at_risk'
        WHEN last_purchase_at < $lost_since THEN 'lost'
        WHEN last_purchase_at < $risk_since THEN 'at_risk'
        WHEN window_purchases >= $loyal THEN 'loyal'
        ELSE 'active'
    END AS lifecycle
FROM base
"""

DUCK_SEGMENTS = [
    """CREATE OR REPLACE TABLE d_segment_1 AS
       SELECT member_id FROM d_scores
       WHERE lifecycle IN ('at_risk', 'lost') AND monetary IN (4, 5)""",
    """CREATE OR REPLACE TABLE d_segment_2 AS
       SELECT c.member_id FROM d_scores c
       JOIN members m ON m.id = c.member_id JOIN stats s ON s.member_id = c.member_id
       WHERE COALESCE(s.last_store_id, m.enrolled_store_id)
             = (SELECT id FROM stores WHERE code = 'store-03')
         AND c.recency IN (4, 5) AND c.frequency IN (4, 5)""",
]


def duckdb_compute(duck: Any, settings: dict[str, Any]) -> dict[str, float]:
    at = bulk.AT.replace(tzinfo=None)
    days = dt.timedelta(days=1)
    timer = bulk.Timer()
    started, cpu = time.monotonic(), bulk.cpu_seconds()
    with timer("window figures"):
        duck.execute(DUCK_WINDOW, {"start": at - settings["window_days"] * days})
    with timer("scores and lifecycle"):
        duck.execute(
            DUCK_SCORES,
            {
                "new_since": at - settings["new_days"] * days,
                "risk_since": at - settings["at_risk_days"] * days,
                "lost_since": at - settings["lost_days"] * days,
                "loyal": settings["loyal_purchases"],
            },
        )
    with timer("segments"):
        for statement in DUCK_SEGMENTS:
            duck.execute(statement)
    duck.execute("CHECKPOINT")
    timer.seconds["total (with checkpoint)"] = round(time.monotonic() - started, 3)
    timer.seconds["cpu seconds"] = round(bulk.cpu_seconds() - cpu, 2)
    return timer.seconds


def compare(duck: Any) -> dict[str, Any]:
    """Rows that differ between PostgreSQL's outputs and DuckDB's, both ways."""
    names = list(SEGMENTS)

    def differ(left: str, right: str) -> int:
        return int(
            duck.execute(
                f"SELECT (SELECT COUNT(*) FROM ({left} EXCEPT ALL {right})) "
                f"+ (SELECT COUNT(*) FROM ({right} EXCEPT ALL {left}))"
            ).fetchone()[0]
        )

    result = {
        "window_figures": differ(
            "SELECT * FROM pg_window",
            "SELECT member_id, window_purchases, window_spend FROM d_window",
        ),
        "scores": differ("SELECT * FROM pg_scores", "SELECT * FROM d_scores"),
    }
    for number, name in enumerate(names, start=1):
        result[f"segment '{name}'"] = differ(
            f"SELECT member_id FROM pg_segments WHERE segment = '{name}'",
            f"SELECT member_id FROM d_segment_{number}",
        )
    checksum = duck.execute(
        "SELECT COUNT(*), SUM(hash(member_id, recency, frequency, monetary, lifecycle)) "
        "FROM pg_scores"
    ).fetchone()
    duck_checksum = duck.execute(
        "SELECT COUNT(*), SUM(hash(member_id, recency, frequency, monetary, lifecycle)) "
        "FROM d_scores"
    ).fetchone()
    distribution = duck.execute(
        "SELECT lifecycle, COUNT(*) FROM d_scores GROUP BY lifecycle ORDER BY lifecycle"
    ).fetchall()
    quintiles = duck.execute(
        "SELECT recency, COUNT(*) FROM d_scores GROUP BY recency ORDER BY recency"
    ).fetchall()
    sizes = {
        name: duck.execute(f"SELECT COUNT(*) FROM d_segment_{number}").fetchone()[0]
        for number, name in enumerate(names, start=1)
    }
    return {
        "differences": result,
        "scores_checksum_postgresql": [int(checksum[0]), str(checksum[1])],
        "scores_checksum_duckdb": [int(duck_checksum[0]), str(duck_checksum[1])],
        "lifecycle": dict(distribution),
        "recency_scores": {str(k): v for k, v in quintiles},
        "segment_sizes": sizes,
    }


def main() -> dict[str, Any]:
    import duckdb

    url = database_url()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    timer = bulk.Timer()
    bulk.database_recreate(url)
    with timer("migrate"):
        bulk.phase(MODULE, "migrate")
    with timer("fill"):
        data = data_fill(url)
    print(f"   data: {json.dumps(data['rows'])} in {data['seconds']}", flush=True)
    with timer("saved segments"):
        saved = bulk.phase(MODULE, "segments")
    with timer("export inputs"):
        inputs = export(url, {k: v for k, v in INPUTS.items()})
    duck = duckdb.connect(str(WORK / "segments.duckdb"))
    with timer("duckdb load"):
        duckdb_load(duck, INPUTS, inputs)
        duck.execute("CHECKPOINT")
    explain = bulk.phase(MODULE, "explain") if EXPLAIN else None
    runs = []
    for label, at in (("run 1", bulk.AT), ("run 2", bulk.AT)):
        run = bulk.phase(MODULE, "recompute", at.isoformat())
        print(f"   postgresql {label}: {run['seconds']:.2f} s {run['steps']}", flush=True)
        runs.append(run)
        if label == "run 1":
            outputs = export(url, OUTPUTS)
    settings = runs[0]["settings"]
    duck_runs = []
    for label in ("run 1", "run 2"):
        seconds = duckdb_compute(duck, settings)
        print(f"   duckdb {label}: {seconds}", flush=True)
        duck_runs.append(seconds)
    duckdb_load(duck, OUTPUTS, outputs)
    checked = compare(duck)
    daily = bulk.phase(MODULE, "recompute", (bulk.AT + dt.timedelta(days=1)).isoformat())
    duck.close()
    same = all(count == 0 for count in checked["differences"].values())
    idle = runs[1]["window_changed"] == 0 and runs[1]["scores_written"] == 0
    idle = idle and all(
        isinstance(v, dict) and v["added"] == 0 and v["removed"] == 0
        for k, v in runs[1]["counts"].items()
        if k.startswith("segment refresh")
    )
    figures = []
    for (label, run), duck_run in zip(
        (("run 1", runs[0]), ("run 2", runs[1])), duck_runs, strict=True
    ):
        duck_seconds = duck_run["total (with checkpoint)"]
        factor = run["seconds"] / duck_seconds
        figures.append(
            {
                "run": label,
                "postgresql_seconds": run["seconds"],
                "duckdb_seconds": duck_seconds,
                "factor": round(factor, 1),
                "passed": factor <= TARGET_FACTOR,
            }
        )
    table = [
        f"{'':8} {'Bashgah (PG)':>13} {'DuckDB':>9} {'factor':>8} {'target':>7}  verdict",
        *(
            f"{f['run']:8} {f['postgresql_seconds']:>11.2f} s {f['duckdb_seconds']:>7.2f} s "
            f"{f['factor']:>7.1f}x {'<= 3x':>7}  {'PASS' if f['passed'] else 'MISS'}"
            for f in figures
        ),
        f"{'daily':8} {daily['seconds']:>11.2f} s (run a day later: what a daily recompute does)",
        f"same outputs: {'yes' if same else 'NO'} {checked['differences']}; run 2 wrote "
        f"{'nothing' if idle else 'SOMETHING'}",
    ]
    print("\n".join("   " + line for line in table), flush=True)
    summary = "; ".join(
        f"{f['run']}: {f['postgresql_seconds']:.1f} s vs DuckDB {f['duckdb_seconds']:.2f} s = "
        f"{f['factor']:.1f}x ({'PASS' if f['passed'] else 'MISS'})"
        for f in figures
    ) + (f"; outputs {'identical' if same else 'DIFFERENT'}; run 2 idle: {idle}")
    if not KEEP:
        bulk.database_drop(url)
        shutil.rmtree(WORK, ignore_errors=True)
    return {
        "passed": same and idle and all(f["passed"] for f in figures),
        "summary": summary,
        "table": table,
        "figures": figures,
        "target_factor": TARGET_FACTOR,
        "data": data,
        "saved_segments": saved,
        "postgresql_runs": runs,
        "postgresql_daily_run": daily,
        "duckdb_runs": duck_runs,
        "comparison": checked,
        "explain": explain,
        "setup_seconds": timer.seconds,
        "timed": {
            "postgresql": "audiences_recompute(at=AT) in a fresh process on a warm database: "
            "window rebase, scores, leavers' scores removed, two saved segments refreshed "
            "(and the outbox events), with commits",
            "duckdb": "the same window figures, scores/lifecycle and two segments computed from "
            "DuckDB tables (loaded from the CSV export beforehand, not timed) and materialised "
            "as tables in a DuckDB database file, with a CHECKPOINT",
        },
    }


if __name__ == "__main__":
    name, *rest = sys.argv[1:]
    phases: dict[str, Callable[..., dict[str, Any]]] = {
        "migrate": phase_migrate,
        "segments": phase_segments,
        "explain": phase_explain,
        "recompute": phase_recompute,
    }
    print(json.dumps(phases[name](*rest), default=str))
