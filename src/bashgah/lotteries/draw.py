"""The draw and its verification, from published data only.

This module is deliberately free of Django and of the rest of Bashgah: it is the reference a
third party re-implements (docs/lottery-verification.md describes the same steps in words).

- ``commitment = SHA-256(seed)`` (hex), published when the lottery is scheduled.
- The entry list is ``[{"id": <pseudonym>, "tickets": <int>}, …]`` sorted by ``id``; its
  canonical text is compact JSON with sorted keys and ASCII escapes, and
  ``entries_hash = SHA-256(canonical text)`` (hex), published when entries close.
- Round ``r`` (0, 1, 2 …) draws ``x = int(HMAC-SHA256(seed, f"{entries_hash}:{r}")) mod T``,
  where ``T`` is the tickets of the entrants not yet drawn, and picks the entrant whose
  cumulative ticket range (in list order) holds ``x``. That entrant leaves the list: each entrant
  wins at most once. Rounds continue until every prize is given or nobody is left.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    tickets: int


def commitment_of(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


def canonical_entries(entries: Sequence[Entry]) -> str:
    ordered = sorted(entries, key=lambda entry: entry.id)
    return json.dumps(
        [{"id": entry.id, "tickets": entry.tickets} for entry in ordered],
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=True,
    )


def entries_hash_of(entries: Sequence[Entry]) -> str:
    return hashlib.sha256(canonical_entries(entries).encode("ascii")).hexdigest()


def draw_winners(*, seed: bytes, entries: Sequence[Entry], count: int) -> list[str]:
    """The ids of up to ``count`` winners, in the order drawn (round 0 first)."""
    entries_hash = entries_hash_of(entries)
    remaining = [entry for entry in sorted(entries, key=lambda e: e.id) if entry.tickets > 0]
    winners: list[str] = []
    for round_number in range(count):
        total = sum(entry.tickets for entry in remaining)
        if total == 0:
            break
        message = f"{entries_hash}:{round_number}".encode("ascii")
        digest = hmac.new(seed, message, hashlib.sha256).digest()
        ticket = int.from_bytes(digest, "big") % total
        cumulative = 0
        for index, entry in enumerate(remaining):
            cumulative += entry.tickets
            if ticket < cumulative:
                winners.append(entry.id)
                del remaining[index]
                break
    return winners


def verify_published(published: Mapping[str, Any]) -> list[str]:
    """Check a finished draw from its published JSON alone; returns the problems (empty: sound).

    Expects ``commitment``, ``seed`` (hex), ``entries``, ``entries_hash``, ``prizes`` (each with
    ``count``, in prize order) and ``winners`` (each with ``id``, in the order drawn)."""
    problems: list[str] = []
    try:
        seed = bytes.fromhex(str(published["seed"]))
        entries = [
            Entry(id=str(item["id"]), tickets=int(item["tickets"])) for item in published["entries"]
        ]
        count = sum(int(prize["count"]) for prize in published["prizes"])
        winners = [str(item["id"]) for item in published["winners"]]
    except (KeyError, TypeError, ValueError) as error:
        return [f"the published data is incomplete or malformed: {error!r}"]
    if any(entry.tickets < 0 for entry in entries):
        problems.append("an entrant has a negative number of tickets")
    if len({entry.id for entry in entries}) != len(entries):
        problems.append("an entrant appears more than once in the entry list")
    if commitment_of(seed) != published.get("commitment"):
        problems.append("the revealed seed does not match the published commitment")
    if entries_hash_of(entries) != published.get("entries_hash"):
        problems.append("the entry list does not match the published entries hash")
    expected = draw_winners(seed=seed, entries=entries, count=count)
    if expected != winners:
        problems.append(f"the winners do not follow from the seed and entries: expected {expected}")
    return problems
