"""Twilio Programmable Messaging: ``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json``,
form-encoded ``To``, ``From``, ``Body``, ``StatusCallback``, HTTP basic auth (sid, token);
the JSON answer carries ``sid`` and ``status``, errors ``{"code", "message", "status"}``.

Twilio has no idempotency key for creating messages: a retry after a crash between its
answer and our record sends a second text. Status callbacks (``MessageSid``,
``MessageStatus``, ``ErrorCode``) and inbound texts (``From``, ``Body``) are POSTed to us and
signed: ``X-Twilio-Signature`` = base64(HMAC-SHA1(auth token, URL + each POST parameter's
name and value, sorted by name))."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

import httpx

from bashgah.messaging.providers.base import (
    REPORT_DELIVERED,
    REPORT_FAILED,
    REPORT_SENT,
    Accepted,
    Outgoing,
    PermanentError,
    TransientError,
)

DEFAULT_BASE_URL = "https://api.twilio.com"
# Error codes that say the number is wrong: invalid, not a mobile, unreachable, unknown.
CONTACT_CODES = {21211, 21214, 21217, 21401, 21407, 21614, 30003, 30005, 30006}
TRANSIENT_CODES = {20003, 20429, 30001, 30008}  # auth, throttled, queue overflow, unknown
FAILED_STATUSES = {"failed", "undelivered", "canceled"}


def signature(url: str, params: Iterable[tuple[str, str]], auth_token: str) -> str:
    data = url + "".join(f"{key}{value}" for key, value in sorted(params))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_valid(
    *, urls: Iterable[str], params: Iterable[tuple[str, str]], auth_token: str, given: str
) -> bool:
    """True when ``given`` signs the parameters for one of ``urls`` (the configured site URL
    and the one the request names, which differ behind some proxies)."""
    if not auth_token or not given:
        return False
    items = list(params)
    return any(hmac.compare_digest(signature(url, items, auth_token), given) for url in urls if url)


def report_status(status: str) -> str:
    status = (status or "").strip().lower()
    if status in {"delivered", "read"}:
        return REPORT_DELIVERED
    if status in FAILED_STATUSES:
        return REPORT_FAILED
    return REPORT_SENT


def _code(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def report_is_contact_problem(error_code: object) -> bool:
    return _code(error_code) in CONTACT_CODES


class TwilioSms:
    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        base_url: str = "",
        status_callback: str = "",
        timeout: float = 10,
    ):
        self.account_sid = account_sid
        self.sender = sender
        self.messaging_service_sid = messaging_service_sid
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.status_callback = status_callback
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=5), auth=(account_sid, auth_token)
        )

    def close(self) -> None:
        self.client.close()

    def send(self, message: Outgoing) -> Accepted:
        url = f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        data = {"To": message.to, "Body": message.body}
        if self.messaging_service_sid:
            data["MessagingServiceSid"] = self.messaging_service_sid
        else:
            data["From"] = self.sender
        if self.status_callback:
            data["StatusCallback"] = self.status_callback
        try:
            response = self.client.post(url, data=data)
        except httpx.HTTPError as error:
            raise TransientError(f"twilio: {type(error).__name__}") from error
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code in (200, 201):
            if str(payload.get("status", "")) in FAILED_STATUSES:
                raise PermanentError(f"twilio: {payload.get('status')}")
            return Accepted(provider_message_id=str(payload["sid"]))
        code = _code(payload.get("code"))
        reason = f"twilio {response.status_code}/{code}: {payload.get('message', '')}"
        if response.status_code >= 500 or response.status_code == 429 or code in TRANSIENT_CODES:
            raise TransientError(reason)
        if response.status_code in (401, 403):
            raise TransientError(reason)  # credentials: the operator fixes them, we try again
        raise PermanentError(reason, contact_problem=code in CONTACT_CODES)
