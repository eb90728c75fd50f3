"""``purchase_record``: the earn loop. Store the purchase, evaluate the rules, post the points,
update the member's statistics and tier, announce it all — in one database transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jdatetime
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from bashgah.core.calendars import add_months, club_zone
from bashgah.core.errors import Conflict
from bashgah.events.services import events_emit
from bashgah.ledger.lock_objects import member_accounts_lock
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_credit
from bashgah.members.models import Member, MemberStats
from bashgah.members.services import MemberHasLeft, member_stats_record_purchase
from bashgah.purchases.models import (
    Purchase,
    PurchaseAward,
    PurchaseLine,
    PurchaseSettlement,
)
from bashgah.purchases.services.inputs import LineInput, payload_hash, validate_purchase
from bashgah.purchases.services.settlement import points_payment_plan, settle_purchase
from bashgah.rules import schemas
from bashgah.rules.evaluator import Award, Line, MemberFacts, PurchaseContext, RuleSpec
from bashgah.rules.evaluator import evaluate_purchase as evaluate
from bashgah.rules.models import BirthdayBonus
from bashgah.rules.services import active_rule_specs
from bashgah.segments.selectors import member_segment_ids
from bashgah.stores.models import Store
from bashgah.tiers.models import MemberTier, Tier, TierChange
from bashgah.tiers.selectors import TierStatus
from bashgah.tiers.services import tier_qualify_record, tier_reevaluate


class PurchaseIdReused(Conflict):
    code = "purchase_id_reused"
    default_message = _("This purchase id was already recorded with different details.")


def expiry_for(at: dt.datetime) -> dt.datetime | None:
    months = settings.BASHGAH["POINTS_EXPIRY_MONTHS"]
    if not months:
        return None
    local = at.astimezone(club_zone())
    day = add_months(local.date(), months)
    return dt.datetime.combine(day, dt.time.max, tzinfo=club_zone())


def month_start(day: dt.date) -> dt.date:
    if settings.BASHGAH["CALENDAR"] == "jalali":
        jalali = jdatetime.date.fromgregorian(date=day)
        return jdatetime.date(jalali.year, jalali.month, 1).togregorian()
    return day.replace(day=1)


@dataclass(frozen=True, slots=True)
class PurchaseResult:
    purchase: Purchase
    awards: list[PurchaseAward]
    points: int
    tier_change: TierChange | None
    replayed: bool
    tier_status: TierStatus | None = None  # after this purchase; None on a replay
    balances: tuple[int, int] | None = None  # (points, debt) after it; None on a replay
    settlement: PurchaseSettlement | None = None  # points paid and cashback, if any


def rules_need_caps(rules: list[RuleSpec]) -> bool:
    """Whether any rule is limited per day or month, so the member's recent awards matter."""
    return any(
        rule.daily_cap or rule.monthly_cap or isinstance(rule.params, schemas.EarningCap)
        for rule in rules
    )


def rules_need_birthdays(rules: list[RuleSpec]) -> bool:
    return any(isinstance(rule.params, schemas.Birthday) for rule in rules)


def rules_need_segments(rules: list[RuleSpec]) -> bool:
    return any(rule.audience_segments for rule in rules)


def facts_from(
    *,
    tier: Tier | None,
    birth_date: dt.date | None,
    purchases_before: int,
    birthday_years: frozenset[int],
    by_rule_today: dict[int, int],
    by_rule_month: dict[int, int],
    segment_ids: frozenset[int] = frozenset(),
) -> MemberFacts:
    """The evaluator's MemberFacts from what is known about the member, however it was read
    (from the database by ``member_facts``, or kept in memory by the CSV import)."""
    return MemberFacts(
        tier_code=tier.code if tier else None,
        tier_labels=tier.labels if tier else {},
        tier_multiplier=tier.points_multiplier if tier else MemberFacts().tier_multiplier,
        birth_date=birth_date,
        purchases_before=purchases_before,
        birthday_bonus_years=birthday_years,
        earned_today_by_rule=by_rule_today,
        earned_month_by_rule=by_rule_month,
        earned_today=sum(by_rule_today.values()),
        earned_month=sum(by_rule_month.values()),
        segment_ids=segment_ids,
    )


