"""The rows ``purchase_record`` writes, in bulk: points and cashback through ``ledger.bulk``,
then the purchase, its lines, awards and settlement, birthday bonuses, tier qualification,
member statistics and outbox events, in the same shapes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from bashgah.core.calendars import club_zone
from bashgah.events.models import OutboxEvent
from bashgah.ledger.bulk import BulkCredit, LockedAccounts, credits_post, rows_insert
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference
from bashgah.members.models import MemberStats
from bashgah.members.services import segment_window_start
from bashgah.purchases.imports.planning import PlannedPurchase
from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseLine, PurchaseSettlement
from bashgah.purchases.services.earning import (
    Earning,
    earn_available_at,
    expiry_for,
    purchase_events,
)
from bashgah.rules.models import BirthdayBonus
from bashgah.tiers.models import QualifyingActivity

# Columns in the order the row tuples below give them (every NOT NULL column: the table has no
# defaults of its own, Django applies them when it builds an object).
# fmt: off
PURCHASE_FIELDS = (
    "id", "source", "external_id", "member_id", "store_id", "total", "currency", "paid_at",
    "points", "returned_amount", "points_reversed", "earn_transaction_id", "payload_hash",
    "created_at",
)
LINE_FIELDS = (
    "purchase_id", "number", "sku", "category", "quantity", "unit_price", "points",
    "returned_quantity", "points_reversed",
)
AWARD_FIELDS = (
    "purchase_id", "member_id", "rule_id", "code", "points", "line_points", "params",
    "local_date",
)
SETTLEMENT_FIELDS = (
    "purchase_id", "points_paid", "discount", "line_discounts", "line_points_paid",
    "points_transaction_id", "cashback", "cashback_transaction_id", "points_refunded",
    "cashback_reversed",
)
EVENT_FIELDS = (
    "topic", "aggregate_type", "aggregate_id", "payload", "created_at", "delivered_at",
    "attempts", "last_error",
)
# fmt: on


@dataclass(slots=True)
class Recorded:
    """A purchase of the batch as recorded: its id, what it earned, its tier cashback, and the
    ledger transactions posted for them."""

    purchase: PlannedPurchase
    pk: int
    earning: Earning
    cashback: int  # minor units to the wallet (the tier's cashback percent), or 0
    earn_transaction_id: int | None = None
    cashback_transaction_id: int | None = None


def ledger_post(recorded: list[Recorded], accounts: dict[int, LockedAccounts], actor: str) -> None:
    """Post what ``purchase_record`` posts, in its order: for each purchase the cashback to the
    wallet (``settle_purchase``), then the earned points (``points_credit``)."""
    zone = club_zone()
    expiry: dict[dt.date, dt.datetime | None] = {}  # it depends on the local date only
    credits: list[BulkCredit] = []
    owners: list[tuple[Recorded, bool]] = []  # whose credit each is, and whether cashback
    for item in recorded:
        purchase, reference = item.purchase, Reference(type="purchase", id=str(item.pk))
        available_at = earn_available_at(purchase.paid_at)
        if item.cashback:
            credits.append(BulkCredit(
                member_id=purchase.member_id, amount=item.cashback, wallet=True,
                kind=Transaction.Kind.CASHBACK,
                explanation=[{"code": "cashback", "points": 0, "params": {
                    "amount": item.cashback, "currency": purchase.currency}}],
                at=purchase.paid_at, reference=reference, available_at=available_at, actor=actor,
            ))  # fmt: skip
            owners.append((item, True))
        if item.earning.points:
            local_date = purchase.paid_at.astimezone(zone).date()
            if local_date not in expiry:
                expiry[local_date] = expiry_for(purchase.paid_at)
            credits.append(BulkCredit(
                member_id=purchase.member_id, amount=item.earning.points,
                kind=Transaction.Kind.EARN, explanation=item.earning.explanation(),
                at=purchase.paid_at, reference=reference, available_at=available_at,
                expires_at=expiry[local_date], actor=actor,
            ))  # fmt: skip
            owners.append((item, False))
    for (item, is_cashback), tx_id in zip(
        owners, credits_post(credits=credits, accounts=accounts), strict=True
    ):
        if is_cashback:
            item.cashback_transaction_id = tx_id
        else:
            item.earn_transaction_id = tx_id


def purchases_write(
    recorded: list[Recorded], digests: dict[str, str], source: str, now: dt.datetime
) -> None:
    """The rows ``purchase_record`` writes besides the ledger's, in the same shapes."""
    rows_insert(Purchase, PURCHASE_FIELDS, (
        (r.pk, source, r.purchase.external_id, r.purchase.member_id, r.purchase.store_id,
         r.purchase.total, r.purchase.currency, r.purchase.paid_at, r.earning.points, 0, 0,
         r.earn_transaction_id, digests[r.purchase.external_id], now)
        for r in recorded
    ))  # fmt: skip
    rows_insert(PurchaseLine, LINE_FIELDS, (
        (r.pk, number, line.sku, line.category, line.quantity, line.unit_price,
         r.earning.line_points[number - 1], 0, 0)
        for r in recorded
        for number, line in enumerate(r.purchase.lines, start=1)
    ))  # fmt: skip
    rows_insert(PurchaseAward, AWARD_FIELDS, (
        (r.pk, r.purchase.member_id, award.rule_id, award.code, award.points,
         list(award.line_points), dict(award.params), r.earning.local_date)
        for r in recorded
        for award in r.earning.awards
    ))  # fmt: skip
    rows_insert(PurchaseSettlement, SETTLEMENT_FIELDS, (
        (r.pk, 0, 0, [0] * len(r.purchase.lines), [0] * len(r.purchase.lines), None,
         r.cashback, r.cashback_transaction_id, 0, 0)
        for r in recorded
        if r.cashback
    ))  # fmt: skip
    rows_insert(BirthdayBonus, ("member_id", "year", "created_at"), (
        (r.purchase.member_id, year, now) for r in recorded for year in r.earning.birthday_years()
    ))  # fmt: skip
    rows_insert(QualifyingActivity, ("member_id", "spend", "points", "occurred_at"), (
        (r.purchase.member_id, r.purchase.total, r.earning.points, r.purchase.paid_at)
        for r in recorded
    ))  # fmt: skip
    rows_insert(OutboxEvent, EVENT_FIELDS, (
        (topic, aggregate_type, str(aggregate_id), payload, now, None, 0, "")
        for r in recorded
        for topic, aggregate_type, aggregate_id, payload in purchase_events(
            purchase_id=r.pk, member_id=r.purchase.member_id,
            external_id=r.purchase.external_id, store_code=r.purchase.store_code,
            total=r.purchase.total, currency=r.purchase.currency, points=r.earning.points,
        )
    ))  # fmt: skip


