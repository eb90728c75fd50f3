"""Paid memberships: plans, choosing one, paying for periods, cancelling and the daily review
(what a membership gives back per purchase is in ``memberships.benefits``).

A membership is pending until its first payment. Each payment (at the till or through the
API, unique per ``(source, reference)``) adds one period in the club's calendar
(``memberships.periods``). At a period's end an unrenewed membership enters its grace period
(``grace``); a payment in grace renews it from the old end, so the member loses no day and
gains none; after grace it expires. A plan's tier is granted with ``tiers.services.tier_grant``
until the period end plus grace, so the tier review puts the member back in the tier they
earned on the day the membership expires.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bashgah.core.calendars import local_date
from bashgah.core.errors import ApplicationError, Conflict, ValidationFailed
from bashgah.core.money import format_money
from bashgah.events.services import event_emit
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_credit
from bashgah.members.models import Member
from bashgah.members.services import MemberHasLeft
from bashgah.memberships.models import (
    LIVE_STATUSES,
    Membership,
    MembershipGift,
    MembershipPayment,
    Plan,
)
from bashgah.memberships.periods import period_bounds
from bashgah.rewards.models import Reward
from bashgah.rewards.services.redeem import reward_redeem
from bashgah.rules.models import EarningRule
from bashgah.stores.models import Store
from bashgah.tiers.models import MemberTier, Tier
from bashgah.tiers.services import tier_grant

logger = logging.getLogger("bashgah.memberships")

EXPIRING_WARNING_DAYS = 7


class PlanUnavailable(Conflict):
    code = "plan_unavailable"
    default_message = gettext_lazy("This membership plan is not offered any more.")


class MembershipExists(Conflict):
    code = "membership_exists"
    default_message = gettext_lazy("This member already has a membership.")


class MembershipEnded(Conflict):
    code = "membership_ended"
    default_message = gettext_lazy("This membership has ended; choose a plan again.")


class PaymentAmountWrong(ValidationFailed):
    code = "membership_fee_mismatch"


class PaymentReferenceReused(Conflict):
    code = "membership_payment_reused"
    default_message = gettext_lazy(
        "This payment reference was already recorded with different details."
    )


class InvalidPlan(ValidationFailed):
    code = "invalid_plan"


_PLAN_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _plan_errors(
    *,
    code: str,
    names: dict[str, str],
    period: str,
    fee: int,
    tier: Tier | None,
    discount_percent: Decimal,
    cashback_percent: Decimal,
    bonus_rule: EarningRule | None,
    grace_days: int,
    plan: Plan | None = None,
) -> dict[str, str]:
    """Every problem of a plan's fields; ``plan`` is the stored plan when one is edited."""
    errors: dict[str, str] = {}
    if plan is not None:
        if period != plan.period and plan.memberships.filter(periods_paid__gt=0).exists():
            # Periods are counted from each membership's anchor in the plan's months.
            errors["period"] = _(
                "Members have paid for this plan: its period cannot change. Make a new plan."
            )
    elif not _PLAN_CODE.match(code or ""):
        errors["code"] = _("Lower-case letters, digits, - and _, up to 40 characters.")
    elif Plan.objects.filter(code=code).exists():
        errors["code"] = _("A plan with this code exists.")
    if not any(str(names.get(language) or "").strip() for language in ("fa", "he", "en")):
        errors["names"] = _("Name the plan in at least one language.")
    if period not in Plan.Period.values:
        errors["period"] = _("Choose monthly or yearly.")
    if not isinstance(fee, int) or isinstance(fee, bool) or fee <= 0:
        errors["fee"] = _("A positive whole amount.")
    for name, value in (
        ("discount_percent", discount_percent),
        ("cashback_percent", cashback_percent),
    ):
        if not isinstance(value, Decimal) or not Decimal(0) <= value <= Decimal(100):
            errors[name] = _("Give a number from %(low)s to %(high)s.") % {"low": 0, "high": 100}
    if bonus_rule is not None and (
        tier is None or tier.code not in (bonus_rule.audience_tiers or [])
    ):
        errors["bonus_rule"] = _(
            "A bonus rule needs a plan that grants a tier, with that tier as the rule's audience."
        )
    if not isinstance(grace_days, int) or not 0 <= grace_days <= 90:
        errors["grace_days"] = _("Give a number from %(low)s to %(high)s.") % {"low": 0, "high": 90}
    return errors


