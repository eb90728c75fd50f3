"""What SMS and email providers tell us: delivery reports and texts members send back.

These are called by providers, not by API-key holders. Each is authenticated its own way:
Twilio signs every request (``X-Twilio-Signature``); Kavenegar, the generic gateway and the
email bounce feed carry the secret ``MESSAGING_WEBHOOK_SECRET`` in their URL. A report for a
message we do not know (an immediate one-time code, another system's message) is
acknowledged and changes nothing, so providers do not retry it forever."""

from __future__ import annotations

import hmac

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from bashgah.api import schemas as s
from bashgah.core.errors import NotFound, PermissionDenied, ValidationFailed
from bashgah.messaging import conf
from bashgah.messaging.providers import http_gateway, kavenegar, twilio
from bashgah.messaging.providers.base import REPORT_STATUSES
from bashgah.messaging.services import message_delivery_report, sms_inbound

router = Router(tags=["messaging callbacks"])
ERRORS = s.ERRORS
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


class AckOut(Schema):
    known: bool = Field(description="whether the report or text changed anything here")


class GatewayReportIn(Schema):
    reference: str = Field(max_length=64)
    status: str = Field(max_length=32)
    reason: str = Field("", max_length=500)


class GatewayInboundIn(Schema):
    from_: str = Field(alias="from", max_length=32)
    text: str = Field(max_length=1600)


class EmailReportIn(Schema):
    message_id: str = Field(max_length=64, description="the Message-ID we sent, with <>")
    status: str = Field(description="delivered, failed or bounced")
    reason: str = Field("", max_length=500)


def _secret_check(secret: str) -> None:
    """The URL's secret must be the configured one; none configured, these URLs do not exist."""
    expected = conf.webhook_secret()
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise NotFound()


def _twilio_check(request: HttpRequest) -> None:
    token = str(conf.provider_settings("TWILIO").get("AUTH_TOKEN", ""))
    urls = [conf.site_url() + request.get_full_path(), request.build_absolute_uri()]
    params = [(key, value) for key, values in request.POST.lists() for value in values]
    given = request.headers.get("X-Twilio-Signature", "")
    if not twilio.signature_valid(urls=urls, params=params, auth_token=token, given=given):
        raise PermissionDenied()


def _field(request: HttpRequest, name: str) -> str:
    value = request.POST.get(name) or request.GET.get(name) or ""
    if not value:
        raise ValidationFailed(details={name: "required"})
    return value


# --- Kavenegar ------------------------------------------------------------------------------


@router.api_operation(
    ["GET", "POST"],
    "/messaging/kavenegar/{secret}/delivery",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Kavenegar delivery report (messageid, status)",
)
def kavenegar_delivery(request: HttpRequest, secret: str) -> AckOut:
    _secret_check(secret)
    code = _field(request, "status")
    message = message_delivery_report(
        provider=kavenegar.KavenegarSms.name,
        provider_message_id=_field(request, "messageid"),
        status=kavenegar.report_status(code),
        reason=f"kavenegar status {code}",
        contact_problem=kavenegar.report_is_contact_problem(code),
    )
    return AckOut(known=message is not None)


@router.api_operation(
    ["GET", "POST"],
    "/messaging/kavenegar/{secret}/inbound",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Kavenegar received text (from, message)",
)
def kavenegar_inbound(request: HttpRequest, secret: str) -> AckOut:
    _secret_check(secret)
    action = sms_inbound(
        provider=kavenegar.KavenegarSms.name,
        from_phone=_field(request, "from"),
        text=request.POST.get("message") or request.GET.get("message") or "",
    )
    return AckOut(known=action is not None)


# --- Twilio ---------------------------------------------------------------------------------


@router.post(
    "/messaging/twilio/status",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Twilio status callback (MessageSid, MessageStatus), signed",
)
def twilio_status(request: HttpRequest) -> AckOut:
    _twilio_check(request)
    raw = _field(request, "MessageStatus")
    error_code = request.POST.get("ErrorCode", "")
    message = message_delivery_report(
        provider=twilio.TwilioSms.name,
        provider_message_id=_field(request, "MessageSid"),
        status=twilio.report_status(raw),
        reason=f"twilio {raw} {error_code}".strip(),
        contact_problem=twilio.report_is_contact_problem(error_code),
    )
    return AckOut(known=message is not None)


@router.post(
    "/messaging/twilio/inbound",
    auth=None,
    response={403: s.ErrorOut},
    summary="Twilio incoming text (From, Body), signed; answers empty TwiML",
)
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    _twilio_check(request)
    sms_inbound(
        provider=twilio.TwilioSms.name,
        from_phone=_field(request, "From"),
        text=request.POST.get("Body", ""),
    )
    return HttpResponse(TWIML_EMPTY, content_type="text/xml")


# --- the generic gateway and email ----------------------------------------------------------


@router.post(
    "/messaging/http/{secret}/delivery",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Generic gateway delivery report {reference, status}",
)
def gateway_delivery(request: HttpRequest, secret: str, payload: GatewayReportIn) -> AckOut:
    _secret_check(secret)
    message = message_delivery_report(
        provider=http_gateway.HttpGatewaySms.name,
        provider_message_id=payload.reference,
        status=http_gateway.report_status(payload.status),
        reason=payload.reason or f"gateway {payload.status}",
        contact_problem=payload.reason == "invalid_recipient" or payload.status == "failed",
    )
    return AckOut(known=message is not None)


@router.post(
    "/messaging/http/{secret}/inbound",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Generic gateway incoming text {from, text}",
)
def gateway_inbound(request: HttpRequest, secret: str, payload: GatewayInboundIn) -> AckOut:
    _secret_check(secret)
    action = sms_inbound(
        provider=http_gateway.HttpGatewaySms.name, from_phone=payload.from_, text=payload.text
    )
    return AckOut(known=action is not None)


@router.post(
    "/messaging/email/{secret}/report",
    auth=None,
    response={200: AckOut, **ERRORS},
    summary="Email delivery report or bounce {message_id, status}, from a bounce processor",
)
def email_report(request: HttpRequest, secret: str, payload: EmailReportIn) -> AckOut:
    _secret_check(secret)
    if payload.status not in REPORT_STATUSES:
        raise ValidationFailed(details={"status": ", ".join(REPORT_STATUSES)})
    message = message_delivery_report(
        provider="email",
        provider_message_id=payload.message_id,
        status=payload.status,
        reason=payload.reason or f"email {payload.status}",
    )
    return AckOut(known=message is not None)
