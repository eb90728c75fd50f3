"""Fanning one campaign out to a million members, beside a plain bulk insert of the messages.

``python -m bench.run fanout`` (from the project folder). It

1. drops and creates its own database (``BENCH_FANOUT_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/bashgah_bench_fanout``; the name must contain "bench")
   and migrates it;
2. fills it inside the server (``bench.bulk``): ``BENCH_FANOUT_RECIPIENTS`` (1,000,000) members
   who may be told, plus one in fifty more who withdrew their SMS consent; every member has a
   phone, a language (fa 80 %, he 10 %, en 10 %), SMS consent records (some withdrawn and given
   again, so the newest record decides), statistics, points and debt accounts with a balance
   (no ledger entries behind it) and a tier; then ``VACUUM ANALYZE``;
3. saves the audience as a segment (``segment_create``, definition ``{"consent": ["sms"]}``):
   exactly the recipients;
4. the floor: ``COPY`` of as many rows into the messages table (``messaging_message``, all its
   indexes, constraints and foreign key) in one transaction, the rows built beforehand in memory
   with the same columns and personalised bodies the campaign will queue (building them is not
   timed); then the table is emptied;
5. the stand-in, timed in a fresh process: the audience taken in batches of 5,000 in member id
   order, each batch's names, languages, phones, points and tiers read in three queries, the
   per-language template (compliance text added once per language by ``message_compose``)
   rendered per member, and queued with ``messages_enqueue_bulk`` (one transaction per
   batch). It writes no campaign rows and does no control group: it is what fan-out costs at
   the least with the messaging service as it is;
6. the real thing when ``bashgah.campaigns.services.campaign_fan_out`` exists in the source
   tree: ``campaign_create`` (SMS, the segment, the same templates, no control group so every
   member is told), ``campaign_launch`` (timed apart: it refreshes the segment; cancelled by a
   statement timeout after ``BENCH_FANOUT_LAUNCH_TIMEOUT`` (120) seconds, in which case the
   campaign is set to sending as launch would leave it, and the table says so) and
   ``campaign_fan_out`` (timed: recipients, rendering, messages, cursor per batch);
7. checks the messages queued: one per recipient, every placeholder filled, the region's
   compliance text present;
8. profiles ``BENCH_FANOUT_PROFILE_BATCHES`` (20) batches of a second campaign with cProfile and
   the time inside SQL statements: where fan-out time goes, by stage.

The target is met when the fan-out queues messages at 25 % or more of the floor's rows/s; the
real fan-out is the measure, the stand-in only when the real one is not there (and says so).
Knobs: BENCH_FANOUT_RECIPIENTS, BENCH_FANOUT_BATCH (5,000), BENCH_FANOUT_LAUNCH_TIMEOUT,
BENCH_FANOUT_PROFILE_BATCHES, BENCH_FANOUT_KEEP (0: drop the database at the end), BENCH_SRC
(see bench.bulk).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import bulk

TARGET = (
    "Fanning one SMS campaign out to 1,000,000 members (rendered, personalised and queued) "
    "runs at at least 25 % of the rows/s of a plain bulk insert (COPY) of as many messages "
    "into the messages table in the same run."
)
TARGET_RATIO = 0.25

RECIPIENTS = int(os.environ.get("BENCH_FANOUT_RECIPIENTS", 1_000_000))
BATCH = int(os.environ.get("BENCH_FANOUT_BATCH", 5_000))
KEEP = os.environ.get("BENCH_FANOUT_KEEP", "0") == "1"
PROFILE_BATCHES = int(os.environ.get("BENCH_FANOUT_PROFILE_BATCHES", 20))
LAUNCH_TIMEOUT = int(os.environ.get("BENCH_FANOUT_LAUNCH_TIMEOUT", 120))
WITHDRAWN_EVERY = 51  # one in 51 members withdrew consent: 50 recipients per withdrawal
MEMBERS = RECIPIENTS + RECIPIENTS // (WITHDRAWN_EVERY - 1)
MODULE = "bench.bench_fanout"
CAMPAIGN_NAME = "Spring offer"
TEMPLATES = {
    "fa": {
        "body": "{first_name} عزیز، شما {points} امتیاز دارید و در سطح {tier} هستید. "
        "این هفته در {club} خریدهای بالای ۵۰۰ هزار تومان دو برابر امتیاز می‌گیرند."
    },
    "he": {
        "body": "{first_name} שלום, יש לך {points} נקודות ואת/ה בדרגת {tier}. השבוע ב{club}: "
        "נקודות כפולות על קנייה מעל 200 ₪."
    },
    "en": {
        "body": "Hi {first_name}, you have {points} points and you are {tier}. This week at "
        "{club}: double points on baskets over 200."
    },
}


def database_url() -> str:
    return bulk.database_url("BENCH_FANOUT_DATABASE_URL", "bashgah_bench_fanout")


# --- data --------------------------------------------------------------------------------------

CONSENT_SQL = """
INSERT INTO members_consentrecord (member_id, channel, granted, source, recorded_at)
SELECT id, 'sms', true, 'enrolment', enrolled_at FROM members_member ORDER BY id;
INSERT INTO members_consentrecord (member_id, channel, granted, source, recorded_at)
SELECT id, 'sms', false, 'portal', enrolled_at + interval '10 days' FROM members_member
WHERE id %% {withdrawn} = 0 OR id %% 97 = 0 ORDER BY id;
INSERT INTO members_consentrecord (member_id, channel, granted, source, recorded_at)
SELECT id, 'sms', true, 'cashier', enrolled_at + interval '20 days' FROM members_member
WHERE id %% 97 = 0 AND id %% {withdrawn} <> 0 ORDER BY id;
INSERT INTO ledger_account (code, kind, balance, member_id)
SELECT 'member:' || id || ':' || kind, 'member_' || kind,
       CASE WHEN kind = 'points' THEN (id * 37) %% 5000 ELSE 0 END, id
