"""Outbox handlers (``BASHGAH["EVENT_HANDLERS"]``): referrals react to what the earn loop and
enrolment announce. Each runs once per event (events.dispatch), and the services they call are
idempotent on their own as well."""

from __future__ import annotations

from bashgah.events.models import OutboxEvent
from bashgah.members.models import Member
from bashgah.referrals.services import (
    known_phone_record,
    referral_reward_decide,
    referral_reward_reverse,
)


def on_purchase_recorded(event: OutboxEvent) -> None:
    referral_reward_decide(purchase_id=int(event.payload["purchase_id"]))


def on_purchase_returned(event: OutboxEvent) -> None:
    referral_reward_reverse(purchase_id=int(event.payload["purchase_id"]))


def on_member_enrolled(event: OutboxEvent) -> None:
    """Remember every enrolled number, so a member who leaves and rejoins is not a newcomer."""
    member = Member.objects.filter(pk=int(event.payload["member_id"])).first()
    if member is not None and member.phone:
        known_phone_record(phone=member.phone, at=member.enrolled_at)
