"""Mobile top-up providers. A provider turns a top-up reward into airtime on the member's
phone; the console provider (the default, for the demo) only logs what it would send."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

logger = logging.getLogger("bashgah.topup")


@dataclass(frozen=True, slots=True)
class TopupResult:
    ok: bool
    reference: str
    message: str = ""


class TopupProvider(Protocol):
    def send(self, *, phone: str, amount: int, currency: str, request_id: str) -> TopupResult:
        """Credit ``amount`` (minor units) to ``phone``; ``request_id`` makes retries safe."""
        ...


class ConsoleTopupProvider:
    sent: list[tuple[str, int, str]] = []  # kept for the demo's console and for tests

    def send(self, *, phone: str, amount: int, currency: str, request_id: str) -> TopupResult:
        self.sent.append((phone, amount, request_id))
        logger.warning("TOP-UP (console) %s %s %s request=%s", phone, amount, currency, request_id)
        return TopupResult(ok=True, reference=f"console-{request_id}")


def topup_provider() -> TopupProvider:
    name = settings.BASHGAH["TOPUP_PROVIDER"]
    if name == "console":
        return ConsoleTopupProvider()
    raise ValueError(f"unknown top-up provider {name!r}")
