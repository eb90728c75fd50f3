"""Outbox events fanned out into deliveries, and deliveries sent, retried and logged."""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from django.db import connection, transaction
from django.db.models import Case, DateTimeField, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from bashgah.events.models import OutboxEvent
from bashgah.events.services import event_emit
from bashgah.webhooks.config import webhook_setting
from bashgah.webhooks.errors import WebhookSubscriptionDisabled
from bashgah.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from bashgah.webhooks.services.subscriptions import shown_url
from bashgah.webhooks.topics import TOPICS, public_payload
from bashgah.webhooks.transport import Outcome, Outgoing, post

logger = logging.getLogger("bashgah.webhooks")

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=12)
SUCCESS_NOTED_EVERY = dt.timedelta(minutes=1)
PROBE_AFTER_FAILURES = 3
CANDIDATES_PER_CLAIM = 4


# --- fan-out ------------------------------------------------------------------------------------


def _in_scope(subscription: WebhookSubscription, payload: dict[str, Any]) -> bool:
    return subscription.store is None or payload.get("store") == subscription.store.code


def delivery_body(event: OutboxEvent) -> str:
    return json.dumps(
        {
            "id": f"evt_{event.pk}",
            "type": event.topic,
            "created_at": event.created_at.isoformat(),
            "data": public_payload(event.topic, event.payload),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def webhook_deliveries_create(*, event: OutboxEvent) -> int:
    """One pending delivery per active subscription that wants this event; a second call for
    the same event adds nothing. Returns how many subscriptions matched."""
    if event.topic not in TOPICS:
        return 0
    matching = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True).select_related(
            "store"
        )
        if subscription.wants(event.topic) and _in_scope(subscription, event.payload)
    ]
    if not matching:
        return 0
    body = delivery_body(event)
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=subscription,
                event=event,
                topic=event.topic,
                body=body,
                next_attempt_at=now,
            )
            for subscription in matching
        ],
        ignore_conflicts=True,
    )
    return len(matching)