def stats_add(todo: dict[int, list[PlannedPurchase]]) -> None:
    """``member_stats_record_purchase`` for all the batch's purchases, one change per member."""
    window_start = segment_window_start(timezone.now())
    changes = []
    for member_id, group in todo.items():
        latest = max(group, key=lambda p: p.paid_at)
        recent = [p for p in group if p.paid_at >= window_start]
        changes.append(
            (
                member_id,
                len(group),
                sum(p.total for p in group),
                min(p.paid_at for p in group),
                latest.paid_at,
                latest.store_id,
                len(recent),
                sum(p.total for p in recent),
            )
        )
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(MemberStats._meta.db_table)
        columns = list(zip(*changes, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS s SET purchase_count = s.purchase_count + v.n, "  # noqa: S608
                "total_spend = s.total_spend + v.amount, "
                "first_purchase_at = LEAST(s.first_purchase_at, v.first_at), "
                "last_purchase_at = GREATEST(s.last_purchase_at, v.last_at), "
                "last_store_id = CASE WHEN s.last_purchase_at IS NULL "
                "OR s.last_purchase_at <= v.last_at THEN v.store_id ELSE s.last_store_id END, "
                "window_purchases = s.window_purchases + v.recent_n, "
                "window_spend = s.window_spend + v.recent_amount "
                "FROM unnest(%s::bigint[], %s::integer[], %s::bigint[], %s::timestamptz[], "
                "%s::timestamptz[], %s::bigint[], %s::integer[], %s::bigint[]) "
                "AS v(member_id, n, amount, first_at, last_at, store_id, recent_n, recent_amount) "
                "WHERE s.member_id = v.member_id",
                [list(column) for column in columns],
            )
        return
    for member_id, count, amount, first_at, last_at, store_id, recent_n, recent_amount in changes:
        MemberStats.objects.filter(member_id=member_id).update(
            purchase_count=F("purchase_count") + count,
            total_spend=F("total_spend") + amount,
            first_purchase_at=Coalesce(Least(F("first_purchase_at"), first_at), first_at),
            last_purchase_at=Case(
                When(last_purchase_at__isnull=True, then=last_at),
                default=Greatest(F("last_purchase_at"), last_at),
            ),
            last_store_id=Case(
                When(
                    Q(last_purchase_at__isnull=True) | Q(last_purchase_at__lte=last_at),
                    then=Value(store_id),
                ),
                default=F("last_store_id"),
                output_field=BigIntegerField(),
            ),
            window_purchases=F("window_purchases") + recent_n,
            window_spend=F("window_spend") + recent_amount,
        )
