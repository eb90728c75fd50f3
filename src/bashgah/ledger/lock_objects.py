"""Row locks for the ledger, in one place: always primary-key order, held for one transaction."""

from __future__ import annotations

from typing import NamedTuple

from django.db import IntegrityError, transaction

from bashgah.ledger.models import Account
from bashgah.members.models import Member


def _member_account_code(member_id: int, kind: str) -> str:
    return f"member:{member_id}:{'points' if kind == Account.Kind.MEMBER_POINTS else 'debt'}"


def member_accounts_create(*, member: Member) -> None:
    Account.objects.bulk_create(
        [
            Account(code=_member_account_code(member.pk, kind), kind=kind, member=member)
            for kind in (Account.Kind.MEMBER_POINTS, Account.Kind.MEMBER_DEBT)
        ],
        ignore_conflicts=True,
    )


class LockedAccounts(NamedTuple):
    """A member's accounts, locked for the rest of the current transaction. Ledger services
    keep their ``balance`` current as they post, so one lock serves several postings."""

    points: Account
    debt: Account


def member_accounts_lock(*, member: Member) -> LockedAccounts:
    """Lock all of the member's accounts (creating points and debt on first use) and return
    the points and debt accounts.

    Caller is inside ``transaction.atomic``. Every ledger write for a member goes through here
    or ``member_money_lock``, both locking every account of the member in primary-key order, so
    two writers for one member queue instead of reading stale balances or deadlocking.
    """
    for _attempt in range(2):
        accounts = list(Account.objects.select_for_update().filter(member=member).order_by("pk"))
        by_kind = {account.kind: account for account in accounts}
        if Account.Kind.MEMBER_POINTS in by_kind and Account.Kind.MEMBER_DEBT in by_kind:
            return LockedAccounts(
                by_kind[Account.Kind.MEMBER_POINTS], by_kind[Account.Kind.MEMBER_DEBT]
            )
        try:
            with transaction.atomic():
                member_accounts_create(member=member)
        except IntegrityError:
            pass
    raise RuntimeError(f"member {member.pk} accounts could not be created")


class MoneyAccounts(NamedTuple):
    """A member's wallet and wallet-debt accounts, locked with all their other accounts."""

    wallet: Account
    debt: Account


_MONEY_CODES = {Account.Kind.MEMBER_WALLET: "wallet", Account.Kind.WALLET_DEBT: "wallet-debt"}


def member_money_lock(*, member: Member) -> MoneyAccounts:
    """Lock every account of the member (points and money, primary-key order, the order every
    writer uses), creating the wallet accounts on first use."""
    for _attempt in range(2):
        accounts = list(Account.objects.select_for_update().filter(member=member).order_by("pk"))
        by_kind = {account.kind: account for account in accounts}
        if all(kind in by_kind for kind in _MONEY_CODES):
            return MoneyAccounts(
                by_kind[Account.Kind.MEMBER_WALLET], by_kind[Account.Kind.WALLET_DEBT]
            )
        try:
            with transaction.atomic():
                Account.objects.bulk_create(
                    [
                        Account(code=f"member:{member.pk}:{suffix}", kind=kind, member=member)
                        for kind, suffix in _MONEY_CODES.items()
                    ],
                    ignore_conflicts=True,
                )
        except IntegrityError:
            pass
    raise RuntimeError(f"member {member.pk} wallet accounts could not be created")
