"""A short-lived, process-local cache for club configuration read on every purchase (active
rules, tiers, tier policy).

Configuration changes rarely and is read by every request, so each process keeps it for up to
``TTL`` seconds. A change made in this process takes effect at once (models invalidate on save
and delete); other processes see it within ``TTL`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
TTL = 10.0

_entries: dict[str, tuple[float, Any]] = {}
_lock = threading.Lock()


def cached(key: str, loader: Callable[[], T], ttl: float = TTL) -> T:
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]  # type: ignore[no-any-return,unused-ignore]
    value = loader()
    with _lock:
        _entries[key] = (now + ttl, value)
    return value


def invalidate(*keys: str) -> None:
    with _lock:
        for key in keys or list(_entries):
            _entries.pop(key, None)
