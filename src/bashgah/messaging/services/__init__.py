"""Messaging's services, the interface other apps call:

- ``message_compose`` adds the region's compliance text to a text;
- ``message_enqueue`` / ``messages_enqueue_bulk`` put ``MessageDraft``s in the outbox,
  idempotent on ``dedupe_key``;
- ``messages_send_due`` is the worker's step;
- ``message_delivery_report`` and ``sms_inbound`` take what providers tell us;
- ``email_unsubscribe`` is the List-Unsubscribe link's action.
"""

from bashgah.messaging.services.compose import UNSUBSCRIBE_MARK, message_compose
from bashgah.messaging.services.enqueue import MessageDraft, message_enqueue, messages_enqueue_bulk
from bashgah.messaging.services.optout import (
    UnsubscribeLinkRejected,
    email_unsubscribe,
    sms_inbound,
    unsubscribe_member,
    unsubscribe_token,
    unsubscribe_url,
)
from bashgah.messaging.services.reports import message_delivery_report, messages_poll_statuses
from bashgah.messaging.services.send import SendRun, messages_send_due, quiet_until

__all__ = [
    "UNSUBSCRIBE_MARK",
    "MessageDraft",
    "SendRun",
    "UnsubscribeLinkRejected",
    "email_unsubscribe",
    "message_compose",
    "message_delivery_report",
    "message_enqueue",
    "messages_enqueue_bulk",
    "messages_poll_statuses",
    "messages_send_due",
    "quiet_until",
    "sms_inbound",
    "unsubscribe_member",
    "unsubscribe_token",
    "unsubscribe_url",
]
