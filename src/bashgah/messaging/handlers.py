"""Outbox handlers (``BASHGAH["EVENT_HANDLERS"]``): messages the lower apps ask for.

Each enqueues under a ``dedupe_key`` made from the event, so a handler that runs twice (a
retried event) queues one message."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.calendars import format_date, local_date
from bashgah.events.models import OutboxEvent
from bashgah.members.models import Member
from bashgah.messaging import conf
from bashgah.messaging.models import Message
from bashgah.messaging.services import MessageDraft, message_compose, message_enqueue


def on_contact_reverify_requested(event: OutboxEvent) -> None:
    """Email the member the link that confirms their address (a service message: it needs no
    marketing consent), in their language. Phones get their code from ``members.otp``."""
    payload = event.payload
    if payload.get("channel") != "email" or not payload.get("email"):
        return
    member = Member.objects.filter(
        pk=int(payload["member_id"]), status=Member.Status.ACTIVE
    ).first()
    if member is None:
        return
    language = str(payload.get("language") or member.language or "fa")
    expires = dt.datetime.fromisoformat(str(payload["expires_at"]))
    with translation.override(language):
        subject = _("Confirm your email address for %(club)s") % {"club": conf.club_name()}
        body = _(
            "Hello,\n\nPlease confirm that %(email)s is your email address at %(club)s by "
            "opening this link:\n%(link)s\n\nThe link works until %(date)s. If you did not "
            "expect this email, you can ignore it."
        ) % {
            "email": payload["email"],
            "club": conf.club_name(),
            "link": conf.site_url() + str(payload["link"]),
            "date": format_date(local_date(expires), language),
        }
    subject, body = message_compose(
        channel=Message.Channel.EMAIL,
        purpose=Message.Purpose.SERVICE,
        language=language,
        body=body,
        subject=subject,
    )
    message_enqueue(
        draft=MessageDraft(
            member_id=member.pk,
            channel=Message.Channel.EMAIL,
            to_address=str(payload["email"]),
            language=language,
            purpose=Message.Purpose.SERVICE,
            subject=subject,
            body=body,
            dedupe_key=f"contact-reverify:{event.pk}",
        )
    )
