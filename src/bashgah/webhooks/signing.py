"""Webhook signatures: ``Bashgah-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>]`` where each
``v1`` is HMAC-SHA256(secret, f"{t}.{body}") over the exact bytes of the body.

The key is the whole secret string (``whsec_…``) as UTF-8. While a rotated secret's previous
value is still honoured, the header carries one ``v1`` per secret, so a receiver holding either
secret verifies. Standard library only: ``webhook_signature_verify`` is the function receivers
copy (docs/webhooks.md shows it unchanged).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable

SCHEME = "v1"


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_signature_header(secrets: Iterable[str], timestamp: int, body: bytes) -> str:
    parts = [f"t={timestamp}"]
    parts += [f"{SCHEME}={webhook_signature(secret, timestamp, body)}" for secret in secrets]
    return ",".join(parts)


def webhook_signature_verify(
    secret: str,
    header: str,
    body: bytes | str,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """True when ``header`` (the ``Bashgah-Signature`` value) signs ``body`` (the raw request
    body, before any JSON parsing) with ``secret``, and its timestamp is within ``tolerance``
    seconds of now (a replayed old request fails). Compares in constant time."""
    if isinstance(body, str):
        body = body.encode()
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == SCHEME:
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = webhook_signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in signatures)
