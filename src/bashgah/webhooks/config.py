"""Webhook settings (``BASHGAH["WEBHOOK_…"]``), with their defaults when not set."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # http:// and addresses on this machine or a private network (development and tests).
    "WEBHOOK_ALLOW_INSECURE_URLS": False,
    "WEBHOOK_TIMEOUT_SECONDS": 10.0,
    # Attempts per delivery before it is given up (12: the last about 3 days after the first).
    "WEBHOOK_MAX_ATTEMPTS": 12,
    # A subscription is turned off when this many attempts in a row failed ...
    "WEBHOOK_DISABLE_AFTER_FAILURES": 20,
    # ... and nothing has succeeded for this many hours.
    "WEBHOOK_DISABLE_AFTER_HOURS": 72,
    # Requests in flight at once per sending run.
    "WEBHOOK_SEND_CONCURRENCY": 8,
    # Deliveries of one subscription per sending run (one while it is failing).
    "WEBHOOK_PER_SUBSCRIPTION_PER_RUN": 50,
}


def webhook_setting(name: str) -> Any:
    return settings.BASHGAH.get(name, DEFAULTS[name])
