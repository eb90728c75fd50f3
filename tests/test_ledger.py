"""The ledger services: balanced transactions, lots, expiry, adjustments, verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from bashgah.core.errors import InsufficientPoints, ValidationFailed
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.ledger.selectors import ledger_verify, points_summary, system_balances
from bashgah.ledger.services import points_adjust, points_credit, points_debit, points_expire
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def credit(member, points, **kwargs):
    return points_credit(member=member, points=points, kind=Transaction.Kind.EARN, **kwargs)


def test_credit_creates_a_lot_and_a_balanced_transaction(member):
    tx = credit(member, 120, expires_at=NOW + dt.timedelta(days=365))
    assert sorted(tx.entries.values_list("amount", flat=True)) == [-120, 120]
    assert points_summary(member=member).balance == 120
    assert Lot.objects.get(origin=tx).remaining == 120
    assert system_balances()["issued"] == -120
    assert ledger_is_sound()


def test_debit_consumes_soonest_expiring_lots_first(member):
    late = credit(member, 100, expires_at=NOW + dt.timedelta(days=300))
    soon = credit(member, 100, expires_at=NOW + dt.timedelta(days=10))
    never = credit(member, 100)
    points_debit(member=member, points=150, kind=Transaction.Kind.REDEEM)
    remaining = {lot.origin_id: lot.remaining for lot in Lot.objects.all()}
    assert remaining == {soon.pk: 0, late.pk: 50, never.pk: 100}
    assert ledger_is_sound()


def test_pending_points_cannot_be_spent(member):
    credit(member, 100, available_at=NOW + dt.timedelta(days=7))
    summary = points_summary(member=member)
    assert (summary.balance, summary.available, summary.pending) == (100, 0, 100)
    with pytest.raises(InsufficientPoints) as error:
        points_debit(member=member, points=1, kind=Transaction.Kind.REDEEM)
    assert error.value.details == {"requested": 1, "available": 0}
    assert Transaction.objects.filter(kind=Transaction.Kind.REDEEM).count() == 0


def test_overdraw_fails_and_changes_nothing(member):
    credit(member, 50)
    before = (Transaction.objects.count(), Entry.objects.count())
    with pytest.raises(InsufficientPoints):
        points_debit(member=member, points=51, kind=Transaction.Kind.REDEEM)
    assert (Transaction.objects.count(), Entry.objects.count()) == before
    assert points_summary(member=member).balance == 50


def test_expiry_voids_only_expired_lots_and_says_when(member):
    credit(member, 70, at=NOW - dt.timedelta(days=400), expires_at=NOW - dt.timedelta(days=35))
    credit(member, 30, expires_at=NOW + dt.timedelta(days=20))
    tx = points_expire(member=member)
    assert tx is not None and tx.points == -70
    assert tx.explanation[0]["code"] == "expired_lot"
    assert points_expire(member=member) is None  # nothing left to expire
    summary = points_summary(member=member)
    assert summary.balance == 30
    assert summary.expiring_soon == 30
    assert system_balances()["expired"] == 70
    assert ledger_is_sound()


def test_adjustment_needs_a_reason_and_cannot_overdraw(member):
    with pytest.raises(ValidationFailed) as error:
        points_adjust(member=member, points=10, reason=" ", actor="staff:ali")
    assert "reason" in error.value.details
    points_adjust(member=member, points=40, reason="جبران تأخیر", actor="staff:ali")
    with pytest.raises(InsufficientPoints):
        points_adjust(member=member, points=-41, reason="اشتباه", actor="staff:ali")
    points_adjust(member=member, points=-40, reason="اشتباه", actor="staff:ali")
    assert points_summary(member=member).balance == 0
    assert ledger_is_sound()


def test_debt_is_settled_first_from_new_points(member):
    points_debit(
        member=member, points=30, kind=Transaction.Kind.RETURN, sink="issued", allow_debt=True
    )
    assert points_summary(member=member).debt == 30
    tx = credit(member, 100)
    assert (tx.points, tx.debt) == (70, 30)
    assert [item["code"] for item in tx.explanation] == ["debt_settled"]
    summary = points_summary(member=member)
    assert (summary.balance, summary.debt) == (70, 0)
    assert ledger_is_sound()


def test_database_refuses_negative_member_balance(member):
    from django.db import IntegrityError, transaction

    credit(member, 5)
    account = Account.objects.get(member=member, kind=Account.Kind.MEMBER_POINTS)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(balance=-1)


def test_verify_finds_a_tampered_balance(member):
    credit(member, 5)
    Account.objects.filter(member=member, kind=Account.Kind.MEMBER_POINTS).update(balance=6)
    problems = ledger_verify()
    assert [p.kind for p in problems] == ["cached balance"]


@pytest.mark.postgres
def test_postgres_rejects_update_and_delete_of_entries(member):
    from django.db import DatabaseError, transaction

    tx = credit(member, 5)
    entry = tx.entries.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=6)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Transaction.objects.filter(pk=tx.pk).update(reason="x")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_rejects_an_unbalanced_transaction_at_commit(member):
    from django.db import DatabaseError, transaction

    account = Account.objects.get(member=member, kind=Account.Kind.MEMBER_POINTS)
    with pytest.raises(DatabaseError, match="unbalanced"), transaction.atomic():
        tx = Transaction.objects.create(
            kind="adjust", member=member, points=5, created_at=timezone.now()
        )
        Entry.objects.create(transaction=tx, account=account, amount=5)
    assert connection.vendor == "postgresql"
    assert not Transaction.objects.filter(kind="adjust").exists()


def test_a_rolled_back_system_account_is_not_remembered(member):
    """A system account made inside a transaction that is rolled back must not leave its id
    cached, or every later posting would point at a row that does not exist."""
    from django.db import transaction

    from bashgah.ledger.services import system_account_cache_clear, system_account_id

    Account.objects.filter(code="system:wallet_spent").delete()
    system_account_cache_clear()
    with transaction.atomic():
        made = system_account_id("wallet_spent")
        transaction.set_rollback(True)
    again = system_account_id("wallet_spent")
    assert Account.objects.filter(pk=again).exists()
    assert made != again or Account.objects.filter(pk=made).exists()
