"""Outbox handler (``BASHGAH["EVENT_HANDLERS"]["*"]``): every event becomes the deliveries of
the subscriptions that want it. It runs once per event (events.dispatch), and the unique
(subscription, event) constraint keeps a second run from adding anything."""

from __future__ import annotations

from bashgah.events.models import OutboxEvent
from bashgah.webhooks.services import webhook_deliveries_create


def on_event(event: OutboxEvent) -> None:
    webhook_deliveries_create(event=event)
