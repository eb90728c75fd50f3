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
    """Lock the member's points and debt accounts (creating them on first use).

    Caller is inside ``transaction.atomic``. Every ledger write for a member goes through here,
    so two writers for one member queue instead of reading stale balances.
    """
    for _attempt in range(2):
        accounts = list(Account.objects.select_for_update().filter(member=member).order_by("pk"))
        if len(accounts) == 2:
            by_kind = {account.kind: account for account in accounts}
            return LockedAccounts(
                by_kind[Account.Kind.MEMBER_POINTS], by_kind[Account.Kind.MEMBER_DEBT]
            )
        try:
            with transaction.atomic():
                member_accounts_create(member=member)
        except IntegrityError:
            pass
    raise RuntimeError(f"member {member.pk} accounts could not be created")
