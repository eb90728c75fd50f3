"""A generic HTTP SMS gateway, for providers without an adapter of their own.

Request: ``POST {url}`` with ``Authorization: Bearer {token}``, ``Idempotency-Key:
{reference}`` and JSON ``{"to": "+98…", "text": "…", "reference": "…"}``.
Answers: 2xx taken; 409 the reference was taken before (so this is a retry: taken); 429 and
5xx try again; other 4xx never, and ``{"error": "invalid_recipient"}`` marks the number.
Delivery reports come back to us as JSON ``{"reference": "…", "status": "delivered" |
"failed" | "sent"}``; inbound texts as ``{"from": "+98…", "text": "…"}``.

The reference is the same on every attempt, so a gateway that honours it never sends a retry
twice."""

from __future__ import annotations

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


def report_status(status: str) -> str:
    status = (status or "").strip().lower()
    if status == "delivered":
        return REPORT_DELIVERED
    if status in {"failed", "undelivered", "rejected", "expired"}:
        return REPORT_FAILED
    return REPORT_SENT


class HttpGatewaySms:
    name = "http"

    def __init__(self, *, url: str, token: str = "", timeout: float = 10):
        self.url = url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.Client(timeout=httpx.Timeout(timeout, connect=5), headers=headers)

    def close(self) -> None:
        self.client.close()

    def send(self, message: Outgoing) -> Accepted:
        body = {"to": message.to, "text": message.body, "reference": message.reference}
        try:
            response = self.client.post(
                self.url, json=body, headers={"Idempotency-Key": message.reference}
            )
        except httpx.HTTPError as failure:
            raise TransientError(f"gateway: {type(failure).__name__}") from failure
        if response.is_success or response.status_code == 409:
            return Accepted(provider_message_id=message.reference)
        try:
            error = str(response.json().get("error", ""))
        except (ValueError, AttributeError):
            error = ""
        reason = f"gateway {response.status_code}: {error or response.text[:200]}"
        if response.status_code >= 500 or response.status_code in (401, 403, 408, 429):
            raise TransientError(reason)
        raise PermanentError(reason, contact_problem=error == "invalid_recipient")
