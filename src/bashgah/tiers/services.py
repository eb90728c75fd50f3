"""Tier movements: upgrades happen on the purchase that qualifies; downgrades only at review,
one level at a time, after a grace period; a tier granted by staff lasts until its end date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.models import Member
from bashgah.tiers.models import MemberTier, QualifyingActivity, Tier, TierChange, TierPolicy
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
) -> TierChange | None:
    """Put the member in ``tier`` until ``until``; the review then returns them to the tier they
    earned. A member already in ``tier`` only has the grant's end moved (never earlier), with
    no tier change recorded or announced; None is returned then."""
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
        same_tier = state.tier_id == tier.pk
        if same_tier and state.manual_until:
            until = max(until, state.manual_until)
        state.manual_until, state.manual_reason = until, reason.strip()
        state.save(update_fields=["manual_until", "manual_reason"])
        if same_tier:
            return None
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


class InvalidTier(ValidationFailed):
    code = "invalid_tier"


TIER_FIELDS = ("labels", "threshold", "points_multiplier", "discount_percent", "cashback_percent")
_TIER_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_LANGUAGES = ("fa", "he", "en")


def _decimal_error(value: object, *, low: Decimal, high: Decimal) -> str | None:
    if not isinstance(value, Decimal) or not value.is_finite():
        return str(_("Enter a number."))
    if value < low or value > high:
        return str(_("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high})
    if value != value.quantize(Decimal("0.01")):
        return str(_("At most two decimal places."))
    return None


def _tier_errors(
    *,
    rank: int,
    labels: object,
    threshold: object,
    points_multiplier: object,
    discount_percent: object,
    cashback_percent: object,
    exclude_pk: int | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not isinstance(labels, dict) or not any(
        str(labels.get(language) or "").strip() for language in _LANGUAGES
    ):
        errors["labels"] = str(_("Name the tier in at least one language."))
    elif any(len(str(labels.get(language) or "").strip()) > 60 for language in _LANGUAGES):
        errors["labels"] = str(_("At most %(count)d characters.") % {"count": 60})
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 0:
        errors["threshold"] = str(_("Give a whole number, zero or more."))
    elif rank == 0 and threshold != 0:
        errors["threshold"] = str(_("The entry tier starts at zero."))
    else:
        others = Tier.objects.exclude(pk=exclude_pk) if exclude_pk else Tier.objects.all()
        below = others.filter(rank__lt=rank, threshold__gte=threshold).order_by("-rank").first()
        above = others.filter(rank__gt=rank, threshold__lte=threshold).order_by("rank").first()
        if below is not None:
            errors["threshold"] = str(
                _("Must be higher than the threshold of %(tier)s.") % {"tier": below.code}
            )
        elif above is not None:
            errors["threshold"] = str(
                _("Must be lower than the threshold of %(tier)s.") % {"tier": above.code}
            )
    for name, value, low in (
        ("points_multiplier", points_multiplier, Decimal(1)),
        ("discount_percent", discount_percent, Decimal(0)),
        ("cashback_percent", cashback_percent, Decimal(0)),
    ):
        high = Decimal(20) if name == "points_multiplier" else Decimal(100)
        problem = _decimal_error(value, low=low, high=high)
        if problem:
            errors[name] = problem
    return errors


def _clean_labels(labels: dict[str, str]) -> dict[str, str]:
    return {language: str(labels.get(language) or "").strip() for language in _LANGUAGES}


def tier_create(
    *,
    code: str,
    rank: int,
    labels: dict[str, str],
    threshold: int,
    points_multiplier: Decimal = Decimal(1),
    discount_percent: Decimal = Decimal(0),
    cashback_percent: Decimal = Decimal(0),
) -> Tier:
    """A new level. Rank 0 is the entry tier (threshold zero); thresholds rise with the rank.
    Existing members move into it at their next purchase or at the review."""
    code = (code or "").strip().lower()
    errors = _tier_errors(
        rank=rank,
        labels=labels,
        threshold=threshold,
        points_multiplier=points_multiplier,
        discount_percent=discount_percent,
        cashback_percent=cashback_percent,
        exclude_pk=None,
    )
    if not _TIER_CODE.match(code):
        errors["code"] = str(
            _("Use up to 32 lower-case Latin letters, digits, hyphens or underscores.")
        )
    elif Tier.objects.filter(code=code).exists():
        errors["code"] = str(_("Another tier already has this code."))
    if not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 100:
        errors["rank"] = str(_("Give a whole number from 0 to 100."))
    elif Tier.objects.filter(rank=rank).exists():
        errors["rank"] = str(_("Another tier already has this rank."))
    if errors:
        raise InvalidTier(_("The tier has errors; fix them and try again."), details=errors)
    return Tier.objects.create(
        code=code,
        rank=rank,
        labels=_clean_labels(labels),
        threshold=threshold,
        points_multiplier=points_multiplier,
        discount_percent=discount_percent,
        cashback_percent=cashback_percent,
    )


def tier_update(*, tier: Tier, **changes: object) -> Tier:
    """Change a tier's names, threshold and benefits. Its code and rank stay: rules, rewards
    and members' histories refer to them. A raised threshold moves nobody down before the
    review; a lowered one upgrades members at their next purchase or at the review."""
    unknown = set(changes) - set(TIER_FIELDS)
    if unknown:
        raise InvalidTier(details={name: str(_("Unknown field.")) for name in sorted(unknown)})
    data: dict[str, Any] = {name: getattr(tier, name) for name in TIER_FIELDS} | changes
    errors = _tier_errors(rank=tier.rank, exclude_pk=tier.pk, **data)
    if errors:
        raise InvalidTier(_("The tier has errors; fix them and try again."), details=errors)
    data["labels"] = _clean_labels(data["labels"])
    for name, value in data.items():
        setattr(tier, name, value)
    tier.save(update_fields=list(TIER_FIELDS))
    return tier


def tier_policy_update(*, basis: str, window_months: int, grace_days: int) -> TierPolicy:
    """How tiers are earned. The thresholds are read in the basis' unit (spend or points), so
    changing the basis means revising them too; members move at their next purchase or review."""
    errors = {}
    if basis not in TierPolicy.Basis.values:
        errors["basis"] = str(_("Choose spend or points."))
    if not isinstance(window_months, int) or not 1 <= window_months <= 60:
        errors["window_months"] = str(_("Give a whole number from 1 to 60."))
    if not isinstance(grace_days, int) or not 0 <= grace_days <= 365:
        errors["grace_days"] = str(_("Give a whole number from 0 to 365."))
    if errors:
        raise InvalidTier(_("The policy has errors; fix them and try again."), details=errors)
    policy, _created = TierPolicy.objects.get_or_create(pk=1)
    policy.basis, policy.window_months, policy.grace_days = basis, window_months, grace_days
    policy.save(update_fields=["basis", "window_months", "grace_days"])
    return policy
