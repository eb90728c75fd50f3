"""Reading subscriptions and the delivery log."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from bashgah.webhooks.errors import WebhookDeliveryNotFound, WebhookSubscriptionNotFound
from bashgah.webhooks.models import WebhookDelivery, WebhookSubscription


def webhook_subscription_get(*, subscription_id: int) -> WebhookSubscription:
    subscription = (
        WebhookSubscription.objects.select_related("store").filter(pk=subscription_id).first()
    )
    if subscription is None:
        raise WebhookSubscriptionNotFound(details={"subscription_id": subscription_id})
    return subscription


def webhook_subscriptions(*, store_code: str | None = None) -> QuerySet[WebhookSubscription]:
    rows = WebhookSubscription.objects.select_related("store").order_by("pk")
    return rows.filter(store__code=store_code) if store_code else rows


def webhook_deliveries(
    *, subscription: WebhookSubscription, status: str | None = None
) -> QuerySet[WebhookDelivery]:
    """A subscription's delivery log, newest first."""
    rows = WebhookDelivery.objects.filter(subscription=subscription).order_by("-pk")
    return rows.filter(status=status) if status else rows


def webhook_delivery_get(*, delivery_id: str) -> WebhookDelivery:
    """A delivery by its public id (the ``Bashgah-Delivery`` header), with its attempts."""
    try:
        public_id = uuid.UUID(str(delivery_id))
    except ValueError:
        raise WebhookDeliveryNotFound(details={"delivery_id": delivery_id}) from None
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .prefetch_related("log")
        .filter(public_id=public_id)
        .first()
    )
    if delivery is None:
        raise WebhookDeliveryNotFound(details={"delivery_id": delivery_id})
    return delivery
