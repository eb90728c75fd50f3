"""Paying with points at the till, and tier cashback — and their exact reversal on returns.

Points pay at the club's rate (``POINT_VALUE`` minor units a point) up to
``POINTS_PAY_MAX_PERCENT`` of the basket; the money they cover is shared over the lines by
amount and earns no points. Cashback is the member's tier percentage of what was paid in money,
credited to the wallet after the return window. A return gives back the points paid for the
returned lines and takes back their cashback, both in proportion and cumulatively, so returning
everything reverses everything exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import F
from django.utils.translation import gettext as _

from bashgah.core.errors import InsufficientPoints, ValidationFailed
from bashgah.ledger.lock_objects import LockedAccounts
from bashgah.ledger.models import Lot, Transaction
from bashgah.ledger.services import Reference, points_credit, points_debit
from bashgah.ledger.services.money import wallet_credit, wallet_debit
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase, PurchaseLine, PurchaseSettlement
from bashgah.rules.evaluator import allocate
from bashgah.tiers.models import Tier


@dataclass(frozen=True, slots=True)
class PointsPayment:
    points: int
    discount: int
    line_discounts: list[int]
    line_points: list[int]


NO_PAYMENT = PointsPayment(0, 0, [], [])


def points_payment_plan(
    *, points: int, amounts: list[int], accounts: LockedAccounts, at: dt.datetime
) -> PointsPayment:
    """Check a pay-with-points request against the rules and the member's spendable points
    (the caller holds the member's lock) and share it over the lines."""
    if not points:
        return PointsPayment(0, 0, [0] * len(amounts), [0] * len(amounts))
    point_value = settings.BASHGAH["POINT_VALUE"]
    total = sum(amounts)
    max_points = total * settings.BASHGAH["POINTS_PAY_MAX_PERCENT"] // 100 // point_value
    if not isinstance(points, int) or points < 0 or points > max_points:
        raise ValidationFailed(
            _("Points can pay at most %(points)d points' worth of this basket.")
            % {"points": max_points},
            code="points_payment_too_large",
            details={"points_to_spend": points, "max_points": max_points},
        )
    spendable = Lot.objects.filter(
        account=accounts.points, remaining__gt=0, available_at__lte=at
    ).exclude(expires_at__lte=at)
    available = sum(spendable.values_list("remaining", flat=True))
    if available < points:
        raise InsufficientPoints(details={"requested": points, "available": available})
    discount = points * point_value
    return PointsPayment(
        points=points,
        discount=discount,
        line_discounts=list(allocate(discount, amounts)),
        line_points=list(allocate(points, amounts)),
    )


def cashback_for(*, net: int, tier: Tier | None) -> int:
    if tier is None or not tier.cashback_percent or net <= 0:
        return 0
    return int((Decimal(net) * tier.cashback_percent / 100).to_integral_value(ROUND_DOWN))


def settle_purchase(
    *,
    purchase: Purchase,
    member: Member,
    payment: PointsPayment,
    tier: Tier | None,
    accounts: LockedAccounts,
    actor: str,
) -> PurchaseSettlement | None:
    """Post the points payment and the cashback of a purchase just recorded."""
    net = purchase.total - payment.discount
    cashback = cashback_for(net=net, tier=tier)
    if not payment.points and not cashback:
        return None
    settlement = PurchaseSettlement(
        purchase=purchase,
        points_paid=payment.points,
        discount=payment.discount,
        line_discounts=payment.line_discounts,
        line_points_paid=payment.line_points,
        cashback=cashback,
    )
    reference = Reference(type="purchase", id=str(purchase.pk))
    if payment.points:
        settlement.points_transaction = points_debit(
            member=member,
            points=payment.points,
            kind=Transaction.Kind.REDEEM,
            explanation=[
                {
                    "code": "paid_with_points",
                    "points": -payment.points,
                    "params": {"amount": payment.discount, "currency": purchase.currency},
                }
            ],
            reference=reference,
            actor=actor,
            at=purchase.paid_at,
            accounts=accounts,
        )
    if cashback:
        available_at = purchase.paid_at + dt.timedelta(days=settings.BASHGAH["POINTS_PENDING_DAYS"])
        settlement.cashback_transaction = wallet_credit(
            member=member,
            amount=cashback,
            kind=Transaction.Kind.CASHBACK,
            explanation=[
                {
                    "code": "cashback",
                    "points": 0,
                    "params": {"amount": cashback, "currency": purchase.currency},
                }
            ],
            available_at=available_at,
            reference=reference,
            actor=actor,
            at=purchase.paid_at,
        )
    settlement.save()
    return settlement


def _share(total: int, part: int, whole: int) -> int:
    return total * part // whole if whole else 0


@dataclass(frozen=True, slots=True)
class Reversal:
    points_refunded: int  # points that had paid for the returned units, given back
    cashback_reversed: int  # their cashback, taken back from the wallet
    net_amount: int  # what the returned units were paid in money


def settlement_reverse(
    *,
    purchase: Purchase,
    lines: list[PurchaseLine],
    returned_before: dict[int, int],
    returned_now: dict[int, int],
    reference: Reference,
    actor: str,
    at: dt.datetime,
) -> Reversal:
    """Give back the points paid for the returned units and take back their cashback.
    Quantities are per line number; every share is counted cumulatively, so returning all
    units in any steps reverses exactly what was paid and credited."""
    settlement = PurchaseSettlement.objects.filter(purchase=purchase).first()
    discounts = settlement.line_discounts if settlement else [0] * len(lines)
    nets = [line.amount - discount for line, discount in zip(lines, discounts, strict=True)]

    def cumulative(values: list[int], extra: bool) -> int:
        return sum(
            _share(
                value,
                returned_before.get(line.number, 0)
                + (returned_now.get(line.number, 0) if extra else 0),
                line.quantity,
            )
            for value, line in zip(values, lines, strict=True)
        )

    net_amount = cumulative(nets, True) - cumulative(nets, False)
    if settlement is None:
        return Reversal(0, 0, net_amount)
    paid = settlement.line_points_paid or [0] * len(lines)
    refund = cumulative(paid, True) - cumulative(paid, False)
    net_total = sum(nets)
    reverse = _share(settlement.cashback, cumulative(nets, True), net_total) - _share(
        settlement.cashback, cumulative(nets, False), net_total
    )
    member = purchase.member
    if refund:
        points_credit(
            member=member,
            points=refund,
            kind=Transaction.Kind.REFUND,
            explanation=[
                {
                    "code": "points_payment_refunded",
                    "points": refund,
                    "params": {"purchase": purchase.external_id},
                }
            ],
            reference=reference,
            actor=actor,
            at=at,
            expires_at=_soonest_expiry(settlement.points_transaction),
        )
    if reverse:
        wallet_debit(
            member=member,
            amount=reverse,
            kind=Transaction.Kind.RETURN,
            sink="wallet_cashback",
            explanation=[
                {
                    "code": "cashback_reversed",
                    "points": 0,
                    "params": {"amount": reverse, "currency": purchase.currency},
                }
            ],
            reference=reference,
            reverses=settlement.cashback_transaction,
            allow_debt=True,
            actor=actor,
            at=at,
        )
    if refund or reverse:
        PurchaseSettlement.objects.filter(pk=settlement.pk).update(
            points_refunded=F("points_refunded") + refund,
            cashback_reversed=F("cashback_reversed") + reverse,
        )
    return Reversal(refund, reverse, net_amount)


def _soonest_expiry(tx: Transaction | None) -> dt.datetime | None:
    """Points refunded for returned goods keep the soonest expiry of the points that paid, so a
    return cannot refresh old points."""
    if tx is None:
        return None
    return (
        Lot.objects.filter(entries__transaction=tx)
        .exclude(expires_at=None)
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
        .first()
    )
