"""One-time codes by SMS: issued at most a few times per window, short-lived, hashed, and
limited in guesses. Guess counts live in the cache (Redis in production) so that a rejected
request, whose database transaction rolls back, still counts against the limit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.core.digits import to_ascii_digits
from bashgah.core.errors import ApplicationError, ValidationFailed
from bashgah.core.sms import send_sms
from bashgah.members.models import Member, OneTimeCode

CODE_TTL = dt.timedelta(minutes=5)
MAX_ISSUES_PER_WINDOW = 3
ISSUE_WINDOW_SECONDS = 600
MAX_GUESSES = 5


class TooManyCodes(ApplicationError):
    code = "too_many_codes"
    status = 429
    default_message = gettext_lazy("Too many codes were sent; please wait a few minutes.")


class CodeRejected(ValidationFailed):
    code = "otp_invalid"
    default_message = gettext_lazy("The code is wrong or has expired.")


def _digest(member: Member, purpose: str, code: str) -> str:
    message = f"{member.pk}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def otp_issue(*, member: Member, purpose: str, at: dt.datetime | None = None) -> OneTimeCode:
    """Create a code and text it to the member (after commit)."""
    at = at or timezone.now()
    issued_key = f"otp:issued:{member.pk}:{purpose}"
    if (cache.get_or_set(issued_key, 0, ISSUE_WINDOW_SECONDS) or 0) >= MAX_ISSUES_PER_WINDOW:
        raise TooManyCodes()
    cache.incr(issued_key)
    code = f"{secrets.randbelow(10**6):06d}"
    record = OneTimeCode.objects.create(
        member=member,
        purpose=purpose,
        code_hash=_digest(member, purpose, code),
        created_at=at,
        expires_at=at + CODE_TTL,
    )
    cache.delete(f"otp:guesses:{member.pk}:{purpose}")
    with translation.override(member.language):
        text = _("Your club code: %(code)s (valid for 5 minutes)") % {"code": code}
    phone = member.phone or ""
    transaction.on_commit(lambda: send_sms(phone=phone, text=text))
    return record


def otp_verify(*, member: Member, purpose: str, code: str, at: dt.datetime | None = None) -> None:
    """Accept the member's newest unused code for ``purpose`` once, or raise CodeRejected."""
    at = at or timezone.now()
    guesses_key = f"otp:guesses:{member.pk}:{purpose}"
    cache.add(guesses_key, 0, int(CODE_TTL.total_seconds()))
    if cache.incr(guesses_key) > MAX_GUESSES:
        raise CodeRejected(_("Too many wrong codes; ask for a new one."), code="otp_locked")
    latest = (
        OneTimeCode.objects.filter(
            member=member, purpose=purpose, used_at__isnull=True, expires_at__gt=at
        )
        .order_by("-created_at")
        .first()
    )
    given = to_ascii_digits(code or "").strip()
    if latest is None or not hmac.compare_digest(latest.code_hash, _digest(member, purpose, given)):
        raise CodeRejected()
    if not OneTimeCode.objects.filter(pk=latest.pk, used_at__isnull=True).update(used_at=at):
        raise CodeRejected()
    cache.delete(guesses_key)
