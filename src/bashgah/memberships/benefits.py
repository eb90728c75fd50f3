"""What a membership gives back: the benefits recorded per purchase (from the
``purchase.recorded`` event) and value-back, their sum against the fees paid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.money import format_money
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference
from bashgah.ledger.services.money import wallet_credit
from bashgah.memberships.models import Membership, MembershipBenefit, MembershipPayment
from bashgah.memberships.periods import day_start
from bashgah.memberships.services import grace_end
from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseSettlement


def _percent_of(amount: int, percent: Decimal) -> int:
    if amount <= 0 or not percent:
        return 0
    return int((Decimal(amount) * percent / 100).to_integral_value(ROUND_DOWN))


def membership_live_at(*, member_id: int, at: dt.datetime) -> Membership | None:
    """The member's paid membership covering ``at`` (its paid periods and grace), if any.
    Periods follow each other without gaps from the anchor, so coverage is one stretch."""
    candidates = Membership.objects.select_related("plan").filter(
        member_id=member_id,
        status__in=(
            Membership.Status.ACTIVE,
            Membership.Status.GRACE,
            Membership.Status.EXPIRED,
        ),
        anchor__isnull=False,
    )
    for membership in candidates.order_by("-pk"):
        assert membership.anchor is not None
        end = grace_end(membership)
        if end is not None and day_start(membership.anchor) <= at < end:
            return membership
    return None


def membership_benefit_record(*, purchase: Purchase) -> MembershipBenefit | None:
    """What the member's membership gave on this purchase: the plan's discount (the POS gave
    it; recorded here for value-back), its cashback (credited to the wallet now) and the
    bonus points the plan's rule awarded. Once per purchase."""
    if MembershipBenefit.objects.filter(purchase=purchase).exists():
        return None
    membership = membership_live_at(member_id=purchase.member_id, at=purchase.paid_at)
    if membership is None:
        return None
    plan = membership.plan
    paid_with_points = (
        PurchaseSettlement.objects.filter(purchase=purchase)
        .values_list("discount", flat=True)
        .first()
        or 0
    )
    net = purchase.total - paid_with_points
    discount = _percent_of(net, plan.discount_percent)
    cashback = _percent_of(net, plan.cashback_percent)
    bonus_points = 0
    if plan.bonus_rule_id:
        bonus_points = (
            PurchaseAward.objects.filter(purchase=purchase, rule_id=plan.bonus_rule_id).aggregate(
                total=Sum("points")
            )["total"]
            or 0
        )
    if not (discount or cashback or bonus_points):
        return None
    with transaction.atomic():
        benefit = MembershipBenefit(
            purchase=purchase,
            membership=membership,
            discount=discount,
            cashback=cashback,
            bonus_points=bonus_points,
        )
        if cashback:
            benefit.cashback_transaction = wallet_credit(
                member=purchase.member,
                amount=cashback,
                kind=Transaction.Kind.CASHBACK,
                explanation=[
                    {
                        "code": "cashback",
                        "points": 0,
                        "params": {"amount": cashback, "currency": purchase.currency},
                    }
                ],
                available_at=purchase.paid_at
                + dt.timedelta(days=settings.BASHGAH["POINTS_PENDING_DAYS"]),
                reference=Reference(type="purchase", id=str(purchase.pk)),
                at=purchase.paid_at,
            )
        benefit.save()
    return benefit


@dataclass(frozen=True, slots=True)
class ValueBack:
    """What a membership returned against what it cost, in the club currency's minor units."""

    discount: int
    cashback: int
    bonus_points: int
    bonus_points_value: int  # the bonus points at the club's point value
    fees_paid: int
    currency: str

    @property
    def saved(self) -> int:
        return self.discount + self.cashback + self.bonus_points_value

    @property
    def net(self) -> int:
        """Positive when the membership paid for itself."""
        return self.saved - self.fees_paid

    def text(self, language: str) -> str:
        with translation.override(language):
            return _("You saved %(saved)s with a %(fee)s membership.") % {
                "saved": format_money(self.saved, self.currency, language),
                "fee": format_money(self.fees_paid, self.currency, language),
            }


def value_back(membership: Membership) -> ValueBack:
    """Sum of the membership's benefits over all its periods, against the fees paid."""
    benefits = MembershipBenefit.objects.filter(membership=membership).aggregate(
        discount=Sum("discount"), cashback=Sum("cashback"), bonus_points=Sum("bonus_points")
    )
    fees = MembershipPayment.objects.filter(membership=membership).aggregate(total=Sum("amount"))
    bonus_points = benefits["bonus_points"] or 0
    return ValueBack(
        discount=benefits["discount"] or 0,
        cashback=benefits["cashback"] or 0,
        bonus_points=bonus_points,
        bonus_points_value=bonus_points * settings.BASHGAH["POINT_VALUE"],
        fees_paid=fees["total"] or 0,
        currency=membership.plan.currency,
    )
