"""Keeping contact data alive: yearly re-verification of phones (a texted one-time code) and
emails (a signed, expiring link), corrections, and marking contacts stale when messages to them
fail for good.

A request for an email is written to the outbox as ``contact.reverify_requested`` (with the
link); messaging's handler turns it into the email (``messaging.handlers``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.contacts.models import ContactState
from bashgah.contacts.selectors import CHANNELS, contact_value, contacts_due
from bashgah.core.errors import ValidationFailed
from bashgah.core.phone import normalize_phone
from bashgah.events.services import event_emit
from bashgah.members.models import Member
from bashgah.members.otp import TooManyCodes, otp_issue, otp_verify
from bashgah.members.services import AlreadyMember, MemberHasLeft, ProfileInput, member_update

REVERIFY_PURPOSE = "reverify"
LINK_SALT = "bashgah.contacts.reverify"
LINK_PREFIX = "/contacts/confirm/"


class ContactMissing(ValidationFailed):
    code = "contact_missing"
    default_message = _("There is no such contact to verify.")


class LinkRejected(ValidationFailed):
    code = "link_invalid"
    default_message = _("This confirmation link is not valid or has expired; ask for a new one.")


def link_days() -> int:
    return int(settings.BASHGAH.get("CONTACT_LINK_DAYS", 14))


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValidationFailed(details={"channel": str(_("Choose phone or email."))})


def _state(member: Member, channel: str) -> ContactState:
    """The member's row for ``channel``, locked, made (verified at enrolment) if missing."""
    state = ContactState.objects.select_for_update().filter(member=member, channel=channel).first()
    if state is not None:
        return state
    try:
        with transaction.atomic():
            return ContactState.objects.create(
                member=member, channel=channel, last_verified_at=member.enrolled_at
            )
    except IntegrityError:  # made concurrently
        return ContactState.objects.select_for_update().get(member=member, channel=channel)


def _verified(member: Member, channel: str, at: dt.datetime) -> ContactState:
    state = _state(member, channel)
    state.last_verified_at = at
    state.stale_since = None
    state.stale_reason = ""
    state.reverify_requested_at = None
    state.save(
        update_fields=["last_verified_at", "stale_since", "stale_reason", "reverify_requested_at"]
    )
    event_emit(
        topic="contact.verified",
        aggregate_type="member",
        aggregate_id=member.pk,
        payload={"member_id": member.pk, "channel": channel},
    )
    return state


def _active(member: Member) -> None:
    if member.status != Member.Status.ACTIVE:
        raise MemberHasLeft()


def email_link_token(*, member: Member) -> str:
    return signing.dumps({"m": member.pk, "e": member.email}, salt=LINK_SALT)


def contact_reverify_request(
    *, member: Member, channel: str, at: dt.datetime | None = None
) -> ContactState:
    """Ask the member to confirm a contact: a code texted to the phone (``otp_issue``, purpose
    ``reverify``), or, for an email, a signed link announced on the outbox for delivery."""
    _check_channel(channel)
    _active(member)
    at = at or timezone.now()
    value = contact_value(member, channel)
    if not value:
        raise ContactMissing(details={"channel": channel})
    with transaction.atomic():
        state = _state(member, channel)
        if channel == ContactState.Channel.PHONE:
            otp_issue(member=member, purpose=REVERIFY_PURPOSE, at=at)
        else:
            token = email_link_token(member=member)
            event_emit(
                topic="contact.reverify_requested",
                aggregate_type="member",
                aggregate_id=member.pk,
                payload={
                    "member_id": member.pk,
                    "channel": channel,
                    "email": value,
                    "language": member.language,
                    "link": f"{LINK_PREFIX}{token}",
                    "expires_at": (at + dt.timedelta(days=link_days())).isoformat(),
                },
            )
        state.reverify_requested_at = at
        state.save(update_fields=["reverify_requested_at"])
    return state


@dataclass(frozen=True, slots=True)
class ReverifyRun:
    phone: int
    email: int
    skipped: int


def contacts_reverify_due(
    *, at: dt.datetime | None = None, days: int | None = None, limit: int = 1000
) -> ReverifyRun:
    """The yearly re-verification: ask every member whose contact is older than ``days``
    (``CONTACT_REVERIFY_DAYS``), each in their own transaction. Safe to run daily: members
    asked in the last 30 days are not asked again."""
    at = at or timezone.now()
    sent = {channel: 0 for channel in CHANNELS}
    skipped = 0
    for channel in CHANNELS:
        for member in contacts_due(channel=channel, at=at, days=days)[:limit]:
            try:
                contact_reverify_request(member=member, channel=channel, at=at)
                sent[channel] += 1
            except TooManyCodes:
                skipped += 1
    return ReverifyRun(phone=sent["phone"], email=sent["email"], skipped=skipped)


