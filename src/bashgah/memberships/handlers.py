"""Reactions to other apps' outbox events (registered in ``BASHGAH["EVENT_HANDLERS"]``)."""

from __future__ import annotations

from bashgah.events.models import OutboxEvent
from bashgah.memberships.benefits import membership_benefit_record
from bashgah.purchases.models import Purchase


def purchase_recorded(event: OutboxEvent) -> None:
    """Record what the member's membership gave on the purchase (and credit its cashback)."""
    purchase = Purchase.objects.filter(pk=event.payload.get("purchase_id")).first()
    if purchase is not None:
        membership_benefit_record(purchase=purchase)
