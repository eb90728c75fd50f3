"""Rewards through the API: every write answers once per Idempotency-Key."""

from __future__ import annotations

import pytest

from bashgah.ledger.models import Transaction
from bashgah.ledger.services import points_credit
from bashgah.rewards.models import Coupon, CouponUse, Reward, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def coffee(db) -> Reward:
    return Reward.objects.create(
        code="coffee",
        type="fixed_discount",
        points_cost=100,
        value=300_000,
        names={"fa": "تخفیف قهوه", "en": "Coffee off"},
    )


def test_catalog_redeem_consume_cancel(api, member, coffee):
    points_credit(member=member, points=250, kind=Transaction.Kind.EARN)
    catalog = api.get("/rewards", language="fa").json()
    assert catalog[0]["name"] == "تخفیف قهوه"
    first = api.post(f"/members/{member.pk}/redemptions", {"reward": "coffee"}, key="r-1")
    again = api.post(f"/members/{member.pk}/redemptions", {"reward": "coffee"}, key="r-1")
    assert first.status_code == 201 and first.json() == again.json()
    assert Voucher.objects.count() == 1
    voucher = first.json()["voucher"]
    assert first.json()["balance"]["balance"] == 150
    check = api.get(f"/vouchers/{voucher['code_display']}")
    assert check.json()["status"] == "issued"
    used = api.post(
        f"/vouchers/{voucher['qr_payload']}/consume",
        {"reference": "T-77", "basket_total": 1_000_000},
        key="c-1",
    )
    assert used.status_code == 200 and used.json()["discount"] == 300_000
    assert (
        api.post(
            f"/vouchers/{voucher['qr_payload']}/consume",
            {"reference": "T-77", "basket_total": 1_000_000},
            key="c-1",
        ).json()
        == used.json()
    )
    other_till_retry = api.post(
        f"/vouchers/{voucher['code']}/consume",
        {"reference": "T-77", "basket_total": 1_000_000},
        key="c-2",
    )
    assert other_till_retry.json()["replayed"] is True  # same till and purchase: same answer
    too_late = api.post(f"/vouchers/{voucher['code']}/cancel", {}, key="x-1")
    assert too_late.status_code == 409 and too_late.json()["error"] == "voucher_used"


def test_cancel_gives_points_back_once(api, member, coffee):
    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    code = api.post(f"/members/{member.pk}/redemptions", {"reward": "coffee"}).json()["voucher"][
        "code"
    ]
    first = api.post(f"/vouchers/{code}/cancel", {}, key="cancel-1")
    second = api.post(f"/vouchers/{code}/cancel", {}, key="cancel-1")
    assert first.status_code == 200 and first.json() == second.json()
    assert first.json()["balance"]["balance"] == 100
    assert Transaction.objects.filter(kind="refund").count() == 1


def test_insufficient_points_is_409_in_the_members_language(api, member, coffee):
    response = api.post(f"/members/{member.pk}/redemptions", {"reward": "coffee"}, language="he")
    assert response.status_code == 409
    assert response.json()["error"] == "insufficient_points"
    assert response.json()["message"] == "אין מספיק נקודות."


def test_coupon_campaign_through_the_api(api, staff_api, member):
    created = staff_api.post(
        "/coupon-campaigns",
        {
            "name": "Yalda",
            "kind": "single_use",
            "benefit": "percent_discount",
            "percent": "10",
            "max_discount": 500_000,
        },
    )
    assert created.status_code == 201, created.json()
    campaign_id = created.json()["id"]
    assert (
        api.post(
            "/coupon-campaigns",
            {"name": "x", "kind": "single_use", "benefit": "bonus_points", "value": 1},
        ).status_code
        == 403
    )
    generated = staff_api.post(f"/coupon-campaigns/{campaign_id}/codes", {"count": 20})
    assert generated.json()["created"] == 20
    code = Coupon.objects.first().code
    applied = api.post(
        f"/coupons/{code}/apply", {"reference": "T-1", "total": 2_000_000}, key="k-apply"
    )
    assert applied.json()["discount"] == 200_000
    assert (
        api.post(
            f"/coupons/{code}/apply", {"reference": "T-1", "total": 2_000_000}, key="k-apply"
        ).json()
        == applied.json()
    )
    assert CouponUse.objects.count() == 1
    usage = staff_api.get(f"/coupon-campaigns/{campaign_id}").json()["usage"]
    assert usage == {"codes": 20, "uses": 1, "discount": 200_000, "points": 0, "members": 0}
