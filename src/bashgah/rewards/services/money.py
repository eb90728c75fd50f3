"""Wallet payments at the till, points turned into wallet credit, and gift cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.codes import is_well_formed, new_code, normalize_code
from bashgah.core.errors import Conflict, NotFound, ValidationFailed
from bashgah.events.services import event_emit
from bashgah.ledger.models import Lot, Transaction
from bashgah.ledger.services.core import Reference
from bashgah.ledger.services.money import (
    giftcard_account_open,
    giftcard_debit,
    giftcard_expire,
    giftcard_load,
    wallet_debit,
)
from bashgah.members.models import Member
from bashgah.rewards.models import GiftCard, GiftCardUse, WalletPayment
from bashgah.stores.models import Store


class GiftCardNotFound(NotFound):
    code = "gift_card_not_found"
    default_message = _("There is no gift card with this code.")


class PaymentReferenceReused(Conflict):
    code = "payment_reference_reused"
    default_message = _("This purchase id was already paid with a different amount.")


def _reference_ok(reference: str) -> None:
    if not reference or len(reference) > 64:
        raise ValidationFailed(details={"reference": str(_("Give the till's purchase id."))})


def wallet_pay(
    *, member: Member, amount: int, store: Store, reference: str, at: dt.datetime | None = None
) -> WalletPayment:
    """Pay part of a purchase from the wallet, once per till purchase."""
    _reference_ok(reference)
    at = at or timezone.now()
    previous = WalletPayment.objects.filter(store=store, reference=reference).first()
    if previous:
        if (previous.member_id, previous.amount) != (member.pk, amount):
            raise PaymentReferenceReused(details={"reference": reference})
        return previous
    try:
        with transaction.atomic():
            tx = wallet_debit(
                member=member,
                amount=amount,
                kind=Transaction.Kind.WALLET_PAY,
                explanation=[{"code": "wallet_paid", "points": 0, "params": {"amount": amount}}],
                reference=Reference("store-purchase", f"{store.code}:{reference}"),
                at=at,
            )
            payment = WalletPayment.objects.create(
                member=member,
                store=store,
                reference=reference,
                amount=amount,
                transaction=tx,
                paid_at=at,
            )
            event_emit(
                topic="wallet.paid",
                aggregate_type="member",
                aggregate_id=member.pk,
                payload={"member_id": member.pk, "amount": amount, "store": store.code},
            )
            return payment
    except IntegrityError:
        return WalletPayment.objects.get(store=store, reference=reference)


@dataclass(frozen=True, slots=True)
class GiftCardBalance:
    card: GiftCard
    balance: int  # spendable now
    expires_at: dt.datetime | None
    expired: bool


def giftcard_issue(
    *,
    amount: int,
    store: Store,
    valid_days: int | None = 365,
    buyer: Member | None = None,
    at: dt.datetime | None = None,
) -> GiftCard:
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(details={"amount": str(_("A positive whole amount."))})
    at = at or timezone.now()
    expires_at = at + dt.timedelta(days=valid_days) if valid_days else None
    code = new_code()
    with transaction.atomic():
        account = giftcard_account_open(code=code)
        card = GiftCard.objects.create(
            code=code,
            account=account,
            initial_amount=amount,
            issued_at=at,
            expires_at=expires_at,
            issued_store=store,
            buyer=buyer,
        )
        giftcard_load(
            account=account,
            amount=amount,
            expires_at=expires_at,
            member=buyer,
            actor=f"store:{store.code}",
            at=at,
        )
        event_emit(
            topic="giftcard.issued",
            aggregate_type="giftcard",
            aggregate_id=card.pk,
            payload={"amount": amount, "store": store.code},
        )
    return card


def giftcard_by_code(*, code: str) -> GiftCard:
    normalized = normalize_code(code)
    if not is_well_formed(normalized):
        raise GiftCardNotFound(
            _("This gift card code is mistyped: check it and try again."),
            code="gift_card_code_mistyped",
        )
    card = GiftCard.objects.select_related("account").filter(code=normalized).first()
    if card is None:
        raise GiftCardNotFound()
    return card


def giftcard_balance(*, card: GiftCard, at: dt.datetime | None = None) -> GiftCardBalance:
    at = at or timezone.now()
    spendable = (
        Lot.objects.filter(account=card.account_id, remaining__gt=0)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .aggregate(total=Sum("remaining"))["total"]
        or 0
    )
    expired = bool(card.expires_at and card.expires_at <= at)
    return GiftCardBalance(
        card=card, balance=spendable, expires_at=card.expires_at, expired=expired
    )


def giftcard_spend(
    *, card: GiftCard, amount: int, store: Store, reference: str, at: dt.datetime | None = None
) -> GiftCardUse:
    """Pay with a gift card, in part or in full, once per till purchase."""
    _reference_ok(reference)
    at = at or timezone.now()
    previous = GiftCardUse.objects.filter(card=card, store=store, reference=reference).first()
    if previous:
        if previous.amount != amount:
            raise PaymentReferenceReused(details={"reference": reference})
        return previous
    try:
        with transaction.atomic():
            tx = giftcard_debit(
                account=card.account,
                amount=amount,
                member=card.buyer,
                reference=Reference("store-purchase", f"{store.code}:{reference}"),
                actor=f"store:{store.code}",
                at=at,
            )
            return GiftCardUse.objects.create(
                card=card,
                store=store,
                reference=reference,
                amount=amount,
                transaction=tx,
                used_at=at,
            )
    except IntegrityError:
        return GiftCardUse.objects.get(card=card, store=store, reference=reference)


def giftcards_expire(*, at: dt.datetime | None = None) -> int:
    """Void what is left on gift cards past their expiry; returns how many cards."""
    at = at or timezone.now()
    count = 0
    due = GiftCard.objects.filter(expires_at__lte=at, account__balance__gt=0)
    for card in due.select_related("account").iterator():
        if giftcard_expire(account=card.account, at=at) is not None:
            count += 1
    return count
