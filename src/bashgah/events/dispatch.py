"""Delivering outbox events to the handlers configured for their topics.

Handlers are named in settings (``BASHGAH["EVENT_HANDLERS"]``: topic -> dotted paths), so this
low-level app never imports the higher apps that react. Each handler runs in its own
transaction with the record of its delivery, so it runs exactly once per event whatever
crashes; a failing handler is retried with exponential backoff and does not hold up the others.
On PostgreSQL several workers share the queue with ``SELECT … FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from bashgah.events.models import OutboxDelivery, OutboxEvent

logger = logging.getLogger("bashgah.events")
MAX_BACKOFF = dt.timedelta(hours=1)


def handlers_for(topic: str) -> list[str]:
    table: dict[str, list[str]] = settings.BASHGAH.get("EVENT_HANDLERS", {})
    return list(table.get(topic, ())) + list(table.get("*", ()))


def _handler(path: str) -> Callable[[OutboxEvent], Any]:
    return import_string(path)  # type: ignore[no-any-return,unused-ignore]


@dataclass(frozen=True, slots=True)
class DispatchRun:
    events: int
    deliveries: int
    failures: int


def _claim(limit: int, at: dt.datetime) -> list[int]:
    due = (
        OutboxEvent.objects.filter(delivered_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=at))
        .order_by("pk")
    )
    if connection.vendor == "postgresql":
        due = due.select_for_update(skip_locked=True)
    return list(due.values_list("pk", flat=True)[:limit])


def _deliver(event: OutboxEvent, path: str) -> bool:
    """Run one handler for one event once; True when it has (now or before)."""
    if OutboxDelivery.objects.filter(event=event, handler=path).exists():
        return True
    try:
        with transaction.atomic():
            _handler(path)(event)
            OutboxDelivery.objects.create(event=event, handler=path)
        return True
    except Exception as error:
        logger.warning("event %s handler %s failed: %r", event.pk, path, error)
        event.last_error = f"{path}: {error!r}"[:2000]
        return False


def dispatch_pending(*, limit: int = 500, at: dt.datetime | None = None) -> DispatchRun:
    """Deliver what is due; returns counts. Safe to run in several processes at once."""
    at = at or timezone.now()
    events = deliveries = failures = 0
    with transaction.atomic():
        claimed = _claim(limit, at)
        for event in OutboxEvent.objects.filter(pk__in=claimed).order_by("pk"):
            events += 1
            ok = True
            for path in handlers_for(event.topic):
                if _deliver(event, path):
                    deliveries += 1
                else:
                    ok = False
            if ok:
                event.delivered_at = timezone.now()
            else:
                failures += 1
                event.attempts += 1
                event.next_attempt_at = at + min(
                    dt.timedelta(seconds=2**event.attempts * 5), MAX_BACKOFF
                )
            event.save(update_fields=["delivered_at", "attempts", "next_attempt_at", "last_error"])
    return DispatchRun(events=events, deliveries=deliveries, failures=failures)
