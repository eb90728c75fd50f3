"""Referral reads: resolving a code, a member's code and link, their referral counts, and the
club's recent referrals and totals for the staff pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.codes import is_well_formed, normalize_code
from bashgah.core.errors import NotFound, ValidationFailed
from bashgah.members.models import Member
from bashgah.referrals.models import Referral, ReferralCode, ReferralProgram, ReferralReward

LINK_PREFIX = "/r/"


class ReferralCodeMistyped(ValidationFailed):
    code = "referral_code_invalid"
    default_message = _("This invitation code is mistyped; check it and try again.")


class ReferralCodeUnknown(NotFound):
    code = "referral_code_unknown"
    default_message = _("No club member has this invitation code.")


def referral_link(code: str) -> str:
    """The path members share (``/r/<code>``); the portal serves the page behind it."""
    return f"{LINK_PREFIX}{code}"


def referral_resolve(*, code: str) -> Member:
    """The active member whose invitation code this is (any case, spaces, dashes, Persian
    digits). A mistyped code is told apart from an unknown one before the database is asked."""
    normalized = normalize_code(code)
    if not is_well_formed(normalized):
        raise ReferralCodeMistyped(details={"referral_code": code})
    row = (
        ReferralCode.objects.select_related("member")
        .filter(code=normalized, member__status=Member.Status.ACTIVE)
        .first()
    )
    if row is None:
        raise ReferralCodeUnknown(details={"referral_code": normalized})
    return row.member


def referral_program() -> ReferralProgram | None:
    return ReferralProgram.objects.filter(pk=1).first()


@dataclass(frozen=True, slots=True)
class ReferralCounts:
    invited: int  # joined with the member's code
    awaiting_purchase: int  # joined, no qualifying purchase yet
    qualified: int  # made a qualifying purchase, whatever was decided
    rewarded: int  # the reward was given (and not taken back)
    pending: int  # of those, rewards still in the pending period
    refused: int
    reversed: int


def referral_counts(*, member: Member, at: dt.datetime | None = None) -> ReferralCounts:
    at = at or timezone.now()
    statuses = dict(
        Referral.objects.filter(referrer=member)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    pending = ReferralReward.objects.filter(
        Q(available_at__gt=at), referrer=member, outcome=ReferralReward.Outcome.REWARDED
    ).count()
    joined = statuses.get(Referral.Status.JOINED, 0)
    invited = sum(statuses.values())
    return ReferralCounts(
        invited=invited,
        awaiting_purchase=joined,
        qualified=invited - joined,
        rewarded=statuses.get(Referral.Status.REWARDED, 0),
        pending=pending,
        refused=statuses.get(Referral.Status.REFUSED, 0),
        reversed=statuses.get(Referral.Status.REVERSED, 0),
    )


def referrals_recent(*, limit: int = 50) -> list[Referral]:
    """The latest referrals, newest first, with both members and the reward decision (if made)
    joined in, for the staff page."""
    return list(
        Referral.objects.select_related("referrer", "newcomer", "reward").order_by(
            "-joined_at", "-pk"
        )[:limit]
    )


@dataclass(frozen=True, slots=True)
class ReferralTotals:
    """The club's referrals so far: how many are at each stage, why rewards were refused, and
    the points given (rewards taken back excluded)."""

    invited: int
    awaiting_purchase: int
    rewarded: int
    refused: int
    reversed: int
    refusals: dict[str, int]  # reason -> referrals
    referrer_points: int
    newcomer_points: int

    @property
    def points_given(self) -> int:
        return self.referrer_points + self.newcomer_points


def referral_totals() -> ReferralTotals:
    """Two aggregate queries: referrals by status and reason, and the points of rewards that
    still stand."""
    counts: dict[str, int] = {}
    refusals: dict[str, int] = {}
    rows = Referral.objects.values_list("status", "reason").annotate(n=Count("pk")).order_by()
    for status, reason, number in rows:
        counts[status] = counts.get(status, 0) + number
        if status == Referral.Status.REFUSED:
            refusals[reason] = refusals.get(reason, 0) + number
    given = ReferralReward.objects.filter(outcome=ReferralReward.Outcome.REWARDED).aggregate(
        referrer=Sum("referrer_points"), newcomer=Sum("newcomer_points")
    )
    return ReferralTotals(
        invited=sum(counts.values()),
        awaiting_purchase=counts.get(Referral.Status.JOINED, 0),
        rewarded=counts.get(Referral.Status.REWARDED, 0),
        refused=counts.get(Referral.Status.REFUSED, 0),
        reversed=counts.get(Referral.Status.REVERSED, 0),
        refusals=dict(sorted(refusals.items(), key=lambda item: -item[1])),
        referrer_points=given["referrer"] or 0,
        newcomer_points=given["newcomer"] or 0,
    )