FROM members_member, (VALUES ('points'), ('debt')) kinds (kind) ORDER BY id;
INSERT INTO tiers_membertier (member_id, tier_id, since, manual_reason)
SELECT id, CASE WHEN id %% 20 = 0 THEN 3 WHEN id %% 5 = 0 THEN 2 ELSE 1 END, enrolled_at, ''
FROM members_member ORDER BY id;
INSERT INTO members_memberstats (
    member_id, purchase_count, total_spend, first_purchase_at, last_purchase_at, last_store_id,
    window_purchases, window_spend)
SELECT id, id %% 30, (id %% 30) * 1500000,
       CASE WHEN id %% 30 > 0 THEN enrolled_at + interval '1 day' END,
       CASE WHEN id %% 30 > 0 THEN %(at)s::timestamptz - (id %% 200) * interval '1 day' END,
       CASE WHEN id %% 30 > 0 THEN enrolled_store_id END, id %% 12, (id %% 12) * 1500000
FROM members_member ORDER BY id
"""
TABLES = [
    "members_consentrecord",
    "ledger_account",
    "tiers_membertier",
    "members_memberstats",
]


def data_fill(url: str) -> dict[str, Any]:
    timer = bulk.Timer()
    with bulk.connect(url) as conn:
        bulk.session_for_loading(conn)
        with timer("members"):
            bulk.club_fill(conn, members=MEMBERS, seed=0.5, left_every=0)
        restore = bulk.indexes_drop(conn, TABLES)
        with timer("consent, accounts, tiers, statistics"):
            for statement in CONSENT_SQL.format(withdrawn=WITHDRAWN_EVERY).split(";"):
                conn.execute(statement, {"at": bulk.AT})
        with timer("indexes and constraints"):
            for statement in restore:
                conn.execute(statement)
        bulk.sequences_sync(conn, TABLES)
        with timer("vacuum analyze"):
            bulk.analyze(conn, ["members_member", *TABLES])
        counts = {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in ["members_member", *TABLES]
        }
    return {"seconds": timer.seconds, "rows": counts}


# --- phases in their own process (Django on the bench database) ------------------------------


def phase_migrate() -> dict[str, Any]:
    return bulk.migrate(database_url())


def phase_segment() -> dict[str, Any]:
    bulk.django_setup(database_url())
    from bashgah.audiences.services import segment_create

    started = time.monotonic()
    segment = segment_create(name="SMS audience", definition={"consent": ["sms"]}, at=bulk.AT)
    return {
        "id": segment.pk,
        "members": segment.member_count,
        "seconds": round(time.monotonic() - started, 1),
    }


def _composed() -> dict[str, str]:
    """Each language's template with the region's compliance text, composed once."""
    from bashgah.messaging.services import message_compose

    return {
        language: message_compose(
            channel="sms", purpose="marketing", language=language, body=template["body"]
        )[1]
        for language, template in TEMPLATES.items()
    }


def _values(
    first_name: str, language: str, balance: int, labels: dict[str, str], club: str
) -> dict[str, str]:
    from bashgah.core.money import format_points

    return {
        "first_name": first_name,
        "points": format_points(balance, language),
        "tier": labels.get(language) or labels.get("en") or "",
        "club": club,
    }


def phase_rows(path: str) -> dict[str, Any]:
    """The floor's rows, in COPY text format, with the bodies the fan-out will write."""
    bulk.django_setup(database_url())
    from django.conf import settings

    from bashgah.messaging import conf
    from bashgah.messaging.services.enqueue import _COLUMNS, _text
    from bashgah.tiers.models import Tier

    composed = _composed()
    club = str(settings.BASHGAH.get("CLUB_NAME", "Bashgah"))
    labels = dict(Tier.objects.values_list("pk", "labels"))
    created = bulk.AT.isoformat()
    expires = (bulk.AT + conf.marketing_valid_for()).isoformat()
    rows = 0
    import psycopg

    with psycopg.connect(database_url()) as conn, open(path, "w", encoding="utf-8") as out:
        query = (
            "SELECT m.id, m.first_name, m.language, m.phone, a.balance, t.tier_id "
            "FROM segments_segmentmember s JOIN members_member m ON m.id = s.member_id "
            "JOIN ledger_account a ON a.member_id = m.id AND a.kind = 'member_points' "
            "JOIN tiers_membertier t ON t.member_id = m.id ORDER BY m.id"
        )
        with conn.cursor(name="rows") as cursor:
            cursor.execute(query)
            for pk, first_name, language, phone, balance, tier_id in cursor:
                body = composed[language].format_map(
                    _values(first_name, language, balance, labels[tier_id], club)
                )
                values = {
                    "member_id": str(pk),
                    "channel": "sms",
                    "to_address": phone,
                    "language": language,
                    "purpose": "marketing",
                    "subject": "",
                    "body": _text(body),
                    "status": "queued",
                    "suppressed_reason": "",
                    "dedupe_key": f"floor:{pk}",
                    "campaign_id": "1",
                    "provider": "",
                    "provider_message_id": "",
                    "attempts": "0",
                    "next_attempt_at": created,
                    "expires_at": expires,
                    "last_error": "",
                    "created_at": created,
                    "claim_token": "",
                }
                out.write("\t".join(values[column] for column in _COLUMNS) + "\n")
                rows += 1
    return {"rows": rows, "columns": list(_COLUMNS)}


