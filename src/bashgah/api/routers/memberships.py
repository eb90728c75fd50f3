"""Paid memberships: plans, choosing one, paying for periods, cancelling, and what the
membership returned against its fee."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from pydantic import Field

from bashgah.api import presenters as present
from bashgah.api import schemas as s
from bashgah.api.auth import api_key_of
from bashgah.api.idempotency import idempotent
from bashgah.core.calendars import format_date, local_date
from bashgah.core.errors import NotFound
from bashgah.core.money import format_money
from bashgah.members.selectors import member_get
from bashgah.memberships.benefits import value_back
from bashgah.memberships.models import Membership, Plan
from bashgah.memberships.services import (
    grace_end,
    membership_auto_renew_set,
    membership_cancel,
    membership_choose,
    membership_pay,
)

router = Router(tags=["memberships"])
ERRORS = s.ERRORS


class PlanNotFound(NotFound):
    code = "plan_not_found"
    default_message = _("There is no membership plan with this code.")


class MembershipNotFound(NotFound):
    code = "membership_not_found"
    default_message = _("There is no membership with this id.")


class PlanOut(Schema):
    code: str
    name: str
    period: str
    fee: int
    fee_display: str
    currency: str
    tier: str | None
    discount_percent: Decimal
    cashback_percent: Decimal
    has_bonus_points: bool
    gift: str | None
    grace_days: int


class ValueBackOut(Schema):
    discount: int
    cashback: int
    bonus_points: int
    bonus_points_value: int
    saved: int
    fees_paid: int
    text: str


class MembershipOut(Schema):
    id: int
    member: int
    plan: PlanOut
    status: str
    status_display: str
    auto_renew: bool
    periods_paid: int
    period_start: dt.datetime | None
    period_end: dt.datetime | None
    period_start_display: str | None
    period_end_display: str | None
    grace_until_display: str | None
    value_back: ValueBackOut


class ChooseIn(Schema):
    plan: str = Field(description="plan code")
    auto_renew: bool = True


class PaymentIn(Schema):
    amount: int = Field(description="minor units; must equal the plan's fee")
    reference: str = Field(description="the till's or payment provider's reference")


class PaymentOut(Schema):
    membership: MembershipOut
    payment_id: int
    replayed: bool


class AutoRenewIn(Schema):
    auto_renew: bool


def plan_out(plan: Plan) -> PlanOut:
    language = present.language()
    return PlanOut(
        code=plan.code,
        name=plan.name(language),
        period=plan.period,
        fee=plan.fee,
        fee_display=format_money(plan.fee, plan.currency, language),
        currency=plan.currency,
        tier=plan.tier.code if plan.tier else None,
        discount_percent=plan.discount_percent,
        cashback_percent=plan.cashback_percent,
        has_bonus_points=plan.bonus_rule_id is not None,
        gift=plan.gift_reward.name(language) if plan.gift_reward else None,
        grace_days=plan.grace_days,
    )


def _day(moment: dt.datetime | None, language: str) -> str | None:
    return format_date(local_date(moment), language) if moment else None


def membership_out(membership: Membership) -> MembershipOut:
    language = present.language()
    back = value_back(membership)
    # The period end is exclusive; members read the last day they are covered.
    last_day = membership.period_end - dt.timedelta(days=1) if membership.period_end else None
    grace = grace_end(membership)
    return MembershipOut(
        id=membership.pk,
        member=membership.member_id,
        plan=plan_out(membership.plan),
        status=membership.status,
        status_display=str(Membership.Status(membership.status).label),
        auto_renew=membership.auto_renew,
        periods_paid=membership.periods_paid,
        period_start=membership.period_start,
        period_end=membership.period_end,
        period_start_display=_day(membership.period_start, language),
        period_end_display=_day(last_day, language),
        grace_until_display=_day(grace - dt.timedelta(days=1) if grace else None, language),
        value_back=ValueBackOut(
            discount=back.discount,
            cashback=back.cashback,
            bonus_points=back.bonus_points,
            bonus_points_value=back.bonus_points_value,
            saved=back.saved,
            fees_paid=back.fees_paid,
            text=back.text(language),
        ),
    )


def _membership(membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("plan", "plan__tier", "plan__gift_reward")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise MembershipNotFound(details={"membership_id": membership_id})
    return membership


@router.get("/membership-plans", response={200: list[PlanOut], **ERRORS}, summary="Plans")
def plans(request: HttpRequest) -> list[PlanOut]:
    rows = Plan.objects.filter(is_active=True).select_related("tier", "gift_reward")
    return [plan_out(plan) for plan in rows.order_by("fee", "code")]


@router.post(
    "/members/{member_id}/memberships",
    response={201: MembershipOut, **ERRORS},
    summary="Choose a plan for a member; pending until paid",
)
@idempotent(status=201)
def choose(request: HttpRequest, member_id: int, payload: ChooseIn) -> MembershipOut:
    member = member_get(member_id=member_id)
    plan = Plan.objects.filter(code=payload.plan).first()
    if plan is None:
        raise PlanNotFound(details={"plan": payload.plan})
    membership = membership_choose(member=member, plan=plan, auto_renew=payload.auto_renew)
    return membership_out(_membership(membership.pk))


@router.get(
    "/members/{member_id}/memberships",
    response={200: list[MembershipOut], **ERRORS},
    summary="A member's memberships, newest first, with what each returned",
)
def member_memberships(request: HttpRequest, member_id: int) -> list[MembershipOut]:
    member = member_get(member_id=member_id)
    rows = Membership.objects.filter(member=member).select_related(
        "plan", "plan__tier", "plan__gift_reward"
    )
    return [membership_out(row) for row in rows.order_by("-pk")]


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipOut, **ERRORS},
    summary="A membership's status and what it returned against its fee",
)
def detail(request: HttpRequest, membership_id: int) -> MembershipOut:
    return membership_out(_membership(membership_id))


@router.post(
    "/memberships/{membership_id}/payments",
    response={201: PaymentOut, **ERRORS},
    summary="Record a period's fee (activates or renews)",
)
@idempotent(status=201)
def pay(request: HttpRequest, membership_id: int, payload: PaymentIn) -> PaymentOut:
    key = api_key_of(request)
    result = membership_pay(
        membership=_membership(membership_id),
        amount=payload.amount,
        source=f"store:{key.store.code}",
        reference=payload.reference,
        store=key.store,
        actor=f"api:{key.name}",
    )
    return PaymentOut(
        membership=membership_out(_membership(membership_id)),
        payment_id=result.payment.pk,
        replayed=result.replayed,
    )


@router.post(
    "/memberships/{membership_id}/cancel",
    response={200: MembershipOut, **ERRORS},
    summary="Cancel: stops renewal; a paid membership lasts to its period end",
)
@idempotent()
def cancel(request: HttpRequest, membership_id: int) -> MembershipOut:
    membership_cancel(membership=_membership(membership_id))
    return membership_out(_membership(membership_id))


@router.post(
    "/memberships/{membership_id}/auto-renew",
    response={200: MembershipOut, **ERRORS},
    summary="Turn automatic renewal on or off",
)
@idempotent()
def auto_renew(request: HttpRequest, membership_id: int, payload: AutoRenewIn) -> MembershipOut:
    membership_auto_renew_set(membership=_membership(membership_id), auto_renew=payload.auto_renew)
    return membership_out(_membership(membership_id))
