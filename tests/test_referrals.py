"""Referrals end to end: codes and links, joining with a code through the API, the reward at the
newcomer's first qualifying purchase (pending like earned points), every abuse guard, the cap
over a period boundary, and the reversal when the qualifying purchase comes back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.core.codes import check_character, is_well_formed
from bashgah.events.dispatch import dispatch_pending
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.members.models import Member
from bashgah.purchases.services import member_leave_club, purchase_return
from bashgah.referrals.models import KnownPhone, Referral, ReferralReward
from bashgah.referrals.selectors import (
    ReferralCodeMistyped,
    ReferralCodeUnknown,
    referral_counts,
    referral_resolve,
)
from bashgah.referrals.services import (
    SelfReferral,
    known_phones_backfill,
    referral_code_ensure,
    referral_join,
    referral_program_set,
    referral_reward_decide,
)
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db

PENDING_DAYS = 14


@pytest.fixture(autouse=True)
def _pending(settings):
    settings.BASHGAH = {**settings.BASHGAH, "POINTS_PENDING_DAYS": PENDING_DAYS}


@pytest.fixture
def program(db):
    return referral_program_set(
        referrer_points=100, newcomer_points=50, minimum_purchase=500_000, cap_count=0
    )


@pytest.fixture
def referrer(make_member):
    return make_member("09120000001", first_name="Referrer")


def code_of(member: Member) -> str:
    return referral_code_ensure(member=member).code


def join(referrer: Member, phone: str, **kwargs):
    return referral_join(phone=phone, code=code_of(referrer), **kwargs).member


def points(member: Member) -> tuple[int, int]:
    summary = points_summary(member=member)
    return summary.balance, summary.pending


def qualify(buy, member, *, at=None, amount=600_000):
    result = buy(member, ("tv", "electronics", 1, amount), at=at)
    dispatch_pending()
    return result


def test_code_and_link_through_the_api(api, referrer):
    first = api.get(f"/members/{referrer.pk}/referral")
    assert first.status_code == 200, first.json()
    body = first.json()
    assert len(body["code"]) == 8 and is_well_formed(body["code"])
    assert body["link"] == f"/r/{body['code']}"
    assert body["counts"] == {
        "invited": 0,
        "awaiting_purchase": 0,
        "qualified": 0,
        "rewarded": 0,
        "pending": 0,
        "refused": 0,
        "reversed": 0,
    }
    assert api.get(f"/members/{referrer.pk}/referral").json()["code"] == body["code"]
    assert api.get("/members/999999/referral").status_code == 404


def test_resolve_accepts_how_people_type_codes(referrer):
    code = code_of(referrer)
    typed = f"{code[:4].lower()}-{code[4:]}"
    assert referral_resolve(code=typed) == referrer
    wrong_check = code[:-1] + ("2" if code[-1] != "2" else "3")
    with pytest.raises(ReferralCodeMistyped):
        referral_resolve(code=wrong_check)
    with pytest.raises(ReferralCodeMistyped):
        referral_resolve(code="hello")


def test_enrol_with_code_then_first_qualifying_purchase_rewards_both(
    api, referrer, program, base_rule, buy
):
    code = api.get(f"/members/{referrer.pk}/referral").json()["code"]
    response = api.post("/members", {"phone": "09125550001", "referral_code": code})
    assert response.status_code == 201, response.json()
    newcomer = Member.objects.get(pk=response.json()["member"]["id"])
    referral = Referral.objects.get(newcomer=newcomer)
    assert (referral.referrer, referral.status) == (referrer, Referral.Status.JOINED)
    before_referrer, before_newcomer = points(referrer), points(newcomer)

    small = qualify(buy, newcomer, amount=400_000)  # under the minimum: not qualifying
    assert not ReferralReward.objects.exists()
    assert points(referrer) == before_referrer

    paid_at = timezone.now()
    purchase = qualify(buy, newcomer, at=paid_at).purchase
    reward = ReferralReward.objects.get()
    assert (reward.outcome, reward.purchase_id) == (ReferralReward.Outcome.REWARDED, purchase.pk)
    assert reward.available_at == paid_at + dt.timedelta(days=PENDING_DAYS)
    assert points(referrer) == (before_referrer[0] + 100, before_referrer[1] + 100)
    newcomer_earned = small.points + purchase.points
    assert points(newcomer)[0] == before_newcomer[0] + newcomer_earned + 50
    assert reward.newcomer_transaction.explanation[0]["params"]["labels"]["en"] == (
        "Welcome gift for joining with a friend's invitation"
    )

    counts = api.get(f"/members/{referrer.pk}/referral").json()["counts"]
    assert counts == {
        "invited": 1,
        "awaiting_purchase": 0,
        "qualified": 1,
        "rewarded": 1,
        "pending": 1,
        "refused": 0,
        "reversed": 0,
    }
    after_pending = referral_counts(
        member=referrer, at=paid_at + dt.timedelta(days=PENDING_DAYS, seconds=1)
    )
    assert (after_pending.rewarded, after_pending.pending) == (1, 0)

    # A second qualifying purchase, or the same event again, pays nothing more.
    qualify(buy, newcomer)
    assert referral_reward_decide(purchase_id=purchase.pk) is None
    assert ReferralReward.objects.count() == 1
    assert points(referrer)[0] == before_referrer[0] + 100
    assert ledger_is_sound()


def test_enrol_with_a_bad_code_changes_nothing(api, referrer):
    members = Member.objects.count()
    mistyped = api.post("/members", {"phone": "09125550002", "referral_code": "ABCDEFGH"})
    assert mistyped.status_code == 422 and mistyped.json()["error"] == "referral_code_invalid"
    code = code_of(referrer)
    member_leave_club(member=referrer)
    unknown = api.post("/members", {"phone": "09125550002", "referral_code": code})
    assert unknown.status_code == 404 and unknown.json()["error"] == "referral_code_unknown"
    assert Member.objects.count() == members
    assert not Referral.objects.exists()


def test_own_code_is_refused_and_changes_nothing(referrer):
    members = Member.objects.count()
    with pytest.raises(SelfReferral):
        referral_join(phone="+989120000001", code=code_of(referrer))
    with pytest.raises(SelfReferral):
        referral_join(phone="۰۹۱۲۰۰۰۰۰۰۱", code=code_of(referrer))
    assert Member.objects.count() == members
    assert not Referral.objects.exists()


def test_a_number_that_was_a_member_before_earns_no_reward(referrer, program, make_member, buy):
    earlier = make_member("09125550003")
    dispatch_pending()  # member.enrolled: the number is remembered
    member_leave_club(member=earlier)
    assert not Member.objects.filter(phone="+989125550003").exists()  # anonymised

    newcomer = join(referrer, "09125550003")
    before = points(referrer)
    qualify(buy, newcomer)
    reward = ReferralReward.objects.get()
    assert (reward.outcome, reward.reason) == ("refused", "known_phone")
    assert Referral.objects.get().status == Referral.Status.REFUSED
    assert points(referrer) == before
    assert reward.referrer_transaction is None and reward.newcomer_transaction is None


def test_backfill_remembers_members_enrolled_before_the_handler(
    referrer, program, make_member, buy
):
    earlier = make_member("09125550004")  # its member.enrolled event is never delivered
    KnownPhone.objects.all().delete()
    assert known_phones_backfill() >= 2
    member_leave_club(member=earlier)
    newcomer = join(referrer, "09125550004")
    qualify(buy, newcomer)
    assert ReferralReward.objects.get().reason == "known_phone"


def test_no_reward_without_a_running_program_or_after_the_referrer_left(referrer, buy):
    first = join(referrer, "09125550005")
    qualify(buy, first)
    assert ReferralReward.objects.get(referral__newcomer=first).reason == "no_program"

    referral_program_set(referrer_points=100, newcomer_points=50)
    second = join(referrer, "09125550006")
    member_leave_club(member=referrer)
    before = points(second)
    result = qualify(buy, second)
    assert ReferralReward.objects.get(referral__newcomer=second).reason == "referrer_left"
    assert points(second)[0] == before[0] + result.points  # the newcomer's own points only


def test_only_the_referrer_or_only_the_newcomer(referrer, buy):
    referral_program_set(referrer_points=0, newcomer_points=70)
    newcomer = join(referrer, "09125550007")
    before = points(referrer)
    qualify(buy, newcomer)
    reward = ReferralReward.objects.get()
    assert (reward.referrer_points, reward.newcomer_points) == (0, 70)
    assert reward.referrer_transaction is None and reward.newcomer_transaction is not None
    assert points(referrer) == before


def test_cap_per_referrer_over_a_period_boundary(referrer, buy):
    referral_program_set(referrer_points=100, newcomer_points=0, cap_count=2, cap_period_days=30)
    start = timezone.now() - dt.timedelta(days=60)
    outcomes = []
    for number, day in enumerate([0, 1, 10, 31]):
        newcomer = join(referrer, f"0912555001{number}", at=start)
        qualify(buy, newcomer, at=start + dt.timedelta(days=day))
        reward = ReferralReward.objects.get(referral__newcomer=newcomer)
        outcomes.append((reward.outcome, reward.reason))
    # Day 10 is the third in the 30 days after day 0; on day 31 only day 1's is in the window.
    assert outcomes == [
        ("rewarded", ""),
        ("rewarded", ""),
        ("refused", "cap_reached"),
        ("rewarded", ""),
    ]
    counts = referral_counts(member=referrer)
    assert (counts.invited, counts.rewarded, counts.refused, counts.pending) == (4, 3, 1, 0)


def test_full_return_in_the_pending_period_takes_the_reward_back(referrer, program, buy):
    newcomer = join(referrer, "09125550020")
    before_referrer = points(referrer)
    purchase = qualify(buy, newcomer).purchase
    assert points(referrer)[0] == before_referrer[0] + 100

    purchase_return(source="test", external_id="r1", purchase=purchase)
    dispatch_pending()
    reward = ReferralReward.objects.get()
    assert reward.outcome == ReferralReward.Outcome.REVERSED and reward.reversed_at
    referral = Referral.objects.get()
    assert (referral.status, referral.reason) == ("reversed", "returned")
    assert points(referrer) == before_referrer
    assert points(newcomer) == (0, 0)
    assert referral_counts(member=referrer).reversed == 1
    taken_back = Transaction.objects.filter(member=referrer).order_by("-pk")[0]
    assert taken_back.reverses_id == reward.referrer_transaction_id
    assert taken_back.explanation[0]["code"] == "return"
    assert ledger_is_sound()


def test_partial_return_or_a_late_return_keeps_the_reward(referrer, program, buy):
    first = join(referrer, "09125550021")
    purchase = buy(first, ("tv", "electronics", 1, 600_000), ("cable", "x", 1, 100_000)).purchase
    dispatch_pending()
    from bashgah.purchases.services import ReturnLineInput

    purchase_return(
        source="test",
        external_id="r2",
        purchase=purchase,
        lines=[ReturnLineInput(line=2, quantity=1)],
    )
    dispatch_pending()
    assert ReferralReward.objects.get(purchase_id=purchase.pk).outcome == "rewarded"

    second = join(referrer, "09125550022")
    paid_at = timezone.now() - dt.timedelta(days=PENDING_DAYS + 5)
    late = qualify(buy, second, at=paid_at).purchase
    purchase_return(source="test", external_id="r3", purchase=late)
    dispatch_pending()
    assert ReferralReward.objects.get(purchase_id=late.pk).outcome == "rewarded"
    assert ledger_is_sound()


def test_unknown_code_in_the_service(referrer):
    with pytest.raises(ReferralCodeUnknown):
        referral_join(phone="09125550030", code="2222222" + check_character("2222222"))
