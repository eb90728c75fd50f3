"""Delivery reports: what the provider learnt after taking the message.

A report only moves a message forward: ``sent`` -> ``delivered``, or to ``failed`` /
``bounced`` (also after ``delivered``: an email can bounce after the server took it). A
report for a message already final is acknowledged and changes nothing, so providers may
repeat or reorder their reports."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bashgah.core.errors import ValidationFailed
from bashgah.messaging.models import Message
from bashgah.messaging.providers import kavenegar as kavenegar_api
from bashgah.messaging.providers import sms_backend, sms_provider
from bashgah.messaging.providers.base import (
    REPORT_BOUNCED,
    REPORT_DELIVERED,
    REPORT_FAILED,
    REPORT_STATUSES,
)
from bashgah.messaging.services.send import message_failed_emit

S = Message.Status
_IN_FLIGHT = (S.SENDING, S.SENT)


def message_delivery_report(
    *,
    provider: str,
    provider_message_id: str,
    status: str,
    at: dt.datetime | None = None,
    reason: str = "",
    contact_problem: bool = True,
) -> Message | None:
    """Apply a provider's report (``status``: sent | delivered | failed | bounced, already
    translated from the provider's words). Returns the message, or None for an id we do not
    know (a one-time code sent immediately, or another system's message)."""
    if status not in REPORT_STATUSES:
        raise ValidationFailed(details={"status": f"one of {', '.join(REPORT_STATUSES)}"})
    at = at or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(provider=provider, provider_message_id=provider_message_id)
            .first()
        )
        if message is None:
            return None
        if status == REPORT_DELIVERED and message.status in _IN_FLIGHT:
            message.status = S.DELIVERED
            message.delivered_at = at
            message.sent_at = message.sent_at or at
            message.save(update_fields=["status", "delivered_at", "sent_at"])
        elif status in (REPORT_FAILED, REPORT_BOUNCED) and message.status in (
            *_IN_FLIGHT,
            S.DELIVERED,
        ):
            message.status = S.BOUNCED if status == REPORT_BOUNCED else S.FAILED
            message.last_error = (reason or f"reported {status}")[:2000]
            message.sent_at = message.sent_at or at
            message.save(update_fields=["status", "last_error", "sent_at"])
            message_failed_emit(
                message=message, reason=message.last_error, contact_problem=contact_problem
            )
    return message


def messages_poll_statuses(
    *, limit: int = 500, older_than: dt.timedelta | None = None, at: dt.datetime | None = None
) -> int:
    """Ask Kavenegar (``sms/status.json``) about messages sent with it at least ``older_than``
    ago (a minute) and not yet final, for clubs that cannot receive its delivery callback.
    Returns the messages that changed."""
    if sms_backend() != "kavenegar":
        return 0
    at = at or timezone.now()
    cutoff = at - (dt.timedelta(minutes=1) if older_than is None else older_than)
    pending = dict(
        Message.objects.filter(provider="kavenegar", status=S.SENT, sent_at__lte=cutoff)
        .order_by("sent_at")
        .values_list("provider_message_id", "pk")[:limit]
    )
    provider = sms_provider()
    assert isinstance(provider, kavenegar_api.KavenegarSms)
    changed = 0
    try:
        statuses = provider.fetch_statuses(pending)
    finally:
        provider.close()
    for provider_id, code in statuses.items():
        status = kavenegar_api.report_status(code)
        if status == "sent" or provider_id not in pending:
            continue
        message_delivery_report(
            provider="kavenegar",
            provider_message_id=provider_id,
            status=status,
            at=at,
            reason=f"kavenegar status {code}",
            contact_problem=kavenegar_api.report_is_contact_problem(code),
        )
        changed += 1
    return changed
