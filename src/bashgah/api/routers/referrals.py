from django.http import HttpRequest
from ninja import Router, Schema

from bashgah.api import schemas as s
from bashgah.members.selectors import member_get
from bashgah.referrals.selectors import referral_counts, referral_link
from bashgah.referrals.services import referral_code_ensure

router = Router(tags=["referrals"])
ERRORS = s.ERRORS


class ReferralCountsOut(Schema):
    invited: int
    awaiting_purchase: int
    qualified: int
    rewarded: int
    pending: int
    refused: int
    reversed: int


class ReferralOut(Schema):
    code: str
    link: str
    counts: ReferralCountsOut


@router.get(
    "/members/{member_id}/referral",
    response={200: ReferralOut, **ERRORS},
    summary="The member's invitation code and link, and how their invitations went",
    description=(
        "`invited`: joined with the code; `awaiting_purchase`: no qualifying purchase yet; "
        "`qualified`: made one; `rewarded`: the reward was given; `pending`: of those, still in "
        "the pending period; `refused` and `reversed`: not rewarded, or taken back after a "
        "return. The code is made the first time it is asked for."
    ),
)
def referral(request: HttpRequest, member_id: int) -> ReferralOut:
    member = member_get(member_id=member_id)
    code = referral_code_ensure(member=member)
    counts = referral_counts(member=member)
    return ReferralOut(
        code=code.code,
        link=referral_link(code.code),
        counts=ReferralCountsOut(
            invited=counts.invited,
            awaiting_purchase=counts.awaiting_purchase,
            qualified=counts.qualified,
            rewarded=counts.rewarded,
            pending=counts.pending,
            refused=counts.refused,
            reversed=counts.reversed,
        ),
    )
