"""Tier movements: upgrades happen on the purchase that qualifies; downgrades only at review,
one level at a time, after a grace period; a tier granted by staff lasts until its end date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.models import Member
from bashgah.tiers.models import MemberTier, QualifyingActivity, Tier, TierChange
from bashgah.tiers.selectors import (
    TierStatus,
    qualification,
    status_of,
    tier_for_value,
    tier_policy,
    tiers_ordered,
)


def _change(
    *, state: MemberTier, to_tier: Tier, reason: str, at: dt.datetime, note: str = ""
) -> TierChange:
    from_tier = state.tier if state.tier_id else None
    change = TierChange.objects.create(
        member_id=state.member_id,
        from_tier=from_tier,
        to_tier=to_tier,
        reason=reason,
        note=note,
        changed_at=at,
    )
    direction = "up" if from_tier is None or to_tier.rank > from_tier.rank else "down"
    state.tier, state.since, state.below_since = to_tier, at, None
    state.save(update_fields=["tier", "since", "below_since"])
    event_emit(
        topic="tier.changed",
        aggregate_type="member",
        aggregate_id=state.member_id,
        payload={
            "member_id": state.member_id,
            "from": from_tier.code if from_tier else None,
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


@dataclass(frozen=True, slots=True)
class TierOutcome:
    change: TierChange | None
    status: TierStatus


def tier_reevaluate(
    *, member: Member, state: MemberTier | None = None, at: dt.datetime | None = None
) -> TierOutcome | None:
    """Upgrade at once if the member now qualifies for a higher tier; never downgrade here.
    Returns the member's tier status after it (None when the club has no tiers).

    Caller holds the member's ledger lock (``purchase_record`` does), so two purchases cannot
    both upgrade; ``state`` is the member's tier row if the caller already read it.
    """
    at = at or timezone.now()
    tiers = tiers_ordered()
    if not tiers:
        return None
    policy = tier_policy()
    if state is None:
        state = MemberTier.objects.select_related("tier").filter(member=member).first()
    if state is None:
        state = member_tier_start(member=member, at=at)
        assert state is not None
    q = qualification(member=member, at=at, policy=policy)
    earned = tier_for_value(tiers, q.value)
    change = None
    if earned is not None and earned.rank > state.tier.rank:
        change = _change(state=state, to_tier=earned, reason=TierChange.Reason.UPGRADE, at=at)
    elif state.below_since and earned and earned.rank >= state.tier.rank:
        state.below_since = None
        state.save(update_fields=["below_since"])
    status = status_of(
        tier=state.tier, manual_until=state.manual_until, tiers=tiers, policy=policy, q=q, at=at
    )
    return TierOutcome(change=change, status=status)


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
    upgraded: int
    downgraded: int
    grace_started: int
    manual_ended: int


def _review_one(*, state: MemberTier, tiers: list[Tier], at: dt.datetime) -> str | None:
    """Review one member (row locked by the caller); returns what happened, if anything."""
    policy = tier_policy()
    earned = tier_for_value(tiers, qualification(member=state.member, at=at, policy=policy).value)
    earned = earned or tiers[0]
    if state.manual_until:
        if state.manual_until > at:
            return None
        state.manual_until, state.manual_reason = None, ""
        state.save(update_fields=["manual_until", "manual_reason"])
        if earned.rank != state.tier.rank:
            _change(state=state, to_tier=earned, reason=TierChange.Reason.MANUAL_ENDED, at=at)
        return "manual_ended"
    if earned.rank > state.tier.rank:  # e.g. the club lowered a threshold
        _change(state=state, to_tier=earned, reason=TierChange.Reason.UPGRADE, at=at)
        return "upgraded"
    if earned.rank == state.tier.rank:
        if state.below_since:
            state.below_since = None
            state.save(update_fields=["below_since"])
        return None
    if state.below_since is None:
        state.below_since = at
        state.save(update_fields=["below_since"])
        return "grace_started"
    if at < state.below_since + dt.timedelta(days=policy.grace_days):
        return None
    lower = max((tier for tier in tiers if tier.rank < state.tier.rank), key=lambda t: t.rank)
    _change(state=state, to_tier=lower, reason=TierChange.Reason.DOWNGRADE, at=at)
    if lower.rank > earned.rank:
        state.below_since = at  # still below: the next step down needs another grace period
        state.save(update_fields=["below_since"])
    return "downgraded"


def tier_review(*, at: dt.datetime | None = None) -> ReviewSummary:
    """The periodic review: one level down for members below their tier for the whole grace
    period; members who fell below now start their grace period; granted tiers that ended
    fall back to what the member has earned; members who qualify for more (a threshold was
    lowered, or they joined before the club had tiers) go up. Each member is reviewed in its
    own transaction."""
    at = at or timezone.now()
    tiers = tiers_ordered()
    counts = {"reviewed": 0, "upgraded": 0, "downgraded": 0, "grace_started": 0, "manual_ended": 0}
    if not tiers:
        return ReviewSummary(**counts)
    # Members who joined before the club had tiers start in the entry tier.
    newcomers = Member.objects.filter(status=Member.Status.ACTIVE, tier_state__isnull=True)
    for member in newcomers.iterator():
        with transaction.atomic():
            member_tier_start(member=member, at=at)
    states = MemberTier.objects.filter(member__status=Member.Status.ACTIVE)
    for state_id in states.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            state = (
                MemberTier.objects.select_for_update()
                .select_related("tier", "member")
                .get(pk=state_id)
            )
            counts["reviewed"] += 1
            outcome = _review_one(state=state, tiers=tiers, at=at)
            if outcome:
                counts[outcome] += 1
    return ReviewSummary(**counts)
