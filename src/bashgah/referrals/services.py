"""Referral writes: members' codes, the program, joining with a code, and the reward decision
at the newcomer's first qualifying purchase (and its reversal when that purchase comes back).

Abuse guards, in the order the decision applies them: no self-referral (refused at joining),
no reward for a number that was ever enrolled before (``KnownPhone``), none while the referrer
has left or the program is off, and at most ``cap_count`` rewarded referrals per referrer in
any ``cap_period_days`` ending at the qualifying purchase. Rewards are pending like earned
points and are taken back when the qualifying purchase is fully returned within that period.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bashgah.core.codes import ALPHABET, check_character
from bashgah.core.errors import ValidationFailed
from bashgah.core.phone import normalize_phone
from bashgah.events.services import event_emit
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_credit, points_debit
from bashgah.members.models import Member
from bashgah.members.services import ProfileInput
from bashgah.purchases.models import Purchase, Return
from bashgah.purchases.services import JoinResult, member_join
from bashgah.purchases.services.earning import earn_available_at, expiry_for
from bashgah.referrals.lock_objects import referrer_lock
from bashgah.referrals.models import (
    KnownPhone,
    Referral,
    ReferralCode,
    ReferralProgram,
    ReferralReward,
)
from bashgah.referrals.selectors import referral_program, referral_resolve
from bashgah.stores.models import Store

CODE_RANDOM_LENGTH = 7  # + 1 check character: 30**7 ≈ 2.2e10 codes


class SelfReferral(ValidationFailed):
    code = "self_referral"
    default_message = _("You cannot use your own invitation code.")


def phone_hash(e164: str) -> str:
    """Keyed, so the table cannot be reversed by hashing every possible number."""
    message = f"referrals.known_phone:{e164}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def known_phone_record(*, phone: str, at: dt.datetime | None = None) -> None:
    """Remember that this number has been enrolled (idempotent)."""
    KnownPhone.objects.bulk_create(
        [KnownPhone(phone_hash=phone_hash(phone), first_seen_at=at or timezone.now())],
        ignore_conflicts=True,
    )


def known_phones_backfill() -> int:
    """One-off: remember every number now in the members' table (migration 0002 does the same
    for the members present when it runs). Returns how many rows were offered."""
    rows = [
        KnownPhone(phone_hash=phone_hash(phone), first_seen_at=enrolled_at)
        for phone, enrolled_at in Member.objects.filter(phone__isnull=False).values_list(
            "phone", "enrolled_at"
        )
        if phone
    ]
    KnownPhone.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


def _new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return body + check_character(body)


def referral_code_ensure(*, member: Member, at: dt.datetime | None = None) -> ReferralCode:
    """The member's invitation code, made the first time it is asked for."""
    existing = ReferralCode.objects.filter(member=member).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ReferralCode.objects.create(
                    member=member, code=_new_code(), created_at=at or timezone.now()
                )
        except IntegrityError:
            existing = ReferralCode.objects.filter(member=member).first()
            if existing is not None:  # a concurrent request made it
                return existing
    raise RuntimeError("could not find a free referral code")  # pragma: no cover


def referral_program_set(
    *,
    referrer_points: int,
    newcomer_points: int,
    minimum_purchase: int = 0,
    cap_count: int = 0,
    cap_period_days: int = 30,
    is_active: bool = True,
) -> ReferralProgram:
    errors: dict[str, str] = {}
    for name, value in (
        ("referrer_points", referrer_points),
        ("newcomer_points", newcomer_points),
        ("minimum_purchase", minimum_purchase),
        ("cap_count", cap_count),
    ):
        if not isinstance(value, int) or value < 0:
            errors[name] = str(_("Must be a whole number, zero or more."))
    if not isinstance(cap_period_days, int) or cap_period_days < 1:
        errors["cap_period_days"] = str(_("Must be at least one day."))
    if errors:
        raise ValidationFailed(details=errors)
    program, _created = ReferralProgram.objects.update_or_create(
        pk=1,
        defaults={
            "referrer_points": referrer_points,
            "newcomer_points": newcomer_points,
            "minimum_purchase": minimum_purchase,
            "cap_count": cap_count,
            "cap_period_days": cap_period_days,
            "is_active": is_active,
            "updated_at": timezone.now(),
        },
    )
    return program


