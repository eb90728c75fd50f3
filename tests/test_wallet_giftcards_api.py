"""Wallet credit, points turned into money, and gift cards, through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.ledger.models import Transaction
from bashgah.ledger.services import points_credit
from bashgah.ledger.services.money import InsufficientFunds, wallet_credit
from bashgah.rewards.models import GiftCard, GiftCardUse, Reward, WalletPayment
from bashgah.rewards.services.money import giftcard_balance, giftcard_issue, giftcards_expire
from bashgah.rewards.services.redeem import reward_redeem
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db


def test_convert_points_and_pay_from_the_wallet(api, member, settings):
    settings.BASHGAH = {**settings.BASHGAH, "POINT_VALUE": 1000}
    points_credit(member=member, points=500, kind=Transaction.Kind.EARN)
    converted = api.post(f"/members/{member.pk}/wallet/conversions", {"points": 200}, language="fa")
    assert converted.status_code == 201, converted.json()
    body = converted.json()
    assert body["amount"] == 200_000 and body["balance"]["balance"] == 300
    assert body["wallet"]["display"] == "۲۰٬۰۰۰ تومان"
    pay = {"amount": 150_000, "reference": "T-1"}
    first = api.post(f"/members/{member.pk}/wallet/payments", pay, key="w1")
    again = api.post(f"/members/{member.pk}/wallet/payments", pay, key="w2")  # till retried
    assert first.status_code == again.status_code == 201
    assert again.json()["wallet"]["available"] == 50_000
    assert WalletPayment.objects.count() == 1
    too_much = api.post(
        f"/members/{member.pk}/wallet/payments", {"amount": 50_001, "reference": "T-2"}
    )
    assert too_much.status_code == 409 and too_much.json()["error"] == "insufficient_funds"
    assert ledger_is_sound()


def test_cashback_reward_fills_the_wallet(member):
    points_credit(member=member, points=300, kind=Transaction.Kind.EARN)
    reward = Reward.objects.create(code="cash", type="cashback", points_cost=300, value=250_000)
    voucher = reward_redeem(member=member, reward=reward)
    assert voucher.status == "fulfilled"
    from bashgah.ledger.selectors import wallet_summary

    assert wallet_summary(member=member).available == 250_000
    assert ledger_is_sound()


def test_gift_card_sell_check_and_spend_in_parts(api):
    sold = api.post("/gift-cards", {"amount": 2_000_000, "valid_days": 180})
    assert sold.status_code == 201
    code = sold.json()["code_display"]
    spent = api.post(
        f"/gift-cards/{code}/payments", {"amount": 1_200_000, "reference": "T-9"}, key="g1"
    )
    assert spent.json()["balance"] == 800_000
    assert (
        api.post(
            f"/gift-cards/{code}/payments", {"amount": 1_200_000, "reference": "T-9"}, key="g1"
        ).json()
        == spent.json()
    )
    over = api.post(f"/gift-cards/{code}/payments", {"amount": 800_001, "reference": "T-10"})
    assert over.status_code == 409
    assert api.get(f"/gift-cards/{code.lower()}").json()["balance"] == 800_000
    assert GiftCardUse.objects.count() == 1
    mistyped = api.get(f"/gift-cards/{code[:-1]}{'2' if code[-1] != '2' else '3'}")
    assert mistyped.status_code == 404 and mistyped.json()["error"] == "gift_card_code_mistyped"
    assert ledger_is_sound()


def test_gift_cards_expire(store):
    now = timezone.now()
    card = giftcard_issue(
        amount=500_000, store=store, valid_days=30, at=now - dt.timedelta(days=40)
    )
    assert giftcard_balance(card=card).balance == 0 and giftcard_balance(card=card).expired
    assert giftcards_expire(at=now) == 1
    card.account.refresh_from_db()
    assert card.account.balance == 0
    assert giftcards_expire(at=now) == 0
    assert GiftCard.objects.count() == 1
    assert ledger_is_sound()


def test_wallet_credit_waits_then_pays(member, store):
    from bashgah.rewards.services.money import wallet_pay

    now = timezone.now()
    wallet_credit(
        member=member,
        amount=10_000,
        kind=Transaction.Kind.CASHBACK,
        available_at=now + dt.timedelta(days=3),
    )
    with pytest.raises(InsufficientFunds):
        wallet_pay(member=member, amount=10_000, store=store, reference="x")
    assert (
        wallet_pay(
            member=member, amount=10_000, store=store, reference="y", at=now + dt.timedelta(days=4)
        ).amount
        == 10_000
    )
