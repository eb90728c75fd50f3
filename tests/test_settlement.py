"""Paying with points in the purchase call, tier cashback, and their exact reversal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary, wallet_summary
from bashgah.ledger.services import points_credit
from bashgah.purchases.models import Purchase
from bashgah.purchases.services import ReturnLineInput, purchase_return
from bashgah.tiers.models import MemberTier
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _club_rates(settings):
    settings.BASHGAH = {
        **settings.BASHGAH,
        "POINT_VALUE": 1000,
        "POINTS_PAY_MAX_PERCENT": 50,
        "POINTS_PENDING_DAYS": 0,
    }


def body(member, external_id="P-1", points=0):
    return {
        "external_id": external_id,
        "member": member.card_number,
        "currency": "IRR",
        "paid_at": timezone.now().isoformat(),
        "total": 1_000_000,
        "points_to_spend": points,
        "lines": [
            {"sku": "tea", "category": "drinks", "quantity": 3, "unit_price": 200_000},
            {"sku": "cake", "category": "bakery", "quantity": 1, "unit_price": 400_000},
        ],
    }


def test_pay_with_points_earns_only_on_money(api, member, base_rule):
    points_credit(member=member, points=500, kind=Transaction.Kind.EARN)
    receipt = api.post("/purchases", body(member, points=300))
    assert receipt.status_code == 201, receipt.json()
    data = receipt.json()
    assert (data["points_spent"], data["discount"], data["amount_due"]) == (300, 300_000, 700_000)
    assert data["points_earned"] == 70  # on the 700,000 paid in money
    assert data["balance"]["balance"] == 500 - 300 + 70
    member.stats.refresh_from_db()
    assert member.stats.total_spend == 700_000
    assert ledger_is_sound()


def test_points_payment_cap_and_balance_change_nothing(api, member, base_rule):
    points_credit(member=member, points=450, kind=Transaction.Kind.EARN)
    too_big = api.post("/purchases", body(member, points=501))
    assert too_big.status_code == 422
    assert too_big.json()["details"]["max_points"] == 500
    broke = api.post("/purchases", body(member, "P-3", points=451))
    assert broke.status_code == 409 and broke.json()["error"] == "insufficient_points"
    assert Purchase.objects.count() == 0
    assert points_summary(member=member).balance == 450


def test_returns_give_back_points_paid_and_take_back_cashback(api, member, base_rule, tiers):
    gold = tiers[2]  # cashback 2 %
    MemberTier.objects.update_or_create(
        member=member, defaults={"tier": gold, "since": timezone.now()}
    )
    points_credit(member=member, points=400, kind=Transaction.Kind.EARN)
    receipt = api.post("/purchases", body(member, points=400)).json()
    assert receipt["cashback"] == 12_000  # 2 % of 600,000 paid in money
    assert wallet_summary(member=member).available == 12_000
    purchase = Purchase.objects.get()
    # return one of three teas, then everything else
    first = purchase_return(
        source="t", external_id="r1", purchase=purchase, lines=[ReturnLineInput(line=1, quantity=1)]
    )
    # tea line: 600,000 of which 240,000 paid with 240 points; one tea = 80 points, net 120,000
    assert (first.points_refunded, first.cashback_reversed) == (80, 2_400)
    rest = purchase_return(source="t", external_id="r2", purchase=purchase)
    assert first.points_refunded + rest.points_refunded == 400
    assert first.cashback_reversed + rest.cashback_reversed == 12_000
    summary = points_summary(member=member)
    assert (summary.balance, summary.debt) == (400, 0)  # earned points reversed, paid returned
    assert wallet_summary(member=member).balance == 0
    member.stats.refresh_from_db()
    assert (member.stats.total_spend, member.stats.purchase_count) == (0, 0)
    assert gold.cashback_percent == Decimal(2)
    assert ledger_is_sound()