def member_facts(
    *, member: Member, local_time: dt.datetime, rules: list[RuleSpec], tier_state: MemberTier | None
) -> MemberFacts:
    """What the evaluator needs to know about the member, in as few queries as the rules need."""
    stats = MemberStats.objects.filter(member=member).values_list("purchase_count", flat=True)
    purchases_before = stats.first() or 0
    wants_birthday = member.birth_date is not None and rules_need_birthdays(rules)
    birthday_years = (
        frozenset(BirthdayBonus.objects.filter(member=member).values_list("year", flat=True))
        if wants_birthday
        else frozenset()
    )
    today = local_time.date()
    by_rule_today: dict[int, int] = {}
    by_rule_month: dict[int, int] = {}
    if rules_need_caps(rules):
        rows = (
            PurchaseAward.objects.filter(member=member, local_date__gte=month_start(today))
            .values("rule_id")
            .annotate(month=Sum("points"), today=Sum("points", filter=Q(local_date=today)))
        )
        for row in rows:
            by_rule_month[row["rule_id"]] = row["month"] or 0
            by_rule_today[row["rule_id"]] = row["today"] or 0
    return facts_from(
        tier=tier_state.tier if tier_state else None,
        birth_date=member.birth_date,
        purchases_before=purchases_before,
        birthday_years=birthday_years,
        by_rule_today=by_rule_today,
        by_rule_month=by_rule_month,
        segment_ids=(
            member_segment_ids(member_id=member.pk) if rules_need_segments(rules) else frozenset()
        ),
    )


@dataclass(frozen=True, slots=True)
class Earning:
    """What one purchase earns under the rules: the evaluator's awards and what follows from
    them. Live recording and the CSV import both turn this into rows."""

    awards: list[Award]
    points: int
    line_points: list[int]  # points per purchase line, all awards
    local_date: dt.date  # the purchase date in the club's time zone, for caps

    def explanation(self) -> list[dict[str, Any]]:
        return [award.explanation() for award in self.awards]

    def birthday_years(self) -> set[int]:
        return {award.params["year"] for award in self.awards if award.code == "birthday"}


def purchase_earning(
    *,
    lines: list[LineInput],
    local_time: dt.datetime,
    facts: MemberFacts,
    currency: str,
    rules: list[RuleSpec],
    discounts: list[int] | None = None,
) -> Earning:
    """``discounts`` (per line, minor units) is what points paid: it earns nothing."""
    discounts = discounts or [0] * len(lines)
    context = PurchaseContext(
        lines=[
            Line(
                sku=ln.sku,
                category=ln.category,
                quantity=ln.quantity,
                unit_price=ln.unit_price,
                discount=discount,
            )
            for ln, discount in zip(lines, discounts, strict=True)
        ],
        local_time=local_time,
        member=facts,
        currency=currency,
        calendar=settings.BASHGAH["CALENDAR"],
    )
    awards = evaluate(context, rules)
    return Earning(
        awards=awards,
        points=sum(award.points for award in awards),
        line_points=[sum(award.line_points[i] for award in awards) for i in range(len(lines))],
        local_date=local_time.date(),
    )


def earn_available_at(paid_at: dt.datetime) -> dt.datetime:
    """Earned points are spendable after the return window."""
    return paid_at + dt.timedelta(days=settings.BASHGAH["POINTS_PENDING_DAYS"])


def purchase_events(
    *,
    purchase_id: int,
    member_id: int,
    external_id: str,
    store_code: str,
    total: int,
    currency: str,
    points: int,
) -> list[tuple[str, str, object, dict[str, Any]]]:
    payload = {
        "member_id": member_id,
        "purchase_id": purchase_id,
        "external_id": external_id,
        "store": store_code,
        "total": total,
        "currency": currency,
        "points": points,
    }
    events: list[tuple[str, str, object, dict[str, Any]]] = [
        ("purchase.recorded", "purchase", purchase_id, payload)
    ]
    if points:
        events.append(("points.earned", "member", member_id, payload))
    return events


def _existing(source: str, external_id: str, digest: str) -> PurchaseResult | None:
    purchase = Purchase.objects.filter(source=source, external_id=external_id).first()
    if purchase is None:
        return None
    if purchase.payload_hash != digest:
        raise PurchaseIdReused(details={"external_id": external_id})
    return PurchaseResult(
        purchase=purchase,
        awards=list(purchase.awards.order_by("pk")),
        points=purchase.points,
        tier_change=None,
        replayed=True,
    )


def purchase_record(
    *,
    source: str,
    external_id: str,
    member: Member,
    store: Store,
    lines: list[LineInput],
    total: int,
    currency: str,
    paid_at: dt.datetime,
    actor: str = "",
    rules: list[RuleSpec] | None = None,
    points_to_spend: int = 0,
) -> PurchaseResult:
    """Record a purchase and award its points. A retry with the same (source, external id) and
    the same details returns the first result; other details under that id are a conflict.

    ``points_to_spend`` pays part of the basket with points at the club's rate, in the same
    transaction; the part paid with points earns nothing."""
    validate_purchase(
        external_id=external_id, lines=lines, total=total, currency=currency, paid_at=paid_at
    )
    if member.status != Member.Status.ACTIVE:
        raise MemberHasLeft()
    digest = payload_hash(
        member=member.pk,
        store=store.code,
        lines=lines,
        total=total,
        currency=currency,
        paid_at=paid_at,
        **({"points_to_spend": points_to_spend} if points_to_spend else {}),
    )
    # No look-up first: a new purchase is the common case, and a retry or a racing twin runs
    # into the unique (source, external_id) constraint, which answers with the first result.
    try:
        with transaction.atomic():
            return _record(
                source=source,
                external_id=external_id,
                member=member,
                store=store,
                lines=lines,
                total=total,
                currency=currency,
                paid_at=paid_at,
                actor=actor,
                digest=digest,
                rules=rules,
                points_to_spend=points_to_spend,
            )
    except IntegrityError:
        found = _existing(source, external_id, digest)  # a concurrent retry won the race
        if found:
            return found
        raise


