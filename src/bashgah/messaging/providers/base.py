"""What every provider takes and answers, whatever it speaks underneath."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message as a provider sees it. ``reference`` is the same on every attempt at the
    same message, so a provider that de-duplicates by it never sends a retry twice."""

    channel: str
    to: str
    body: str
    reference: str
    subject: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Accepted:
    """The provider took the message; ``provider_message_id`` names it in delivery reports."""

    provider_message_id: str


class SendError(Exception):
    """The provider did not take the message. ``transient``: try again later (timeouts, 5xx,
    SMTP 4xx, throttling, credit or credentials the operator can fix). Otherwise it never
    will; ``contact_problem`` says the address itself is wrong (unknown number, no mailbox)."""

    transient = False

    def __init__(self, reason: str, *, contact_problem: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:500]
        self.contact_problem = contact_problem


class TransientError(SendError):
    transient = True


class PermanentError(SendError):
    transient = False


class Provider(Protocol):
    name: str

    def send(self, message: Outgoing) -> Accepted: ...

    def close(self) -> None: ...


# Statuses a provider's delivery report is translated to before ``message_delivery_report``.
REPORT_SENT = "sent"  # still on its way: nothing changes
REPORT_DELIVERED = "delivered"
REPORT_FAILED = "failed"  # undelivered for good
REPORT_BOUNCED = "bounced"  # email returned by the recipient's server
REPORT_STATUSES = (REPORT_SENT, REPORT_DELIVERED, REPORT_FAILED, REPORT_BOUNCED)
