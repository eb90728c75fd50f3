"""Providers chosen by settings: ``SMS_BACKEND`` (console | kavenegar | twilio | http) with
credentials and base URLs from the environment, and Django's ``EMAIL_BACKEND`` for email."""

from __future__ import annotations

import logging
import secrets

from django.core.exceptions import ImproperlyConfigured

from bashgah.messaging import conf
from bashgah.messaging.providers.base import Outgoing, Provider, SendError
from bashgah.messaging.providers.console import ConsoleSms
from bashgah.messaging.providers.email import EmailSender
from bashgah.messaging.providers.http_gateway import HttpGatewaySms
from bashgah.messaging.providers.kavenegar import KavenegarSms
from bashgah.messaging.providers.twilio import TwilioSms

logger = logging.getLogger("bashgah.messaging")

# Where providers call us back (the API router mounts these under /api/v1/).
TWILIO_STATUS_PATH = "/api/v1/messaging/twilio/status"
SMS_BACKENDS = ("console", "kavenegar", "twilio", "http")


def sms_backend() -> str:
    backend = str(conf.value("SMS_BACKEND", "console") or "console")
    if backend not in SMS_BACKENDS:
        raise ImproperlyConfigured(f"unknown SMS backend {backend!r}; choose {SMS_BACKENDS}")
    return backend


def sms_provider() -> Provider:
    backend = sms_backend()
    if backend == "kavenegar":
        options = conf.provider_settings("KAVENEGAR")
        return KavenegarSms(
            api_key=str(options.get("API_KEY", "")),
            sender=str(options.get("SENDER", "")),
            base_url=str(options.get("BASE_URL", "")),
            timeout=float(options.get("TIMEOUT", 10)),
        )
    if backend == "twilio":
        options = conf.provider_settings("TWILIO")
        return TwilioSms(
            account_sid=str(options.get("ACCOUNT_SID", "")),
            auth_token=str(options.get("AUTH_TOKEN", "")),
            sender=str(options.get("FROM", "")),
            messaging_service_sid=str(options.get("MESSAGING_SERVICE_SID", "")),
            base_url=str(options.get("BASE_URL", "")),
            status_callback=conf.site_url() + TWILIO_STATUS_PATH,
            timeout=float(options.get("TIMEOUT", 10)),
        )
    if backend == "http":
        options = conf.provider_settings("SMS_GATEWAY")
        return HttpGatewaySms(
            url=str(options.get("URL", "")),
            token=str(options.get("TOKEN", "")),
            timeout=float(options.get("TIMEOUT", 10)),
        )
    return ConsoleSms()


def email_sender() -> EmailSender:
    return EmailSender()


def send_sms_now(*, phone: str, text: str) -> None:
    """``core.sms.send_sms`` for the configured provider (settings ``SMS_SENDER``): immediate
    service texts such as one-time codes, not kept in the outbox (a code must not be stored).
    A failure is logged, not raised: the caller's work is committed and the member can ask
    for the text again."""
    provider = sms_provider()
    try:
        provider.send(Outgoing(channel="sms", to=phone, body=text, reference=secrets.token_hex(8)))
    except SendError as error:
        logger.error("immediate SMS to …%s failed: %s", phone[-3:], error.reason)
    finally:
        provider.close()
