"""Members saying stop (or start again): SMS keywords and the email unsubscribe link.

Every change goes through ``members.consent.consent_set``, the consent ledger (who, when,
channel, source), and the sending worker reads consent just before each marketing message,
so an opt-out holds from the next message on."""

from __future__ import annotations

import datetime as dt
import re

from django.core import signing
from django.utils.translation import gettext_lazy as _

from bashgah.core.digits import to_ascii_digits
from bashgah.core.errors import ValidationFailed
from bashgah.core.phone import InvalidPhone, normalize_phone
from bashgah.members.consent import consent_set
from bashgah.members.models import Member
from bashgah.messaging import conf

UNSUBSCRIBE_SALT = "bashgah.messaging.unsubscribe"
UNSUBSCRIBE_PATH = "/unsubscribe/"
SOURCE_SMS_KEYWORD = "sms-keyword"
SOURCE_EMAIL_LINK = "email-unsubscribe"

# Iran: 11 stops, 12 resumes. Twilio's standard words, and Hebrew "remove" for Israel.
STOP_WORDS = {"11", "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "הסר", "הסרה"}
START_WORDS = {"12", "START", "UNSTOP"}
_NOISE = re.compile(r"[\s\u200c\u200e\u200f.!،,]+")

UNSUBSCRIBED = "unsubscribed"
RESUBSCRIBED = "resubscribed"


class UnsubscribeLinkRejected(ValidationFailed):
    code = "unsubscribe_link_invalid"
    default_message = _("This unsubscribe link is not valid.")


def unsubscribe_token(*, member_id: int) -> str:
    """A signed, non-expiring token naming the member: an unsubscribe link must keep working."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"m": member_id})


def unsubscribe_url(*, member_id: int) -> str:
    return f"{conf.site_url()}{UNSUBSCRIBE_PATH}{unsubscribe_token(member_id=member_id)}"


def unsubscribe_member(*, token: str) -> Member:
    """The active member a link names, or UnsubscribeLinkRejected."""
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise UnsubscribeLinkRejected() from error
    member_id = data.get("m") if isinstance(data, dict) else None
    if not isinstance(member_id, int):
        raise UnsubscribeLinkRejected()
    member = Member.objects.filter(pk=member_id, status=Member.Status.ACTIVE).first()
    if member is None:
        raise UnsubscribeLinkRejected()
    return member


def email_unsubscribe(*, token: str, at: dt.datetime | None = None) -> Member:
    """Withdraw the member's email consent (the link's page, or RFC 8058 one-click POST).
    Saying it twice records nothing new."""
    member = unsubscribe_member(token=token)
    consent_set(member=member, channel="email", granted=False, source=SOURCE_EMAIL_LINK, at=at)
    return member


def keyword(text: str) -> str | None:
    """UNSUBSCRIBED, RESUBSCRIBED or None for any other text (Persian and Arabic digits too)."""
    word = _NOISE.sub("", to_ascii_digits(text or "")).upper()
    if word in STOP_WORDS:
        return UNSUBSCRIBED
    if word in START_WORDS:
        return RESUBSCRIBED
    return None


def sms_inbound(
    *, provider: str, from_phone: str, text: str, at: dt.datetime | None = None
) -> str | None:
    """A member texted us. 11 (or STOP …) withdraws SMS consent, 12 (or START) gives it back,
    recorded with source ``sms-keyword``. Returns what changed, or None when the text is no
    keyword, the number is no active member's, or the consent already said so."""
    action = keyword(text)
    if action is None:
        return None
    try:
        phone = normalize_phone(from_phone)
    except InvalidPhone:
        return None
    member = Member.objects.filter(phone=phone, status=Member.Status.ACTIVE).first()
    if member is None:
        return None
    record = consent_set(
        member=member,
        channel="sms",
        granted=action == RESUBSCRIBED,
        source=SOURCE_SMS_KEYWORD,
        at=at,
    )
    return action if record is not None else None
