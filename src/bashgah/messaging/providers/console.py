"""The demo's SMS provider: the text goes to ``core.sms.OUTBOX`` and the log (and the terminal
in DEBUG), exactly where ``core.sms.send_sms`` has always put it."""

from __future__ import annotations

from bashgah.core.sms import console_send
from bashgah.messaging.providers.base import Accepted, Outgoing


class ConsoleSms:
    name = "console"

    def send(self, message: Outgoing) -> Accepted:
        console_send(phone=message.to, text=message.body)
        return Accepted(provider_message_id=message.reference)

    def close(self) -> None:
        pass
