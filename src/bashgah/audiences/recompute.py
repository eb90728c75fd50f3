"""The scheduled recompute, as set-based SQL that runs alike on PostgreSQL and SQLite.

1. Window figures: each purchase adds to ``MemberStats.window_*`` at once; here they are set
   exactly from the ledger of tier-qualifying activity (spend net of points and returns, per
   purchase time) and the purchases of the window, writing only the rows that changed, so what
   aged out of the window leaves it.
2. Scores: RFM quintiles among members who ever bought (``ceil(5 × share of buyers at or
   below the member)``, so equal values share a score) and the lifecycle state, upserted into
   ``MemberScore`` (again only rows that changed); leavers' rows are removed.

On PostgreSQL both statements run with ``RECOMPUTE_WORK_MEM`` for their sorts and hashes (the
server default, 4 MB, makes the planner walk a million members' activity through an index in
random order and spill every sort to disk), and a table that changed a lot is analysed at once,
so the segment refreshes that follow are planned on its new figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from bashgah.members.models import Member, MemberStats
from bashgah.purchases.models import Purchase
from bashgah.segments.models import MemberScore, SegmentPolicy
from bashgah.tiers.models import QualifyingActivity

RECOMPUTE_WORK_MEM = "256MB"
ANALYZE_AFTER_ROWS = 10_000


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)  # type: ignore[attr-defined]


def _when(moment: dt.datetime) -> Any:
    """A moment as the database stores it (SQLite keeps UTC text without an offset)."""
    return connection.ops.adapt_datetimefield_value(moment)


def rows_changed(cursor: Any) -> int:
    """Rows the last statement wrote. Python's sqlite3 reports -1 for statements that start
    with WITH, so SQLite is asked itself."""
    if connection.vendor == "sqlite":
        cursor.execute("SELECT changes()")
        return int(cursor.fetchone()[0])
    return int(cursor.rowcount)


def _tune(cursor: Any) -> None:
    """Memory for this transaction's sorts and hashes (PostgreSQL; ``SET LOCAL`` ends with the
    caller's transaction)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"SET LOCAL work_mem = '{RECOMPUTE_WORK_MEM}'")


def _analyze_if_changed(cursor: Any, model: type, rows: int) -> None:
    if connection.vendor == "postgresql" and rows >= ANALYZE_AFTER_ROWS:
        cursor.execute(f"ANALYZE {_table(model)}")


def window_rebase(*, window_start: dt.datetime) -> int:
    """Set every member's window figures from the window's activity; rows changed."""
    stats, activity, purchases = _table(MemberStats), _table(QualifyingActivity), _table(Purchase)
    sql = f"""
        WITH spend AS (
            SELECT member_id, SUM(spend) AS amount FROM {activity}
            WHERE occurred_at >= %(start)s GROUP BY member_id
        ), visits AS (
            SELECT member_id, COUNT(*) AS n FROM {purchases}
            WHERE paid_at >= %(start)s AND returned_amount < total GROUP BY member_id
        ), fresh AS (
            SELECT s.id, COALESCE(v.n, 0) AS n, GREATEST(COALESCE(a.amount, 0), 0) AS amount
            FROM {stats} s
            LEFT JOIN spend a ON a.member_id = s.member_id
            LEFT JOIN visits v ON v.member_id = s.member_id
        )
        UPDATE {stats} SET window_purchases = fresh.n, window_spend = fresh.amount
        FROM fresh
        WHERE {stats}.id = fresh.id
          AND ({stats}.window_purchases <> fresh.n OR {stats}.window_spend <> fresh.amount)
    """  # noqa: S608 - table names from the models, values bound
    if connection.vendor == "sqlite":
        sql = sql.replace("GREATEST(", "MAX(")
    with connection.cursor() as cursor:
        _tune(cursor)
        cursor.execute(sql, {"start": _when(window_start)})
        changed = rows_changed(cursor)
        _analyze_if_changed(cursor, MemberStats, changed)
    return changed


