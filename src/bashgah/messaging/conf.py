"""Messaging settings with their defaults, read when used (tests change them per test).

Everything lives in ``settings.BASHGAH`` and comes from environment variables there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings


def value(name: str, default: Any) -> Any:
    return settings.BASHGAH.get(name, default)


def region() -> str:
    """Whose rules the club's messages follow: IR or IL (else none beyond consent)."""
    return str(value("MESSAGING_REGION", "") or value("PHONE_REGION", "IR")).upper()


def club_name() -> str:
    return str(value("CLUB_NAME", "Bashgah"))


def site_url() -> str:
    return str(value("SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def cap_per_day() -> int:
    return int(value("MESSAGING_CAP_PER_DAY", 1))


def cap_per_week() -> int:
    return int(value("MESSAGING_CAP_PER_WEEK", 3))


def quiet_hours() -> tuple[dt.time, dt.time] | None:
    """``"21:00-09:00"`` -> (21:00, 09:00); empty -> no quiet hours."""
    raw = str(value("MESSAGING_QUIET_HOURS", "21:00-09:00") or "").strip()
    if not raw:
        return None
    start, end = (dt.time.fromisoformat(part.strip()) for part in raw.split("-", 1))
    return (start, end) if start != end else None


def marketing_valid_for() -> dt.timedelta:
    """How long after it was due a marketing message may still go out (quiet hours, retries)."""
    return dt.timedelta(hours=int(value("MESSAGING_MARKETING_VALID_HOURS", 24)))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(value("MESSAGING_LEASE_SECONDS", 300)))


def max_attempts() -> int:
    return int(value("MESSAGING_MAX_ATTEMPTS", 8))


def webhook_secret() -> str:
    return str(value("MESSAGING_WEBHOOK_SECRET", "") or "")


def provider_settings(name: str) -> dict[str, Any]:
    """Credentials and base URL of one SMS provider (``KAVENEGAR``, ``TWILIO``, ``SMS_GATEWAY``)."""
    return dict(value(name, {}) or {})
