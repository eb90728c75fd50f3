"""Tier reads: the club's tiers and policy (cached briefly), a member's qualification and
status with "spend X more by D"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bashgah.core.calendars import add_months
from bashgah.core.config_cache import cached
from bashgah.members.models import Member
from bashgah.tiers.models import (
    POLICY_KEY,
    TIERS_KEY,
    MemberTier,
    QualifyingActivity,
    Tier,
    TierPolicy,
)


def tier_policy() -> TierPolicy:
    return cached(POLICY_KEY, lambda: TierPolicy.objects.get_or_create(pk=1)[0])


def tiers_ordered() -> list[Tier]:
    return cached(TIERS_KEY, lambda: list(Tier.objects.order_by("rank")))


def _months_later(moment: dt.datetime, months: int) -> dt.datetime:
    day = add_months(moment.date(), months)
    return moment.replace(year=day.year, month=day.month, day=day.day)


@dataclass(frozen=True, slots=True)
class Qualification:
    value: int
    earliest_at: dt.datetime | None  # oldest activity still counting in the window


def qualification(*, member: Member, at: dt.datetime, policy: TierPolicy) -> Qualification:
    field = "spend" if policy.basis == TierPolicy.Basis.SPEND else "points"
    row = QualifyingActivity.objects.filter(
        member=member,
        occurred_at__gt=_months_later(at, -policy.window_months),
        occurred_at__lte=at,
    ).aggregate(value=Coalesce(Sum(field), Value(0)), earliest=Min("occurred_at"))
    return Qualification(value=max(row["value"], 0), earliest_at=row["earliest"])


def tier_for_value(tiers: list[Tier], value: int) -> Tier | None:
    qualified = [tier for tier in tiers if tier.threshold <= value]
    return qualified[-1] if qualified else None


@dataclass(frozen=True, slots=True)
class TierStatus:
    tier: Tier | None
    basis: str  # "spend" or "points"
    value: int  # qualifying spend or points in the current window
    window_months: int
    next_tier: Tier | None
    needed: int  # how much more spend or points reaches the next tier
    deadline: dt.datetime | None  # reach it by then, before the oldest counted activity drops out
    manual_until: dt.datetime | None
    points_multiplier: Decimal
    discount_percent: Decimal
    cashback_percent: Decimal


def status_of(
    *,
    tier: Tier | None,
    manual_until: dt.datetime | None,
    tiers: list[Tier],
    policy: TierPolicy,
    q: Qualification,
    at: dt.datetime,
) -> TierStatus:
    higher = [t for t in tiers if tier is None or t.rank > tier.rank]
    next_tier = higher[0] if higher else None
    deadline = _months_later(q.earliest_at or at, policy.window_months) if next_tier else None
    return TierStatus(
        tier=tier,
        basis=policy.basis,
        value=q.value,
        window_months=policy.window_months,
        next_tier=next_tier,
        needed=max(next_tier.threshold - q.value, 0) if next_tier else 0,
        deadline=deadline,
        manual_until=manual_until,
        points_multiplier=tier.points_multiplier if tier else Decimal(1),
        discount_percent=tier.discount_percent if tier else Decimal(0),
        cashback_percent=tier.cashback_percent if tier else Decimal(0),
    )


def tier_status(*, member: Member, at: dt.datetime | None = None) -> TierStatus:
    at = at or timezone.now()
    policy = tier_policy()
    tiers = tiers_ordered()
    state = MemberTier.objects.select_related("tier").filter(member=member).first()
    tier = state.tier if state else (tiers[0] if tiers else None)
    return status_of(
        tier=tier,
        manual_until=state.manual_until if state else None,
        tiers=tiers,
        policy=policy,
        q=qualification(member=member, at=at, policy=policy),
        at=at,
    )
