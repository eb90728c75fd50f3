"""The event types integrators can subscribe to: the outbox topics, with their payloads
described in docs/webhooks.md.

Only catalogued topics leave the building: a new outbox topic is delivered once it is added
here and documented (tests/test_webhooks.py checks that every topic the code emits is both).
"""

from __future__ import annotations

ALL = "*"

TOPICS: frozenset[str] = frozenset(
    {
        "member.enrolled",
        "member.updated",
        "member.left",
        "member.consent_changed",
        "contact.verified",
        "contact.reverify_requested",
        "contact.stale",
        "purchase.recorded",
        "purchase.returned",
        "points.earned",
        "points.expiring",
        "tier.changed",
        "reward.redeemed",
        "voucher.used",
        "voucher.cancelled",
        "voucher.expired",
        "voucher.expiring",
        "coupon.used",
        "wallet.paid",
        "giftcard.issued",
        "referral.joined",
        "referral.rewarded",
        "referral.refused",
        "referral.reversed",
        "membership.activated",
        "membership.renewed",
        "membership.expiring",
        "membership.expired",
        "lottery.scheduled",
        "lottery.entries_bought",
        "lottery.closed",
        "lottery.won",
        "lottery.drawn",
        "survey.invited",
        "survey.answered",
        "segment.refreshed",
        "message.failed",
        "campaign.launched",
        "campaign.sent",
        "webhook.subscription_disabled",
    }
)

# Payload keys that stay inside: the e-mail confirmation link proves the address to whoever
# opens it, so it goes only to the member (through messaging), never to an integrator.
WITHHELD: dict[str, frozenset[str]] = {
    "contact.reverify_requested": frozenset({"link"}),
}


def public_payload(topic: str, payload: dict) -> dict:
    """The event's data as integrators receive it."""
    hidden = WITHHELD.get(topic, frozenset())
    return {key: value for key, value in payload.items() if key not in hidden}
