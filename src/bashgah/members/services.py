"""Member writes: enrolment and profile changes. Points are never touched here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.cards import new_card_number, new_qr_token
from bashgah.core.errors import Conflict, ValidationFailed
from bashgah.core.phone import normalize_phone
from bashgah.events.services import event_emit
from bashgah.members.models import Member, MemberStats
from bashgah.stores.models import Store


class AlreadyMember(Conflict):
    code = "already_member"
    default_message = _("This mobile number already belongs to a club member.")


class MemberHasLeft(Conflict):
    code = "member_left"
    default_message = _("This member has left the club.")


@dataclass(frozen=True, slots=True)
class ProfileInput:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    city: str = ""
    language: str = ""


def _clean_profile(profile: ProfileInput, *, fields: set[str]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name in fields:
        cleaned[name] = getattr(profile, name)
    for name in ("first_name", "last_name", "city"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
            if len(cleaned[name]) > 80:
                errors[name] = str(_("At most 80 characters."))
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].strip().lower()
        try:
            validate_email(cleaned["email"])
        except DjangoValidationError:
            errors["email"] = str(_("This is not a valid email address."))
    if "gender" in cleaned and cleaned["gender"] not in Member.Gender.values:
        errors["gender"] = str(_("Choose female, male, other or leave it empty."))
    if cleaned.get("language") and cleaned["language"] not in dict(settings.LANGUAGES):
        errors["language"] = str(_("Choose fa, he or en."))
    birth_date = cleaned.get("birth_date")
    if birth_date is not None:
        today = timezone.localdate()
        if birth_date > today or birth_date.year < today.year - 120:
            errors["birth_date"] = str(_("This birth date is not possible."))
    if errors:
        raise ValidationFailed(details=errors)
    return cleaned


def member_enrol(
    *,
    phone: str,
    profile: ProfileInput | None = None,
    store: Store | None = None,
    source: str = "api",
    enrolled_at: dt.datetime | None = None,
) -> Member:
    """Create a member for a mobile number; one member per number. The caller's transaction
    (see ``purchases.services.member_join``) adds the signup bonus."""
    profile = profile or ProfileInput()
    e164 = normalize_phone(phone)
    cleaned = _clean_profile(profile, fields={f for f in ProfileInput.__slots__})
    cleaned["language"] = cleaned["language"] or settings.LANGUAGE_CODE
    if Member.objects.filter(phone=e164).exists():
        raise AlreadyMember(details={"phone": e164})
    try:
        with transaction.atomic():
            member = Member.objects.create(
                phone=e164,
                card_number=new_card_number(),
                qr_token=new_qr_token(),
                enrolled_at=enrolled_at or timezone.now(),
                enrolled_store=store,
                source=source,
                **cleaned,
            )
            MemberStats.objects.create(member=member)
            event_emit(
                topic="member.enrolled",
                aggregate_type="member",
                aggregate_id=member.pk,
                payload={"member_id": member.pk, "store": store.code if store else None},
            )
    except IntegrityError as exc:  # a concurrent enrolment of the same number won the race
        raise AlreadyMember(details={"phone": e164}) from exc
    return member


def member_update(*, member: Member, profile: ProfileInput, fields: set[str]) -> Member:
    """Change the given profile fields. The birthday bonus is tracked per year elsewhere, so a
    new birth date cannot earn a second bonus in the same year."""
    if member.status == Member.Status.LEFT:
        raise MemberHasLeft()
    unknown = fields - set(ProfileInput.__slots__)
    if unknown:
        raise ValidationFailed(details={name: str(_("Unknown field.")) for name in unknown})
    cleaned = _clean_profile(profile, fields=fields)
    changed = [name for name, value in cleaned.items() if getattr(member, name) != value]
    if not changed:
        return member
    with transaction.atomic():
        for name in changed:
            setattr(member, name, cleaned[name])
        member.save(update_fields=changed)
        event_emit(
            topic="member.updated",
            aggregate_type="member",
            aggregate_id=member.pk,
            payload={"member_id": member.pk, "fields": sorted(changed)},
        )
    return member


def segment_window_start(at: dt.datetime) -> dt.datetime:
    """Where the rolling segment window (``SEGMENT_WINDOW_DAYS``) begins, seen from ``at``."""
    return at - dt.timedelta(days=int(settings.BASHGAH.get("SEGMENT_WINDOW_DAYS", 365)))


def member_stats_record_purchase(
    *, member: Member, amount: int, paid_at: dt.datetime, store_id: int | None = None
) -> None:
    """Count a purchase in the member's running figures (one UPDATE; caller holds the member
    lock). A purchase older than the segment window counts in the totals only."""
    from django.db.models import BigIntegerField, Case, F, Value, When
    from django.db.models.functions import Coalesce, Greatest, Least

    updates: dict[str, Any] = {
        "purchase_count": F("purchase_count") + 1,
        "total_spend": F("total_spend") + amount,
        "first_purchase_at": Coalesce(Least(F("first_purchase_at"), paid_at), paid_at),
        "last_purchase_at": Case(
            When(last_purchase_at__isnull=True, then=paid_at),
            default=Greatest(F("last_purchase_at"), paid_at),
        ),
    }
    if store_id is not None:
        updates["last_store_id"] = Case(
            When(
                Q(last_purchase_at__isnull=True) | Q(last_purchase_at__lte=paid_at),
                then=Value(store_id),
            ),
            default=F("last_store_id"),
            output_field=BigIntegerField(),
        )
    if paid_at >= segment_window_start(timezone.now()):
        updates["window_purchases"] = F("window_purchases") + 1
        updates["window_spend"] = F("window_spend") + amount
    MemberStats.objects.filter(member=member).update(**updates)


def member_stats_record_return(
    *,
    member: Member,
    amount: int,
    is_full_return: bool,
    purchase_paid_at: dt.datetime | None = None,
) -> None:
    """Take a return out of the running figures; the window figures only when the returned
    purchase is still inside the segment window (never below zero)."""
    from django.db.models import F, Value
    from django.db.models.functions import Greatest

    updates: dict[str, Any] = {"total_spend": F("total_spend") - amount}
    if is_full_return:
        updates["purchase_count"] = F("purchase_count") - 1
    if purchase_paid_at is not None and purchase_paid_at >= segment_window_start(timezone.now()):
        updates["window_spend"] = Greatest(F("window_spend") - amount, Value(0))
        if is_full_return:
            updates["window_purchases"] = Greatest(F("window_purchases") - 1, Value(0))
    MemberStats.objects.filter(member=member).update(**updates)


def member_leave(
    *, member: Member, source: str = "portal", at: dt.datetime | None = None
) -> Member:
    """Leave the club: personal data is erased, the card and QR stop working, consent is
    withdrawn, and the member row stays (status ``left``) so the ledger, purchases and vouchers
    that refer to it stay balanced and countable. Points are not touched here (members sits
    below the ledger); ``purchases.services.member_leave_club`` applies the club's policy."""
    from bashgah.members.consent import consent_current, consent_record
    from bashgah.members.models import OneTimeCode

    if member.status == Member.Status.LEFT:
        raise MemberHasLeft()
    at = at or timezone.now()
    with transaction.atomic():
        locked = Member.objects.select_for_update().get(pk=member.pk)
        if locked.status == Member.Status.LEFT:
            raise MemberHasLeft()
        current = consent_current(member=locked)
        for channel in (current.sms, current.email):
            if channel.granted:
                consent_record(
                    member=locked, channel=channel.channel, granted=False, source=source, at=at
                )
        erased = {
            "phone": None,
            "first_name": "",
            "last_name": "",
            "email": "",
            "birth_date": None,
            "gender": "",
            "city": "",
            "card_number": new_card_number(),
            "qr_token": new_qr_token(),
            "status": Member.Status.LEFT,
            "left_at": at,
        }
        for name, value in erased.items():
            setattr(member, name, value)
        member.save(update_fields=list(erased))
        OneTimeCode.objects.filter(member=member).delete()
        event_emit(
            topic="member.left",
            aggregate_type="member",
            aggregate_id=member.pk,
            payload={"member_id": member.pk, "source": source},
        )
    return member


def member_profile_check(*, profile: ProfileInput, fields: set[str]) -> None:
    """Raise ValidationFailed with every problem in ``fields`` and change nothing, so a form
    whose other fields could not even be parsed still shows all its errors at once."""
    _clean_profile(profile, fields=fields & set(ProfileInput.__slots__))