def plan_create(
    *,
    code: str,
    names: dict[str, str],
    period: str,
    fee: int,
    currency: str | None = None,
    tier: Tier | None = None,
    discount_percent: Decimal = Decimal(0),
    cashback_percent: Decimal = Decimal(0),
    bonus_rule: EarningRule | None = None,
    gift_reward: Reward | None = None,
    grace_days: int = 7,
    is_active: bool = True,
) -> Plan:
    """A plan as the owner designs it. Bonus points work through an earning rule whose audience
    is the plan's tier, so accrual never needs to know about memberships."""
    errors = _plan_errors(
        code=code,
        names=names,
        period=period,
        fee=fee,
        tier=tier,
        discount_percent=discount_percent,
        cashback_percent=cashback_percent,
        bonus_rule=bonus_rule,
        grace_days=grace_days,
    )
    if errors:
        raise InvalidPlan(_("The plan has errors; fix them and try again."), details=errors)
    return Plan.objects.create(
        code=code,
        names={language: str(names.get(language) or "").strip() for language in ("fa", "he", "en")},
        period=period,
        fee=fee,
        currency=currency or settings.BASHGAH["CURRENCY"],
        tier=tier,
        discount_percent=discount_percent,
        cashback_percent=cashback_percent,
        bonus_rule=bonus_rule,
        gift_reward=gift_reward,
        grace_days=grace_days,
        is_active=is_active,
    )


# What staff may change on a plan; the code and currency stay.
PLAN_FIELDS = (
    "names",
    "period",
    "fee",
    "tier",
    "discount_percent",
    "cashback_percent",
    "bonus_rule",
    "gift_reward",
    "grace_days",
    "is_active",
)


def plan_update(
    *,
    plan: Plan,
    names: dict[str, str],
    period: str,
    fee: int,
    tier: Tier | None = None,
    discount_percent: Decimal = Decimal(0),
    cashback_percent: Decimal = Decimal(0),
    bonus_rule: EarningRule | None = None,
    gift_reward: Reward | None = None,
    grace_days: int = 7,
    is_active: bool = True,
) -> Plan:
    """Change a plan. What members already paid keeps its period and fee; a new fee applies
    from the next payment, a new tier or grace from the next grant (a payment), new benefits
    from the next purchase. The period cannot change once anyone has paid, since paid periods
    are counted in the plan's months. ``is_active=False`` stops new members choosing the plan;
    live memberships keep renewing."""
    errors = _plan_errors(
        code=plan.code,
        names=names,
        period=period,
        fee=fee,
        tier=tier,
        discount_percent=discount_percent,
        cashback_percent=cashback_percent,
        bonus_rule=bonus_rule,
        grace_days=grace_days,
        plan=plan,
    )
    if errors:
        raise InvalidPlan(_("The plan has errors; fix them and try again."), details=errors)
    plan.names = {
        language: str(names.get(language) or "").strip() for language in ("fa", "he", "en")
    }
    plan.period, plan.fee, plan.tier = period, fee, tier
    plan.discount_percent, plan.cashback_percent = discount_percent, cashback_percent
    plan.bonus_rule, plan.gift_reward = bonus_rule, gift_reward
    plan.grace_days, plan.is_active = grace_days, is_active
    plan.save(update_fields=list(PLAN_FIELDS))
    return plan


def grace_end(membership: Membership) -> dt.datetime | None:
    if membership.period_end is None:
        return None
    return membership.period_end + dt.timedelta(days=membership.plan.grace_days)


def membership_choose(
    *, member: Member, plan: Plan, auto_renew: bool = True, at: dt.datetime | None = None
) -> Membership:
    """The member picks a plan: a pending membership until the first payment."""
    at = at or timezone.now()
    if member.status != Member.Status.ACTIVE:
        raise MemberHasLeft()
    if not plan.is_active:
        raise PlanUnavailable(details={"plan": plan.code})
    try:
        with transaction.atomic():
            return Membership.objects.create(
                member=member, plan=plan, auto_renew=auto_renew, chosen_at=at
            )
    except IntegrityError:
        raise MembershipExists(details={"member": member.pk}) from None


@dataclass(frozen=True, slots=True)
class PaymentResult:
    membership: Membership
    payment: MembershipPayment
    replayed: bool


def _language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def _check_payment(*, membership: Membership, amount: int, reference: str) -> None:
    plan = membership.plan
    if not reference.strip() or len(reference) > 64:
        raise ValidationFailed(
            details={"reference": _("Give the payment's reference (up to 64 characters).")}
        )
    if not isinstance(amount, int) or isinstance(amount, bool) or amount != plan.fee:
        language = _language()
        shown = amount if isinstance(amount, int) and not isinstance(amount, bool) else 0
        raise PaymentAmountWrong(
            _("The membership fee is %(fee)s; this payment is %(amount)s.")
            % {
                "fee": format_money(plan.fee, plan.currency, language),
                "amount": format_money(shown, plan.currency, language),
            },
            details={"amount": amount, "fee": plan.fee},
        )


