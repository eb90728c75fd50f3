"""The admin works as the interim back-office: every list and detail page renders, rules are
validated before saving, and the ledger cannot be edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bashgah.rules.models import EarningRule

pytestmark = pytest.mark.django_db

MODELS = [
    "members.member",
    "ledger.transaction",
    "rules.earningrule",
    "tiers.tier",
    "tiers.tierpolicy",
    "purchases.purchase",
    "stores.store",
    "api.apikey",
    "rewards.reward",
    "rewards.voucher",
    "rewards.couponcampaign",
    "rewards.giftcard",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_render(admin_client, model, member, base_rule, buy, tiers):
    buy(member)
    app, name = model.split(".")
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_ledger_and_purchase_detail_are_read_only(admin_client, member, base_rule, buy):
    purchase = buy(member).purchase
    tx = purchase.earn_transaction
    page = admin_client.get(reverse("admin:ledger_transaction_change", args=[tx.pk]))
    assert page.status_code == 200
    edit = admin_client.post(
        reverse("admin:ledger_transaction_change", args=[tx.pk]), {"reason": "edited"}
    )
    assert edit.status_code == 403
    assert (
        admin_client.get(reverse("admin:purchases_purchase_change", args=[purchase.pk])).status_code
        == 200
    )


def test_invalid_rule_is_refused_with_the_field_to_fix(admin_client):
    response = admin_client.post(
        reverse("admin:rules_earningrule_add"),
        {
            "name": "double dairy",
            "labels": "{}",
            "type": "category_multiplier",
            "params": '{"multiplier": "0.5", "categories": ["dairy"]}',
            "priority": 0,
            "audience_tiers": "[]",
        },
    )
    assert response.status_code == 200
    assert "params.multiplier" in response.content.decode()
    assert not EarningRule.objects.exists()
