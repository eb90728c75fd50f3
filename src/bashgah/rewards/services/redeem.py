"""Redeeming rewards for points, and the life of the voucher that proves it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.codes import is_well_formed, new_code, normalize_code
from bashgah.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from bashgah.events.services import event_emit, events_emit
from bashgah.ledger.lock_objects import member_accounts_lock
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_debit, points_restore
from bashgah.ledger.services.money import wallet_credit
from bashgah.members.models import Member
from bashgah.members.otp import otp_verify
from bashgah.members.services import MemberHasLeft
from bashgah.rewards.models import Reward, Voucher
from bashgah.rewards.providers import topup_provider
from bashgah.stores.models import Store
from bashgah.tiers.models import MemberTier


class RewardUnavailable(Conflict):
    code = "reward_unavailable"
    default_message = _("This reward is not available.")


class OutOfStock(Conflict):
    code = "out_of_stock"
    default_message = _("This reward is out of stock.")


class RedemptionLimitReached(Conflict):
    code = "redemption_limit"
    default_message = _("You have already redeemed this reward as often as allowed.")


class TooManyRedemptions(ApplicationError):
    code = "too_many_redemptions"
    status = 429
    default_message = _("Too many redemptions in a short time; please try again later.")


class OtpRequired(ApplicationError):
    code = "otp_required"
    status = 403
    default_message = _(
        "This redemption needs the code we text to the member's phone; ask for it and send it."
    )


class VoucherNotFound(NotFound):
    code = "voucher_not_found"
    default_message = _("There is no voucher with this code.")


class VoucherNotUsable(Conflict):
    code = "voucher_not_usable"
    default_message = _("This voucher cannot be used.")


def _reward_labels(reward: Reward) -> dict[str, str]:
    return {language: reward.name(language) for language in ("fa", "he", "en")}


def _check_available(*, member: Member, reward: Reward, at: dt.datetime) -> None:
    if member.status != Member.Status.ACTIVE:
        raise MemberHasLeft()
    if not reward.is_active:
        raise RewardUnavailable(details={"reward": reward.code})
    if reward.valid_from and at < reward.valid_from:
        raise RewardUnavailable(
            _("This reward is not available yet."),
            details={"valid_from": reward.valid_from.isoformat()},
        )
    if reward.valid_until and at >= reward.valid_until:
        raise RewardUnavailable(
            _("This reward is no longer available."),
            details={"valid_until": reward.valid_until.isoformat()},
        )
    if reward.tiers:
        tier = MemberTier.objects.filter(member=member).values_list("tier__code", flat=True).first()
        if tier not in reward.tiers:
            raise RewardUnavailable(
                _("This reward is for members of other tiers."),
                details={"tiers": list(reward.tiers)},
            )


def _check_limits(*, member: Member, reward: Reward, store: Store | None, at: dt.datetime) -> None:
    """Per-member limits and velocity; the caller holds the member's lock, so counts are exact
    for this member (store velocity is a guard, not an exact quota)."""
    live = Voucher.objects.exclude(status=Voucher.Status.CANCELLED)
    recent = live.filter(member=member, issued_at__gt=at - dt.timedelta(hours=1)).count()
    if recent >= settings.BASHGAH["REDEEM_PER_MEMBER_PER_HOUR"]:
        raise TooManyRedemptions(
            details={"per_hour": settings.BASHGAH["REDEEM_PER_MEMBER_PER_HOUR"]}
        )
    if store is not None:
        per_store = live.filter(
            used_store=None,
            channel=f"store:{store.code}",
            issued_at__gt=at - dt.timedelta(minutes=1),
        ).count()
        if per_store >= settings.BASHGAH["REDEEM_PER_STORE_PER_MINUTE"]:
            raise TooManyRedemptions(
                details={"per_store_per_minute": settings.BASHGAH["REDEEM_PER_STORE_PER_MINUTE"]}
            )
    if reward.per_member_limit is not None:
        mine = live.filter(member=member, reward=reward)
        if reward.per_member_period_days:
            mine = mine.filter(issued_at__gt=at - dt.timedelta(days=reward.per_member_period_days))
        if mine.count() >= reward.per_member_limit:
            raise RedemptionLimitReached(
                details={
                    "limit": reward.per_member_limit,
                    "period_days": reward.per_member_period_days,
                }
            )


def reward_redeem(
    *,
    member: Member,
    reward: Reward,
    store: Store | None = None,
    actor: str = "",
    at: dt.datetime | None = None,
    otp_code: str | None = None,
) -> Voucher:
    """Spend the reward's points and issue its voucher, atomically. Rewards that need no till
    (donations, top-ups, wallet credit) are fulfilled at once; the others wait for the till.

    A reward costing at least ``REDEEM_OTP_THRESHOLD`` points needs the code texted to the
    member (``otp_issue(purpose="redeem")``)."""
    at = at or timezone.now()
    _check_available(member=member, reward=reward, at=at)
    threshold = settings.BASHGAH["REDEEM_OTP_THRESHOLD"]
    if threshold and reward.points_cost >= threshold:
        if not otp_code:
            raise OtpRequired(details={"threshold": threshold})
        otp_verify(member=member, purpose="redeem", code=otp_code, at=at)
    with transaction.atomic():
        accounts = member_accounts_lock(member=member)
        _check_limits(member=member, reward=reward, store=store, at=at)
        if reward.stock is not None and not Reward.objects.filter(pk=reward.pk, stock__gt=0).update(
            stock=F("stock") - 1
        ):
            raise OutOfStock(details={"reward": reward.code})
        code = new_code()
        tx = points_debit(
            member=member,
            points=reward.points_cost,
            kind=Transaction.Kind.REDEEM,
            explanation=[
                {
                    "code": "reward",
                    "points": -reward.points_cost,
                    "params": {"labels": _reward_labels(reward), "type": reward.type},
                }
            ],
            reference=Reference(type="voucher", id=code),
            actor=actor,
            at=at,
            accounts=accounts,
        )
        needs_till = reward.type not in {
            Reward.Type.DONATION,
            Reward.Type.MOBILE_TOPUP,
            Reward.Type.CASHBACK,
        }
        voucher = Voucher.objects.create(
            code=code,
            reward=reward,
            member=member,
            points_cost=reward.points_cost,
            status=Voucher.Status.ISSUED if needs_till else Voucher.Status.FULFILLED,
            redeem_transaction=tx,
            issued_at=at,
            expires_at=at + dt.timedelta(days=reward.voucher_valid_days),
            channel=f"store:{store.code}" if store else "portal",
        )
        event_emit(
            topic="reward.redeemed",
            aggregate_type="member",
            aggregate_id=member.pk,
            payload={
                "member_id": member.pk,
                "reward": reward.code,
                "type": reward.type,
                "voucher_id": voucher.pk,
                "points": reward.points_cost,
            },
        )
        if reward.type == Reward.Type.CASHBACK:
            wallet_credit(
                member=member,
                amount=reward.value,
                kind=Transaction.Kind.CASHBACK,
                source="wallet_converted",
                explanation=[{"code": "cashback", "points": 0, "params": {"amount": reward.value}}],
                reference=Reference(type="voucher", id=code),
                actor=actor,
                at=at,
            )
        if reward.type == Reward.Type.MOBILE_TOPUP:
            transaction.on_commit(lambda: topup_fulfil(voucher_id=voucher.pk))
    return voucher


def topup_fulfil(*, voucher_id: int) -> Voucher:
    """Send a redeemed top-up through the provider; a refusal returns the points."""
    voucher = Voucher.objects.select_related("reward", "member").get(pk=voucher_id)
    result = topup_provider().send(
        phone=voucher.member.phone or "",
        amount=voucher.reward.value,
        currency=settings.BASHGAH["CURRENCY"],
        request_id=voucher.code,
    )
    if result.ok:
        Voucher.objects.filter(pk=voucher.pk).update(used_reference=result.reference)
        return voucher
    return voucher_cancel(
        voucher=voucher, actor="topup-provider", reason=result.message, allow_fulfilled=True
    )


def voucher_by_code(*, code: str) -> Voucher:
    normalized = normalize_code(code)
    if not is_well_formed(normalized):
        raise VoucherNotFound(
            _("This voucher code is mistyped: check it and try again."),
            code="voucher_code_mistyped",
        )
    try:
        return Voucher.objects.select_related("reward", "member").get(code=normalized)
    except Voucher.DoesNotExist:
        raise VoucherNotFound() from None


@dataclass(frozen=True, slots=True)
class VoucherUse:
    voucher: Voucher
    discount: int  # minor units off the basket
    free_sku: str  # the product to hand over free, if any
    replayed: bool


def voucher_discount(voucher: Voucher, basket_total: int) -> int:
    reward = voucher.reward
    if reward.type == Reward.Type.FIXED_DISCOUNT:
        return min(reward.value, basket_total)
    if reward.type == Reward.Type.PERCENT_DISCOUNT:
        amount = (Decimal(basket_total) * reward.percent / 100).to_integral_value(ROUND_DOWN)
        capped = min(int(amount), reward.max_discount) if reward.max_discount else int(amount)
        return min(capped, basket_total)
    return 0


def _unusable(voucher: Voucher, at: dt.datetime) -> VoucherNotUsable:
    if voucher.status == Voucher.Status.USED:
        return VoucherNotUsable(
            _("This voucher has already been used."),
            code="voucher_used",
            details={"used_at": voucher.used_at.isoformat() if voucher.used_at else None},
        )
    if voucher.status == Voucher.Status.CANCELLED:
        return VoucherNotUsable(_("This voucher was cancelled."), code="voucher_cancelled")
    if voucher.status == Voucher.Status.EXPIRED or voucher.expires_at <= at:
        return VoucherNotUsable(
            _("This voucher has expired."),
            code="voucher_expired",
            details={"expired_at": voucher.expires_at.isoformat()},
        )
    return VoucherNotUsable(details={"status": voucher.status})


def voucher_consume(
    *, code: str, store: Store, reference: str, basket_total: int, at: dt.datetime | None = None
) -> VoucherUse:
    """Use a voucher once at a till. The status changes only if it is still unused and
    unexpired (one conditional UPDATE), so two tills cannot both use it; the same till and
    purchase asking again get the same answer."""
    at = at or timezone.now()
    if not reference or len(reference) > 64:
        raise ValidationFailed(details={"reference": str(_("Give the till's purchase id."))})
    if not isinstance(basket_total, int) or basket_total < 0:
        raise ValidationFailed(details={"basket_total": str(_("A whole amount, zero or more."))})
    voucher = voucher_by_code(code=code)
    if voucher.status == Voucher.Status.USED and (
        voucher.used_store_id == store.pk and voucher.used_reference == reference
    ):
        return VoucherUse(
            voucher, voucher_discount(voucher, basket_total), voucher.reward.sku, replayed=True
        )
    with transaction.atomic():
        updated = Voucher.objects.filter(
            pk=voucher.pk, status=Voucher.Status.ISSUED, expires_at__gt=at
        ).update(status=Voucher.Status.USED, used_at=at, used_store=store, used_reference=reference)
        voucher.refresh_from_db()
        if not updated:
            raise _unusable(voucher, at)
        event_emit(
            topic="voucher.used",
            aggregate_type="member",
            aggregate_id=voucher.member_id,
            payload={"voucher_id": voucher.pk, "store": store.code, "reference": reference},
        )
    return VoucherUse(
        voucher, voucher_discount(voucher, basket_total), voucher.reward.sku, replayed=False
    )


def voucher_cancel(
    *,
    voucher: Voucher,
    actor: str,
    reason: str = "",
    allow_fulfilled: bool = False,
    at: dt.datetime | None = None,
) -> Voucher:
    """Cancel an unused voucher and give its points back to the lots they came from."""
    at = at or timezone.now()
    allowed = [Voucher.Status.ISSUED] + ([Voucher.Status.FULFILLED] if allow_fulfilled else [])
    with transaction.atomic():
        member_accounts_lock(member=voucher.member)
        if not Voucher.objects.filter(pk=voucher.pk, status__in=allowed).update(
            status=Voucher.Status.CANCELLED
        ):
            voucher.refresh_from_db()
            raise _unusable(voucher, at)
        tx = points_restore(
            original=voucher.redeem_transaction,
            kind=Transaction.Kind.REFUND,
            explanation=[
                {
                    "code": "voucher_cancelled",
                    "points": voucher.points_cost,
                    "params": {"labels": _reward_labels(voucher.reward), "reason": reason},
                }
            ],
            reason=reason,
            reference=Reference(type="voucher", id=voucher.code),
            actor=actor,
            at=at,
        )
        Voucher.objects.filter(pk=voucher.pk).update(refund_transaction=tx)
        if voucher.reward.stock is not None:
            Reward.objects.filter(pk=voucher.reward_id).update(stock=F("stock") + 1)
        event_emit(
            topic="voucher.cancelled",
            aggregate_type="member",
            aggregate_id=voucher.member_id,
            payload={"voucher_id": voucher.pk, "points": voucher.points_cost},
        )
    voucher.refresh_from_db()
    return voucher


def vouchers_expire(*, at: dt.datetime | None = None) -> int:
    """Expire unused vouchers past their date; the club's policy decides whether their points
    come back (``EXPIRED_VOUCHER_POLICY`` = refund) or are forfeited."""
    at = at or timezone.now()
    refund = settings.BASHGAH["EXPIRED_VOUCHER_POLICY"] == "refund"
    count = 0
    due = Voucher.objects.filter(status=Voucher.Status.ISSUED, expires_at__lte=at)
    for voucher in due.select_related("reward", "member", "redeem_transaction").iterator():
        with transaction.atomic():
            member_accounts_lock(member=voucher.member)
            if not Voucher.objects.filter(pk=voucher.pk, status=Voucher.Status.ISSUED).update(
                status=Voucher.Status.EXPIRED
            ):
                continue
            if refund:
                tx = points_restore(
                    original=voucher.redeem_transaction,
                    kind=Transaction.Kind.REFUND,
                    explanation=[
                        {
                            "code": "voucher_expired",
                            "points": voucher.points_cost,
                            "params": {"labels": _reward_labels(voucher.reward)},
                        }
                    ],
                    reference=Reference(type="voucher", id=voucher.code),
                    actor="voucher-expiry",
                    at=at,
                )
                Voucher.objects.filter(pk=voucher.pk).update(refund_transaction=tx)
            event_emit(
                topic="voucher.expired",
                aggregate_type="member",
                aggregate_id=voucher.member_id,
                payload={"voucher_id": voucher.pk, "refunded": refund},
            )
            count += 1
    return count


def vouchers_expiry_warn(*, days: int, at: dt.datetime | None = None) -> int:
    """Announce unused vouchers that expire within ``days`` (``voucher.expiring``, once each)."""
    at = at or timezone.now()
    due = Voucher.objects.filter(
        status=Voucher.Status.ISSUED,
        expires_at__gt=at,
        expires_at__lte=at + dt.timedelta(days=days),
        expiry_warned_at__isnull=True,
    )
    with transaction.atomic():
        rows = list(due.select_for_update().values("pk", "member_id", "expires_at", "reward__code"))
        events_emit(
            [
                (
                    "voucher.expiring",
                    "member",
                    row["member_id"],
                    {
                        "member_id": row["member_id"],
                        "voucher_id": row["pk"],
                        "reward": row["reward__code"],
                        "expires_at": row["expires_at"].isoformat(),
                    },
                )
                for row in rows
            ]
        )
        Voucher.objects.filter(pk__in=[row["pk"] for row in rows]).update(expiry_warned_at=at)
    return len(rows)