@dataclass(frozen=True, slots=True)
class ReferralJoinResult:
    join: JoinResult
    referral: Referral

    @property
    def member(self) -> Member:
        return self.join.member


def referral_join(
    *,
    phone: str,
    code: str,
    profile: ProfileInput | None = None,
    store: Store | None = None,
    source: str = "api",
    at: dt.datetime | None = None,
) -> ReferralJoinResult:
    """Join the club with someone's invitation code: ``member_join`` and the referral in one
    transaction. A mistyped or unknown code, or one's own, changes nothing."""
    at = at or timezone.now()
    referrer = referral_resolve(code=code)
    e164 = normalize_phone(phone)
    if referrer.phone == e164:
        raise SelfReferral()
    was_known = KnownPhone.objects.filter(phone_hash=phone_hash(e164)).exists()
    with transaction.atomic():
        joined = member_join(phone=e164, profile=profile, store=store, source=source, at=at)
        referral = Referral.objects.create(
            referrer=referrer,
            newcomer=joined.member,
            code=referrer.referral_code.code,
            joined_at=at,
            phone_was_known=was_known,
        )
        known_phone_record(phone=e164, at=at)
        event_emit(
            topic="referral.joined",
            aggregate_type="member",
            aggregate_id=referrer.pk,
            payload={
                "referral_id": referral.pk,
                "referrer_id": referrer.pk,
                "newcomer_id": joined.member.pk,
            },
        )
    return ReferralJoinResult(join=joined, referral=referral)


def _labels(message: Any) -> dict[str, str]:
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels[language] = str(gettext(str(message)))
    return labels


REFERRER_TEXT = _("For inviting a friend who made their first purchase")
NEWCOMER_TEXT = _("Welcome gift for joining with a friend's invitation")


def _refusal(*, referral: Referral, program: ReferralProgram | None, purchase: Purchase) -> str:
    if referral.referrer_id == referral.newcomer_id:
        return Referral.Reason.SELF
    if referral.phone_was_known:
        return Referral.Reason.KNOWN_PHONE
    if referral.referrer.status != Member.Status.ACTIVE:
        return Referral.Reason.REFERRER_LEFT
    if program is None or not program.is_active:
        return Referral.Reason.NO_PROGRAM
    if program.cap_count:
        since = purchase.paid_at - dt.timedelta(days=program.cap_period_days)
        rewarded = ReferralReward.objects.filter(
            referrer_id=referral.referrer_id,
            outcome=ReferralReward.Outcome.REWARDED,
            qualified_at__gt=since,
            qualified_at__lte=purchase.paid_at,
        ).count()
        if rewarded >= program.cap_count:
            return Referral.Reason.CAP
    return ""


def _give(
    *, member: Member, points: int, text: Any, code: str, reward: ReferralReward, at: dt.datetime
) -> Transaction:
    return points_credit(
        member=member,
        points=points,
        kind=Transaction.Kind.BONUS,
        explanation=[{"code": code, "points": points, "params": {"labels": _labels(text)}}],
        reference=Reference(type="referral", id=str(reward.referral_id)),
        available_at=reward.available_at,
        expires_at=expiry_for(reward.qualified_at),
        actor="referrals",
        at=at,
    )


