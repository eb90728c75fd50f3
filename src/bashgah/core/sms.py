"""Sending a text message now (one-time codes, winners' news): ``send_sms`` hands it to the
function named by ``settings.BASHGAH["SMS_SENDER"]`` (a dotted path, like Django's
``EMAIL_BACKEND``), so this low app never imports the messaging app that sends through
Kavenegar, Twilio or a gateway. The console sender logs the message and keeps it in memory,
which is what the demo and the tests read."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("bashgah.sms")
CONSOLE_SENDER = "bashgah.core.sms.console_send"


@dataclass(frozen=True, slots=True)
class SentMessage:
    phone: str
    text: str


OUTBOX: list[SentMessage] = []  # the console backend's record, newest last


def console_send(*, phone: str, text: str) -> None:
    OUTBOX.append(SentMessage(phone=phone, text=text))
    # The log is not a place for personal data or codes: the end of the number and the length.
    logger.warning("SMS (console) to …%s, %d characters", phone[-3:], len(text))
    if settings.DEBUG:
        print(f"[SMS to {phone}] {text}", flush=True)  # noqa: T201 - the demo's console phone


def send_sms(*, phone: str, text: str) -> None:
    path = settings.BASHGAH.get("SMS_SENDER") or CONSOLE_SENDER
    import_string(path)(phone=phone, text=text)
