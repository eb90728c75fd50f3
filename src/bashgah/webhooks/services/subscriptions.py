"""Webhook subscriptions: create, change, delete, rotate the signing secret."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from bashgah.core.audit import audit_record
from bashgah.stores.models import Store
from bashgah.webhooks.config import webhook_setting
from bashgah.webhooks.errors import (
    WebhookDescriptionTooLong,
    WebhookEventTypesInvalid,
    WebhookEventTypesUnknown,
    WebhookSecretGraceInvalid,
    WebhookUrlInvalid,
    WebhookUrlNotHttps,
    WebhookUrlPrivate,
)
from bashgah.webhooks.models import WebhookSubscription
from bashgah.webhooks.topics import ALL, TOPICS
from bashgah.webhooks.transport import is_local_host

SECRET_PREFIX = "whsec_"  # noqa: S105 - a marker, not a secret
MAX_DESCRIPTION = 200
MAX_SECRET_GRACE = dt.timedelta(hours=168)


class Keep(enum.Enum):
    """Marks an argument of ``webhook_subscription_update`` that stays as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class SubscriptionSecret:
    """A subscription with its signing secret, which the caller shows once."""

    subscription: WebhookSubscription
    secret: str


# --- validation --------------------------------------------------------------------------------


def webhook_url_check(*, url: str) -> str:
    """The address cleaned, or the reason it cannot receive webhooks."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise WebhookUrlInvalid(details={"url": url}) from error
    parts = urlsplit(url)
    if len(url) > 2000 or parts.fragment or not parts.hostname:
        raise WebhookUrlInvalid(details={"url": url})
    if webhook_setting("WEBHOOK_ALLOW_INSECURE_URLS"):
        return url
    if parts.scheme != "https":
        raise WebhookUrlNotHttps(details={"url": url})
    if is_local_host(parts.hostname):
        raise WebhookUrlPrivate(details={"url": url})
    return url


def webhook_event_types_check(*, event_types: list[str]) -> list[str]:
    """Sorted known topics without repeats, or ``["*"]``."""
    cleaned = sorted({str(item).strip() for item in event_types if str(item).strip()})
    if not cleaned:
        raise WebhookEventTypesInvalid()
    if ALL in cleaned:
        return [ALL]
    unknown = [item for item in cleaned if item not in TOPICS]
    if unknown:
        raise WebhookEventTypesUnknown(details={"unknown": unknown})
    return cleaned


def _clean_description(description: str) -> str:
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise WebhookDescriptionTooLong(details={"length": len(description)})
    return description


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def shown_url(url: str) -> str:
    """The address without credentials or query, for logs and announcements."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _audit(action: str, subscription: WebhookSubscription, actor: str) -> None:
    audit_record(
        actor=None,
        action=action,
        object_type="webhook_subscription",
        object_id=subscription.pk,
        after={
            "by": actor,
            "url": shown_url(subscription.url),
            "event_types": subscription.event_types,
            "is_active": subscription.is_active,
            "store": subscription.store.code if subscription.store else None,
        },
        store_code=subscription.store.code if subscription.store else "",
    )


# --- subscriptions ------------------------------------------------------------------------------


def webhook_subscription_create(
    *,
    url: str,
    event_types: list[str],
    description: str = "",
    store: Store | None = None,
    is_active: bool = True,
    actor: str = "",
) -> SubscriptionSecret:
    """Subscribe ``url`` to ``event_types`` (outbox topics, or ``["*"]``), optionally only for
    events of ``store``. Returns the secret, which is stored for signing and shown once."""
    cleaned_url = webhook_url_check(url=url)
    cleaned_types = webhook_event_types_check(event_types=event_types)
    cleaned_description = _clean_description(description)
    secret = _new_secret()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            url=cleaned_url,
            event_types=cleaned_types,
            description=cleaned_description,
            store=store,
            is_active=is_active,
            secret=secret,
            disabled_at=None if is_active else timezone.now(),
            disabled_reason="" if is_active else WebhookSubscription.DisabledReason.STAFF,
        )
        _audit("webhook.subscription_created", subscription, actor)
    return SubscriptionSecret(subscription=subscription, secret=secret)


def webhook_subscription_update(
    *,
    subscription: WebhookSubscription,
    url: str | Keep = KEEP,
    event_types: list[str] | Keep = KEEP,
    description: str | Keep = KEEP,
    store: Store | Keep | None = KEEP,
    is_active: bool | Keep = KEEP,
    actor: str = "",
    at: dt.datetime | None = None,
) -> WebhookSubscription:
    """Change what is given. Turning a subscription back on forgets its failure streak and
    resumes its pending deliveries; new event types apply to events from now on."""
    at = at or timezone.now()
    changes: dict[str, Any] = {}
    if url is not KEEP:
        changes["url"] = webhook_url_check(url=url)
    if event_types is not KEEP:
        changes["event_types"] = webhook_event_types_check(event_types=event_types)
    if description is not KEEP:
        changes["description"] = _clean_description(description)
    if store is not KEEP:
        changes["store"] = store
    if is_active is not KEEP and is_active != subscription.is_active:
        changes["is_active"] = is_active
        if is_active:
            changes |= {
                "disabled_at": None,
                "disabled_reason": WebhookSubscription.DisabledReason.NONE,
                "consecutive_failures": 0,
                "failing_since": None,
            }
        else:
            changes |= {
                "disabled_at": at,
                "disabled_reason": WebhookSubscription.DisabledReason.STAFF,
            }
    if not changes:
        return subscription
    with transaction.atomic():
        for name, value in changes.items():
            setattr(subscription, name, value)
        subscription.save(update_fields=[*changes, "updated_at"])
        _audit("webhook.subscription_updated", subscription, actor)
    return subscription


def webhook_subscription_delete(*, subscription: WebhookSubscription, actor: str = "") -> None:
    """Remove the subscription with its deliveries and their log."""
    with transaction.atomic():
        _audit("webhook.subscription_deleted", subscription, actor)
        subscription.delete()


def webhook_subscription_rotate_secret(
    *,
    subscription: WebhookSubscription,
    keep_previous_for: dt.timedelta = dt.timedelta(hours=24),
    actor: str = "",
    at: dt.datetime | None = None,
) -> SubscriptionSecret:
    """Issue a new secret. For ``keep_previous_for`` the old one signs as well (a second
    ``v1`` in the signature header), so the receiver can change its secret without failing
    a delivery; zero ends the old secret now (when it has leaked)."""
    if keep_previous_for < dt.timedelta(0) or keep_previous_for > MAX_SECRET_GRACE:
        raise WebhookSecretGraceInvalid()
    at = at or timezone.now()
    secret = _new_secret()
    keep = keep_previous_for > dt.timedelta(0)
    with transaction.atomic():
        subscription.previous_secret = subscription.secret if keep else ""
        subscription.previous_secret_expires_at = at + keep_previous_for if keep else None
        subscription.secret = secret
        subscription.save(
            update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
        )
        _audit("webhook.secret_rotated", subscription, actor)
    return SubscriptionSecret(subscription=subscription, secret=secret)
