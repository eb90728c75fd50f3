"""The reads and the one write the staff pages of the engagement programs need: referral
totals, plan changes and value-back per plan, lottery totals and winners, and how a survey's
sample is sized (with the reason)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bashgah.core.errors import ValidationFailed
from bashgah.events.dispatch import dispatch_pending
from bashgah.lotteries.selectors import lotteries_list, lottery_totals, lottery_winners
from bashgah.lotteries.services import PrizeInput, lottery_close, lottery_draw, lottery_schedule
from bashgah.members.consent import consent_set
from bashgah.memberships.models import Membership, Plan
from bashgah.memberships.selectors import (
    membership_live_of,
    memberships_list,
    plans_offered,
    plans_value_back,
    plans_with_members,
)
from bashgah.memberships.services import (
    InvalidPlan,
    membership_choose,
    membership_pay,
    plan_create,
    plan_update,
)
from bashgah.referrals.models import Referral
from bashgah.referrals.selectors import referral_totals, referrals_recent
from bashgah.referrals.services import referral_code_ensure, referral_join, referral_program_set
from bashgah.surveys.models import Survey
from bashgah.surveys.selectors import survey_sample_plan, surveys_list
from bashgah.surveys.services import QuestionInput, survey_create, survey_send
from bashgah.surveys.stats import sample_plan, sample_size

pytestmark = pytest.mark.django_db
NOW = timezone.now()


# --- referrals -------------------------------------------------------------------------------


def test_referral_totals_count_each_stage_and_the_points_that_stand(make_member, buy, settings):
    settings.BASHGAH = {**settings.BASHGAH, "POINTS_PENDING_DAYS": 0}
    referral_program_set(referrer_points=100, newcomer_points=50, cap_count=1)
    referrer = make_member("09120000001")
    code = referral_code_ensure(member=referrer).code
    rewarded, capped, waiting = (
        referral_join(phone=phone, code=code).member
        for phone in ("09120000002", "09120000003", "09120000004")
    )
    buy(rewarded, ("tv", "electronics", 1, 600_000))
    buy(capped, ("tv", "electronics", 1, 600_000))
    dispatch_pending()

    totals = referral_totals()

    assert (totals.invited, totals.awaiting_purchase, totals.rewarded, totals.refused) == (
        3,
        1,
        1,
        1,
    )
    assert totals.refusals == {Referral.Reason.CAP: 1}
    assert (totals.referrer_points, totals.newcomer_points, totals.points_given) == (100, 50, 150)
    recent = referrals_recent(limit=2)
    assert [row.newcomer_id for row in recent] == [waiting.pk, capped.pk]
    assert recent[1].reward.reason == Referral.Reason.CAP


def test_referral_totals_of_an_empty_club():
    totals = referral_totals()
    assert (totals.invited, totals.points_given, totals.refusals) == (0, 0, {})


# --- memberships -----------------------------------------------------------------------------


@pytest.fixture
def plan(db) -> Plan:
    return plan_create(
        code="plus",
        names={"en": "Plus"},
        period="monthly",
        fee=500_000,
        currency="IRR",
        discount_percent=Decimal(10),
        cashback_percent=Decimal(2),
    )


def test_plan_update_changes_what_staff_may_change(plan, tiers):
    plan_update(
        plan=plan,
        names={"fa": "پلاس", "en": "Plus+"},
        period="yearly",
        fee=5_000_000,
        tier=tiers[1],
        discount_percent=Decimal(5),
        grace_days=10,
        is_active=False,
    )
    plan.refresh_from_db()
    assert (plan.period, plan.fee, plan.tier, plan.grace_days, plan.is_active) == (
        "yearly",
        5_000_000,
        tiers[1],
        10,
        False,
    )
    assert plan.names == {"fa": "پلاس", "he": "", "en": "Plus+"}
    assert (plan.code, plan.currency, plan.cashback_percent) == ("plus", "IRR", Decimal(0))
    assert plans_offered() == []


def test_plan_update_refuses_bad_values_and_a_new_period_once_paid(plan, member):
    membership = membership_choose(member=member, plan=plan)
    membership_pay(membership=membership, amount=500_000, source="test", reference="r1")
    with pytest.raises(InvalidPlan) as raised:
        plan_update(
            plan=plan,
            names={},
            period="yearly",
            fee=0,
            discount_percent=Decimal(101),
            grace_days=91,
        )
    assert set(raised.value.details) == {
        "names",
        "period",
        "fee",
        "discount_percent",
        "grace_days",
    }
    plan.refresh_from_db()
    assert (plan.period, plan.fee, plan.discount_percent) == ("monthly", 500_000, Decimal(10))


def test_memberships_lists_and_value_back_per_plan(plan, make_member, buy, settings):
    settings.BASHGAH = {**settings.BASHGAH, "POINT_VALUE": 100}
    paying, waiting = make_member(), make_member()
    other = plan_create(code="gold", names={"en": "Gold"}, period="yearly", fee=4_000_000)
    membership = membership_choose(member=paying, plan=plan)
    membership_pay(membership=membership, amount=500_000, source="test", reference="r1")
    membership_choose(member=waiting, plan=other)
    buy(paying, ("tv", "electronics", 1, 1_000_000))
    dispatch_pending()

    rows = {row.plan.code: row for row in plans_value_back()}
    plus = rows["plus"]
    assert (plus.members, plus.fees_paid, plus.discount, plus.cashback) == (
        1,
        500_000,
        100_000,
        20_000,
    )
    assert (plus.returned, plus.net, plus.percent_returned) == (120_000, -380_000, 24)
    assert rows["gold"].fees_paid == 0 and rows["gold"].percent_returned is None

    counts = {p.code: (p.live, p.paying) for p in plans_with_members()}
    assert counts == {"plus": (1, 1), "gold": (1, 0)}
    assert [m.member_id for m in memberships_list(status=Membership.Status.PENDING)] == [waiting.pk]
    assert [m.member_id for m in memberships_list(plan_code="plus")] == [paying.pk]
    assert membership_live_of(member=paying) == membership
    assert [p.code for p in plans_offered()] == ["plus", "gold"]


# --- lotteries -------------------------------------------------------------------------------


def test_lottery_list_totals_and_winners(make_member, buy):
    members = [make_member() for _ in range(3)]
    for number, member in enumerate(members):
        for _ in range(number + 1):
            buy(member, ("item", "general", 1, 100_000), at=NOW - dt.timedelta(days=1))
    lottery = lottery_schedule(
        names={"en": "Summer"},
        entry_start=NOW - dt.timedelta(days=2),
        entry_end=NOW,
        prizes=[
            PrizeInput(names={"en": "a trip"}, count=1),
            PrizeInput(names={"en": "a mug"}, count=2),
        ],
        entries_per_purchase=1,
        at=NOW - dt.timedelta(days=2),
    )
    listed = lotteries_list().get()
    assert (listed.entrant_count, listed.prize_total) == (0, 3)
    assert lottery_totals(lottery=lottery).tickets == 0

    lottery_close(lottery=lottery, at=NOW)
    listed = lotteries_list().get()
    assert (listed.entrant_count, listed.prize_total) == (3, 3)  # not 3 × 2 rows joined
    totals = lottery_totals(lottery=lottery)
    assert (totals.entrants, totals.tickets, totals.tickets_from_purchases) == (3, 6, 6)
    assert totals.points_spent == 0

    lottery_draw(lottery=lottery, at=NOW)
    winners = lottery_winners(lottery=lottery)
    assert [winner.round for winner in winners] == [0, 1, 2]
    assert [winner.prize.position for winner in winners] == [1, 2, 2]
    assert {winner.entrant.member for winner in winners} == set(members)


# --- surveys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "margin", "floor", "reason", "size"),
    [
        (10_000, 0.05, 0, "margin", 370),
        (100_000, 0.05, 0.1, "floor", 10_000),
        (30, 0.05, 0, "margin", 28),
        (5, 0.05, 0, "everyone", 5),
        (1_000, 0.05, 1, "everyone", 1_000),
        (0, 0.05, 0, "empty", 0),
    ],
)
def test_sample_plan_says_why(population, margin, floor, reason, size):
    plan = sample_plan(population=population, confidence=0.95, margin=margin, min_fraction=floor)
    assert (plan.size, plan.reason, plan.unlimited) == (size, reason, 385)
    assert plan.size == sample_size(
        population=population, confidence=0.95, margin=margin, min_fraction=floor
    )


def _survey(**options) -> Survey:
    return survey_create(
        titles={"en": "How are we doing?"},
        questions=[QuestionInput(kind="nps", prompts={"en": "Recommend us?"})],
        **options,
    )


def test_a_drafts_sample_counts_members_with_consent_and_a_sent_one_its_stored_numbers(
    make_member,
):
    consenting = [make_member() for _ in range(4)]
    make_member()  # no SMS consent: not in the population
    for member in consenting:
        consent_set(member=member, channel="sms", granted=True, source="test")
    survey = _survey(min_fraction=Decimal("0.5"), margin=Decimal("0.5"))
    unsaved = Survey(audience={}, margin=Decimal("0.05"), confidence=Decimal("0.95"))

    assert (survey_sample_plan(survey=unsaved).population, unsaved.pk) == (4, None)
    plan = survey_sample_plan(survey=survey)
    # n0 = 1.96² · 0.25 / 0.5² = 3.84; corrected for N = 4: 2.25 -> 3; half of 4 is 2
    assert (plan.population, plan.corrected, plan.floor, plan.size) == (4, 3, 2, 3)
    assert plan.reason == "margin"
    survey_send(survey=survey)
    consent_set(member=consenting[0], channel="sms", granted=False, source="test")
    survey.refresh_from_db()
    assert survey_sample_plan(survey=survey).population == 4  # as sent, not as now
    listed = surveys_list().get()
    assert (listed.question_count, listed.invited, listed.responded) == (1, plan.size, 0)


def test_a_bad_audience_is_refused_by_the_preview():
    with pytest.raises(ValidationFailed):
        survey_sample_plan(survey=Survey(audience={"tiers": ["nope"]}))
