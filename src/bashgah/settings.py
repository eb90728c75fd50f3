"""Settings, all from environment variables; nothing here needs editing to deploy.

With no environment at all Bashgah runs on an embedded SQLite database under ``var/``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("BASHGAH_DATA_DIR", PROJECT_DIR / "var"))

INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


def _list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _flag("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' Swagger UI from the package, not a CDN
    "bashgah.core",
    "bashgah.staff",
    "bashgah.events",
    "bashgah.stores",
    "bashgah.members",
    "bashgah.segments",
    "bashgah.ledger",
    "bashgah.rules",
    "bashgah.tiers",
    "bashgah.purchases",
    "bashgah.rewards",
    "bashgah.audiences",
    "bashgah.messaging",
    "bashgah.webhooks",
    "bashgah.campaigns",
    "bashgah.referrals",
    "bashgah.memberships",
    "bashgah.lotteries",
    "bashgah.surveys",
    "bashgah.contacts",
    "bashgah.api",
    "bashgah.backoffice",
    "bashgah.portal",
    "bashgah.tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "bashgah.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "bashgah.urls"
WSGI_APPLICATION = "bashgah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'bashgah.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue instead of deadlocking on a lock upgrade.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # psycopg sends parameters separately and prepares repeated statements server-side,
    # instead of building every SQL text in Python (a measurable share of the earn loop).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
DATABASES["default"].setdefault("TEST", {})
DATABASES["default"]["TEST"]["NAME"] = os.environ.get("TEST_DATABASE_NAME") or (
    None if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "test_bashgah"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff passwords are hashed with Argon2 (older hashes are upgraded at the next login).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "backoffice:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _flag("BEHIND_TLS_PROXY") else None

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "fa")
LANGUAGES = [("fa", _("Persian")), ("he", _("Hebrew")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tehran")

# The cache holds rate limits and one-time-code guess counts: Redis in production (REDIS_URL),
# so every app server counts together; in-process memory for the embedded default.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Background work: Celery with this broker in production (`bashgah worker --celery`); without
# one, `bashgah worker` runs the same jobs in-process. The queue name lets clubs share a Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_QUEUE = os.environ.get("CELERY_QUEUE", "bashgah")
# Seconds before Redis hands a task whose worker vanished to another worker.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))

# Email: SMTP when EMAIL_HOST is set, else printed on the console (the demo).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "club@localhost")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

BASHGAH: dict[str, Any] = {
    # Phone numbers typed without a country code belong to this region.
    "PHONE_REGION": os.environ.get("BASHGAH_PHONE_REGION", "IR"),
    "PHONE_REGIONS": _list("BASHGAH_PHONE_REGIONS", "IR,IL"),
    "CURRENCY": os.environ.get("BASHGAH_CURRENCY", "IRR"),
    # Birthdays and monthly caps are counted in this calendar: "jalali" or "gregorian".
    "CALENDAR": os.environ.get(
        "BASHGAH_CALENDAR", "jalali" if LANGUAGE_CODE == "fa" else "gregorian"
    ),
    # How Rial amounts are shown: "rial" or "toman" (a tenth).
    "IRR_DISPLAY": os.environ.get("BASHGAH_IRR_DISPLAY", "toman"),
    "CLUB_NAME": os.environ.get("BASHGAH_CLUB_NAME", "Bashgah"),
    # Days before earned points become spendable (the return window).
    "POINTS_PENDING_DAYS": int(os.environ.get("BASHGAH_POINTS_PENDING_DAYS", "0")),
    # Segments: the rolling window (days) of members' recent purchases and spend, behind RFM
    # frequency and monetary scores and the spend/visits filters of saved segments.
    "SEGMENT_WINDOW_DAYS": int(os.environ.get("BASHGAH_SEGMENT_WINDOW_DAYS", "365")),
    # Campaign fan-out: members per batch (one transaction each; a killed worker loses one).
    "CAMPAIGN_BATCH": int(os.environ.get("BASHGAH_CAMPAIGN_BATCH", "5000")),
    # Months before earned points expire; 0 means never.
    "POINTS_EXPIRY_MONTHS": int(os.environ.get("BASHGAH_POINTS_EXPIRY_MONTHS", "12")),
    "API_PAGE_SIZE": 50,
    # What one point is worth in minor units when points pay at the till or become wallet
    # credit (1,000 Rial = 100 Toman by default), and the largest share of a basket points may pay.
    "POINT_VALUE": int(os.environ.get("BASHGAH_POINT_VALUE", "1000")),
    "POINTS_PAY_MAX_PERCENT": int(os.environ.get("BASHGAH_POINTS_PAY_MAX_PERCENT", "50")),
    # Redemption velocity limits (abuse guard): per member per hour, per store per minute.
    "REDEEM_PER_MEMBER_PER_HOUR": int(os.environ.get("BASHGAH_REDEEM_PER_MEMBER_PER_HOUR", "10")),
    "REDEEM_PER_STORE_PER_MINUTE": int(os.environ.get("BASHGAH_REDEEM_PER_STORE_PER_MINUTE", "60")),
    # Members hear about expiring points and vouchers this many days ahead.
    "EXPIRY_WARNING_DAYS": int(os.environ.get("BASHGAH_EXPIRY_WARNING_DAYS", "14")),
    # Redemptions of at least this many points need a code texted to the member; 0: never.
    "REDEEM_OTP_THRESHOLD": int(os.environ.get("BASHGAH_REDEEM_OTP_THRESHOLD", "0")),
    # Texts go out through: "console" (the demo), "kavenegar", "twilio" or "http" (a generic
    # gateway); credentials below. Immediate texts (one-time codes) take the same provider
    # through SMS_SENDER, a dotted path like Django's EMAIL_BACKEND.
    "SMS_BACKEND": os.environ.get("BASHGAH_SMS_BACKEND", "console"),
    "SMS_SENDER": os.environ.get("BASHGAH_SMS_SENDER", "bashgah.messaging.providers.send_sms_now"),
    "KAVENEGAR": {
        "API_KEY": os.environ.get("KAVENEGAR_API_KEY", ""),
        "SENDER": os.environ.get("KAVENEGAR_SENDER", ""),
        "BASE_URL": os.environ.get("KAVENEGAR_BASE_URL", "https://api.kavenegar.com"),
    },
    "TWILIO": {
        "ACCOUNT_SID": os.environ.get("TWILIO_ACCOUNT_SID", ""),
        "AUTH_TOKEN": os.environ.get("TWILIO_AUTH_TOKEN", ""),
        "FROM": os.environ.get("TWILIO_FROM", ""),
        "MESSAGING_SERVICE_SID": os.environ.get("TWILIO_MESSAGING_SERVICE_SID", ""),
        "BASE_URL": os.environ.get("TWILIO_BASE_URL", "https://api.twilio.com"),
    },
    "SMS_GATEWAY": {
        "URL": os.environ.get("SMS_GATEWAY_URL", ""),
        "TOKEN": os.environ.get("SMS_GATEWAY_TOKEN", ""),
    },
    # The address members and providers reach the site at (email links, provider callbacks).
    "SITE_URL": os.environ.get("BASHGAH_SITE_URL", "http://127.0.0.1:8000"),
    # Messaging (docs/architecture.md, "Messaging"): whose rules apply (IR, IL; default the
    # phone region), marketing messages per member and channel in any 24 hours / 7 days, quiet
    # hours in TIME_ZONE ("" for none), how long a late marketing message may still go out,
    # the worker's lease on a batch, attempts before a message fails, and the secret in the
    # Kavenegar and gateway callback URLs.
    "MESSAGING_REGION": os.environ.get("BASHGAH_MESSAGING_REGION", ""),
    "MESSAGING_CAP_PER_DAY": int(os.environ.get("BASHGAH_MESSAGING_CAP_PER_DAY", "1")),
    "MESSAGING_CAP_PER_WEEK": int(os.environ.get("BASHGAH_MESSAGING_CAP_PER_WEEK", "3")),
    "MESSAGING_QUIET_HOURS": os.environ.get("BASHGAH_MESSAGING_QUIET_HOURS", "21:00-09:00"),
    "MESSAGING_MARKETING_VALID_HOURS": int(
        os.environ.get("BASHGAH_MESSAGING_MARKETING_VALID_HOURS", "24")
    ),
    "MESSAGING_LEASE_SECONDS": int(os.environ.get("BASHGAH_MESSAGING_LEASE_SECONDS", "300")),
    "MESSAGING_MAX_ATTEMPTS": int(os.environ.get("BASHGAH_MESSAGING_MAX_ATTEMPTS", "8")),
    "MESSAGING_WEBHOOK_SECRET": os.environ.get("BASHGAH_MESSAGING_WEBHOOK_SECRET", ""),
    # Members confirm a phone or email last verified this many days ago; links last this long.
    "CONTACT_REVERIFY_DAYS": int(os.environ.get("BASHGAH_CONTACT_REVERIFY_DAYS", "365")),
    "CONTACT_LINK_DAYS": int(os.environ.get("BASHGAH_CONTACT_LINK_DAYS", "14")),
    # Who reacts to which outbox event: topic -> dotted paths of handler functions (event) -> None.
    "EVENT_HANDLERS": {
        "member.enrolled": [
            "bashgah.referrals.handlers.on_member_enrolled",
            "bashgah.campaigns.handlers.on_member_enrolled",
        ],
        "tier.changed": ["bashgah.campaigns.handlers.on_tier_changed"],
        "points.expiring": ["bashgah.campaigns.handlers.on_points_expiring"],
        "voucher.expiring": ["bashgah.campaigns.handlers.on_voucher_expiring"],
        "purchase.recorded": [
            "bashgah.referrals.handlers.on_purchase_recorded",
            "bashgah.memberships.handlers.purchase_recorded",
            "bashgah.campaigns.handlers.on_purchase_recorded",
        ],
        "purchase.returned": ["bashgah.referrals.handlers.on_purchase_returned"],
        "contact.reverify_requested": ["bashgah.messaging.handlers.on_contact_reverify_requested"],
        "message.failed": ["bashgah.contacts.handlers.on_message_failed"],
        # Every event: one webhook delivery per subscription that wants it.
        "*": ["bashgah.webhooks.handlers.on_event"],
    },
    # Webhooks (docs/webhooks.md): http:// and private addresses only when allowed (development),
    # a timeout per request, attempts per delivery (12 ≈ 3 days of backoff), and when a failing
    # subscription is turned off (this many failed attempts in a row and no success for so long).
    "WEBHOOK_ALLOW_INSECURE_URLS": _flag("BASHGAH_WEBHOOK_ALLOW_INSECURE_URLS", DEBUG),
    "WEBHOOK_TIMEOUT_SECONDS": float(os.environ.get("BASHGAH_WEBHOOK_TIMEOUT_SECONDS", "10")),
    "WEBHOOK_MAX_ATTEMPTS": int(os.environ.get("BASHGAH_WEBHOOK_MAX_ATTEMPTS", "12")),
    "WEBHOOK_DISABLE_AFTER_FAILURES": int(
        os.environ.get("BASHGAH_WEBHOOK_DISABLE_AFTER_FAILURES", "20")
    ),
    "WEBHOOK_DISABLE_AFTER_HOURS": int(os.environ.get("BASHGAH_WEBHOOK_DISABLE_AFTER_HOURS", "72")),
    "WEBHOOK_SEND_CONCURRENCY": int(os.environ.get("BASHGAH_WEBHOOK_SEND_CONCURRENCY", "8")),
    "WEBHOOK_PER_SUBSCRIPTION_PER_RUN": int(
        os.environ.get("BASHGAH_WEBHOOK_PER_SUBSCRIPTION_PER_RUN", "50")
    ),
    # What leaving the club does to the member's points: "keep" (the ledger is untouched and the
    # points cannot be used) or "forfeit" (they expire at once, in the member's history).
    "LEAVE_POINTS_POLICY": os.environ.get("BASHGAH_LEAVE_POINTS_POLICY", "keep"),
    # What an unused voucher's expiry does with its points: "forfeit" or "refund".
    "EXPIRED_VOUCHER_POLICY": os.environ.get("BASHGAH_EXPIRED_VOUCHER_POLICY", "refund"),
    # Mobile top-up provider for top-up rewards: "console" (prints) until a real one is set.
    "TOPUP_PROVIDER": os.environ.get("BASHGAH_TOPUP_PROVIDER", "console"),
}
