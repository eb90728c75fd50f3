"""Webhooks (staff keys): subscriptions, their signing secrets, and the delivery log.

The secret is in the answer only when a subscription is created or its secret rotated; a
retry of that request with the same Idempotency-Key answers the same, secret included.
Deliveries are named by their public id, the ``Bashgah-Delivery`` header the receiver saw.
"""

import datetime as dt
from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from bashgah.api import schemas as s
from bashgah.api.auth import require_staff
from bashgah.api.idempotency import idempotent
from bashgah.stores.models import Store
from bashgah.stores.selectors import store_by_code
from bashgah.webhooks.models import WebhookDelivery, WebhookSubscription
from bashgah.webhooks.selectors import (
    webhook_deliveries,
    webhook_delivery_get,
    webhook_subscription_get,
    webhook_subscriptions,
)
from bashgah.webhooks.services import (
    KEEP,
    SubscriptionSecret,
    webhook_delivery_redeliver,
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
)
from bashgah.webhooks.topics import TOPICS

router = Router(tags=["webhooks"])
ERRORS = s.ERRORS

EVENT_TYPES_HELP = 'event types (see GET /webhook-event-types), or ["*"] for all'


class SubscriptionIn(Schema):
    url: str = Field(description="https address of your endpoint", examples=["https://x.test/h"])
    event_types: list[str] = Field(description=EVENT_TYPES_HELP, examples=[["purchase.recorded"]])
    description: str = ""
    store: str | None = Field(None, description="store code: only that branch's events")
    is_active: bool = True


class SubscriptionPatchIn(Schema):
    url: str | None = None
    event_types: list[str] | None = Field(None, description=EVENT_TYPES_HELP)
    description: str | None = None
    store: str | None = Field(None, description="store code; null for every branch")
    is_active: bool | None = Field(None, description="true also clears an automatic turn-off")


class RotateIn(Schema):
    keep_previous_hours: int = Field(
        24, ge=0, le=168, description="hours the old secret keeps signing too; 0 ends it now"
    )


class SubscriptionOut(Schema):
    id: int
    url: str
    event_types: list[str]
    description: str
    store: str | None
    is_active: bool
    disabled_at: dt.datetime | None
    disabled_reason: str
    disabled_reason_display: str
    consecutive_failures: int
    failing_since: dt.datetime | None
    last_success_at: dt.datetime | None
    previous_secret_expires_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class SubscriptionSecretOut(Schema):
    subscription: SubscriptionOut
    secret: str = Field(description="signing secret: shown only now; store it safely")


class DeletedOut(Schema):
    id: int
    deleted: bool


class DeliveryOut(Schema):
    id: str = Field(description="the Bashgah-Delivery header; the same on every attempt")
    subscription_id: int
    event_id: str
    event_type: str
    status: str
    status_display: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None
    response_status: int | None
    response_excerpt: str
    error: str
    duration_ms: int | None
    created_at: dt.datetime


class AttemptOut(Schema):
    number: int
    attempted_at: dt.datetime
    succeeded: bool
    response_status: int | None
    response_excerpt: str
    error: str
    duration_ms: int


class DeliveryDetailOut(DeliveryOut):
    body: str = Field(description="the exact JSON body sent (and signed)")
    attempts_log: list[AttemptOut]


class DeliveryPageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[DeliveryOut]


class DeliveryQuery(Schema):
    status: Literal["pending", "succeeded", "failed"] | None = None
    page: int = 1
    page_size: int = 50


def subscription_out(subscription: WebhookSubscription) -> SubscriptionOut:
    reason = WebhookSubscription.DisabledReason(subscription.disabled_reason)
    return SubscriptionOut(
        id=subscription.pk,
        url=subscription.url,
        event_types=subscription.event_types,
        description=subscription.description,
        store=subscription.store.code if subscription.store else None,
        is_active=subscription.is_active,
        disabled_at=subscription.disabled_at,
        disabled_reason=subscription.disabled_reason,
        disabled_reason_display=str(reason.label) if reason else "",
        consecutive_failures=subscription.consecutive_failures,
        failing_since=subscription.failing_since,
        last_success_at=subscription.last_success_at,
        previous_secret_expires_at=subscription.previous_secret_expires_at
        if subscription.previous_secret
        else None,
        created_at=subscription.created_at,
        updated_at=subscription.updated_at,
    )


def _secret_out(result: SubscriptionSecret) -> SubscriptionSecretOut:
    return SubscriptionSecretOut(
        subscription=subscription_out(result.subscription), secret=result.secret
    )


def _delivery_fields(delivery: WebhookDelivery) -> dict:
    pending = delivery.status == WebhookDelivery.Status.PENDING
    return {
        "id": str(delivery.public_id),
        "subscription_id": delivery.subscription_id,
        "event_id": f"evt_{delivery.event_id}",
        "event_type": delivery.topic,
        "status": delivery.status,
        "status_display": str(WebhookDelivery.Status(delivery.status).label),
        "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at if pending else None,
        "last_attempt_at": delivery.last_attempt_at,
        "delivered_at": delivery.delivered_at,
        "response_status": delivery.response_status,
        "response_excerpt": delivery.response_excerpt,
        "error": delivery.error,
        "duration_ms": delivery.duration_ms,
        "created_at": delivery.created_at,
    }


def delivery_detail_out(delivery: WebhookDelivery) -> DeliveryDetailOut:
    return DeliveryDetailOut(
        **_delivery_fields(delivery),
        body=delivery.body,
        attempts_log=[
            AttemptOut(
                number=attempt.number,
                attempted_at=attempt.attempted_at,
                succeeded=attempt.succeeded,
                response_status=attempt.response_status,
                response_excerpt=attempt.response_excerpt,
                error=attempt.error,
                duration_ms=attempt.duration_ms,
            )
            for attempt in sorted(delivery.log.all(), key=lambda attempt: attempt.number)
        ],
    )


