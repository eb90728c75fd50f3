"""Money in the ledger: a member's wallet (cashback, converted points) and gift cards.

Money is kept in the club currency's minor units, on its own accounts: it never mixes with
points, and every transaction balances for each asset on its own. Wallet and gift-card credits
are lots, like points: spendable from ``available_at`` (cashback waits out the return window),
void after ``expires_at`` (gift cards), spent soonest-expiring first.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import ApplicationError, InsufficientPoints, ValidationFailed
from bashgah.ledger.lock_objects import member_accounts_lock, member_money_lock
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.ledger.services.core import (
    Reference,
    _post,
    open_lots,
    system_account_id,
    take_from_lots,
)
from bashgah.members.models import Member


class InsufficientFunds(ApplicationError):
    code = "insufficient_funds"
    status = 409
    default_message = _("Not enough credit.")


def _positive(amount: int, field: str = "amount") -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationFailed(details={field: str(_("A positive whole amount."))})


def _money_ids(*accounts: Account) -> frozenset[int]:
    return frozenset(account.pk for account in accounts)


def _new_lot(
    *,
    tx: Transaction,
    account: Account,
    amount: int,
    available_at: dt.datetime,
    expires_at: dt.datetime | None,
) -> Entry:
    lot = Lot.objects.create(
        account=account,
        origin=tx,
        points=amount,
        remaining=amount,
        available_at=available_at,
        expires_at=expires_at,
    )
    return Entry(account_id=account.pk, amount=amount, lot=lot)


def wallet_credit(
    *,
    member: Member,
    amount: int,
    kind: str,
    source: str = "wallet_cashback",
    explanation: list[dict[str, Any]] | None = None,
    available_at: dt.datetime | None = None,
    reference: Reference | None = None,
    actor: str = "",
    at: dt.datetime | None = None,
) -> Transaction:
    """Put money in the member's wallet; wallet debt (cashback taken back after it was spent)
    is settled from it first."""
    _positive(amount)
    at = at or timezone.now()
    reference = reference or Reference()
    with transaction.atomic():
        wallet, debt = member_money_lock(member=member)
        settled = min(amount, -debt.balance)
        credited = amount - settled
        source_id = system_account_id(source)
        tx = Transaction(
            kind=kind,
            member=member,
            points=0,
            explanation=explanation or [],
            reference_type=reference.type,
            reference_id=reference.id,
            actor=actor,
            created_at=at,
        )
        tx.save(force_insert=True)
        entries = [Entry(account_id=source_id, amount=-amount)]
        if settled:
            entries.append(Entry(account_id=debt.pk, amount=settled))
            tx.explanation.append(
                {"code": "wallet_debt_settled", "points": 0, "params": {"amount": settled}}
            )
        if credited:
            entries.append(
                _new_lot(
                    tx=tx,
                    account=wallet,
                    amount=credited,
                    available_at=max(available_at or at, at),
                    expires_at=None,
                )
            )
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(wallet, credited), (debt, settled)],
            money_account_ids=_money_ids(wallet, debt) | {source_id},
        )


def wallet_debit(
    *,
    member: Member,
    amount: int,
    kind: str,
    sink: str = "wallet_spent",
    explanation: list[dict[str, Any]] | None = None,
    reference: Reference | None = None,
    reverses: Transaction | None = None,
    allow_debt: bool = False,
    actor: str = "",
    at: dt.datetime | None = None,
) -> Transaction:
    """Spend wallet money, soonest-expiring first. With ``allow_debt`` (taking back cashback
    for a return) pending credit counts, the credit from ``reverses`` goes first, and what the
    wallet cannot cover becomes wallet debt; otherwise a shortfall raises InsufficientFunds."""
    _positive(amount)
    at = at or timezone.now()
    reference = reference or Reference()
    with transaction.atomic():
        wallet, debt = member_money_lock(member=member)
        lots = open_lots(
            account=wallet,
            at=at,
            include_pending=allow_debt,
            prefer_origin_ids=[reverses.pk] if reverses else [],
        )
        available = sum(lot.remaining for lot in lots)
        if available < amount and not allow_debt:
            raise InsufficientFunds(details={"requested": amount, "available": available})
        entries = take_from_lots(lots, amount, account=wallet)
        taken = -sum(entry.amount for entry in entries)
        short = amount - taken
        sink_id = system_account_id(sink)
        explanation = list(explanation or [])
        if short:
            entries.append(Entry(account_id=debt.pk, amount=-short))
            explanation.append(
                {"code": "wallet_debt_recorded", "points": 0, "params": {"amount": short}}
            )
        entries.append(Entry(account_id=sink_id, amount=amount))
        tx = Transaction(
            kind=kind,
            member=member,
            points=0,
            explanation=explanation,
            reference_type=reference.type,
            reference_id=reference.id,
            reverses=reverses,
            actor=actor,
            created_at=at,
        )
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(wallet, -taken), (debt, -short)],
            money_account_ids=_money_ids(wallet, debt) | {sink_id},
        )


def conversion_value(points: int) -> int:
    """Wallet credit for ``points`` at the club's rate (minor units per point), rounded down."""
    rate = Decimal(str(settings.BASHGAH["POINT_VALUE"]))
    return int((points * rate).to_integral_value(ROUND_DOWN))


