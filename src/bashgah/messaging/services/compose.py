"""The compliance text every message carries, by the club's region (``MESSAGING_REGION``).

- Iran: a marketing SMS ends with "لغو ۱۱" (the member answers 11 to stop, 12 to resume).
- Israel (Communications Law §30A): an advertising SMS starts with the word "פרסומת" and the
  club's name and carries a way to refuse; an advertising email's subject starts with
  "פרסומת". Consent is checked at send time everywhere, which covers "prior consent only".
- Every marketing email ends with an unsubscribe line. Its link is personal, so the body holds
  ``UNSUBSCRIBE_MARK`` and the sender puts the member's link there (and in the
  List-Unsubscribe header) when the message goes out.

Service messages (codes, receipts, confirmations) need no consent and carry none of this."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed
from bashgah.messaging import conf
from bashgah.messaging.models import Message

IR_OPT_OUT = "لغو ۱۱"
IL_LABEL = "פרסומת"
UNSUBSCRIBE_MARK = "[[unsubscribe-link]]"


def _check(channel: str, purpose: str) -> None:
    errors = {}
    if channel not in Message.Channel.values:
        errors["channel"] = _("Choose sms or email.")
    if purpose not in Message.Purpose.values:
        errors["purpose"] = _("Choose service or marketing.")
    if errors:
        raise ValidationFailed(details=errors)


def il_opt_out_keyword(language: str) -> str:
    return "הסר" if language == "he" else "STOP"


def message_compose(
    *, channel: str, purpose: str, language: str, body: str, subject: str = ""
) -> tuple[str, str]:
    """Return ``(subject, body)`` with the compliance text for the club's region added, in
    the member's ``language``. Call it once per text; the result is what the member reads."""
    _check(channel, purpose)
    body = body.strip()
    subject = subject.strip()
    if purpose == Message.Purpose.SERVICE:
        return subject, body
    region = conf.region()
    with translation.override(language):
        if channel == Message.Channel.SMS:
            if region == "IR":
                return subject, f"{body}\n{IR_OPT_OUT}"
            if region == "IL":
                refuse = _("To stop these messages, reply %(keyword)s") % {
                    "keyword": il_opt_out_keyword(language)
                }
                return subject, f"{IL_LABEL}: {conf.club_name()}\n{body}\n{refuse}"
            return subject, body
        footer = _(
            "You receive this email because you agreed to hear from %(club)s. "
            "To stop, open %(link)s"
        ) % {"club": conf.club_name(), "link": UNSUBSCRIBE_MARK}
        if region == "IL" and not subject.startswith(IL_LABEL):
            subject = f"{IL_LABEL}: {subject}" if subject else IL_LABEL
        return subject, f"{body}\n\n--\n{footer}"