def contact_phone_confirm(
    *, member: Member, code: str, at: dt.datetime | None = None
) -> ContactState:
    """The member typed the texted code: their number works."""
    _active(member)
    at = at or timezone.now()
    otp_verify(member=member, purpose=REVERIFY_PURPOSE, code=code, at=at)
    with transaction.atomic():
        return _verified(member, ContactState.Channel.PHONE, at)


def _phone_purpose(e164: str) -> str:
    return f"rephone:{e164}"  # the code proves this number only (≤ 32 characters)


def _new_phone(member: Member, phone: str) -> str:
    e164 = normalize_phone(phone)
    if Member.objects.filter(phone=e164).exclude(pk=member.pk).exists():
        raise AlreadyMember(details={"phone": e164})
    return e164


def contact_phone_change_request(
    *, member: Member, phone: str, at: dt.datetime | None = None
) -> str:
    """The member's number has changed: text a code to the NEW number, which must not belong
    to another member. Returns the number in E.164."""
    _active(member)
    e164 = _new_phone(member, phone)
    recipient = Member(pk=member.pk, phone=e164, language=member.language)
    with transaction.atomic():
        otp_issue(member=recipient, purpose=_phone_purpose(e164), at=at)
    return e164


def contact_phone_correct(
    *, member: Member, phone: str, code: str, at: dt.datetime | None = None
) -> Member:
    """Change the member's number to one proven by the code texted to it.

    members.services has no phone change yet, so the update is made here with the same
    uniqueness rule as enrolment (the database's unique index settles a race)."""
    _active(member)
    at = at or timezone.now()
    e164 = _new_phone(member, phone)
    otp_verify(member=member, purpose=_phone_purpose(e164), code=code, at=at)
    try:
        with transaction.atomic():
            Member.objects.filter(pk=member.pk).update(phone=e164)
            member.phone = e164
            event_emit(
                topic="member.updated",
                aggregate_type="member",
                aggregate_id=member.pk,
                payload={"member_id": member.pk, "fields": ["phone"]},
            )
            _verified(member, ContactState.Channel.PHONE, at)
    except IntegrityError as error:
        raise AlreadyMember(details={"phone": e164}) from error
    return member


def contact_email_confirm(*, token: str, at: dt.datetime | None = None) -> ContactState:
    """The member opened the link: the email it was sent to is theirs, unless it has expired
    or their email has changed since."""
    at = at or timezone.now()
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=dt.timedelta(days=link_days()))
    except signing.BadSignature as error:  # includes SignatureExpired
        raise LinkRejected() from error
    member = Member.objects.filter(pk=data.get("m"), status=Member.Status.ACTIVE).first()
    if member is None or not member.email or member.email != data.get("e"):
        raise LinkRejected()
    with transaction.atomic():
        return _verified(member, ContactState.Channel.EMAIL, at)


def contact_email_correct(
    *, member: Member, email: str, at: dt.datetime | None = None
) -> ContactState:
    """Change the email (members.services validates it) and send a link to the new one."""
    with transaction.atomic():
        member_update(member=member, profile=ProfileInput(email=email), fields={"email"})
        return contact_reverify_request(member=member, channel=ContactState.Channel.EMAIL, at=at)


def contact_mark_stale(
    *, member: Member, channel: str, reason: str, at: dt.datetime | None = None
) -> ContactState:
    """A message to the contact failed for good (hard bounce, unknown number …). Called by the
    messaging work; a contact already stale keeps the date it became stale."""
    _check_channel(channel)
    reason = (reason or "").strip()
    if not reason or len(reason) > 64:
        raise ValidationFailed(details={"reason": str(_("Say why, in at most 64 characters."))})
    at = at or timezone.now()
    with transaction.atomic():
        state = _state(member, channel)
        if state.stale_since is None:
            state.stale_since = at
        state.stale_reason = reason
        state.save(update_fields=["stale_since", "stale_reason"])
        event_emit(
            topic="contact.stale",
            aggregate_type="member",
            aggregate_id=member.pk,
            payload={"member_id": member.pk, "channel": channel, "reason": reason},
        )
    return state
