"""Outbox reactions that start automations: each event fires the active automations of its
trigger for its member, once per occurrence (the event's own key), whatever retries happen."""

from __future__ import annotations

from bashgah.campaigns.models import Trigger
from bashgah.campaigns.services import automation_fire
from bashgah.events.models import OutboxEvent


def _member(event: OutboxEvent) -> int:
    return int(event.payload.get("member_id") or event.aggregate_id)


def on_member_enrolled(event: OutboxEvent) -> None:
    automation_fire(trigger=Trigger.WELCOME, member_ids=[_member(event)], occurrence="")


def on_purchase_recorded(event: OutboxEvent) -> None:
    automation_fire(
        trigger=Trigger.THANK_YOU,
        member_ids=[_member(event)],
        occurrence=f"purchase:{event.payload.get('purchase_id', event.aggregate_id)}",
    )


def on_tier_changed(event: OutboxEvent) -> None:
    up = event.payload.get("direction") == "up"
    automation_fire(
        trigger=Trigger.TIER_UP if up else Trigger.TIER_DOWN,
        member_ids=[_member(event)],
        occurrence=f"event:{event.pk}",
    )


def on_points_expiring(event: OutboxEvent) -> None:
    automation_fire(
        trigger=Trigger.POINTS_EXPIRING,
        member_ids=[_member(event)],
        occurrence=f"expiring:{str(event.payload.get('expires_at', ''))[:10]}",
    )


def on_voucher_expiring(event: OutboxEvent) -> None:
    automation_fire(
        trigger=Trigger.VOUCHER_EXPIRING,
        member_ids=[_member(event)],
        occurrence=f"voucher:{event.payload.get('voucher_id', '')}",
    )