def _record(
    *,
    source: str,
    external_id: str,
    member: Member,
    store: Store,
    lines: list[LineInput],
    total: int,
    currency: str,
    paid_at: dt.datetime,
    actor: str,
    digest: str,
    rules: list[RuleSpec] | None,
    points_to_spend: int = 0,
) -> PurchaseResult:
    # Serialises this member's purchases, returns and spending; the ledger posts below reuse it.
    accounts = member_accounts_lock(member=member)
    rules = active_rule_specs() if rules is None else rules
    tier_state = MemberTier.objects.select_related("tier").filter(member=member).first()
    local_time = paid_at.astimezone(club_zone())
    facts = member_facts(member=member, local_time=local_time, rules=rules, tier_state=tier_state)
    payment = points_payment_plan(
        points=points_to_spend,
        amounts=[ln.quantity * ln.unit_price for ln in lines],
        accounts=accounts,
        at=paid_at,
    )
    earning = purchase_earning(
        lines=lines,
        local_time=local_time,
        facts=facts,
        currency=currency,
        rules=rules,
        discounts=payment.line_discounts,
    )
    points = earning.points
    purchase = Purchase.objects.create(
        source=source,
        external_id=external_id,
        member=member,
        store=store,
        total=total,
        currency=currency,
        paid_at=paid_at,
        points=points,
        payload_hash=digest,
    )
    PurchaseLine.objects.bulk_create(
        PurchaseLine(
            purchase=purchase,
            number=i,
            sku=ln.sku,
            category=ln.category,
            quantity=ln.quantity,
            unit_price=ln.unit_price,
            points=earning.line_points[i - 1],
        )
        for i, ln in enumerate(lines, start=1)
    )
    award_rows = _store_awards(purchase=purchase, earning=earning)
    # Points paying for this basket come from what the member had before it.
    settlement = settle_purchase(
        purchase=purchase,
        member=member,
        payment=payment,
        tier=tier_state.tier if tier_state else None,
        accounts=accounts,
        actor=actor,
    )
    if points:
        tx = points_credit(
            member=member,
            points=points,
            kind=Transaction.Kind.EARN,
            explanation=earning.explanation(),
            reference=Reference(type="purchase", id=str(purchase.pk)),
            available_at=earn_available_at(paid_at),
            expires_at=expiry_for(paid_at),
            actor=actor,
            at=paid_at,
            accounts=accounts,
        )
        purchase.earn_transaction = tx
        purchase.save(update_fields=["earn_transaction"])
    net = total - payment.discount  # what the member paid in money
    member_stats_record_purchase(member=member, amount=net, paid_at=paid_at, store_id=store.pk)
    tier_qualify_record(member=member, spend=net, points=points, at=paid_at)
    tier = tier_reevaluate(member=member, state=tier_state, at=paid_at)
    events_emit(
        purchase_events(
            purchase_id=purchase.pk,
            member_id=member.pk,
            external_id=external_id,
            store_code=store.code,
            total=total,
            currency=currency,
            points=points,
        )
    )
    return PurchaseResult(
        purchase=purchase,
        awards=award_rows,
        points=points,
        tier_change=tier.change if tier else None,
        replayed=False,
        tier_status=tier.status if tier else None,
        balances=(accounts.points.balance, accounts.debt.balance),
        settlement=settlement,
    )


def _store_awards(*, purchase: Purchase, earning: Earning) -> list[PurchaseAward]:
    rows = [
        PurchaseAward(
            purchase=purchase,
            member_id=purchase.member_id,
            rule_id=award.rule_id,
            code=award.code,
            points=award.points,
            line_points=list(award.line_points),
            params=dict(award.params),
            local_date=earning.local_date,
        )
        for award in earning.awards
    ]
    PurchaseAward.objects.bulk_create(rows)
    BirthdayBonus.objects.bulk_create(
        BirthdayBonus(member_id=purchase.member_id, year=year) for year in earning.birthday_years()
    )
    return rows