def _replay(
    *, membership: Membership, amount: int, source: str, reference: str
) -> PaymentResult | None:
    payment = MembershipPayment.objects.filter(source=source, reference=reference).first()
    if payment is None:
        return None
    if payment.membership_id != membership.pk or payment.amount != amount:
        raise PaymentReferenceReused(details={"reference": reference})
    membership.refresh_from_db()
    return PaymentResult(membership=membership, payment=payment, replayed=True)


def membership_pay(
    *,
    membership: Membership,
    amount: int,
    source: str,
    reference: str,
    store: Store | None = None,
    paid_at: dt.datetime | None = None,
    actor: str = "",
) -> PaymentResult:
    """Record one period's fee: activates a pending membership or renews a live one by one
    period. A retry with the same ``(source, reference)`` returns the first payment; the same
    reference with other details is a conflict; an amount other than the fee changes nothing."""
    paid_at = paid_at or timezone.now()
    _check_payment(membership=membership, amount=amount, reference=reference)
    found = _replay(membership=membership, amount=amount, source=source, reference=reference)
    if found:
        return found
    try:
        with transaction.atomic():
            return _pay(
                membership_id=membership.pk,
                amount=amount,
                source=source,
                reference=reference,
                store=store,
                paid_at=paid_at,
                actor=actor,
            )
    except IntegrityError:
        found = _replay(membership=membership, amount=amount, source=source, reference=reference)
        if found:
            return found
        raise


def _pay(
    *,
    membership_id: int,
    amount: int,
    source: str,
    reference: str,
    store: Store | None,
    paid_at: dt.datetime,
    actor: str,
) -> PaymentResult:
    membership = (
        Membership.objects.select_for_update()
        .select_related("plan", "member")
        .get(pk=membership_id)
    )
    plan = membership.plan
    if membership.status not in LIVE_STATUSES:
        raise MembershipEnded(details={"status": membership.status})
    if membership.member.status != Member.Status.ACTIVE:
        raise MemberHasLeft()
    late = grace_end(membership)
    if late is not None and paid_at >= late:
        raise MembershipEnded(details={"status": Membership.Status.EXPIRED})
    first = membership.status == Membership.Status.PENDING
    if first:
        membership.anchor = local_date(paid_at)
    assert membership.anchor is not None
    number = membership.periods_paid + 1
    start, end = period_bounds(anchor=membership.anchor, months=plan.months, number=number)
    payment = MembershipPayment.objects.create(
        membership=membership,
        amount=amount,
        currency=plan.currency,
        paid_at=paid_at,
        store=store,
        source=source,
        reference=reference.strip(),
        period_start=start,
        period_end=end,
        actor=actor,
    )
    membership.periods_paid = number
    membership.period_start, membership.period_end = start, end
    membership.status = Membership.Status.ACTIVE
    membership.save(
        update_fields=["anchor", "periods_paid", "period_start", "period_end", "status"]
    )
    _grant_tier(membership=membership, at=paid_at)
    event_emit(
        topic="membership.activated" if first else "membership.renewed",
        aggregate_type="member",
        aggregate_id=membership.member_id,
        payload=_payload(membership) | {"payment_id": payment.pk, "amount": amount},
    )
    if plan.gift_reward_id:
        _gift(membership=membership, payment=payment, at=paid_at, actor=actor)
    return PaymentResult(membership=membership, payment=payment, replayed=False)


def _payload(membership: Membership) -> dict[str, object]:
    return {
        "member_id": membership.member_id,
        "membership_id": membership.pk,
        "plan": membership.plan.code,
        "period_start": membership.period_start.isoformat() if membership.period_start else None,
        "period_end": membership.period_end.isoformat() if membership.period_end else None,
        "auto_renew": membership.auto_renew,
    }


def _grant_tier(*, membership: Membership, at: dt.datetime) -> None:
    """Grant the plan's tier until the period end plus grace, unless the member already holds
    a higher tier of their own. The review ends the grant and returns the earned tier."""
    plan = membership.plan
    until = grace_end(membership)
    if plan.tier is None or until is None or until <= at:
        return
    reason = _("membership %(plan)s") % {"plan": plan.code}
    state = MemberTier.objects.select_related("tier").filter(member=membership.member).first()
    if state is not None and state.tier.rank > plan.tier.rank:
        return
    tier_grant(
        member=membership.member,
        tier=plan.tier,
        until=until,
        reason=reason,
        at=at,
    )


