"""Importing purchases from CSV on PostgreSQL, beside ``COPY`` of the same file.

``python -m bench.run import`` (from the project folder). It

1. drops and creates its own database (``BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/bashgah_bench_import``; the name must contain "bench"),
   migrates it and seeds a club: 20 stores, three tiers (gold with 2 % cashback to the
   wallet), eight active earning rules (base rate, category multiplier, product bonus, minimum
   basket, every 10th visit, first purchase, birthday month, happy hours) and
   ``BENCH_IMPORT_MEMBERS`` (50,000) members, a third with a birth date, 1 % already silver,
   0.5 % owing points after a return;
2. writes a CSV of ``BENCH_IMPORT_ROWS`` (1,000,000) rows, one line per purchase (the
   headline figure; multi-line purchases are covered by the tests): random members (by phone,
   some in Persian digits, some by card number), stores, SKUs and times over the last 300 days;
3. times ``COPY … FROM STDIN (FORMAT csv, HEADER)`` of that file, streamed from this process
   through psycopg, into a bare table with the same columns (no index, no constraint): the best
   of three runs;
4. times ``import_purchases_csv`` of the same file into the club (in a fresh process, with the
   importer's default batch size and workers unless ``BENCH_IMPORT_BATCH`` /
   ``BENCH_IMPORT_WORKERS`` say otherwise), then checks ``ledger_verify() == []`` and the row
   counts, and times a re-run (which must import nothing);
5. profiles an import of ``BENCH_IMPORT_PROFILE_ROWS`` (50,000) more purchases with cProfile,
   in one process: where the time goes, by stage.

The machine's load average before and after the import is recorded: on a shared machine other
work slows the import down and the figures say so.

The Django phases run in subprocesses (``python -m bench.bench_import PHASE``) so this benchmark
never shares Django settings with another one in ``make bench``.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

TARGET = (
    "Importing 1,000,000 purchases from CSV into PostgreSQL (bashgah import-purchases) runs at "
    "at least 20 % of the rows/s of PostgreSQL COPY of the same file into a bare table."
)
TARGET_RATIO = 0.2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bashgah_bench_import"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 1_000_000))
MEMBERS = int(os.environ.get("BENCH_IMPORT_MEMBERS", min(50_000, max(ROWS // 20, 100))))
PROFILE_ROWS = int(os.environ.get("BENCH_IMPORT_PROFILE_ROWS", min(50_000, ROWS)))
BATCH_SIZE = int(os.environ.get("BENCH_IMPORT_BATCH", 0))  # 0: the importer's default
WORKERS = int(os.environ.get("BENCH_IMPORT_WORKERS", 0))  # 0: the importer's default
STORES = 20
DAYS = 300
WORK = ROOT / "bench" / "results" / "import-work"
COLUMNS = "external_id,member,store,paid_at,sku,category,quantity,unit_price"
BARE_TABLE = """CREATE UNLOGGED TABLE IF NOT EXISTS bench_bare_purchase (
    external_id text, member text, store text, paid_at timestamptz, sku text, category text,
    quantity integer, unit_price bigint)"""
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if "bench" not in urlsplit(url).path:
        raise SystemExit(f"refusing to drop a database whose name lacks 'bench': {url}")
    return url


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


# --- phases run in their own process (Django set up for the bench database) -------------------


def _django() -> None:
    os.environ["DATABASE_URL"] = database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bashgah.settings"
    os.environ.setdefault("LANGUAGE_CODE", "en")
    import django

    django.setup()


def phase_seed() -> dict[str, Any]:
    """Migrate and seed the club; the members in bulk (their rows only: accounts, stats, tier),
    a few through the services for a points debt."""
    _django()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from bashgah.core.cards import new_card_number, new_qr_token
    from bashgah.ledger.lock_objects import member_accounts_create
    from bashgah.ledger.models import Transaction
    from bashgah.ledger.services import points_debit
    from bashgah.members.models import Member, MemberStats
    from bashgah.rules.services import rule_create
    from bashgah.stores.models import Store
    from bashgah.tiers.models import MemberTier, Tier

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(7)
    now = timezone.now()
    Store.objects.bulk_create(
        Store(code=f"store-{i:02d}", name=f"Branch {i}", city="Tehran") for i in range(STORES)
    )
    tiers = [
        Tier.objects.create(code="bronze", rank=0, threshold=0, labels={"en": "Bronze"}),
        Tier.objects.create(
            code="silver",
            rank=1,
            threshold=50_000_000,
            points_multiplier=Decimal("1.25"),
            labels={"en": "Silver"},
        ),
        Tier.objects.create(
            code="gold",
            rank=2,
            threshold=100_000_000,
            points_multiplier=Decimal("1.5"),
            cashback_percent=Decimal(2),
            labels={"en": "Gold"},
        ),
    ]
    rules = [
        ("base", "points_per_amount", {"points": 1, "per_amount": 10_000}, 0),
        ("dairy x2", "category_multiplier", {"categories": ["cat-1"], "multiplier": "2"}, 5),
        ("featured", "product_bonus", {"skus": ["sku-7", "sku-77"], "points_per_unit": 20}, 4),
        ("big basket", "minimum_basket", {"minimum_amount": 5_000_000, "points": 100}, 3),
        ("every 10th", "nth_visit", {"every": 10, "points": 50}, 2),
        ("welcome", "first_purchase", {"points": 30}, 1),
        ("birthday", "birthday", {"points": 200, "window": "month"}, 1),
        ("happy hours", "time_window", {"multiplier": "1.5", "hour_from": 10, "hour_to": 12}, 1),
    ]
    for name, kind, params, priority in rules:
        rule_create(
            name=name,
            type=kind,
            params=params,
            priority=priority,
            labels={"en": name, "fa": name},
            activate=True,
        )
    chunk = 5_000
    for start in range(0, MEMBERS, chunk):
        with transaction.atomic():
            members = Member.objects.bulk_create(
                Member(
                    phone=f"+98912{i:07d}",
                    card_number=new_card_number(),
                    qr_token=new_qr_token(),
                    birth_date=(dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(15_000)))
                    if i % 3 == 0
                    else None,
                    enrolled_at=now - dt.timedelta(days=400),
                    source="bench",
                    language="fa",
                )
                for i in range(start, min(start + chunk, MEMBERS))
            )
            MemberStats.objects.bulk_create(MemberStats(member=member) for member in members)
            for member in members:
                member_accounts_create(member=member)
            MemberTier.objects.bulk_create(
                MemberTier(
                    member=member,
                    tier=tiers[1] if member.pk % 100 == 0 else tiers[0],
                    since=now - dt.timedelta(days=400),
                )
                for member in members
            )
    indebted = 0
    for member in Member.objects.filter(pk__in=range(1, MEMBERS + 1, 200)):
        points_debit(
            member=member,
            points=rng.randrange(10, 500),
            kind=Transaction.Kind.RETURN,
            sink="issued",
            allow_debt=True,
            at=now - dt.timedelta(days=DAYS + 5),
        )
        indebted += 1
    cards = dict(Member.objects.values_list("pk", "card_number"))
    (WORK / "cards.json").write_text(json.dumps(cards))
    return {"members": MEMBERS, "stores": STORES, "rules": len(rules), "indebted": indebted}


def phase_import(source: str, path: str) -> dict[str, Any]:
    _django()
    from django.db import connection

    from bashgah.purchases.imports import import_purchases_csv
    from bashgah.purchases.imports.service import default_workers

    options: dict[str, Any] = {"batch_size": BATCH_SIZE} if BATCH_SIZE else {}
    if WORKERS:
        options["workers"] = WORKERS
    workers = WORKERS or default_workers()
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    summary = import_purchases_csv(Path(path), source=source, progress=False, **options)
    seconds = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]

    def cpu(after: Any, before: Any) -> float:
        return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime

    return {
        "seconds": seconds,
        "workers": workers,
        "python_cpu_seconds": round(cpu(usage, usage_before) + cpu(children, children_before), 1),
        "peak_rss_mb": round(max(usage.ru_maxrss, children.ru_maxrss) / 1024),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "rows_read": summary.rows_read,
        "imported": summary.purchases_imported,
        "skipped": summary.purchases_skipped,
        "rejected": summary.purchases_rejected,
        "points": summary.points_awarded,
        "errors": [str(error) for error in summary.errors[:5]],
        "rows_per_second": summary.rows_read / seconds,
        "database_mb": round(size / 2**20),
    }


def phase_verify() -> dict[str, Any]:
    _django()
    from bashgah.events.models import OutboxEvent
    from bashgah.ledger.models import Entry, Lot, Transaction
    from bashgah.ledger.selectors import ledger_verify
    from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseLine
    from bashgah.tiers.models import QualifyingActivity, TierChange

    started = time.monotonic()
    problems = ledger_verify()
    counts = {
        model.__name__: model.objects.count()
        for model in (
            Purchase,
            PurchaseLine,
            PurchaseAward,
            Transaction,
            Entry,
            Lot,
            QualifyingActivity,
            OutboxEvent,
        )
    }
    counts["tier upgrades"] = TierChange.objects.filter(reason="upgrade").count()
    return {
        "ledger_problems": [str(problem) for problem in problems[:10]],
        "ledger_problem_count": len(problems),
        "verify_seconds": time.monotonic() - started,
        "rows": counts,
    }


STAGES = {
    "read CSV": "read_purchases_csv",
    "look up members, validate": "plan_purchases",
    "  evaluate rules (pure)": "purchase_earning",
    "  state from the database": "states_load",
    "  ledger rows: points, cashback (COPY)": "credits_post",
    "  purchase, line, award, outbox … rows (COPY)": "purchases_write",
    "  member stats": "stats_add",
    "  planner statistics (ANALYZE)": "tables_analyze",
    "  tier reevaluation": "tier_reevaluate",
    "  lock accounts": "member_accounts_lock_many",
    "batches (total, with commit)": "batch_import",
}


def phase_profile(path: str) -> dict[str, Any]:
    _django()
    from bashgah.purchases.imports import import_purchases_csv

    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    summary = import_purchases_csv(Path(path), source="profile", progress=False, workers=1)
    profiler.disable()
    seconds = time.monotonic() - started
    stats = pstats.Stats(profiler)
    by_name: dict[str, float] = {}
    for (_file, _line, name), row in stats.stats.items():  # type: ignore[attr-defined]
        by_name[name] = by_name.get(name, 0.0) + row[3]  # cumulative seconds
    stages = {label: round(by_name.get(name, 0.0), 2) for label, name in STAGES.items()}
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    return {
        "rows": summary.rows_read,
        "seconds_under_cprofile": round(seconds, 2),
        "stages_seconds": stages,
        "top_functions_by_own_time": out.getvalue().splitlines()[-22:],
    }


# --- the orchestrator (no Django here) ---------------------------------------------------------


def _phase(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"phase {args[0]} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _recreate_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _connect(_admin_url(url)) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def write_csv(path: Path, rows: int, *, first: int = 0, seed: int = 11) -> None:
    """One line per purchase. Members by phone (every 7th in Persian digits) or card number
    (every 5th), all times in the last 300 days with the club's offset."""
    rng = random.Random(seed)
    cards = {int(k): v for k, v in json.loads((WORK / "cards.json").read_text()).items()}
    offset = dt.timezone(dt.timedelta(hours=3, minutes=30))
    start = dt.datetime.now(offset).replace(microsecond=0) - dt.timedelta(days=DAYS)
    span = DAYS * 86_400 - 3_600
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(COLUMNS + "\n")
        for number in range(first, first + rows):
            index = rng.randrange(MEMBERS)
            if index % 5 == 0:
                member = cards[index + 1]
            else:
                member = f"0912{index:07d}"
                if index % 7 == 0:
                    member = member.translate(PERSIAN)
            paid_at = (start + dt.timedelta(seconds=rng.randrange(span))).isoformat()
            out.write(
                f"INV-{number:09d},{member},store-{rng.randrange(STORES):02d},{paid_at},"
                f"sku-{rng.randrange(500)},cat-{rng.randrange(12)},{rng.randint(1, 5)},"
                f"{rng.randrange(10, 2_000) * 1_000}\n"
            )


