"""Points: every change of a member's points is one balanced transaction posted here.

All functions expect to run inside ``transaction.atomic`` (they open one themselves, so a
caller's outer transaction makes them part of a larger unit) and lock the member's accounts
first, so concurrent writers for one member queue and never overdraw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import InsufficientPoints, ValidationFailed
from bashgah.events.services import events_emit
from bashgah.ledger.lock_objects import LockedAccounts, member_accounts_lock
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.ledger.services.core import (
    Reference,
    _post,
    open_lots,
    system_account_id,
    take_from_lots,
)
from bashgah.members.models import Member


def points_credit(
    *,
    member: Member,
    points: int,
    kind: str,
    explanation: list[dict[str, Any]] | None = None,
    source: str = "issued",
    reason: str = "",
    reference: Reference | None = None,
    available_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
    actor: str = "",
    at: dt.datetime | None = None,
    accounts: LockedAccounts | None = None,
) -> Transaction:
    """Give ``points`` to the member as a new lot; any points debt is settled from them first.

    ``accounts`` are the member's accounts if the caller already locked them."""
    if not isinstance(points, int) or points <= 0:
        raise ValidationFailed(_("Points must be a positive whole number."), code="invalid_points")
    at = at or timezone.now()
    reference = reference or Reference()
    # A caller that passes locked accounts already runs in its own transaction.
    with transaction.atomic(savepoint=accounts is None):
        points_account, debt_account = accounts or member_accounts_lock(member=member)
        settled = min(points, -debt_account.balance)
        credited = points - settled
        explanation = list(explanation or [])
        if settled:
            explanation.append(
                {"code": "debt_settled", "points": -settled, "params": {"debt": settled}}
            )
        tx = Transaction(
            kind=kind,
            member=member,
            points=credited,
            debt=settled,
            explanation=explanation,
            reason=reason,
            reference_type=reference.type,
            reference_id=reference.id,
            actor=actor,
            created_at=at,
        )
        entries = [Entry(account_id=system_account_id(source), amount=-points)]
        if settled:
            entries.append(Entry(account_id=debt_account.pk, amount=settled))
        tx.save(force_insert=True)
        if credited:
            lot = Lot.objects.create(
                account=points_account,
                origin=tx,
                points=credited,
                remaining=credited,
                available_at=max(available_at or at, at),
                expires_at=expires_at,
            )
            entries.append(Entry(account_id=points_account.pk, amount=credited, lot=lot))
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(points_account, credited), (debt_account, settled)],
        )


def points_debit(
    *,
    member: Member,
    points: int,
    kind: str,
    sink: str = "redeemed",
    explanation: list[dict[str, Any]] | None = None,
    reason: str = "",
    reference: Reference | None = None,
    reverses: Transaction | None = None,
    allow_debt: bool = False,
    actor: str = "",
    at: dt.datetime | None = None,
    accounts: LockedAccounts | None = None,
) -> Transaction:
    """Take ``points`` from the member's spendable lots, soonest-expiring first.

    With ``allow_debt`` (reversals of earned points) pending lots count too, the lots created by
    ``reverses`` go first, and what the balance cannot cover becomes a points debt instead of
    an error; otherwise a shortfall raises InsufficientPoints and nothing is written.
    """
    if not isinstance(points, int) or points <= 0:
        raise ValidationFailed(_("Points must be a positive whole number."), code="invalid_points")
    at = at or timezone.now()
    reference = reference or Reference()
    # A caller that passes locked accounts already runs in its own transaction.
    with transaction.atomic(savepoint=accounts is None):
        points_account, debt_account = accounts or member_accounts_lock(member=member)
        lots = open_lots(
            account=points_account,
            at=at,
            include_pending=allow_debt,
            prefer_origin_ids=[reverses.pk] if reverses else [],
        )
        available = sum(lot.remaining for lot in lots)
        if available < points and not allow_debt:
            raise InsufficientPoints(
                details={"requested": points, "available": available},
            )
        tx = Transaction(
            kind=kind,
            member=member,
            explanation=explanation or [],
            reason=reason,
            reference_type=reference.type,
            reference_id=reference.id,
            reverses=reverses,
            actor=actor,
            created_at=at,
        )
        entries = take_from_lots(lots, points, account=points_account)
        taken = -sum(entry.amount for entry in entries)
        left = points - taken
        if left:
            entries.append(Entry(account_id=debt_account.pk, amount=-left))
            tx.explanation = [
                *tx.explanation,
                {"code": "debt_recorded", "points": 0, "params": {"debt": left}},
            ]
        entries.append(Entry(account_id=system_account_id(sink), amount=points))
        tx.points, tx.debt = -taken, -left
        return _post(
            tx=tx,
            entries=entries,
            balance_changes=[(points_account, -taken), (debt_account, -left)],
        )


def points_expire(*, member: Member, at: dt.datetime | None = None) -> Transaction | None:
    """Void what is left of the member's lots whose expiry has passed, as one transaction."""
    at = at or timezone.now()
    with transaction.atomic():
        points_account, _debt = member_accounts_lock(member=member)
        lots = list(
            Lot.objects.filter(
                account=points_account, remaining__gt=0, expires_at__lte=at
            ).order_by("expires_at", "pk")
        )
        if not lots:
            return None
        total = sum(lot.remaining for lot in lots)
        entries = [
            Entry(account_id=points_account.pk, amount=-lot.remaining, lot=lot) for lot in lots
        ]
        entries.append(Entry(account_id=system_account_id("expired"), amount=total))
        explanation = [
            {
                "code": "expired_lot",
                "points": -lot.remaining,
                "params": {"expired_at": lot.expires_at.isoformat() if lot.expires_at else ""},
            }
            for lot in lots
        ]
        for lot in lots:
            lot.remaining = 0
        Lot.objects.bulk_update(lots, ["remaining"])
        tx = Transaction(
            kind=Transaction.Kind.EXPIRE,
            member=member,
            points=-total,
            explanation=explanation,
            created_at=at,
        )
        return _post(tx=tx, entries=entries, balance_changes=[(points_account, -total)])