def _gift(
    *, membership: Membership, payment: MembershipPayment, at: dt.datetime, actor: str
) -> None:
    """The plan's free gift for this period: the reward's points are given and spent on it at
    once, so the voucher is an ordinary one. A reward that cannot be given now (out of stock,
    a limit) is skipped and logged; the payment stands."""
    reward = membership.plan.gift_reward
    assert reward is not None
    try:
        with transaction.atomic():
            points_credit(
                member=membership.member,
                points=reward.points_cost,
                kind=Transaction.Kind.BONUS,
                explanation=[
                    {
                        # Reads "Bonus points for buying <plan>" in the member's language.
                        "code": "product_bonus",
                        "points": reward.points_cost,
                        "params": {"labels": membership.plan.names},
                    }
                ],
                reference=Reference(type="membership_payment", id=str(payment.pk)),
                actor=actor,
                at=at,
            )
            voucher = reward_redeem(member=membership.member, reward=reward, actor=actor, at=at)
            MembershipGift.objects.create(payment=payment, voucher=voucher)
    except ApplicationError as error:
        logger.warning("membership %s: gift %s not given: %r", membership.pk, reward.code, error)


def membership_cancel(*, membership: Membership, at: dt.datetime | None = None) -> Membership:
    """A pending membership is cancelled at once; a paid one stops renewing and keeps its
    benefits to the end of the period it paid for (then grace, then expiry)."""
    at = at or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Membership.Status.PENDING:
            membership.status, membership.ended_at = Membership.Status.CANCELLED, at
            membership.save(update_fields=["status", "ended_at"])
        elif membership.status in LIVE_STATUSES:
            membership.auto_renew = False
            membership.save(update_fields=["auto_renew"])
        else:
            raise MembershipEnded(details={"status": membership.status})
    return membership


def membership_auto_renew_set(*, membership: Membership, auto_renew: bool) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in LIVE_STATUSES:
            raise MembershipEnded(details={"status": membership.status})
        membership.auto_renew = auto_renew
        membership.save(update_fields=["auto_renew"])
    return membership


@dataclass(frozen=True, slots=True)
class MembershipReview:
    warned: int
    grace_started: int
    expired: int


def memberships_review(
    *, at: dt.datetime | None = None, warning_days: int = EXPIRING_WARNING_DAYS
) -> MembershipReview:
    """The daily job: warn once before a period ends (``membership.expiring``), move
    memberships past their period end into grace, and expire those past grace. Each membership
    in its own transaction; safe to run twice."""
    at = at or timezone.now()
    warned = grace = expired = 0
    soon = at + dt.timedelta(days=warning_days)
    due = Membership.objects.filter(
        status=Membership.Status.ACTIVE, period_end__lte=soon
    ).values_list("pk", flat=True)
    for membership_id in list(due):
        with transaction.atomic():
            membership = (
                Membership.objects.select_for_update().select_related("plan").get(pk=membership_id)
            )
            if membership.status != Membership.Status.ACTIVE or membership.period_end is None:
                continue
            if (
                membership.expiring_warned_for != membership.period_end
                and at < membership.period_end
            ):
                membership.expiring_warned_for = membership.period_end
                membership.save(update_fields=["expiring_warned_for"])
                event_emit(
                    topic="membership.expiring",
                    aggregate_type="member",
                    aggregate_id=membership.member_id,
                    payload=_payload(membership),
                )
                warned += 1
            if at >= membership.period_end:
                membership.status = Membership.Status.GRACE
                membership.save(update_fields=["status"])
                grace += 1
    in_grace = Membership.objects.filter(status=Membership.Status.GRACE).values_list(
        "pk", flat=True
    )
    for membership_id in list(in_grace):
        with transaction.atomic():
            membership = (
                Membership.objects.select_for_update().select_related("plan").get(pk=membership_id)
            )
            end = grace_end(membership)
            if membership.status != Membership.Status.GRACE or end is None or at < end:
                continue
            membership.status, membership.ended_at = Membership.Status.EXPIRED, at
            membership.save(update_fields=["status", "ended_at"])
            event_emit(
                topic="membership.expired",
                aggregate_type="member",
                aggregate_id=membership.member_id,
                payload=_payload(membership),
            )
            expired += 1
    return MembershipReview(warned=warned, grace_started=grace, expired=expired)
