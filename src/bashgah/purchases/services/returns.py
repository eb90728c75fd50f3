"""Returns reverse exactly what the ledger recorded for the returned lines, never what today's
rules would give. Partial returns reverse a line's points in proportion to the quantity, counted
cumulatively so that returning every unit reverses every point, whatever the steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.core.errors import Conflict
from bashgah.events.services import event_emit
from bashgah.ledger.lock_objects import member_accounts_lock
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_debit
from bashgah.members.services import member_stats_record_return
from bashgah.purchases.models import Purchase, PurchaseLine, Return, ReturnLine
from bashgah.purchases.services.inputs import (
    InvalidPurchase,
    ReturnLineInput,
    payload_hash,
)
from bashgah.purchases.services.settlement import settlement_reverse
from bashgah.tiers.services import tier_qualify_record


class ReturnIdReused(Conflict):
    code = "return_id_reused"
    default_message = gettext_lazy("This return id was already recorded with different details.")


class NothingToReturn(Conflict):
    code = "nothing_to_return"
    default_message = gettext_lazy("Everything in this purchase has already been returned.")


@dataclass(frozen=True, slots=True)
class ReturnResult:
    return_record: Return
    points_reversed: int
    debt: int  # points the member now owes because the reversed points were already spent
    replayed: bool
    points_refunded: int = 0  # points that had paid for the returned units, given back
    cashback_reversed: int = 0  # their tier cashback, taken back from the wallet


def _reversed_by(line: PurchaseLine, returned_quantity: int) -> int:
    return line.points * returned_quantity // line.quantity


def _existing(source: str, external_id: str, digest: str) -> ReturnResult | None:
    found = (
        Return.objects.select_related("ledger_transaction")
        .filter(source=source, external_id=external_id)
        .first()
    )
    if found is None:
        return None
    if found.payload_hash != digest:
        raise ReturnIdReused(details={"external_id": external_id})
    tx = found.ledger_transaction
    return ReturnResult(
        return_record=found,
        points_reversed=found.points_reversed,
        debt=-tx.debt if tx else 0,
        replayed=True,
    )


def _plan(
    purchase_lines: dict[int, PurchaseLine], lines: list[ReturnLineInput] | None
) -> dict[int, int]:
    """Quantity to return per line number; None means everything not yet returned."""
    if lines is None:
        left = {n: ln.quantity - ln.returned_quantity for n, ln in purchase_lines.items()}
        return {n: q for n, q in left.items() if q}
    errors: dict[str, str] = {}
    plan: dict[int, int] = {}
    for item in lines:
        key = f"lines.{item.line}"
        line = purchase_lines.get(item.line)
        if line is None:
            errors[key] = _("The purchase has no line %(line)d.") % {"line": item.line}
            continue
        quantity = plan.get(item.line, 0) + item.quantity
        if not isinstance(item.quantity, int) or item.quantity <= 0:
            errors[key] = _("Quantity must be a whole number above zero.")
        elif quantity > line.quantity - line.returned_quantity:
            errors[key] = _("Only %(left)d of this line can still be returned.") % {
                "left": line.quantity - line.returned_quantity
            }
        plan[item.line] = quantity
    if errors:
        raise InvalidPurchase(_("The return has errors; nothing was recorded."), details=errors)
    return plan


def purchase_return(
    *,
    source: str,
    external_id: str,
    purchase: Purchase,
    lines: list[ReturnLineInput] | None = None,
    returned_at: dt.datetime | None = None,
    actor: str = "",
) -> ReturnResult:
    """Return the given lines (or everything still unreturned) of a purchase."""
    returned_at = returned_at or timezone.now()
    if not external_id or len(external_id) > 64:
        raise InvalidPurchase(
            details={"external_id": _("Give the return id (at most 64 characters).")}
        )
    digest = payload_hash(purchase=purchase.pk, lines=lines)
    found = _existing(source, external_id, digest)
    if found:
        return found
    try:
        with transaction.atomic():
            return _return(
                source=source,
                external_id=external_id,
                purchase=purchase,
                lines=lines,
                returned_at=returned_at,
                actor=actor,
                digest=digest,
            )
    except IntegrityError:
        found = _existing(source, external_id, digest)
        if found:
            return found
        raise


def _return(
    *,
    source: str,
    external_id: str,
    purchase: Purchase,
    lines: list[ReturnLineInput] | None,
    returned_at: dt.datetime,
    actor: str,
    digest: str,
) -> ReturnResult:
    member = purchase.member
    member_accounts_lock(member=member)  # after this, the lines' returned counts are current
    purchase_lines = {line.number: line for line in purchase.lines.order_by("number")}
    plan = _plan(purchase_lines, lines)
    if not plan:
        raise NothingToReturn()
    returned_before = {n: line.returned_quantity for n, line in purchase_lines.items()}
    return_lines: list[ReturnLine] = []
    for number, quantity in sorted(plan.items()):
        line = purchase_lines[number]
        before = line.returned_quantity
        points = _reversed_by(line, before + quantity) - _reversed_by(line, before)
        line.returned_quantity = before + quantity
        line.points_reversed += points
        return_lines.append(
            ReturnLine(
                line=line, quantity=quantity, amount=quantity * line.unit_price, points=points
            )
        )
    amount = sum(rl.amount for rl in return_lines)
    points = sum(rl.points for rl in return_lines)
    record = Return.objects.create(
        source=source,
        external_id=external_id,
        purchase=purchase,
        amount=amount,
        points_reversed=points,
        payload_hash=digest,
        returned_at=returned_at,
    )
    for return_line in return_lines:
        return_line.return_record = record
    ReturnLine.objects.bulk_create(return_lines)
    PurchaseLine.objects.bulk_update(
        [purchase_lines[n] for n in plan], ["returned_quantity", "points_reversed"]
    )
    Purchase.objects.filter(pk=purchase.pk).update(
        returned_amount=F("returned_amount") + amount,
        points_reversed=F("points_reversed") + points,
    )
    debt = 0
    if points:
        tx = points_debit(
            member=member,
            points=points,
            kind=Transaction.Kind.RETURN,
            sink="issued",
            explanation=[
                {"code": "return", "points": -points, "params": {"purchase": purchase.external_id}}
            ],
            reference=Reference(type="return", id=str(record.pk)),
            reverses=purchase.earn_transaction,
            allow_debt=True,
            actor=actor,
            at=returned_at,
        )
        debt = -tx.debt
        record.ledger_transaction = tx
        record.save(update_fields=["ledger_transaction"])
    reversal = settlement_reverse(
        purchase=purchase,
        lines=list(purchase_lines.values()),
        returned_before=returned_before,
        returned_now=plan,
        reference=Reference(type="return", id=str(record.pk)),
        actor=actor,
        at=returned_at,
    )
    fully = all(ln.returned_quantity == ln.quantity for ln in purchase_lines.values())
    member_stats_record_return(
        member=member,
        amount=reversal.net_amount,
        is_full_return=fully,
        purchase_paid_at=purchase.paid_at,
    )
    tier_qualify_record(
        member=member, spend=-reversal.net_amount, points=-points, at=purchase.paid_at
    )
    event_emit(
        topic="purchase.returned",
        aggregate_type="purchase",
        aggregate_id=purchase.pk,
        payload={
            "member_id": member.pk,
            "purchase_id": purchase.pk,
            "return_id": record.pk,
            "amount": amount,
            "points": points,
            "debt": debt,
        },
    )
    return ReturnResult(
        return_record=record,
        points_reversed=points,
        debt=debt,
        replayed=False,
        points_refunded=reversal.points_refunded,
        cashback_reversed=reversal.cashback_reversed,
    )