def points_adjust(
    *, member: Member, points: int, reason: str, actor: str, at: dt.datetime | None = None
) -> Transaction:
    """A staff correction. A reason is required and is shown to the member."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = str(_("Say why the points are being adjusted."))
    if not isinstance(points, int) or points == 0:
        errors["points"] = str(_("Points must be a whole number other than zero."))
    if errors:
        raise ValidationFailed(details=errors)
    explanation = [{"code": "adjustment", "points": points, "params": {"reason": reason}}]
    if points > 0:
        return points_credit(
            member=member,
            points=points,
            kind=Transaction.Kind.ADJUST,
            source="adjusted",
            explanation=explanation,
            reason=reason,
            actor=actor,
            at=at,
        )
    return points_debit(
        member=member,
        points=-points,
        kind=Transaction.Kind.ADJUST,
        sink="adjusted",
        explanation=explanation,
        reason=reason,
        actor=actor,
        at=at,
    )


def points_restore(
    *,
    original: Transaction,
    kind: str,
    explanation: list[dict[str, Any]] | None = None,
    reason: str = "",
    reference: Reference | None = None,
    actor: str = "",
    at: dt.datetime | None = None,
) -> Transaction:
    """Give back exactly what ``original`` (a debit) took: each point returns to the lot it came
    from, with that lot's own expiry. So a cancelled redemption cannot refresh old points; a lot
    that has expired meanwhile is voided by the next expiry run, as it would have been."""
    at = at or timezone.now()
    reference = reference or Reference()
    if original.member is None:
        raise ValidationFailed(_("Only a member's debit can be restored."), code="not_restorable")
    with transaction.atomic():
        points_account, _debt = member_accounts_lock(member=original.member)
        taken = list(
            Entry.objects.filter(transaction=original, account=points_account, amount__lt=0)
            .select_related("lot")
            .order_by("pk")
        )
        sink = Entry.objects.get(transaction=original, account__kind=Account.Kind.SYSTEM)
        total = -sum(entry.amount for entry in taken)
        if total <= 0 or sink.amount != total:
            raise ValidationFailed(_("Only a plain debit can be restored."), code="not_restorable")
        lots = []
        for entry in taken:
            assert entry.lot is not None
            entry.lot.remaining -= entry.amount
            lots.append(entry.lot)
        Lot.objects.bulk_update(lots, ["remaining"])
        entries = [Entry(account_id=points_account.pk, amount=-e.amount, lot=e.lot) for e in taken]
        entries.append(Entry(account_id=sink.account_id, amount=-total))
        tx = Transaction(
            kind=kind,
            member=original.member,
            points=total,
            explanation=explanation or [],
            reason=reason,
            reference_type=reference.type,
            reference_id=reference.id,
            reverses=original,
            actor=actor,
            created_at=at,
        )
        return _post(tx=tx, entries=entries, balance_changes=[(points_account, total)])


@dataclass(frozen=True, slots=True)
class ExpiryRun:
    members: int
    points: int


def points_expire_due(*, at: dt.datetime | None = None) -> ExpiryRun:
    """The scheduled expiry: every member's lots past their date, oldest first, each member in
    their own transaction (``points_expire``), so the member's history says what expired when."""
    at = at or timezone.now()
    member_ids = (
        Lot.objects.filter(
            account__kind=Account.Kind.MEMBER_POINTS, remaining__gt=0, expires_at__lte=at
        )
        .values_list("account__member_id", flat=True)
        .distinct()
        .order_by("account__member_id")
    )
    members = points = 0
    for member_id in list(member_ids):
        tx = points_expire(member=Member(pk=member_id), at=at)
        if tx is not None:
            members += 1
            points -= tx.points
    return ExpiryRun(members=members, points=points)


def points_expiry_warn(*, days: int, at: dt.datetime | None = None) -> int:
    """Announce points that expire within ``days`` (one ``points.expiring`` event per member,
    each lot announced once); returns how many members were told."""
    at = at or timezone.now()
    due = Lot.objects.filter(
        account__kind=Account.Kind.MEMBER_POINTS,
        remaining__gt=0,
        available_at__lte=at,
        expires_at__gt=at,
        expires_at__lte=at + dt.timedelta(days=days),
        expiry_warned_at__isnull=True,
    )
    with transaction.atomic():
        rows = list(
            due.values("account__member_id")
            .annotate(points=Sum("remaining"), soonest=Min("expires_at"))
            .order_by("account__member_id")
        )
        events_emit(
            [
                (
                    "points.expiring",
                    "member",
                    row["account__member_id"],
                    {
                        "member_id": row["account__member_id"],
                        "points": row["points"],
                        "expires_at": row["soonest"].isoformat(),
                    },
                )
                for row in rows
            ]
        )
        due.update(expiry_warned_at=at)
    return len(rows)
