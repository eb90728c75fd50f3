"""The ledger's second asset: wallet money and gift cards, never mixed with points."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.core.errors import InsufficientPoints
from bashgah.ledger.models import Account, Transaction
from bashgah.ledger.selectors import ledger_verify, system_balances
from bashgah.ledger.services import points_credit
from bashgah.ledger.services.core import Reference
from bashgah.ledger.services.money import (
    InsufficientFunds,
    giftcard_account_open,
    giftcard_debit,
    giftcard_expire,
    giftcard_load,
    points_to_wallet,
    wallet_credit,
    wallet_debit,
)
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def wallet_of(member) -> int:
    return Account.objects.get(member=member, kind="member_wallet").balance


def test_cashback_waits_for_the_return_window(member):
    wallet_credit(
        member=member,
        amount=50_000,
        kind=Transaction.Kind.CASHBACK,
        available_at=NOW + dt.timedelta(days=7),
    )
    assert wallet_of(member) == 50_000
    with pytest.raises(InsufficientFunds):
        wallet_debit(member=member, amount=1, kind=Transaction.Kind.WALLET_PAY)
    later = NOW + dt.timedelta(days=8)
    wallet_debit(member=member, amount=20_000, kind=Transaction.Kind.WALLET_PAY, at=later)
    assert wallet_of(member) == 30_000
    assert ledger_is_sound()


def test_taking_back_spent_cashback_records_wallet_debt(member):
    credit = wallet_credit(member=member, amount=50_000, kind=Transaction.Kind.CASHBACK)
    wallet_debit(member=member, amount=40_000, kind=Transaction.Kind.WALLET_PAY)
    reversal = wallet_debit(
        member=member,
        amount=50_000,
        kind=Transaction.Kind.RETURN,
        sink="wallet_cashback",
        reverses=credit,
        allow_debt=True,
    )
    assert [item["code"] for item in reversal.explanation] == ["wallet_debt_recorded"]
    debt = Account.objects.get(member=member, kind="wallet_debt")
    assert (wallet_of(member), debt.balance) == (0, -40_000)
    wallet_credit(member=member, amount=100_000, kind=Transaction.Kind.CASHBACK)
    debt.refresh_from_db()
    assert (wallet_of(member), debt.balance) == (60_000, 0)
    assert ledger_is_sound()


def test_points_become_wallet_credit_balanced_per_asset(member, settings):
    settings.BASHGAH = {**settings.BASHGAH, "POINT_VALUE": 1000}
    points_credit(member=member, points=300, kind=Transaction.Kind.EARN)
    tx = points_to_wallet(member=member, points=120)
    assert tx.points == -120
    assert wallet_of(member) == 120_000
    balances = system_balances()
    assert balances["converted"] == 120 and balances["wallet_converted"] == -120_000
    with pytest.raises(InsufficientPoints):
        points_to_wallet(member=member, points=181)
    assert ledger_verify() == []


def test_gift_card_partial_spending_and_expiry():
    account = giftcard_account_open(code="GIFT1")
    giftcard_load(
        account=account, amount=1_000_000, member=None, expires_at=NOW + dt.timedelta(days=365)
    )
    giftcard_debit(
        account=account, amount=300_000, member=None, reference=Reference("purchase", "T1")
    )
    account.refresh_from_db()
    assert account.balance == 700_000
    with pytest.raises(InsufficientFunds):
        giftcard_debit(
            account=account, amount=700_001, member=None, reference=Reference("purchase", "T2")
        )
    assert giftcard_expire(account=account, at=NOW) is None
    tx = giftcard_expire(account=account, at=NOW + dt.timedelta(days=366))
    account.refresh_from_db()
    assert account.balance == 0 and tx is not None
    assert system_balances()["giftcard_expired"] == 700_000
    assert ledger_is_sound()
