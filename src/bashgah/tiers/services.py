"""Tier movements: upgrades happen on the purchase that qualifies; downgrades only at review,
one level at a time, after a grace period; a tier granted by staff lasts until its end date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Min, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.calendars import add_months
from bashgah.core.errors import ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.models import Member
from bashgah.tiers.models import MemberTier, QualifyingActivity, Tier, TierChange, TierPolicy


def tier_policy() -> TierPolicy:
    policy, _created = TierPolicy.objects.get_or_create(pk=1)
    return policy


def tiers_ordered() -> list[Tier]:
    return list(Tier.objects.order_by("rank"))


def window_start(at: dt.datetime, policy: TierPolicy) -> dt.datetime:
    start = add_months(at.date(), -policy.window_months)
    return at.replace(year=start.year, month=start.month, day=start.day)


@dataclass(frozen=True, slots=True)
class Qualification:
    value: int
    earliest_at: dt.datetime | None  # oldest activity still counting in the window


def qualification(*, member: Member, at: dt.datetime, policy: TierPolicy) -> Qualification:
    field = "spend" if policy.basis == TierPolicy.Basis.SPEND else "points"
    row = QualifyingActivity.objects.filter(
        member=member, occurred_at__gt=window_start(at, policy), occurred_at__lte=at
    ).aggregate(value=Coalesce(Sum(field), Value(0)), earliest=Min("occurred_at"))
    return Qualification(value=max(row["value"], 0), earliest_at=row["earliest"])


def tier_for_value(tiers: list[Tier], value: int) -> Tier | None:
    qualified = [tier for tier in tiers if tier.threshold <= value]
    return qualified[-1] if qualified else None


def _change(
    *, state: MemberTier, to_tier: Tier, reason: str, at: dt.datetime, note: str = ""
) -> TierChange:
    from_code = state.tier.code if state.tier_id else None
    change = TierChange.objects.create(
        member_id=state.member_id,
        from_tier_id=state.tier_id,
        to_tier=to_tier,
        reason=reason,
        note=note,
        changed_at=at,
    )
    direction = "up" if to_tier.rank > (state.tier.rank if state.tier_id else -1) else "down"
    state.tier, state.since, state.below_since = to_tier, at, None
    state.save(update_fields=["tier", "since", "below_since"])
    event_emit(
        topic="tier.changed",
        aggregate_type="member",
        aggregate_id=state.member_id,
        payload={
            "member_id": state.member_id,
            "from": from_code,
            "to": to_tier.code,
            "direction": direction,
            "reason": reason,
        },
    )
    return change


def member_tier_start(*, member: Member, at: dt.datetime) -> MemberTier | None:
    """Put a new member in the entry tier (if the club has tiers)."""
    tiers = tiers_ordered()
    if not tiers:
        return None
    state = MemberTier.objects.create(member=member, tier=tiers[0], since=at)
    TierChange.objects.create(
        member=member, to_tier=tiers[0], reason=TierChange.Reason.JOIN, changed_at=at
    )
    return state


def tier_qualify_record(*, member: Member, spend: int, points: int, at: dt.datetime) -> None:
    QualifyingActivity.objects.create(member=member, spend=spend, points=points, occurred_at=at)


def tier_reevaluate(*, member: Member, at: dt.datetime | None = None) -> TierChange | None:
    """Upgrade at once if the member now qualifies for a higher tier; never downgrade here.

    Caller holds the member's ledger lock (``purchase_record`` does), so two purchases cannot
    both upgrade.
    """
    at = at or timezone.now()
    tiers = tiers_ordered()
    if not tiers:
        return None
    state = MemberTier.objects.select_related("tier").filter(member=member).first()
    if state is None:
        state = member_tier_start(member=member, at=at)
        assert state is not None
    earned = tier_for_value(tiers, qualification(member=member, at=at, policy=tier_policy()).value)
    if earned is None or earned.rank <= state.tier.rank:
        if state.below_since and earned and earned.rank >= state.tier.rank:
            state.below_since = None
            state.save(update_fields=["below_since"])
        return None
    return _change(state=state, to_tier=earned, reason=TierChange.Reason.UPGRADE, at=at)


def tier_grant(
    *, member: Member, tier: Tier, until: dt.datetime, reason: str, at: dt.datetime | None = None
) -> TierChange:
    at = at or timezone.now()
    if until <= at:
        raise ValidationFailed(details={"until": str(_("The end date must be in the future."))})
    if not reason.strip():
        raise ValidationFailed(details={"reason": str(_("Say why the tier is granted."))})
    with transaction.atomic():
        state = MemberTier.objects.select_for_update().filter(member=member).first()
        if state is None:
            state = member_tier_start(member=member, at=at)
            assert state is not None
        state.manual_until, state.manual_reason = until, reason.strip()
        state.save(update_fields=["manual_until", "manual_reason"])
        return _change(
            state=state, to_tier=tier, reason=TierChange.Reason.MANUAL, at=at, note=reason.strip()
        )


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    reviewed: int
    downgraded: int
    grace_started: int
    manual_ended: int


def tier_review(*, at: dt.datetime | None = None) -> ReviewSummary:
    """The periodic review: one level down for members below their tier for the whole grace
    period; members who fell below now start their grace period; granted tiers that ended
    fall back to what the member has earned."""
    at = at or timezone.now()
    policy = tier_policy()
    tiers = tiers_ordered()
    by_rank = {tier.rank: tier for tier in tiers}
    reviewed = downgraded = grace_started = manual_ended = 0
    states = MemberTier.objects.select_related("tier").filter(member__status=Member.Status.ACTIVE)
    for state_id in states.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            state = (
                MemberTier.objects.select_for_update()
                .select_related("tier", "member")
                .get(pk=state_id)
            )
            reviewed += 1
            value = qualification(member=state.member, at=at, policy=policy).value
            earned = tier_for_value(tiers, value) or tiers[0]
            if state.manual_until:
                if state.manual_until > at:
                    continue
                state.manual_until, state.manual_reason = None, ""
                state.save(update_fields=["manual_until", "manual_reason"])
                manual_ended += 1
                if earned.rank != state.tier.rank:
                    _change(
                        state=state, to_tier=earned, reason=TierChange.Reason.MANUAL_ENDED, at=at
                    )
                continue
            if earned.rank >= state.tier.rank:
                if state.below_since:
                    state.below_since = None
                    state.save(update_fields=["below_since"])
                continue
            if state.below_since is None:
                state.below_since = at
                state.save(update_fields=["below_since"])
                grace_started += 1
            elif at >= state.below_since + dt.timedelta(days=policy.grace_days):
                lower = max(rank for rank in by_rank if rank < state.tier.rank)
                _change(
                    state=state, to_tier=by_rank[lower], reason=TierChange.Reason.DOWNGRADE, at=at
                )
                if by_rank[lower].rank > earned.rank:
                    state.below_since = at  # still below: the next step needs another grace
                    state.save(update_fields=["below_since"])
                downgraded += 1
    return ReviewSummary(reviewed, downgraded, grace_started, manual_ended)
