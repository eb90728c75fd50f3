"""One HTTP POST of a signed delivery, outside any database transaction.

No ORM here: the sender hands in what to send and gets back what happened, so the network
wait never holds a database connection or lock.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bashgah.webhooks.signing import webhook_signature_header

USER_AGENT = "Bashgah-Webhooks/1"
EXCERPT_BYTES = 2048
EXCERPT_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Outgoing:
    delivery_id: int
    subscription_id: int
    public_id: str
    topic: str
    url: str
    body: bytes
    secrets: tuple[str, ...]
    attempt: int


@dataclass(frozen=True, slots=True)
class Outcome:
    succeeded: bool
    status: int | None
    excerpt: str
    error: str
    duration_ms: int


def is_local_host(host: str) -> bool:
    """A name or address literal that can only mean this machine or a private network."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class AddressRefused(Exception):
    pass


def _check_resolved(url: str) -> None:
    """Refuse a name that resolves to a private address (a guard against requests into the
    club's own network; a name that changes its answer between this check and the connection
    can still slip through)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        answers = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as error:
        raise AddressRefused(f"cannot resolve {host}: {error}") from error
    for answer in answers:
        address = str(answer[4][0]).split("%")[0]
        if not ipaddress.ip_address(address).is_global:
            raise AddressRefused(f"{host} resolves to a private address")


def _excerpt(response: httpx.Response, deadline: float) -> str:
    """The start of the response body, read only as far as needed and never past the deadline,
    so a large or trickling answer cannot hold the sender."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_BYTES or time.monotonic() > deadline:
            break
    return b"".join(chunks)[:EXCERPT_BYTES].decode("utf-8", errors="replace")[:EXCERPT_CHARS]


def post(client: httpx.Client, item: Outgoing, *, timeout: float, check_address: bool) -> Outcome:
    started = time.monotonic()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Bashgah-Event": item.topic,
        "Bashgah-Delivery": item.public_id,
        "Bashgah-Attempt": str(item.attempt),
        "Bashgah-Signature": webhook_signature_header(item.secrets, timestamp, item.body),
    }
    status: int | None = None
    excerpt = error = ""
    try:
        if check_address:
            _check_resolved(item.url)
        with client.stream("POST", item.url, content=item.body, headers=headers) as response:
            status = response.status_code
            excerpt = _excerpt(response, started + timeout)
    except httpx.TimeoutException:
        error = f"timeout after {timeout:g} s"
    except (httpx.HTTPError, AddressRefused) as failure:
        error = f"{type(failure).__name__}: {failure}"
    duration = int((time.monotonic() - started) * 1000)
    succeeded = status is not None and 200 <= status < 300
    if succeeded:
        error = ""  # accepted; only reading the rest of the answer failed
    elif status is not None and not error:
        error = f"HTTP {status}"
    return Outcome(succeeded, status, excerpt, error[:300], duration)