def points_to_wallet(
    *, member: Member, points: int, actor: str = "", at: dt.datetime | None = None
) -> Transaction:
    """Turn spendable points into wallet credit at the club's rate, in one transaction that
    balances for points and for money separately."""
    _positive(points, "points")
    value = conversion_value(points)
    if value <= 0:
        raise ValidationFailed(details={"points": str(_("Too few points to convert."))})
    at = at or timezone.now()
    with transaction.atomic():
        points_account, _points_debt = member_accounts_lock(member=member)
        wallet, wallet_debt = member_money_lock(member=member)
        lots = open_lots(account=points_account, at=at, include_pending=False, prefer_origin_ids=[])
        available = sum(lot.remaining for lot in lots)
        if available < points:
            raise InsufficientPoints(details={"requested": points, "available": available})
        entries = take_from_lots(lots, points, account=points_account)
        converted_id, funded_id = (
            system_account_id("converted"),
            system_account_id("wallet_converted"),
        )
        entries.append(Entry(account_id=converted_id, amount=points))
        tx = Transaction(
            kind=Transaction.Kind.CONVERT,
            member=member,
            points=-points,
            explanation=[
                {
                    "code": "converted",
                    "points": -points,
                    "params": {"amount": value, "currency": settings.BASHGAH["CURRENCY"]},
                }
            ],
            actor=actor,
            created_at=at,
        )
        tx.save(force_insert=True)
        settled = min(value, -wallet_debt.balance)
        entries.append(Entry(account_id=funded_id, amount=-value))
        if settled:
            entries.append(Entry(account_id=wallet_debt.pk, amount=settled))
        if value - settled:
            entries.append(
                _new_lot(
                    tx=tx, account=wallet, amount=value - settled, available_at=at, expires_at=None
                )
            )
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[
                (points_account, -points),
                (wallet, value - settled),
                (wallet_debt, settled),
            ],
            money_account_ids=_money_ids(wallet, wallet_debt) | {funded_id},
        )


# --- gift cards ---------------------------------------------------------------------------------


def giftcard_account_open(*, code: str) -> Account:
    return Account.objects.create(code=f"giftcard:{code}", kind=Account.Kind.GIFT_CARD)


def giftcard_load(
    *,
    account: Account,
    amount: int,
    expires_at: dt.datetime | None,
    member: Member | None,
    actor: str = "",
    at: dt.datetime | None = None,
) -> Transaction:
    """Money paid for a gift card lands on the card's own account, as one lot with the card's
    expiry."""
    _positive(amount)
    at = at or timezone.now()
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        sold_id = system_account_id("giftcard_sold")
        tx = Transaction(
            kind=Transaction.Kind.GIFT_CARD_ISSUE,
            member=member,
            points=0,
            explanation=[{"code": "giftcard_issued", "points": 0, "params": {"amount": amount}}],
            reference_type="giftcard",
            reference_id=account.code,
            actor=actor,
            created_at=at,
        )
        tx.save(force_insert=True)
        entries = [
            Entry(account_id=sold_id, amount=-amount),
            _new_lot(tx=tx, account=account, amount=amount, available_at=at, expires_at=expires_at),
        ]
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(account, amount)],
            money_account_ids=frozenset({account.pk, sold_id}),
        )


def giftcard_debit(
    *,
    account: Account,
    amount: int,
    member: Member | None,
    reference: Reference,
    actor: str = "",
    at: dt.datetime | None = None,
) -> Transaction:
    _positive(amount)
    at = at or timezone.now()
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        lots = open_lots(account=account, at=at, include_pending=False, prefer_origin_ids=[])
        available = sum(lot.remaining for lot in lots)
        if available < amount:
            raise InsufficientFunds(
                _("The gift card does not hold enough."),
                details={"requested": amount, "available": available},
            )
        entries = take_from_lots(lots, amount, account=account)
        spent_id = system_account_id("giftcard_spent")
        entries.append(Entry(account_id=spent_id, amount=amount))
        tx = Transaction(
            kind=Transaction.Kind.GIFT_CARD_SPEND,
            member=member,
            points=0,
            explanation=[{"code": "giftcard_spent", "points": 0, "params": {"amount": amount}}],
            reference_type=reference.type,
            reference_id=reference.id,
            actor=actor,
            created_at=at,
        )
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(account, -amount)],
            money_account_ids=frozenset({account.pk, spent_id}),
        )


def giftcard_expire(*, account: Account, at: dt.datetime | None = None) -> Transaction | None:
    """Void what is left on a gift card past its expiry, as one transaction."""
    at = at or timezone.now()
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        lots = list(Lot.objects.filter(account=account, remaining__gt=0, expires_at__lte=at))
        if not lots:
            return None
        total = sum(lot.remaining for lot in lots)
        entries = [Entry(account_id=account.pk, amount=-lot.remaining, lot=lot) for lot in lots]
        for lot in lots:
            lot.remaining = 0
        Lot.objects.bulk_update(lots, ["remaining"])
        sink_id = system_account_id("giftcard_expired")
        entries.append(Entry(account_id=sink_id, amount=total))
        tx = Transaction(
            kind=Transaction.Kind.GIFT_CARD_EXPIRE,
            member=account.member,
            points=0,
            explanation=[{"code": "giftcard_expired", "points": 0, "params": {"amount": total}}],
            reference_type="giftcard",
            reference_id=account.code,
            created_at=at,
        )
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(account, -total)],
            money_account_ids=frozenset({account.pk, sink_id}),
        )
