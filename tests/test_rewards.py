"""Spending points: rewards, vouchers, coupons — and never giving more than the club owes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bashgah.core.codes import ALPHABET, format_code, is_well_formed, new_code, normalize_code
from bashgah.core.errors import InsufficientPoints, ValidationFailed
from bashgah.ledger.models import Lot, Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.rewards.models import Coupon, CouponCampaign, Reward, Voucher
from bashgah.rewards.providers import ConsoleTopupProvider
from bashgah.rewards.services.coupons import (
    CouponNotApplicable,
    coupon_apply,
    coupon_campaign_create,
    coupons_generate,
    coupons_import,
)
from bashgah.rewards.services.redeem import (
    OutOfStock,
    RedemptionLimitReached,
    RewardUnavailable,
    TooManyRedemptions,
    VoucherNotFound,
    VoucherNotUsable,
    reward_redeem,
    voucher_cancel,
    voucher_consume,
    vouchers_expire,
)
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def make_reward(code: str = "coffee", **fields) -> Reward:
    defaults = {
        "type": Reward.Type.FREE_PRODUCT,
        "points_cost": 100,
        "sku": "latte",
        "names": {"fa": "قهوه رایگان", "he": "קפה חינם", "en": "Free coffee"},
    }
    return Reward.objects.create(code=code, **(defaults | fields))


def give(member, points, **kwargs):
    return points_credit(member=member, points=points, kind=Transaction.Kind.EARN, **kwargs)


# --- codes ------------------------------------------------------------------------------------


def test_codes_are_long_random_and_readable():
    code = new_code()
    assert len(code) == 14 and is_well_formed(code)
    assert set(code) <= set(ALPHABET) and not set(code) & set("01ILOU")
    assert normalize_code(format_code(code).lower()) == code
    assert len({new_code() for _ in range(10_000)}) == 10_000


@given(st.integers(0, 13), st.sampled_from(ALPHABET))
def test_any_single_typo_is_caught(position, char):
    code = new_code()
    typo = code[:position] + char + code[position + 1 :]
    assert is_well_formed(typo) == (typo == code)


# --- redemption -------------------------------------------------------------------------------


def test_redeem_debits_points_and_issues_a_voucher(member):
    give(member, 250)
    voucher = reward_redeem(member=member, reward=make_reward())
    assert voucher.status == Voucher.Status.ISSUED and is_well_formed(voucher.code)
    assert voucher.expires_at == voucher.issued_at + dt.timedelta(days=30)
    assert points_summary(member=member).balance == 150
    assert voucher.redeem_transaction.explanation[0]["code"] == "reward"
    assert ledger_is_sound()


def test_not_enough_points_changes_nothing(member):
    give(member, 99)
    reward = make_reward(stock=5)
    with pytest.raises(InsufficientPoints):
        reward_redeem(member=member, reward=reward)
    reward.refresh_from_db()
    assert (reward.stock, Voucher.objects.count()) == (5, 0)
    assert points_summary(member=member).balance == 99


def test_stock_runs_out_and_comes_back_on_cancel(member):
    give(member, 1000)
    reward = make_reward(stock=1)
    voucher = reward_redeem(member=member, reward=reward)
    with pytest.raises(OutOfStock):
        reward_redeem(member=member, reward=reward)
    assert points_summary(member=member).balance == 900
    voucher_cancel(voucher=voucher, actor="staff")
    reward.refresh_from_db()
    assert reward.stock == 1
    assert points_summary(member=member).balance == 1000


def test_per_member_limit_and_velocity(member, settings):
    give(member, 10_000)
    limited = make_reward("limited", per_member_limit=2, per_member_period_days=30)
    reward_redeem(member=member, reward=limited)
    reward_redeem(member=member, reward=limited)
    with pytest.raises(RedemptionLimitReached):
        reward_redeem(member=member, reward=limited)
    settings.BASHGAH = {**settings.BASHGAH, "REDEEM_PER_MEMBER_PER_HOUR": 3}
    reward_redeem(member=member, reward=make_reward("other"))
    with pytest.raises(TooManyRedemptions):
        reward_redeem(member=member, reward=make_reward("third"))


def test_window_and_tier_restrictions(member, tiers):
    give(member, 1000)
    with pytest.raises(RewardUnavailable):
        reward_redeem(
            member=member, reward=make_reward("later", valid_from=NOW + dt.timedelta(days=1))
        )
    with pytest.raises(RewardUnavailable) as error:
        reward_redeem(member=member, reward=make_reward("gold-only", tiers=["gold"]))
    assert error.value.details == {"tiers": ["gold"]}


def test_cancel_returns_points_to_their_own_lots(member):
    soon = give(member, 60, expires_at=NOW + dt.timedelta(days=5))
    late = give(member, 100, expires_at=NOW + dt.timedelta(days=300))
    voucher = reward_redeem(member=member, reward=make_reward())
    assert {lot.origin_id: lot.remaining for lot in Lot.objects.all()} == {soon.pk: 0, late.pk: 60}
    voucher_cancel(voucher=voucher, actor="cashier")
    assert {lot.origin_id: lot.remaining for lot in Lot.objects.all()} == {
        soon.pk: 60,
        late.pk: 100,
    }
    with pytest.raises(VoucherNotUsable):
        voucher_cancel(voucher=voucher, actor="cashier")
    assert ledger_is_sound()


def test_consume_once_with_discounts(member, store):
    from bashgah.stores.services import store_create

    give(member, 1000)
    fixed = reward_redeem(
        member=member,
        reward=make_reward("fixed", type=Reward.Type.FIXED_DISCOUNT, value=500_000, sku=""),
    )
    percent = reward_redeem(
        member=member,
        reward=make_reward(
            "pct", type=Reward.Type.PERCENT_DISCOUNT, percent=Decimal(20), max_discount=300_000
        ),
    )
    use = voucher_consume(
        code=format_code(fixed.code).lower(), store=store, reference="R1", basket_total=400_000
    )
    assert (use.discount, use.replayed) == (400_000, False)
    again = voucher_consume(code=fixed.code, store=store, reference="R1", basket_total=400_000)
    assert again.replayed
    with pytest.raises(VoucherNotUsable) as error:
        voucher_consume(
            code=fixed.code,
            store=store_create(code="b2", name="b2"),
            reference="R9",
            basket_total=1,
        )
    assert error.value.code == "voucher_used"
    assert (
        voucher_consume(
            code=percent.code, store=store, reference="R2", basket_total=2_000_000
        ).discount
        == 300_000
    )
    with pytest.raises(VoucherNotFound) as mistyped:
        voucher_consume(
            code=fixed.code[:-1] + ("2" if fixed.code[-1] != "2" else "3"),
            store=store,
            reference="R3",
            basket_total=1,
        )
    assert mistyped.value.code == "voucher_code_mistyped"


def test_expired_vouchers_follow_the_club_policy(member, store, settings):
    give(member, 300, at=NOW - dt.timedelta(days=50))
    kept = reward_redeem(member=member, reward=make_reward("a"), at=NOW - dt.timedelta(days=40))
    assert vouchers_expire(at=NOW) == 1
    kept.refresh_from_db()
    assert kept.status == Voucher.Status.EXPIRED
    assert points_summary(member=member).balance == 300  # refunded (default policy)
    with pytest.raises(VoucherNotUsable) as error:
        voucher_consume(code=kept.code, store=store, reference="x", basket_total=1)
    assert error.value.code == "voucher_expired"
    settings.BASHGAH = {**settings.BASHGAH, "EXPIRED_VOUCHER_POLICY": "forfeit"}
    reward_redeem(member=member, reward=make_reward("b"), at=NOW - dt.timedelta(days=40))
    assert vouchers_expire(at=NOW) == 1
    assert points_summary(member=member).balance == 200
    assert ledger_is_sound()


def test_topup_goes_through_the_provider_after_commit(member, django_capture_on_commit_callbacks):
    give(member, 500)
    reward = make_reward("topup", type=Reward.Type.MOBILE_TOPUP, value=500_000, sku="")
    ConsoleTopupProvider.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        voucher = reward_redeem(member=member, reward=reward)
    assert voucher.status == Voucher.Status.FULFILLED
    assert ConsoleTopupProvider.sent == [(member.phone, 500_000, voucher.code)]


def test_donation_is_fulfilled_at_once(member):
    give(member, 500)
    voucher = reward_redeem(
        member=member,
        reward=make_reward("mahak", type=Reward.Type.DONATION, value=1_000_000, sku=""),
    )
    assert voucher.status == Voucher.Status.FULFILLED


# --- coupons ----------------------------------------------------------------------------------


def campaign(**fields) -> CouponCampaign:
    defaults = {
        "name": "Yalda",
        "kind": "single_use",
        "benefit": "fixed_discount",
        "value": 200_000,
    }
    return coupon_campaign_create(**(defaults | fields))


def test_campaign_validation_says_what_to_fix():
    with pytest.raises(ValidationFailed) as error:
        coupon_campaign_create(name="", kind="x", benefit="percent_discount", percent=0)
    assert set(error.value.details) == {"name", "kind", "percent"}


def test_generate_and_use_single_use_codes(store):
    yalda = campaign(minimum_basket=1_000_000, categories=["nuts"])
    assert coupons_generate(campaign=yalda, count=500, prefix="YZ") == 500
    codes = list(Coupon.objects.values_list("code", flat=True))
    assert len(set(codes)) == 500 and all(c.startswith("YZ") and is_well_formed(c) for c in codes)
    code = codes[0]
    with pytest.raises(CouponNotApplicable) as small:
        coupon_apply(code=code, store=store, reference="r1", total=999_999, categories=["nuts"])
    assert small.value.code == "coupon_minimum_basket"
    with pytest.raises(CouponNotApplicable) as wrong:
        coupon_apply(code=code, store=store, reference="r1", total=2_000_000, categories=["tea"])
    assert wrong.value.code == "coupon_categories"
    used = coupon_apply(
        code=code, store=store, reference="r1", total=2_000_000, categories=["nuts", "tea"]
    )
    assert (used.discount, used.replayed) == (200_000, False)
    assert coupon_apply(
        code=code, store=store, reference="r1", total=2_000_000, categories=["nuts"]
    ).replayed
    with pytest.raises(CouponNotApplicable) as gone:
        coupon_apply(code=code, store=store, reference="r2", total=2_000_000, categories=["nuts"])
    assert gone.value.code == "coupon_used_up"


def test_multi_use_limits_and_per_member(store, make_member):
    shared = campaign(kind="multi_use", benefit="bonus_points", value=50, uses_per_code=2)
    coupons_import(campaign=shared, codes=["NOWRUZ1405"])
    first, second, third = make_member(), make_member(), make_member()
    assert (
        coupon_apply(
            code="nowruz1405", store=store, reference="a", total=1, categories=[], member=first
        ).points
        == 50
    )
    assert points_summary(member=first).balance == 50
    with pytest.raises(CouponNotApplicable) as again:
        coupon_apply(
            code="NOWRUZ1405", store=store, reference="b", total=1, categories=[], member=first
        )
    assert again.value.code == "coupon_used_by_member"
    coupon_apply(
        code="NOWRUZ1405", store=store, reference="c", total=1, categories=[], member=second
    )
    with pytest.raises(CouponNotApplicable):
        coupon_apply(
            code="NOWRUZ1405", store=store, reference="d", total=1, categories=[], member=third
        )
    assert ledger_is_sound()


def test_import_reports_duplicates_and_invalid_codes():
    target = campaign()
    result = coupons_import(campaign=target, codes=["AB12", "ab-12", "", "bad code!", "CD34"])
    assert result.imported == 2
    assert result.duplicates == ["ab-12"] and result.invalid == ["", "bad code!"]
    assert coupons_import(campaign=target, codes=["CD34"]).duplicates == ["CD34"]


def test_per_member_codes_belong_to_their_member(store, make_member):
    owner, other = make_member(), make_member()
    personal = campaign(kind="per_member")
    coupons_generate(campaign=personal, members=[owner])
    code = Coupon.objects.get(member=owner).code
    with pytest.raises(CouponNotApplicable) as error:
        coupon_apply(code=code, store=store, reference="x", total=10, categories=[], member=other)
    assert error.value.code == "coupon_other_member"
    assert (
        coupon_apply(
            code=code, store=store, reference="x", total=10**6, categories=[], member=owner
        ).discount
        == 200_000
    )