def phase_standin(segment_id: str) -> dict[str, Any]:
    """Fan-out as the messaging service allows it today: batches in member id order,
    rendered per member, queued by ``messages_enqueue_bulk`` (a transaction per batch)."""
    bulk.django_setup(database_url())
    from django.conf import settings
    from django.db import connection

    from bashgah.ledger.models import Account
    from bashgah.members.models import Member
    from bashgah.messaging.services import MessageDraft, messages_enqueue_bulk
    from bashgah.segments.models import SegmentMember
    from bashgah.tiers.models import MemberTier

    connection.ensure_connection()
    load = bulk.load_average()
    started = time.monotonic()
    composed = _composed()
    club = str(settings.BASHGAH.get("CLUB_NAME", "Bashgah"))
    after, queued, batches = 0, 0, 0
    while True:
        ids = list(
            SegmentMember.objects.filter(segment_id=int(segment_id), member_id__gt=after)
            .order_by("member_id")
            .values_list("member_id", flat=True)[:BATCH]
        )
        if not ids:
            break
        members = Member.objects.filter(pk__in=ids, status=Member.Status.ACTIVE).order_by("pk")
        balances = dict(
            Account.objects.filter(member_id__in=ids, kind=Account.Kind.MEMBER_POINTS).values_list(
                "member_id", "balance"
            )
        )
        tiers = dict(
            MemberTier.objects.filter(member_id__in=ids).values_list("member_id", "tier__labels")
        )
        drafts = [
            MessageDraft(
                member_id=pk,
                channel="sms",
                to_address=phone,
                language=language,
                purpose="marketing",
                subject="",
                body=composed[language].format_map(
                    _values(first_name, language, balances.get(pk, 0), tiers.get(pk) or {}, club)
                ),
                dedupe_key=f"campaign:1:member:{pk}",
                campaign_id=1,
            )
            for pk, first_name, language, phone in members.values_list(
                "pk", "first_name", "language", "phone"
            )
            if phone
        ]
        queued += messages_enqueue_bulk(drafts=drafts, at=bulk.AT)
        after = ids[-1]
        batches += 1
    seconds = time.monotonic() - started
    return {
        "seconds": round(seconds, 2),
        "messages": queued,
        "batches": batches,
        "rows_per_second": round(queued / seconds),
        "load_average_before_after": [load, bulk.load_average()],
    }