def time_copy(url: str, path: Path, runs: int = 3) -> float:
    """Seconds for the best of ``runs`` COPYs of the file into the bare table."""
    best = float("inf")
    with _connect(url) as conn:
        conn.execute(BARE_TABLE)
        for _ in range(runs):
            conn.execute("TRUNCATE bench_bare_purchase")
            conn.execute("CHECKPOINT")
            started = time.monotonic()
            with (
                conn.cursor() as cursor,
                cursor.copy(
                    "COPY bench_bare_purchase FROM STDIN (FORMAT csv, HEADER true)"
                ) as copy,
                path.open("rb") as data,
            ):
                while block := data.read(1 << 20):
                    copy.write(block)
            best = min(best, time.monotonic() - started)
        count = conn.execute("SELECT count(*) FROM bench_bare_purchase").fetchone()[0]
        if count != ROWS:
            raise RuntimeError(f"COPY loaded {count} rows, not {ROWS}")
        conn.execute("DROP TABLE bench_bare_purchase")
    return best


def main() -> dict[str, Any]:
    url = database_url()
    WORK.mkdir(parents=True, exist_ok=True)
    csv_path = WORK / f"purchases-{ROWS}.csv"
    profile_path = WORK / f"profile-{PROFILE_ROWS}.csv"
    _recreate_database(url)
    seeded = _phase("seed")
    write_csv(csv_path, ROWS)
    write_csv(profile_path, PROFILE_ROWS, first=ROWS, seed=12)
    copy_seconds = time_copy(url, csv_path)
    copy_rate = ROWS / copy_seconds
    imported = _phase("import", "csv", str(csv_path))
    checked = _phase("verify")
    rerun = _phase("import", "csv", str(csv_path))
    profile = _phase("profile", str(profile_path))
    ratio = imported["rows_per_second"] / copy_rate
    sound = (
        checked["ledger_problem_count"] == 0
        and imported["imported"] == ROWS
        and rerun["imported"] == 0
        and rerun["skipped"] == ROWS
    )
    summary = (
        f"import {imported['rows_per_second']:,.0f} rows/s ({ROWS:,} rows in "
        f"{imported['seconds']:.1f} s) vs COPY {copy_rate:,.0f} rows/s ({copy_seconds:.2f} s): "
        f"{ratio:.1%} of COPY (target {TARGET_RATIO:.0%}); ledger "
        f"{'sound' if checked['ledger_problem_count'] == 0 else 'NOT sound'}; re-run imported "
        f"{rerun['imported']} in {rerun['seconds']:.1f} s"
    )
    return {
        "passed": sound and ratio >= TARGET_RATIO,
        "summary": summary,
        "rows": ROWS,
        "members": MEMBERS,
        "copy_seconds": round(copy_seconds, 3),
        "copy_rows_per_second": round(copy_rate),
        "import_seconds": round(imported["seconds"], 1),
        "import_rows_per_second": round(imported["rows_per_second"]),
        "ratio": round(ratio, 4),
        "target_ratio": TARGET_RATIO,
        "seed": seeded,
        "import": imported,
        "verify": checked,
        "rerun": rerun,
        "profile": profile,
        "note": "one line per purchase; each imported purchase writes about ten rows "
        "(purchase, line, award(s), ledger transaction, lot, two entries, qualifying activity, "
        "two outbox events) into indexed tables with foreign keys and the ledger triggers, "
        "where COPY writes one row into a bare table",
    }


if __name__ == "__main__":
    phase, *rest = sys.argv[1:]
    phases: dict[str, Callable[..., dict[str, Any]]] = {
        "seed": phase_seed,
        "import": phase_import,
        "verify": phase_verify,
        "profile": phase_profile,
    }
    result = phases[phase](*rest)
    print(json.dumps(result, default=str))