def scores_rebuild(*, at: dt.datetime, policy: SegmentPolicy) -> int:
    """Upsert every active member's scores and lifecycle; rows written (changed or new)."""
    member, stats, score = _table(Member), _table(MemberStats), _table(MemberScore)
    quintile = "(5 * COUNT(*) OVER (PARTITION BY b.bought ORDER BY {v}) + b.buyers - 1) / b.buyers"
    sql = f"""
        WITH base AS (
            SELECT m.id AS member_id, m.enrolled_at, s.last_purchase_at,
                   s.window_purchases, s.window_spend,
                   CASE WHEN s.last_purchase_at IS NULL THEN 0 ELSE 1 END AS bought,
                   COUNT(*) OVER (
                       PARTITION BY CASE WHEN s.last_purchase_at IS NULL THEN 0 ELSE 1 END
                   ) AS buyers
            FROM {member} m JOIN {stats} s ON s.member_id = m.id
            WHERE m.status = 'active'
        ), scored AS (
            SELECT b.member_id,
                CASE WHEN b.bought = 0 THEN 0 ELSE {quintile.format(v="b.last_purchase_at")} END
                    AS recency,
                CASE WHEN b.bought = 0 THEN 0 ELSE {quintile.format(v="b.window_purchases")} END
                    AS frequency,
                CASE WHEN b.bought = 0 THEN 0 ELSE {quintile.format(v="b.window_spend")} END
                    AS monetary,
                CASE
                    WHEN b.enrolled_at >= %(new_since)s THEN 'new'
                    WHEN b.last_purchase_at IS NULL AND b.enrolled_at < %(lost_since)s
                        THEN 'lost'
                    WHEN b.last_purchase_at IS NULL THEN 'at_risk'
                    WHEN b.last_purchase_at < %(lost_since)s THEN 'lost'
                    WHEN b.last_purchase_at < %(risk_since)s THEN 'at_risk'
                    WHEN b.window_purchases >= %(loyal)s THEN 'loyal'
                    ELSE 'active'
                END AS lifecycle
            FROM base b
        )
        INSERT INTO {score} (member_id, recency, frequency, monetary, lifecycle, computed_at)
        SELECT n.member_id, n.recency, n.frequency, n.monetary, n.lifecycle, %(at)s
        FROM scored n LEFT JOIN {score} o ON o.member_id = n.member_id
        WHERE o.member_id IS NULL OR o.recency <> n.recency OR o.frequency <> n.frequency
           OR o.monetary <> n.monetary OR o.lifecycle <> n.lifecycle
        ON CONFLICT (member_id) DO UPDATE SET
            recency = excluded.recency, frequency = excluded.frequency,
            monetary = excluded.monetary, lifecycle = excluded.lifecycle,
            computed_at = excluded.computed_at
        WHERE {score}.recency <> excluded.recency OR {score}.frequency <> excluded.frequency
           OR {score}.monetary <> excluded.monetary OR {score}.lifecycle <> excluded.lifecycle
    """  # noqa: S608 - table names from the models, values bound
    params = {
        "at": _when(at),
        "new_since": _when(at - dt.timedelta(days=policy.new_days)),
        "risk_since": _when(at - dt.timedelta(days=policy.at_risk_days)),
        "lost_since": _when(at - dt.timedelta(days=policy.lost_days)),
        "loyal": policy.loyal_purchases,
    }
    with connection.cursor() as cursor:
        _tune(cursor)
        cursor.execute(sql, params)
        written = rows_changed(cursor)
        cursor.execute(
            f"DELETE FROM {score} WHERE member_id IN "  # noqa: S608
            f"(SELECT id FROM {member} WHERE status <> 'active')"
        )
        _analyze_if_changed(cursor, MemberScore, written + max(cursor.rowcount, 0))
    return written
