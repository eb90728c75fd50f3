"""Row locks for referrals, in one place: held for one transaction."""

from __future__ import annotations

from bashgah.members.models import Member
from bashgah.referrals.models import ReferralCode


def referrer_lock(*, member: Member) -> ReferralCode | None:
    """Lock the referrer's code row, so their rewards are decided one at a time and the cap
    per period is counted under the lock. Caller is inside ``transaction.atomic``."""
    return ReferralCode.objects.select_for_update().filter(member=member).first()
