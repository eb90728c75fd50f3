"""Kavenegar (kavenegar.com/rest.html): ``POST {base}/v1/{API_KEY}/sms/send.json`` with
``receptor``, ``sender``, ``message`` and ``localid``; the answer is
``{"return": {"status": 200, "message": …}, "entries": [{"messageid": …, "status": …}]}``.

``localid`` is our message id: Kavenegar documents it as the sender's own id and does not send
a second message for a ``localid`` it has already taken, returning the first one instead. So a
retry after a crash between its answer and our record cannot text the member twice.

Delivery: Kavenegar calls our delivery URL with ``messageid`` and ``status``, or
``sms/status.json?messageid=…`` is asked (``fetch_statuses``). Inbound texts arrive at our
receive URL with ``from``, ``to``, ``message`` and ``messageid``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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

DEFAULT_BASE_URL = "https://api.kavenegar.com"

# Answers worth trying again: server busy (409), throttled (429/451), credit (418), the
# account or key or IP (401, 403, 416) — all things that pass or that the operator fixes.
TRANSIENT_RETURNS = {401, 403, 409, 416, 418, 429, 451}
CONTACT_RETURNS = {411}  # the receptor is not a valid number
# Message statuses (entries[].status and delivery reports).
DELIVERED_STATUSES = {10}
FAILED_STATUSES = {6, 11, 13, 14, 100}  # failed, undelivered, cancelled, blocked, unknown id
CONTACT_STATUSES = {11}  # could not be delivered to the number


def receptor(e164: str) -> str:
    """Kavenegar's number format: national 09… for Iran, 00… for other countries."""
    if e164.startswith("+98"):
        return "0" + e164[3:]
    return "00" + e164.lstrip("+")


def report_status(code: object) -> str:
    try:
        number = int(str(code))
    except ValueError:
        return REPORT_SENT
    if number in DELIVERED_STATUSES:
        return REPORT_DELIVERED
    if number in FAILED_STATUSES:
        return REPORT_FAILED
    return REPORT_SENT


def report_is_contact_problem(code: object) -> bool:
    return str(code).strip() in {str(c) for c in CONTACT_STATUSES}


class KavenegarSms:
    name = "kavenegar"

    def __init__(self, *, api_key: str, sender: str = "", base_url: str = "", timeout: float = 10):
        self.api_key = api_key
        self.sender = sender
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=5))

    def close(self) -> None:
        self.client.close()

    def _url(self, method: str) -> str:
        return f"{self.base_url}/v1/{self.api_key}/sms/{method}.json"

    def _call(self, method: str, data: dict[str, str]) -> list[dict[str, Any]]:
        try:
            response = self.client.post(self._url(method), data=data)
        except httpx.HTTPError as error:  # timeouts and connection failures
            raise TransientError(f"kavenegar: {type(error).__name__}") from error
        try:
            payload = response.json()
            status = int(payload["return"]["status"])
            detail = str(payload["return"].get("message", ""))
        except (ValueError, KeyError, TypeError):
            status, detail, payload = response.status_code, response.text[:200], {}
        if status == 200:
            entries = payload.get("entries") or []
            return list(entries) if isinstance(entries, list) else [entries]
        reason = f"kavenegar {status}: {detail}"
        if status >= 500 or status in TRANSIENT_RETURNS:
            raise TransientError(reason)
        raise PermanentError(reason, contact_problem=status in CONTACT_RETURNS)

    def send(self, message: Outgoing) -> Accepted:
        data = {"receptor": receptor(message.to), "message": message.body}
        data["localid"] = message.reference
        if self.sender:
            data["sender"] = self.sender
        entries = self._call("send", data)
        if not entries:
            raise TransientError("kavenegar: an answer without entries")
        entry = entries[0]
        if report_status(entry.get("status")) == REPORT_FAILED:
            raise PermanentError(
                f"kavenegar status {entry.get('status')}: {entry.get('statustext', '')}",
                contact_problem=report_is_contact_problem(entry.get("status")),
            )
        return Accepted(provider_message_id=str(entry["messageid"]))

    def fetch_statuses(self, message_ids: Iterable[str]) -> dict[str, str]:
        """``sms/status.json`` for up to 500 ids: provider id -> raw status code."""
        ids = ",".join(message_ids)
        if not ids:
            return {}
        entries = self._call("status", {"messageid": ids})
        return {str(entry["messageid"]): str(entry.get("status", "")) for entry in entries}
