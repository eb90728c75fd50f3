"""Outbox handlers (``BASHGAH["EVENT_HANDLERS"]``): contacts react to what messaging learns."""

from __future__ import annotations

from bashgah.contacts.selectors import contact_value
from bashgah.contacts.services import contact_mark_stale
from bashgah.events.models import OutboxEvent
from bashgah.members.models import Member
from bashgah.messaging.models import Message

# Messaging's channels and the contact each one uses.
CONTACT_OF_CHANNEL = {"sms": "phone", "email": "email"}


def on_message_failed(event: OutboxEvent) -> None:
    """A message failed for good because of the address itself (unknown number, no such
    mailbox, bounce): that contact is stale — if it is still the member's. Failures that are
    the club's (credit, content, configuration) leave the contact alone."""
    payload = event.payload
    channel = CONTACT_OF_CHANNEL.get(str(payload.get("channel")))
    if not payload.get("contact_problem") or channel is None:
        return
    member = Member.objects.filter(
        pk=int(payload["member_id"]), status=Member.Status.ACTIVE
    ).first()
    message = Message.objects.filter(pk=payload.get("message_id")).only("to_address").first()
    if member is None or message is None:
        return
    current = contact_value(member, channel) or ""
    if current.strip().lower() != message.to_address.strip().lower():
        return  # the member has changed it since
    reason = str(payload.get("reason") or "message failed")[:64]
    contact_mark_stale(member=member, channel=channel, reason=reason)