def _store(code: str | None) -> Store | None:
    return store_by_code(code=code) if code else None


def _actor(request: HttpRequest) -> str:
    return f"api:{require_staff(request).name}"


@router.get(
    "/webhook-event-types",
    response={200: list[str], **ERRORS},
    summary="The event types a subscription can name (payloads: docs/webhooks.md)",
)
def event_types(request: HttpRequest) -> list[str]:
    require_staff(request)
    return sorted(TOPICS)


@router.get("/webhooks", response={200: list[SubscriptionOut], **ERRORS}, summary="Subscriptions")
def subscriptions(request: HttpRequest) -> list[SubscriptionOut]:
    require_staff(request)
    return [subscription_out(row) for row in webhook_subscriptions()]


@router.post(
    "/webhooks",
    response={201: SubscriptionSecretOut, **ERRORS},
    summary="Subscribe an endpoint; the answer holds its signing secret, shown only now",
)
@idempotent(status=201)
def subscription_create(request: HttpRequest, payload: SubscriptionIn) -> SubscriptionSecretOut:
    actor = _actor(request)
    return _secret_out(
        webhook_subscription_create(
            url=payload.url,
            event_types=payload.event_types,
            description=payload.description,
            store=_store(payload.store),
            is_active=payload.is_active,
            actor=actor,
        )
    )


@router.get("/webhooks/{subscription_id}", response={200: SubscriptionOut, **ERRORS})
def subscription_detail(request: HttpRequest, subscription_id: int) -> SubscriptionOut:
    require_staff(request)
    return subscription_out(webhook_subscription_get(subscription_id=subscription_id))


@router.patch(
    "/webhooks/{subscription_id}",
    response={200: SubscriptionOut, **ERRORS},
    summary="Change a subscription; fields left out stay as they are",
)
@idempotent()
def subscription_patch(
    request: HttpRequest, subscription_id: int, payload: SubscriptionPatchIn
) -> SubscriptionOut:
    actor = _actor(request)
    given = payload.model_fields_set
    subscription = webhook_subscription_update(
        subscription=webhook_subscription_get(subscription_id=subscription_id),
        url=payload.url if payload.url is not None else KEEP,
        event_types=payload.event_types if payload.event_types is not None else KEEP,
        description=payload.description if payload.description is not None else KEEP,
        store=_store(payload.store) if "store" in given else KEEP,
        is_active=payload.is_active if payload.is_active is not None else KEEP,
        actor=actor,
    )
    return subscription_out(subscription)


@router.delete(
    "/webhooks/{subscription_id}",
    response={200: DeletedOut, **ERRORS},
    summary="Delete a subscription with its delivery log",
)
@idempotent()
def subscription_delete(request: HttpRequest, subscription_id: int) -> DeletedOut:
    actor = _actor(request)
    subscription = webhook_subscription_get(subscription_id=subscription_id)
    webhook_subscription_delete(subscription=subscription, actor=actor)
    return DeletedOut(id=subscription_id, deleted=True)


@router.post(
    "/webhooks/{subscription_id}/rotate-secret",
    response={200: SubscriptionSecretOut, **ERRORS},
    summary="New signing secret; the old one also signs for keep_previous_hours",
)
@idempotent()
def subscription_rotate_secret(
    request: HttpRequest, subscription_id: int, payload: RotateIn
) -> SubscriptionSecretOut:
    actor = _actor(request)
    return _secret_out(
        webhook_subscription_rotate_secret(
            subscription=webhook_subscription_get(subscription_id=subscription_id),
            keep_previous_for=dt.timedelta(hours=payload.keep_previous_hours),
            actor=actor,
        )
    )


@router.get(
    "/webhooks/{subscription_id}/deliveries",
    response={200: DeliveryPageOut, **ERRORS},
    summary="The delivery log, newest first; filter by status",
)
def deliveries(
    request: HttpRequest, subscription_id: int, query: Query[DeliveryQuery]
) -> DeliveryPageOut:
    require_staff(request)
    subscription = webhook_subscription_get(subscription_id=subscription_id)
    page_size = min(max(query.page_size, 1), 200)
    paginator = Paginator(
        webhook_deliveries(subscription=subscription, status=query.status), page_size
    )
    page = paginator.get_page(query.page)
    return DeliveryPageOut(
        count=paginator.count,
        page=page.number,
        page_size=page_size,
        items=[DeliveryOut(**_delivery_fields(row)) for row in page.object_list],
    )


@router.get(
    "/webhook-deliveries/{delivery_id}",
    response={200: DeliveryDetailOut, **ERRORS},
    summary="One delivery: the body sent and every attempt",
)
def delivery_detail(request: HttpRequest, delivery_id: str) -> DeliveryDetailOut:
    require_staff(request)
    return delivery_detail_out(webhook_delivery_get(delivery_id=delivery_id))


@router.post(
    "/webhook-deliveries/{delivery_id}/redeliver",
    response={200: DeliveryDetailOut, **ERRORS},
    summary="Send a delivery again soon, with the same id and body",
)
@idempotent()
def delivery_redeliver(request: HttpRequest, delivery_id: str) -> DeliveryDetailOut:
    require_staff(request)
    delivery = webhook_delivery_redeliver(delivery=webhook_delivery_get(delivery_id=delivery_id))
    return delivery_detail_out(webhook_delivery_get(delivery_id=str(delivery.public_id)))