def referral_reward_decide(
    *, purchase_id: int, at: dt.datetime | None = None
) -> ReferralReward | None:
    """Decide the reward of the referral whose newcomer made this purchase, if it is their
    first qualifying one. Returns the decision, or None when there is nothing to decide (no
    referral, already decided, or the purchase does not qualify)."""
    at = at or timezone.now()
    purchase = Purchase.objects.filter(pk=purchase_id).first()
    if purchase is None:
        return None
    referral = (
        Referral.objects.select_related("referrer", "newcomer")
        .filter(newcomer_id=purchase.member_id, status=Referral.Status.JOINED)
        .first()
    )
    if referral is None:
        return None
    program = referral_program()
    minimum = max(program.minimum_purchase if program else 0, 1)
    if purchase.total < minimum:
        return None  # not a qualifying purchase: wait for one
    with transaction.atomic():
        referrer_lock(member=referral.referrer)
        reason = _refusal(referral=referral, program=program, purchase=purchase)
        reward = ReferralReward(
            referral=referral,
            referrer_id=referral.referrer_id,
            purchase_id=purchase.pk,
            qualified_at=purchase.paid_at,
            outcome=ReferralReward.Outcome.REFUSED if reason else ReferralReward.Outcome.REWARDED,
            reason=reason,
            decided_at=at,
        )
        if not reason and program is not None:
            reward.referrer_points = program.referrer_points
            reward.newcomer_points = program.newcomer_points
            reward.available_at = earn_available_at(purchase.paid_at)
        try:
            with transaction.atomic():
                reward.save(force_insert=True)
        except IntegrityError:
            return None  # decided already (a retry or a concurrent worker)
        if not reason:
            # Members in primary-key order (the referrer joined first), as every ledger lock.
            if reward.referrer_points:
                reward.referrer_transaction = _give(
                    member=referral.referrer,
                    points=reward.referrer_points,
                    text=REFERRER_TEXT,
                    code="referral_referrer",
                    reward=reward,
                    at=at,
                )
            if reward.newcomer_points:
                reward.newcomer_transaction = _give(
                    member=referral.newcomer,
                    points=reward.newcomer_points,
                    text=NEWCOMER_TEXT,
                    code="referral_newcomer",
                    reward=reward,
                    at=at,
                )
            reward.save(update_fields=["referrer_transaction", "newcomer_transaction"])
        status = Referral.Status.REFUSED if reason else Referral.Status.REWARDED
        Referral.objects.filter(pk=referral.pk).update(status=status, reason=reason)
        event_emit(
            topic=f"referral.{status}",
            aggregate_type="member",
            aggregate_id=referral.referrer_id,
            payload={
                "referral_id": referral.pk,
                "referrer_id": referral.referrer_id,
                "newcomer_id": referral.newcomer_id,
                "purchase_id": purchase.pk,
                "reason": reason,
                "referrer_points": reward.referrer_points,
                "newcomer_points": reward.newcomer_points,
            },
        )
    return reward


def referral_reward_reverse(
    *, purchase_id: int, at: dt.datetime | None = None
) -> ReferralReward | None:
    """Take a referral reward back when its qualifying purchase has been fully returned within
    the pending period. Returns the reversed decision, or None when nothing changes."""
    at = at or timezone.now()
    reward = (
        ReferralReward.objects.select_related(
            "referral__referrer", "referral__newcomer", "referrer_transaction"
        )
        .filter(purchase_id=purchase_id, outcome=ReferralReward.Outcome.REWARDED)
        .first()
    )
    if reward is None:
        return None
    purchase = Purchase.objects.get(pk=purchase_id)
    if purchase.returned_amount < purchase.total:
        return None  # a partial return keeps the reward
    returned_at = Return.objects.filter(purchase=purchase).aggregate(last=Max("returned_at"))[
        "last"
    ]
    if returned_at is None or returned_at > earn_available_at(purchase.paid_at):
        return None  # returned after the pending period: the reward stands
    referral = reward.referral
    purchase_ref = purchase.external_id
    with transaction.atomic():
        if not ReferralReward.objects.filter(
            pk=reward.pk, outcome=ReferralReward.Outcome.REWARDED
        ).update(outcome=ReferralReward.Outcome.REVERSED, reversed_at=at):
            return None
        reversals = (
            (referral.referrer, reward.referrer_points, reward.referrer_transaction_id),
            (referral.newcomer, reward.newcomer_points, reward.newcomer_transaction_id),
        )
        for member, points, transaction_id in reversals:
            if not points or transaction_id is None:
                continue
            points_debit(
                member=member,
                points=points,
                kind=Transaction.Kind.RETURN,
                sink="issued",
                explanation=[
                    {"code": "return", "points": -points, "params": {"purchase": purchase_ref}}
                ],
                reference=Reference(type="referral", id=str(referral.pk)),
                reverses=Transaction.objects.get(pk=transaction_id),
                allow_debt=True,
                actor="referrals",
                at=at,
            )
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.REVERSED, reason=Referral.Reason.RETURNED
        )
        event_emit(
            topic="referral.reversed",
            aggregate_type="member",
            aggregate_id=referral.referrer_id,
            payload={"referral_id": referral.pk, "purchase_id": purchase_id},
        )
    reward.refresh_from_db()
    return reward
