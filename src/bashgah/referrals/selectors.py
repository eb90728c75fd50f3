"""Referral reads: resolving a code, a member's code and link, and their referral counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
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
