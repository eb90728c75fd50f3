"""Ledger reads: balances, history and the whole-ledger verification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bashgah.ledger.models import (
    LOT_KINDS,
    MONEY_KINDS,
    SYSTEM_KINDS,
    Account,
    Entry,
    Lot,
    Transaction,
)
from bashgah.members.models import Member


@dataclass(frozen=True, slots=True)
class PointsSummary:
    balance: int  # every point the member holds, pending included
    available: int  # spendable now
    pending: int  # earned, spendable after the return window
    debt: int  # points owed after a return of already-spent points
    expiring_soon: int  # spendable points that expire within the warning period
    expiring_soon_at: dt.datetime | None  # the soonest such expiry


def points_summary(
    *,
    member: Member,
    at: dt.datetime | None = None,
    warn_days: int = 30,
    balances: tuple[int, int] | None = None,
) -> PointsSummary:
    """The member's points at a glance. ``balances`` (points, debt) may be passed by a caller
    that has just posted under the member's lock and knows them."""
    at = at or timezone.now()
    if balances is None:
        by_kind = dict(Account.objects.filter(member=member).values_list("kind", "balance"))
        balances = (
            by_kind.get(Account.Kind.MEMBER_POINTS, 0),
            by_kind.get(Account.Kind.MEMBER_DEBT, 0),
        )
    spendable = Q(available_at__lte=at)
    soon = spendable & Q(expires_at__lte=at + dt.timedelta(days=warn_days))
    totals = (
        Lot.objects.filter(account__member=member, remaining__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .aggregate(
            pending=Coalesce(Sum("remaining", filter=Q(available_at__gt=at)), Value(0)),
            expiring=Coalesce(Sum("remaining", filter=soon), Value(0)),
            soonest=Min("expires_at", filter=soon),
        )
    )
    balance, debt = balances
    return PointsSummary(
        balance=balance,
        available=balance - totals["pending"],
        pending=totals["pending"],
        debt=-debt,
        expiring_soon=totals["expiring"],
        expiring_soon_at=totals["soonest"],
    )


def points_history(*, member: Member) -> QuerySet[Transaction]:
    return Transaction.objects.filter(member=member).order_by("-created_at", "-id")


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    kind: str
    subject: str
    expected: int
    actual: int

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject} expected {self.expected}, found {self.actual}"


def ledger_verify() -> list[LedgerProblem]:
    """Check the whole ledger from its entries; an empty list means it is sound."""
    problems: list[LedgerProblem] = []
    money = Q(account__kind__in=MONEY_KINDS)
    unbalanced = (
        Entry.objects.values("transaction_id")
        .annotate(
            points=Coalesce(Sum("amount", filter=~money), Value(0)),
            money=Coalesce(Sum("amount", filter=money), Value(0)),
        )
        .exclude(points=0, money=0)
        .order_by("transaction_id")
    )
    problems += [
        LedgerProblem(
            "unbalanced transaction",
            f"transaction {row['transaction_id']} ({'money' if row['money'] else 'points'})",
            0,
            row["money"] or row["points"],
        )
        for row in unbalanced
    ]
    without_entries = Transaction.objects.filter(entries__isnull=True).values_list("pk", flat=True)
    problems += [
        LedgerProblem("transaction without entries", f"transaction {pk}", 1, 0)
        for pk in without_entries
    ]
    member_accounts = Account.objects.exclude(kind__in=SYSTEM_KINDS).annotate(
        total=Coalesce(Sum("entries__amount"), Value(0))
    )
    problems += [
        LedgerProblem("cached balance", account.code, account.total, account.balance)
        for account in member_accounts.exclude(balance=F("total"))
    ]
    problems += [
        LedgerProblem("negative balance", account.code, 0, account.balance)
        for account in Account.objects.filter(kind__in=LOT_KINDS, balance__lt=0)
    ]
    lots = Lot.objects.annotate(total=Coalesce(Sum("entries__amount"), Value(0))).exclude(
        remaining=F("total")
    )
    problems += [
        LedgerProblem("lot remaining", f"lot {lot.pk}", lot.total, lot.remaining) for lot in lots
    ]
    points_by_tx = (
        Entry.objects.filter(account__kind=Account.Kind.MEMBER_POINTS)
        .values("transaction_id", "transaction__points")
        .annotate(total=Sum("amount"))
        .exclude(total=F("transaction__points"))
    )
    problems += [
        LedgerProblem(
            "transaction points",
            f"transaction {row['transaction_id']}",
            row["total"],
            row["transaction__points"],
        )
        for row in points_by_tx
    ]
    return problems


def system_balances() -> dict[str, int]:
    """Balances of the system accounts, summed from entries (they are not cached); points
    accounts by their name, money accounts too (``wallet_*``, ``giftcard_*``)."""
    rows = (
        Entry.objects.filter(account__kind__in=SYSTEM_KINDS)
        .values("account__code")
        .annotate(total=Sum("amount"))
    )
    return {row["account__code"].removeprefix("system:"): row["total"] for row in rows}


@dataclass(frozen=True, slots=True)
class WalletSummary:
    balance: int  # minor units, pending included
    available: int  # spendable now
    pending: int  # cashback waiting out the return window
    debt: int  # cashback owed after a return of goods whose cashback was spent


def wallet_summary(*, member: Member, at: dt.datetime | None = None) -> WalletSummary:
    at = at or timezone.now()
    by_kind = dict(
        Account.objects.filter(
            member=member, kind__in=[Account.Kind.MEMBER_WALLET, Account.Kind.WALLET_DEBT]
        ).values_list("kind", "balance")
    )
    pending = Lot.objects.filter(
        account__member=member,
        account__kind=Account.Kind.MEMBER_WALLET,
        remaining__gt=0,
        available_at__gt=at,
    ).aggregate(total=Coalesce(Sum("remaining"), Value(0)))["total"]
    balance = by_kind.get(Account.Kind.MEMBER_WALLET, 0)
    return WalletSummary(
        balance=balance,
        available=balance - pending,
        pending=pending,
        debt=-by_kind.get(Account.Kind.WALLET_DEBT, 0),
    )