# --- sending ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendRun:
    """What one ``webhook_deliveries_send_due`` did: deliveries claimed, attempts that
    succeeded or failed, deliveries given up on, subscriptions turned off."""

    claimed: int = 0
    succeeded: int = 0
    failed: int = 0
    gave_up: int = 0
    disabled: int = 0


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: 1 min, 4, 16, 64, 256 min, then 12 h,
    plus up to 10 % so retries of many deliveries spread out. With 12 attempts the last is
    about 3 days after the first."""
    base = min(FIRST_RETRY * 4 ** min(max(attempts - 1, 0), 8), LONGEST_RETRY)
    return base * (1 + random.uniform(0, 0.1))  # spreading load, not a secret


def _lease_length(count: int) -> dt.timedelta:
    rounds = math.ceil(count / max(int(webhook_setting("WEBHOOK_SEND_CONCURRENCY")), 1))
    per_request = 3 * float(webhook_setting("WEBHOOK_TIMEOUT_SECONDS")) + 5
    return dt.timedelta(seconds=max(60.0, rounds * per_request))


def _due(at: dt.datetime) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING,
        next_attempt_at__lte=at,
        subscription__is_active=True,
    ).filter(Q(leased_until__isnull=True) | Q(leased_until__lte=at))


def _candidates(limit: int, at: dt.datetime) -> list[int]:
    """Due deliveries, soonest first, at most ``WEBHOOK_PER_SUBSCRIPTION_PER_RUN`` of each
    subscription and only one of a subscription that is failing (a probe): an endpoint that
    is down or slow cannot take a whole run's requests and hold up everyone else's."""
    share = Case(
        When(subscription__consecutive_failures__gte=PROBE_AFTER_FAILURES, then=Value(1)),
        default=Value(int(webhook_setting("WEBHOOK_PER_SUBSCRIPTION_PER_RUN"))),
    )
    ranked = (
        _due(at)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("subscription_id")],
                order_by=[F("next_attempt_at").asc(), F("pk").asc()],
            ),
            share=share,
        )
        .filter(place__lte=F("share"))
        .order_by("next_attempt_at", "pk")
    )
    return list(ranked.values_list("pk", flat=True)[:limit])


def _claim(limit: int, at: dt.datetime, token: uuid.UUID) -> list[int]:
    """Lease up to ``limit`` due deliveries to this run. On PostgreSQL concurrent senders
    skip each other's rows (several times ``limit`` candidates are read, so they do not all
    chase the same ones); on SQLite the write lock taken at BEGIN serialises claims. The lease
    outlives a crashed sender only until it expires."""
    candidates = _candidates(limit * CANDIDATES_PER_CLAIM, at)
    if not candidates:
        return []
    with transaction.atomic():
        rows = _due(at).filter(pk__in=candidates).order_by("next_attempt_at", "pk")
        if connection.vendor == "postgresql":
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        ids = list(rows.values_list("pk", flat=True)[:limit])
        if ids:
            WebhookDelivery.objects.filter(pk__in=ids).update(
                leased_until=at + _lease_length(len(ids)), lease_token=token
            )
    return ids


def _outgoing(ids: list[int], token: uuid.UUID, at: dt.datetime) -> list[Outgoing]:
    rows = (
        WebhookDelivery.objects.filter(pk__in=ids, lease_token=token)
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")
    )
    items = []
    for row in rows:
        subscription = row.subscription
        keys = [subscription.secret]
        expires = subscription.previous_secret_expires_at
        if subscription.previous_secret and expires and expires > at:
            keys.append(subscription.previous_secret)
        items.append(
            Outgoing(
                delivery_id=row.pk,
                subscription_id=row.subscription_id,
                public_id=str(row.public_id),
                topic=row.topic,
                url=subscription.url,
                body=row.body.encode(),
                secrets=tuple(keys),
                attempt=row.attempts + 1,
            )
        )
    return items


def _send_all(items: list[Outgoing]) -> list[Outcome]:
    timeout = float(webhook_setting("WEBHOOK_TIMEOUT_SECONDS"))
    check_address = not webhook_setting("WEBHOOK_ALLOW_INSECURE_URLS")
    workers = max(1, min(int(webhook_setting("WEBHOOK_SEND_CONCURRENCY")), len(items)))
    with (
        httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False) as client,
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        return list(
            pool.map(
                lambda item: post(client, item, timeout=timeout, check_address=check_address),
                items,
            )
        )


def _note_failure(subscription_id: int, at: dt.datetime) -> bool:
    """Count a failed attempt; turn the subscription off when nothing has succeeded for
    ``WEBHOOK_DISABLE_AFTER_HOURS`` and the last ``WEBHOOK_DISABLE_AFTER_FAILURES`` attempts
    all failed (a busy endpoint down for a few minutes is not enough). True when turned off."""
    WebhookSubscription.objects.filter(pk=subscription_id).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce("failing_since", Value(at, output_field=DateTimeField())),
    )
    state = WebhookSubscription.objects.get(pk=subscription_id)
    failing_for = at - (state.failing_since or at)
    if (
        not state.is_active
        or state.consecutive_failures < int(webhook_setting("WEBHOOK_DISABLE_AFTER_FAILURES"))
        or failing_for < dt.timedelta(hours=float(webhook_setting("WEBHOOK_DISABLE_AFTER_HOURS")))
    ):
        return False
    turned_off = WebhookSubscription.objects.filter(pk=subscription_id, is_active=True).update(
        is_active=False,
        disabled_at=at,
        disabled_reason=WebhookSubscription.DisabledReason.FAILING,
    )
    if turned_off:
        logger.warning("webhook subscription %s turned off: deliveries kept failing", state.pk)
        event_emit(
            topic="webhook.subscription_disabled",
            aggregate_type="webhook_subscription",
            aggregate_id=state.pk,
            payload={
                "subscription_id": state.pk,
                "url": shown_url(state.url),
                "description": state.description,
                "reason": WebhookSubscription.DisabledReason.FAILING.value,
                "consecutive_failures": state.consecutive_failures,
                "failing_since": state.failing_since.isoformat() if state.failing_since else None,
            },
        )
    return bool(turned_off)


def _record(
    item: Outgoing, outcome: Outcome, token: uuid.UUID, at: dt.datetime
) -> tuple[str, bool]:
    """Write one attempt's result. Returns the delivery's new state (``succeeded``,
    ``pending``, ``failed``, or ``lost`` when the lease expired and another sender took the
    delivery, whose result counts instead) and whether the subscription was turned off."""
    if outcome.succeeded:
        status, next_at = WebhookDelivery.Status.SUCCEEDED, None
    elif item.attempt >= int(webhook_setting("WEBHOOK_MAX_ATTEMPTS")):
        status, next_at = WebhookDelivery.Status.FAILED, None
    else:
        status, next_at = WebhookDelivery.Status.PENDING, at + retry_delay(item.attempt)
    fields: dict[str, Any] = {
        "status": status,
        "attempts": item.attempt,
        "last_attempt_at": at,
        "response_status": outcome.status,
        "response_excerpt": outcome.excerpt,
        "error": outcome.error,
        "duration_ms": outcome.duration_ms,
        "leased_until": None,
        "lease_token": None,
    }
    if next_at is not None:
        fields["next_attempt_at"] = next_at
    if outcome.succeeded:
        fields["delivered_at"] = at
    with transaction.atomic():
        mine = WebhookDelivery.objects.filter(pk=item.delivery_id, lease_token=token)
        if not mine.update(**fields):
            logger.warning("webhook delivery %s: lease lost, result dropped", item.public_id)
            return "lost", False
        WebhookAttempt.objects.create(
            delivery_id=item.delivery_id,
            number=item.attempt,
            attempted_at=at,
            response_status=outcome.status,
            response_excerpt=outcome.excerpt,
            error=outcome.error,
            duration_ms=outcome.duration_ms,
            succeeded=outcome.succeeded,
        )
        if outcome.succeeded:
            # Written only when it changes something, or once a minute: a busy subscription's
            # row is not rewritten by every delivery.
            WebhookSubscription.objects.filter(pk=item.subscription_id).filter(
                Q(consecutive_failures__gt=0)
                | Q(last_success_at__isnull=True)
                | Q(last_success_at__lt=at - SUCCESS_NOTED_EVERY)
            ).update(consecutive_failures=0, failing_since=None, last_success_at=at)
            return str(status), False
        return str(status), _note_failure(item.subscription_id, at)


def webhook_deliveries_send_due(*, limit: int = 100, at: dt.datetime | None = None) -> SendRun:
    """Send up to ``limit`` deliveries that are due, in parallel, each with a timeout of
    ``WEBHOOK_TIMEOUT_SECONDS``; record every attempt. Safe to run in several processes at
    once: a delivery is sent by one run at a time. Call it often (every few seconds): it
    returns at once when nothing is due."""
    at = at or timezone.now()
    token = uuid.uuid4()
    ids = _claim(limit, at, token)
    if not ids:
        return SendRun()
    items = _outgoing(ids, token, at)
    outcomes = _send_all(items)
    results = [
        _record(item, outcome, token, at) for item, outcome in zip(items, outcomes, strict=True)
    ]
    states = [state for state, _disabled in results]
    return SendRun(
        claimed=len(ids),
        succeeded=states.count(WebhookDelivery.Status.SUCCEEDED),
        failed=states.count(WebhookDelivery.Status.PENDING)
        + states.count(WebhookDelivery.Status.FAILED),
        gave_up=states.count(WebhookDelivery.Status.FAILED),
        disabled=sum(disabled for _state, disabled in results),
    )


def webhook_delivery_redeliver(
    *, delivery: WebhookDelivery, at: dt.datetime | None = None
) -> WebhookDelivery:
    """Queue the delivery to be sent again at once, with the same id and body (a receiver that
    already has it recognises it). It gets one more attempt even after retries ran out; a
    failure then retries only if the delivery has attempts left."""
    at = at or timezone.now()
    if not WebhookSubscription.objects.filter(pk=delivery.subscription_id, is_active=True).exists():
        raise WebhookSubscriptionDisabled(details={"subscription_id": delivery.subscription_id})
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=at
    )
    delivery.refresh_from_db()
    return delivery
