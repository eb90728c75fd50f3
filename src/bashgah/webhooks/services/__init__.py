"""Webhooks for integrators (issue 5).

Flow: an outbox event reaches ``webhook_deliveries_create`` (the ``"*"`` handler in
``BASHGAH["EVENT_HANDLERS"]``), which writes one ``WebhookDelivery`` per matching active
subscription — unique per (subscription, event), so the outbox's own retries cannot double
it. ``webhook_deliveries_send_due`` (run by the worker and the Celery schedule) claims due
deliveries under a lease, posts them outside any transaction, and records each attempt;
failures retry with exponential backoff until ``WEBHOOK_MAX_ATTEMPTS``, and a subscription
that keeps failing is turned off with an announcement (``webhook.subscription_disabled``).
"""

from bashgah.webhooks.services.delivery import (
    SendRun,
    delivery_body,
    retry_delay,
    webhook_deliveries_create,
    webhook_deliveries_send_due,
    webhook_delivery_redeliver,
)
from bashgah.webhooks.services.subscriptions import (
    KEEP,
    SubscriptionSecret,
    webhook_event_types_check,
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
    webhook_url_check,
)
from bashgah.webhooks.signing import webhook_signature_verify

__all__ = [
    "KEEP",
    "SendRun",
    "SubscriptionSecret",
    "delivery_body",
    "retry_delay",
    "webhook_deliveries_create",
    "webhook_deliveries_send_due",
    "webhook_delivery_redeliver",
    "webhook_event_types_check",
    "webhook_signature_verify",
    "webhook_subscription_create",
    "webhook_subscription_delete",
    "webhook_subscription_rotate_secret",
    "webhook_subscription_update",
    "webhook_url_check",
]