def phase_real(segment_id: str) -> dict[str, Any]:
    """``campaign_create`` + ``campaign_launch`` (timed apart) + ``campaign_fan_out``."""
    bulk.django_setup(database_url())
    from django.db import OperationalError, connection

    from bashgah.campaigns import services
    from bashgah.campaigns.models import Campaign
    from bashgah.segments.models import Segment

    segment = Segment.objects.get(pk=int(segment_id))
    campaign = services.campaign_create(
        name=CAMPAIGN_NAME,
        channel="sms",
        segment=segment,
        templates=TEMPLATES,
        control_percent=0,
    )
    launch: dict[str, Any] = {"timeout_seconds": LAUNCH_TIMEOUT}
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{LAUNCH_TIMEOUT}s'")
        campaign = services.campaign_launch(campaign=campaign, at=bulk.AT)
        launch["finished"] = True
    except OperationalError as error:  # the statement timeout
        launch["finished"] = False
        launch["error"] = str(error).splitlines()[0]
        # What campaign_launch leaves behind for a campaign without an offer, so that the
        # fan-out itself can still be measured (the segment was filled at AT just before).
        Campaign.objects.filter(pk=campaign.pk).update(
            status=Campaign.Status.SENDING, launched_at=bulk.AT
        )
        campaign.refresh_from_db()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    launch["seconds"] = round(time.monotonic() - started, 2)
    load = bulk.load_average()
    started = time.monotonic()
    result = services.campaign_fan_out(campaign=campaign, at=bulk.AT, batch=BATCH)
    seconds = time.monotonic() - started
    campaign.refresh_from_db()
    return {
        "campaign_id": campaign.pk,
        "launch": launch,
        "seconds": round(seconds, 2),
        "recipients": result.recipients,
        "messages": result.messages,
        "done": result.done,
        "status": campaign.status,
        "rows_per_second": round(result.messages / seconds) if seconds else 0,
        "load_average_before_after": [load, bulk.load_average()],
    }


PROFILE_STAGES = {  # label: (file, function), cumulative seconds
    "audience batch (segment members after the cursor)": ("services.py", "_audience_batch"),
    "control group (in_control)": ("services.py", "in_control"),
    "recipients: Recipient.bulk_create": ("query.py", "bulk_create"),
    "contacts_load (members, balances, tiers, lots)": ("personalise.py", "contacts_load"),
    "render (placeholders)": ("personalise.py", "render"),
    "compliance text (Composer)": ("personalise.py", "__call__"),
    "messages_enqueue_bulk": ("enqueue.py", "messages_enqueue_bulk"),
    "  COPY rows built and validated": ("enqueue.py", "_copy_lines"),
}


