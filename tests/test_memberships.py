"""Paid memberships: pending until paid, payments at the till and through the API, renewal and
expiry across period boundaries in both calendars, the granted tier, and value-back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.utils import translation

from bashgah.events.dispatch import dispatch_pending
from bashgah.events.models import OutboxEvent
from bashgah.jobs import run_daily
from bashgah.ledger.selectors import points_summary, wallet_summary
from bashgah.memberships.benefits import value_back
from bashgah.memberships.models import Membership, MembershipBenefit, MembershipPayment, Plan
from bashgah.memberships.periods import calendar_add_months, period_bounds
from bashgah.memberships.services import (
    InvalidPlan,
    MembershipEnded,
    MembershipExists,
    PaymentAmountWrong,
    PaymentReferenceReused,
    membership_cancel,
    membership_choose,
    membership_pay,
    memberships_review,
    plan_create,
)
from bashgah.rewards.models import Reward, Voucher
from bashgah.rules.services import rule_create
from bashgah.tiers.models import MemberTier
from bashgah.tiers.services import tier_review

from .conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
TEHRAN = ZoneInfo("Asia/Tehran")
FEE = 500_000


def at(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TEHRAN)


def jalali(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    day_ = jdatetime.date(year, month, day).togregorian()
    return dt.datetime.combine(day_, dt.time(hour), tzinfo=TEHRAN)


def midnight(moment: dt.date) -> dt.datetime:
    return dt.datetime.combine(moment, dt.time.min, tzinfo=TEHRAN)


def as_jalali(moment: dt.datetime) -> tuple[int, int, int]:
    value = jdatetime.date.fromgregorian(date=moment.astimezone(TEHRAN).date())
    return (value.year, value.month, value.day)


@pytest.fixture
def calendar(settings):
    def use(name: str) -> None:
        settings.BASHGAH = {**settings.BASHGAH, "CALENDAR": name}

    return use


@pytest.fixture
def plan(db) -> Plan:
    return plan_create(
        code="plus",
        names={"fa": "پلاس", "he": "פלוס", "en": "Plus"},
        period="monthly",
        fee=FEE,
        currency="IRR",
        discount_percent=Decimal(10),
        cashback_percent=Decimal(2),
        grace_days=5,
    )


def topics() -> list[str]:
    return list(
        OutboxEvent.objects.filter(topic__startswith="membership.")
        .values_list("topic", flat=True)
        .order_by("pk")
    )


# --- periods ---------------------------------------------------------------------------------


def test_gregorian_month_end_days_keep_their_anchor(calendar):
    calendar("gregorian")
    jan31 = dt.date(2025, 1, 31)
    ends = [period_bounds(anchor=jan31, months=1, number=n)[1].date() for n in (1, 2, 3)]
    assert ends == [dt.date(2025, 2, 28), dt.date(2025, 3, 31), dt.date(2025, 4, 30)]
    assert calendar_add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)  # leap February
    leap_day = dt.date(2024, 2, 29)
    yearly = [period_bounds(anchor=leap_day, months=12, number=n)[1].date() for n in (1, 4)]
    assert yearly == [dt.date(2025, 2, 28), dt.date(2028, 2, 29)]


def test_jalali_month_end_days_keep_their_anchor(calendar):
    calendar("jalali")
    farvardin_31 = jdatetime.date(1403, 1, 31).togregorian()
    ends = [
        as_jalali(period_bounds(anchor=farvardin_31, months=1, number=n)[1]) for n in (1, 6, 7, 11)
    ]
    # 31 Ordibehesht; Mehr and Aban have 30 days; Esfand 1403 (a leap year) has 30.
    assert ends == [(1403, 2, 31), (1403, 7, 30), (1403, 8, 30), (1403, 12, 30)]
    esfand_30 = jdatetime.date(1403, 12, 30).togregorian()
    assert as_jalali(midnight(calendar_add_months(esfand_30, 12))) == (1404, 12, 29)
    # The calendars differ: a Jalali month from 31 Farvardin (19 April) ends on 20 May.
    assert calendar_add_months(farvardin_31, 1) == dt.date(2024, 5, 20)
    calendar("gregorian")
    assert calendar_add_months(farvardin_31, 1) == dt.date(2024, 5, 19)


# --- choosing and paying ---------------------------------------------------------------------


def test_pending_until_paid_at_the_till(member, make_member, store, plan, calendar):
    calendar("gregorian")
    membership = membership_choose(member=member, plan=plan, at=at(2025, 1, 30))
    assert membership.status == Membership.Status.PENDING
    assert membership.period_end is None
    with pytest.raises(MembershipExists):
        membership_choose(member=member, plan=plan)

    result = membership_pay(
        membership=membership,
        amount=FEE,
        source=f"store:{store.code}",
        reference="TILL-1",
        store=store,
        paid_at=at(2025, 1, 31, 18),
    )
    membership = result.membership
    assert not result.replayed
    assert membership.status == Membership.Status.ACTIVE
    assert (membership.period_start, membership.period_end) == (
        midnight(dt.date(2025, 1, 31)),
        midnight(dt.date(2025, 2, 28)),
    )
    assert topics() == ["membership.activated"]

    again = membership_pay(
        membership=membership,
        amount=FEE,
        source=f"store:{store.code}",
        reference="TILL-1",
        store=store,
        paid_at=at(2025, 1, 31, 18),
    )
    assert again.replayed and again.payment.pk == result.payment.pk
    assert MembershipPayment.objects.count() == 1
    assert topics() == ["membership.activated"]
    other = membership_choose(member=make_member(), plan=plan)
    with pytest.raises(PaymentReferenceReused):  # the same till reference for someone else
        membership_pay(
            membership=other, amount=FEE, source=f"store:{store.code}", reference="TILL-1"
        )
    assert MembershipPayment.objects.count() == 1


def test_a_wrong_amount_is_refused_and_nothing_is_written(member, plan):
    membership = membership_choose(member=member, plan=plan)
    before = (MembershipPayment.objects.count(), OutboxEvent.objects.count())
    for language, text in (("en", "50,000 Toman"), ("fa", "۵۰٬۰۰۰ تومان")):
        with translation.override(language), pytest.raises(PaymentAmountWrong) as caught:
            membership_pay(membership=membership, amount=FEE - 1, source="api", reference="X")
        assert text in str(caught.value.message)
        assert caught.value.status == 422
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert (MembershipPayment.objects.count(), OutboxEvent.objects.count()) == before


def test_plan_validation_names_every_field(tiers):
    bonus = rule_create(
        name="double for gold",
        type="tier_multiplier",
        params={"multipliers": {"gold": "2"}},
        audience_tiers=["gold"],
    )
    with pytest.raises(InvalidPlan) as caught:
        plan_create(
            code="Bad Code",
            names={},
            period="weekly",
            fee=0,
            discount_percent=Decimal(101),
            bonus_rule=bonus,
            tier=tiers[1],
        )
    assert set(caught.value.details) == {
        "code",
        "names",
        "period",
        "fee",
        "discount_percent",
        "bonus_rule",
    }
    assert not Plan.objects.exists()


# --- renewal and expiry ----------------------------------------------------------------------


@pytest.mark.parametrize("calendar_name", ["gregorian", "jalali"])
def test_renewal_across_the_period_boundary(member, plan, calendar, calendar_name):
    calendar(calendar_name)
    if calendar_name == "gregorian":
        first_paid, warn_day = at(2025, 1, 31), at(2025, 2, 22)
        ends = [midnight(dt.date(2025, 2, 28)), midnight(dt.date(2025, 3, 31))]
    else:
        first_paid, warn_day = jalali(1403, 1, 31), jalali(1403, 2, 25)
        ends = [jalali(1403, 2, 31, 0), jalali(1403, 3, 31, 0)]
    membership = membership_choose(member=member, plan=plan)
    membership_pay(
        membership=membership, amount=FEE, source="api", reference="P1", paid_at=first_paid
    )

    assert memberships_review(at=warn_day).warned == 1
    assert memberships_review(at=warn_day).warned == 0  # once per period
    review = memberships_review(at=ends[0])  # midnight: the first period is over
    assert (review.grace_started, review.expired) == (1, 0)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRACE

    renewed = membership_pay(
        membership=membership,
        amount=FEE,
        source="api",
        reference="P2",
        paid_at=ends[0] + dt.timedelta(days=2),
    ).membership
    assert renewed.status == Membership.Status.ACTIVE
    assert (renewed.period_start, renewed.period_end) == (ends[0], ends[1])  # no day lost
    assert renewed.periods_paid == 2
    assert topics() == ["membership.activated", "membership.expiring", "membership.renewed"]


def test_auto_renew_off_expires_after_grace_and_the_granted_tier_ends(member, tiers, buy, calendar):
    calendar("gregorian")
    gold_plan = plan_create(
        code="gold-pass", names={"en": "Gold pass"}, period="monthly", fee=FEE, tier=tiers[2]
    )
    membership = membership_choose(member=member, plan=gold_plan)
    paid = membership_pay(
        membership=membership, amount=FEE, source="api", reference="G1", paid_at=at(2025, 3, 10)
    ).membership
    state = MemberTier.objects.get(member=member)
    grace_end = midnight(dt.date(2025, 4, 10)) + dt.timedelta(days=7)
    assert (state.tier.code, state.manual_until) == ("gold", grace_end)

    cancelled = membership_cancel(membership=paid, at=at(2025, 3, 20))
    assert (cancelled.status, cancelled.auto_renew) == (Membership.Status.ACTIVE, False)
    assert memberships_review(at=at(2025, 4, 9)).grace_started == 0  # paid to the period end

    run_daily(at=midnight(dt.date(2025, 4, 10)))
    cancelled.refresh_from_db()
    assert cancelled.status == Membership.Status.GRACE
    assert MemberTier.objects.get(member=member).tier.code == "gold"  # tier lasts through grace

    daily = run_daily(at=grace_end)
    assert daily.memberships.expired == 1
    assert "1 expired" in daily.report()
    cancelled.refresh_from_db()
    assert cancelled.status == Membership.Status.EXPIRED
    assert MemberTier.objects.get(member=member).tier.code == "bronze"  # back to what was earned
    assert topics()[-1] == "membership.expired"
    with pytest.raises(MembershipEnded):
        membership_pay(membership=cancelled, amount=FEE, source="api", reference="G2")
    assert tier_review(at=grace_end + dt.timedelta(days=1)).manual_ended == 0


def test_a_renewal_keeps_the_tier_without_announcing_a_tier_change(member, tiers, calendar):
    calendar("gregorian")
    gold_plan = plan_create(
        code="gold-pass", names={"en": "Gold pass"}, period="monthly", fee=FEE, tier=tiers[2]
    )
    membership = membership_choose(member=member, plan=gold_plan)
    membership_pay(
        membership=membership, amount=FEE, source="api", reference="G1", paid_at=at(2025, 3, 10)
    )
    changes = OutboxEvent.objects.filter(topic="tier.changed").count()
    membership_pay(
        membership=membership, amount=FEE, source="api", reference="G2", paid_at=at(2025, 4, 1)
    )
    state = MemberTier.objects.get(member=member)
    assert state.manual_until == midnight(dt.date(2025, 5, 10)) + dt.timedelta(days=7)
    assert OutboxEvent.objects.filter(topic="tier.changed").count() == changes


# --- value back ------------------------------------------------------------------------------


def test_value_back_from_real_purchases(member, tiers, buy, base_rule, calendar):
    calendar("gregorian")
    bonus = rule_create(
        name="double for gold",
        type="tier_multiplier",
        params={"multipliers": {"gold": "2"}},
        audience_tiers=["gold"],
        activate=True,
    )
    gold_plan = plan_create(
        code="gold-pass",
        names={"en": "Gold pass", "fa": "گذر طلایی"},
        period="monthly",
        fee=FEE,
        tier=tiers[2],
        discount_percent=Decimal(10),
        cashback_percent=Decimal(2),
        bonus_rule=bonus,
    )
    buy(member, ("tv", "electronics", 1, 2_000_000), at=at(2025, 3, 9))  # before: no benefit
    membership = membership_choose(member=member, plan=gold_plan)
    membership_pay(
        membership=membership, amount=FEE, source="api", reference="V1", paid_at=at(2025, 3, 10)
    )
    buy(member, ("milk", "dairy", 2, 500_000), at=at(2025, 3, 12))
    buy(member, ("tea", "grocery", 1, 500_000), at=at(2025, 3, 20))
    dispatch_pending()
    dispatch_pending()  # delivered once

    rows = list(MembershipBenefit.objects.order_by("pk").values_list("discount", "cashback"))
    assert rows == [(100_000, 20_000), (50_000, 10_000)]
    back = value_back(membership)
    # 1,000,000 and 500,000 Rial at 10 % discount and 2 % cashback; the rule doubles the base
    # rate of 1 point per 10,000 Rial: 100 + 50 bonus points at 1,000 Rial each.
    assert (back.discount, back.cashback, back.bonus_points) == (150_000, 30_000, 150)
    assert (back.saved, back.fees_paid, back.net) == (330_000, FEE, -170_000)
    assert back.text("en") == "You saved 33,000 Toman with a 50,000 Toman membership."
    assert "۳۳٬۰۰۰ تومان" in back.text("fa")
    wallet = wallet_summary(member=member)
    assert wallet.balance >= 30_000  # the plan's cashback is in the wallet
    assert ledger_is_sound()


# --- API -------------------------------------------------------------------------------------


def test_api_choose_pay_cancel_and_status(api, member, plan, calendar):
    calendar("jalali")
    listed = api.get("/membership-plans", language="en").json()
    assert [(row["code"], row["fee_display"]) for row in listed] == [("plus", "50,000 Toman")]

    chosen = api.post(f"/members/{member.pk}/memberships", {"plan": "plus"})
    assert chosen.status_code == 201, chosen.json()
    membership_id = chosen.json()["id"]
    assert chosen.json()["status"] == "pending"

    body = {"amount": FEE, "reference": "POS-77"}
    first = api.post(f"/memberships/{membership_id}/payments", body, key="pay-1")
    assert first.status_code == 201, first.json()
    same_key = api.post(f"/memberships/{membership_id}/payments", body, key="pay-1")
    assert same_key.json() == first.json()
    same_reference = api.post(f"/memberships/{membership_id}/payments", body, key="pay-2")
    assert same_reference.status_code == 201 and same_reference.json()["replayed"] is True
    assert MembershipPayment.objects.count() == 1
    assert first.json()["membership"]["status"] == "active"

    wrong = api.post(
        f"/memberships/{membership_id}/payments",
        {"amount": 1, "reference": "POS-78"},
        language="en",
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "membership_fee_mismatch"
    assert "50,000 Toman" in wrong.json()["message"]
    assert MembershipPayment.objects.count() == 1

    off = api.post(f"/memberships/{membership_id}/auto-renew", {"auto_renew": False})
    assert off.status_code == 200 and off.json()["auto_renew"] is False
    cancelled = api.post(f"/memberships/{membership_id}/cancel", {})
    assert cancelled.json()["status"] == "active"

    status = api.get(f"/memberships/{membership_id}", language="fa").json()
    paid = Membership.objects.get().period_start
    assert paid is not None
    year, month, day = as_jalali(paid)
    digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    assert status["period_start_display"] == f"{year:04d}/{month:02d}/{day:02d}".translate(digits)
    assert status["value_back"]["text"] == "با عضویتی به مبلغ ۵۰٬۰۰۰ تومان، ۰ تومان صرفه‌جویی کردید."
    assert api.get(f"/members/{member.pk}/memberships").json()[0]["id"] == membership_id


def test_api_conflicts(api, member, plan):
    api.post(f"/members/{member.pk}/memberships", {"plan": "plus"})
    twice = api.post(f"/members/{member.pk}/memberships", {"plan": "plus"})
    assert twice.status_code == 409 and twice.json()["error"] == "membership_exists"
    missing = api.post(f"/members/{member.pk}/memberships", {"plan": "nope"})
    assert missing.status_code == 404


def test_the_free_gift_comes_once_per_paid_period(member, calendar):
    calendar("gregorian")
    gift = Reward.objects.create(
        code="mug", type=Reward.Type.PHYSICAL_GIFT, names={"en": "Mug"}, points_cost=300
    )
    gift_plan = plan_create(
        code="mug-club", names={"en": "Mug club"}, period="monthly", fee=FEE, gift_reward=gift
    )
    membership = membership_choose(member=member, plan=gift_plan)
    for number, paid in enumerate((at(2025, 3, 10), at(2025, 4, 8)), start=1):
        membership_pay(
            membership=membership, amount=FEE, source="api", reference=f"M{number}", paid_at=paid
        )
        membership_pay(  # a retry gives nothing more
            membership=membership, amount=FEE, source="api", reference=f"M{number}", paid_at=paid
        )
    vouchers = Voucher.objects.filter(member=member, reward=gift)
    assert vouchers.count() == 2
    assert {voucher.status for voucher in vouchers} == {Voucher.Status.ISSUED}
    assert points_summary(member=member).balance == 0  # the gift's points were spent on it
    assert ledger_is_sound()
