from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bashgah.events.models import OutboxEvent


def event_emit(
    *, topic: str, aggregate_type: str, aggregate_id: object, payload: dict[str, Any]
) -> None:
    """Record a domain event; the caller's transaction makes it atomic with the change."""
    OutboxEvent.objects.create(
        topic=topic, aggregate_type=aggregate_type, aggregate_id=str(aggregate_id), payload=payload
    )


def events_emit(events: Sequence[tuple[str, str, object, dict[str, Any]]]) -> None:
    OutboxEvent.objects.bulk_create(
        OutboxEvent(topic=t, aggregate_type=a, aggregate_id=str(i), payload=p)
        for t, a, i, p in events
    )
