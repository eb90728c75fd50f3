"""Sending a text message. The messaging work (issue "Talking to members") brings real gateway
adapters behind this same function; until then the console backend logs the message and keeps
it in memory, which is what the demo and the tests read."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger("bashgah.sms")


@dataclass(frozen=True, slots=True)
class SentMessage:
    phone: str
    text: str


OUTBOX: list[SentMessage] = []  # the console backend's record, newest last


def send_sms(*, phone: str, text: str) -> None:
    backend = settings.BASHGAH.get("SMS_BACKEND", "console")
    if backend != "console":
        raise ValueError(f"unknown SMS backend {backend!r}")
    OUTBOX.append(SentMessage(phone=phone, text=text))
    # The log is not a place for personal data or codes: the end of the number and the length.
    logger.warning("SMS (console) to …%s, %d characters", phone[-3:], len(text))
    if settings.DEBUG:
        print(f"[SMS to {phone}] {text}", flush=True)  # noqa: T201 - the demo's console phone
