from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from bashgah.core.calendars import add_months
from bashgah.members.models import Member
from bashgah.tiers.models import MemberTier, Tier, TierPolicy
from bashgah.tiers.services import qualification, tier_policy, tiers_ordered


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


def tier_status(*, member: Member, at: dt.datetime | None = None) -> TierStatus:
    at = at or timezone.now()
    policy = tier_policy()
    tiers = tiers_ordered()
    state = MemberTier.objects.select_related("tier").filter(member=member).first()
    tier = state.tier if state else (tiers[0] if tiers else None)
    q = qualification(member=member, at=at, policy=policy)
    higher = [t for t in tiers if tier is None or t.rank > tier.rank]
    next_tier = higher[0] if higher else None
    deadline = None
    if next_tier is not None:
        anchor = q.earliest_at or at
        end = add_months(anchor.date(), policy.window_months)
        deadline = anchor.replace(year=end.year, month=end.month, day=end.day)
    return TierStatus(
        tier=tier,
        basis=policy.basis,
        value=q.value,
        window_months=policy.window_months,
        next_tier=next_tier,
        needed=max(next_tier.threshold - q.value, 0) if next_tier else 0,
        deadline=deadline,
        manual_until=state.manual_until if state else None,
        points_multiplier=tier.points_multiplier if tier else Decimal(1),
        discount_percent=tier.discount_percent if tier else Decimal(0),
        cashback_percent=tier.cashback_percent if tier else Decimal(0),
    )


__all__ = ["TierPolicy", "TierStatus", "tier_status"]
