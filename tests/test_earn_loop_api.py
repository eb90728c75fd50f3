"""The earn loop end to end through the HTTP API: enrol, buy, receipt, history, return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.purchases.models import Purchase
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db


def _purchase_body(member: str, external_id: str = "R-1001", **overrides):
    body = {
        "external_id": external_id,
        "member": member,
        "lines": [
            {"sku": "milk-1l", "category": "dairy", "quantity": 2, "unit_price": 450_000},
            {"sku": "bread", "category": "bakery", "quantity": 1, "unit_price": 300_000},
        ],
        "total": 1_200_000,
        "currency": "IRR",
        "paid_at": timezone.now().isoformat(),
    }
    body.update(overrides)
    return body


def test_enrol_buy_and_read_history(api, base_rule, tiers):
    from bashgah.rules.services import rule_create

    rule_create(
        name="dairy x2",
        type="category_multiplier",
        params={"categories": ["dairy"], "multiplier": "2"},
        labels={"fa": "لبنیات", "en": "dairy"},
        activate=True,
    )
    rule_create(
        name="welcome",
        type="signup",
        params={"points": 50},
        labels={"en": "welcome"},
        activate=True,
    )

    enrolled = api.post(
        "/members", {"phone": "۰۹۱۲ ۳۴۵-۶۷۸۹", "first_name": "Sara", "birth_date": "1370-05-14"}
    )
    assert enrolled.status_code == 201, enrolled.json()
    body = enrolled.json()
    member = body["member"]
    assert member["phone"] == "+989123456789"
    assert member["birth_date"] == "1991-08-05"
    assert body["points_earned"] == 50
    assert body["awards"][0]["explanation"] == "Welcome bonus for joining the club"
    assert body["tier"]["tier"]["code"] == "bronze"

    receipt = api.post("/purchases", _purchase_body(member["card_number"]))
    assert receipt.status_code == 201, receipt.json()
    data = receipt.json()
    # base: 1,200,000 / 10,000 = 120; dairy lines have 90 base points -> +90 extra
    assert data["points_earned"] == 210
    assert [a["points"] for a in data["awards"]] == [120, 90]
    assert data["awards"][1]["explanation"] == "2× points for buying dairy"
    assert data["balance"]["balance"] == 260
    assert data["tier"]["next_tier"]["code"] == "silver"
    assert data["tier"]["needed"] == 5_000_000 - 1_200_000
    assert data["tier"]["progress"].startswith("Spend 380,000 Toman more by ")

    fa = api.get(f"/members/{member['id']}/history", language="fa").json()
    assert fa["count"] == 2
    assert fa["items"][0]["points"] == 210
    assert "۲ برابر امتیاز برای خرید لبنیات" in fa["items"][0]["explanations"]

    returned = api.post(
        "/purchases/R-1001/returns", {"external_id": "RET-1", "lines": [{"line": 1, "quantity": 1}]}
    )
    assert returned.status_code == 201, returned.json()
    # line 1 earned 90 base... its share: base 90 + extra 90 = 180; half of it comes back
    assert returned.json()["points_reversed"] == 90
    assert returned.json()["balance"]["balance"] == 170
    assert ledger_is_sound()


def test_purchase_retry_with_same_key_returns_first_receipt(api, member, base_rule):
    body = _purchase_body(member.card_number)
    first = api.post("/purchases", body, key="till-1-R1001")
    second = api.post("/purchases", body, key="till-1-R1001")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Purchase.objects.count() == 1


def test_same_key_other_payload_is_409(api, member, base_rule):
    api.post("/purchases", _purchase_body(member.card_number), key="K1")
    other = api.post("/purchases", _purchase_body(member.card_number, total=999), key="K1")
    assert other.status_code == 409
    assert other.json()["error"] == "idempotency_key_reused"


def test_retry_with_new_key_same_external_id_is_a_no_op(api, member, base_rule):
    body = _purchase_body(member.card_number)
    first = api.post("/purchases", body).json()
    again = api.post("/purchases", body).json()
    assert again["replayed"] is True
    assert again["points_earned"] == first["points_earned"]
    assert again["balance"] == first["balance"]
    assert Purchase.objects.count() == 1


def test_inconsistent_total_is_rejected_in_persian_and_nothing_is_written(api, member, base_rule):
    response = api.post("/purchases", _purchase_body(member.card_number, total=1), language="fa")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_purchase"
    assert "total" in body["details"]
    assert Purchase.objects.count() == 0


def test_missing_idempotency_key(api, member):
    response = api.post("/purchases", _purchase_body(member.card_number), key=None)
    assert response.status_code == 400
    assert response.json()["error"] == "idempotency_key_required"


def test_bad_api_key(member):
    from tests.conftest import ApiClient

    response = ApiClient("bgk_nope_nope").get(f"/members/{member.pk}")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_future_purchase_rejected(api, member):
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    response = api.post("/purchases", _purchase_body(member.card_number, paid_at=future))
    assert response.status_code == 422
    assert "paid_at" in response.json()["details"]
