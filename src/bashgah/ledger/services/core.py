"""What every ledger write shares: system accounts, references and balanced posting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q

from bashgah.ledger.models import MONEY_KINDS, Account, Entry, Lot, Transaction

# name -> kind. Points leave "issued"/"adjusted" and arrive in "redeemed", "expired" …; money
# enters wallets from "wallet_cashback"/"wallet_converted" and gift cards from "giftcard_sold".
SYSTEM_ACCOUNTS: dict[str, str] = {
    "issued": Account.Kind.SYSTEM,
    "redeemed": Account.Kind.SYSTEM,
    "expired": Account.Kind.SYSTEM,
    "adjusted": Account.Kind.SYSTEM,
    "converted": Account.Kind.SYSTEM,
    "wallet_cashback": Account.Kind.SYSTEM_MONEY,
    "wallet_converted": Account.Kind.SYSTEM_MONEY,
    "wallet_spent": Account.Kind.SYSTEM_MONEY,
    "wallet_adjusted": Account.Kind.SYSTEM_MONEY,
    "giftcard_sold": Account.Kind.SYSTEM_MONEY,
    "giftcard_spent": Account.Kind.SYSTEM_MONEY,
    "giftcard_expired": Account.Kind.SYSTEM_MONEY,
}
_system_account_ids: dict[str, int] = {}


def system_account_id(name: str) -> int:
    """Primary key of a system account. Migrations create them all and rows are never deleted,
    so an id read from the database is cached for the life of the process."""
    if name not in SYSTEM_ACCOUNTS:
        raise ValueError(f"unknown system account {name!r}")
    if name in _system_account_ids:
        return _system_account_ids[name]
    account, created = Account.objects.get_or_create(
        code=f"system:{name}", defaults={"kind": SYSTEM_ACCOUNTS[name]}
    )
    if not created:  # a row made in this transaction may yet be rolled back: don't cache it
        _system_account_ids[name] = account.pk
    return account.pk


def system_account_cache_clear() -> None:
    _system_account_ids.clear()


@dataclass(frozen=True, slots=True)
class Reference:
    type: str = ""
    id: str = ""


def _post(
    *,
    tx: Transaction,
    entries: list[Entry],
    balance_changes: list[tuple[Account, int]],
    money_account_ids: frozenset[int] = frozenset(),
) -> Transaction:
    """Insert a transaction and its entries and move the cached balances. ``money_account_ids``
    names the entries' accounts that count money, so each asset is checked to balance alone."""
    points_total = sum(e.amount for e in entries if e.account_id not in money_account_ids)
    money_total = sum(e.amount for e in entries if e.account_id in money_account_ids)
    if points_total or money_total:
        raise AssertionError(f"unbalanced ledger transaction: {entries!r}")
    if tx.pk is None:
        tx.save(force_insert=True)
    for entry in entries:
        entry.transaction = tx
    Entry.objects.bulk_create(entries)
    for account, delta in balance_changes:
        if delta:
            Account.objects.filter(pk=account.pk).update(balance=F("balance") + delta)
            account.balance += delta
    return tx


def is_money(kind: str) -> bool:
    return kind in MONEY_KINDS


def open_lots(
    *, account: Account, at: dt.datetime, include_pending: bool, prefer_origin_ids: list[int]
) -> list[Lot]:
    """The account's unexpired lots with something left, in the order debits take them:
    lots of ``prefer_origin_ids`` first (a reversal takes back its own), then soonest expiry."""
    lots = Lot.objects.filter(account=account, remaining__gt=0).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at)
    )
    if not include_pending:
        lots = lots.filter(available_at__lte=at)
    return sorted(
        lots,
        key=lambda lot: (
            lot.origin_id not in prefer_origin_ids,
            lot.expires_at is None,
            lot.expires_at or at,
            lot.pk,
        ),
    )


def take_from_lots(lots: list[Lot], amount: int, *, account: Account) -> list[Entry]:
    """Debit entries taking up to ``amount`` from ``lots`` in order; the lots' ``remaining`` is
    updated in memory and in the database (one statement)."""
    entries: list[Entry] = []
    touched: list[Lot] = []
    left = amount
    for lot in lots:
        if not left:
            break
        take = min(left, lot.remaining)
        lot.remaining -= take
        left -= take
        touched.append(lot)
        entries.append(Entry(account_id=account.pk, amount=-take, lot=lot))
    if touched:
        Lot.objects.bulk_update(touched, ["remaining"])
    return entries