def phase_profile(segment_id: str) -> dict[str, Any]:
    """``BENCH_FANOUT_PROFILE_BATCHES`` (20) batches of a second campaign under cProfile, with
    the time spent inside SQL statements measured around each one: where fan-out time goes."""
    bulk.django_setup(database_url())
    import cProfile
    import io
    import pstats

    from django.db import connection

    from bashgah.campaigns import services
    from bashgah.campaigns.models import Campaign
    from bashgah.segments.models import Segment

    campaign = services.campaign_create(
        name=f"{CAMPAIGN_NAME} (profile)",
        channel="sms",
        segment=Segment.objects.get(pk=int(segment_id)),
        templates=TEMPLATES,
        control_percent=0,
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SENDING, launched_at=bulk.AT
    )
    sql: dict[str, float] = {}

    def timed(execute: Callable[..., Any], statement: str, params: Any, many: bool, context: Any):
        started = time.monotonic()
        try:
            return execute(statement, params, many, context)
        finally:
            words = statement.split()
            key = " ".join(words[:3])[:60]
            sql[key] = sql.get(key, 0.0) + time.monotonic() - started

    profiler = cProfile.Profile()
    started = time.monotonic()
    with connection.execute_wrapper(timed):
        profiler.enable()
        result = services.campaign_fan_out(
            campaign=campaign, at=bulk.AT, batch=BATCH, max_batches=PROFILE_BATCHES
        )
        profiler.disable()
    seconds = time.monotonic() - started
    by_name: dict[tuple[str, str], float] = {}
    for (file, _line, name), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        key = (os.path.basename(file), name)
        by_name[key] = by_name.get(key, 0.0) + row[3]
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return {
        "batches": PROFILE_BATCHES,
        "messages": result.messages,
        "seconds_under_cprofile": round(seconds, 2),
        "sql_seconds": round(sum(sql.values()), 2),
        "sql_seconds_by_statement": {
            key: round(value, 2) for key, value in sorted(sql.items(), key=lambda kv: -kv[1])[:8]
        },
        "stages_seconds": {
            label: round(by_name.get(key, 0.0), 2) for label, key in PROFILE_STAGES.items()
        },
        "top_functions_by_own_time": out.getvalue().splitlines()[-18:],
    }


def phase_check(campaign_id: str) -> dict[str, Any]:
    """The queued messages: one per recipient, placeholders filled, compliance text there."""
    bulk.django_setup(database_url())
    from django.db.models import Count, Q

    from bashgah.messaging import conf
    from bashgah.messaging.models import Message
    from bashgah.messaging.services.compose import IL_LABEL, IR_OPT_OUT

    messages = Message.objects.filter(campaign_id=int(campaign_id))
    mark = {"IR": IR_OPT_OUT, "IL": IL_LABEL}.get(conf.region(), "")
    figures = messages.aggregate(
        total=Count("id"),
        members=Count("member_id", distinct=True),
        unfilled=Count("id", filter=Q(body__contains="{")),
        without_compliance=Count("id", filter=~Q(body__contains=mark)) if mark else Count("pk"),
        queued=Count("id", filter=Q(status=Message.Status.QUEUED)),
    )
    if not mark:
        figures["without_compliance"] = 0
    sample = {
        language: messages.filter(language=language)
        .order_by("id")
        .values_list("body", flat=True)[:1][0]
        for language in ("fa", "he", "en")
        if messages.filter(language=language).exists()
    }
    return {**figures, "region": conf.region(), "sample": sample}


def phase_has_fan_out() -> dict[str, Any]:
    bulk.django_setup(database_url())
    try:
        from bashgah.campaigns import services
    except ImportError:
        return {"available": False}
    return {"available": hasattr(services, "campaign_fan_out")}


# --- the floor and the orchestration (no Django) -----------------------------------------------


def time_copy(url: str, path: str, columns: list[str]) -> dict[str, Any]:
    with bulk.connect(url) as conn:
        conn.execute("CHECKPOINT")
        load = bulk.load_average()
        started = time.monotonic()
        statement = f"COPY messaging_message ({', '.join(columns)}) FROM STDIN"
        with (
            conn.transaction(),
            conn.cursor() as cursor,
            cursor.copy(statement) as copy,
            open(path, "rb") as data,
        ):
            while block := data.read(1 << 20):
                copy.write(block)
        seconds = time.monotonic() - started
        rows = conn.execute("SELECT COUNT(*) FROM messaging_message").fetchone()[0]
        conn.execute("TRUNCATE messaging_message")
        conn.execute("VACUUM (ANALYZE) messaging_message")
    return {
        "seconds": round(seconds, 2),
        "rows": rows,
        "rows_per_second": round(rows / seconds),
        "load_average_before_after": [load, bulk.load_average()],
    }


def messages_clear(url: str) -> None:
    with bulk.connect(url) as conn:
        conn.execute("TRUNCATE messaging_message")
        conn.execute("CHECKPOINT")
        conn.execute("VACUUM (ANALYZE) messaging_message")


def main() -> dict[str, Any]:
    url = database_url()
    work = bulk.RESULTS / "fanout-work"
    work.mkdir(parents=True, exist_ok=True)
    rows_path = str(work / "messages.tsv")
    timer = bulk.Timer()
    bulk.database_recreate(url)
    with timer("migrate"):
        bulk.phase(MODULE, "migrate")
    with timer("fill"):
        data = data_fill(url)
    print(f"   data: {json.dumps(data['rows'])} in {data['seconds']}", flush=True)
    with timer("segment"):
        segment = bulk.phase(MODULE, "segment")
    with timer("floor rows"):
        prepared = bulk.phase(MODULE, "rows", rows_path)
    floor = time_copy(url, rows_path, prepared["columns"])
    os.remove(rows_path)
    print(f"   floor (COPY): {floor}", flush=True)
    standin = bulk.phase(MODULE, "standin", str(segment["id"]))
    standin["check"] = bulk.phase(MODULE, "check", "1")
    print(f"   stand-in: {standin}", flush=True)
    real = None
    if bulk.phase(MODULE, "has_fan_out")["available"]:
        messages_clear(url)
        real = bulk.phase(MODULE, "real", str(segment["id"]))
        real["check"] = bulk.phase(MODULE, "check", str(real["campaign_id"]))
        print(f"   campaign_fan_out: {real}", flush=True)
        real["profile"] = bulk.phase(MODULE, "profile", str(segment["id"]))
        print(f"   profile: {real['profile']['stages_seconds']}", flush=True)
    measured = real or standin
    label = "campaign_fan_out" if real else "STAND-IN (campaign_fan_out not there yet)"
    ratio = measured["rows_per_second"] / floor["rows_per_second"]
    check = measured["check"]
    sound = (
        measured["messages"] == segment["members"] == check["total"] == check["members"]
        and check["unfilled"] == 0
        and check["without_compliance"] == 0
    )
    lines = [
        f"{'':42} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'ratio':>7} {'target':>7}  verdict",
        f"{'plain COPY into messaging_message (floor)':42} {floor['rows']:>9,} "
        f"{floor['seconds']:>8.1f} {floor['rows_per_second']:>9,}",
        f"{'stand-in: render + messages_enqueue_bulk':42} {standin['messages']:>9,} "
        f"{standin['seconds']:>8.1f} {standin['rows_per_second']:>9,} "
        f"{standin['rows_per_second'] / floor['rows_per_second']:>7.1%}",
    ]
    if real:
        lines.append(
            f"{'campaign_fan_out':42} {real['messages']:>9,} {real['seconds']:>8.1f} "
            f"{real['rows_per_second']:>9,} {ratio:>7.1%} {'>= 25%':>7}  "
            f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'}"
        )
        launch = real["launch"]
        lines.append(
            f"{'campaign_launch (segment refresh)':42} {'':>9} {launch['seconds']:>8.1f}"
            + (
                ""
                if launch["finished"]
                else f"  DID NOT FINISH (cancelled at {launch['timeout_seconds']} s; "
                "the fan-out was started by setting the campaign to sending)"
            )
        )
    else:
        lines[-1] += f" {'>= 25%':>7}  {'PASS' if ratio >= TARGET_RATIO else 'MISS'} (stand-in)"
    lines.append(f"messages checked: {'sound' if sound else 'NOT sound'} {check}")
    print("\n".join("   " + line for line in lines), flush=True)
    summary = (
        f"{label}: {measured['messages']:,} messages in {measured['seconds']:.1f} s = "
        f"{measured['rows_per_second']:,} rows/s vs COPY {floor['rows_per_second']:,} rows/s: "
        f"{ratio:.1%} (target {TARGET_RATIO:.0%}); messages {'sound' if sound else 'NOT sound'}"
    )
    if not KEEP:
        bulk.database_drop(url)
    return {
        "passed": sound and ratio >= TARGET_RATIO,
        "summary": summary,
        "table": lines,
        "measured": label,
        "ratio": round(ratio, 4),
        "target_ratio": TARGET_RATIO,
        "floor": floor,
        "standin": standin,
        "campaign_fan_out": real,
        "segment": segment,
        "data": data,
        "setup_seconds": timer.seconds,
        "source": str(bulk.source_path()),
    }


if __name__ == "__main__":
    name, *rest = sys.argv[1:]
    phases: dict[str, Callable[..., dict[str, Any]]] = {
        "migrate": phase_migrate,
        "segment": phase_segment,
        "rows": phase_rows,
        "standin": phase_standin,
        "real": phase_real,
        "check": phase_check,
        "profile": phase_profile,
        "has_fan_out": phase_has_fan_out,
    }
    print(json.dumps(phases[name](*rest), default=str))
