"""Reads about segments: live counts, previews, exports, and the club's lifecycle picture."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from bashgah.audiences.query import definition_members
from bashgah.members.models import Member
from bashgah.segments.definitions import SegmentDefinition
from bashgah.segments.models import Lifecycle, MemberScore

EXPORT_COLUMNS = (
    "member_id", "card_number", "first_name", "last_name", "phone", "email", "language",
    "tier", "lifecycle", "rfm", "purchases_in_window", "spend_in_window", "last_purchase_at",
)  # fmt: skip


def segment_count(definition: SegmentDefinition, *, at: dt.datetime | None = None) -> int:
    return definition_members(definition, at=at or timezone.now()).count()


def _rows(definition: SegmentDefinition, at: dt.datetime) -> QuerySet[Member]:
    return (
        definition_members(definition, at=at)
        .select_related("stats", "score", "tier_state__tier")
        .order_by("pk")
    )


def segment_preview(
    definition: SegmentDefinition, *, limit: int = 20, at: dt.datetime | None = None
) -> list[Member]:
    """The first members of the segment, with their figures loaded (no query per member)."""
    return list(_rows(definition, at or timezone.now())[:limit])


def _row(member: Member) -> list[object]:
    stats = getattr(member, "stats", None)
    score = getattr(member, "score", None)
    tier_state = getattr(member, "tier_state", None)
    return [
        member.pk,
        member.card_number,
        member.first_name,
        member.last_name,
        member.phone or "",
        member.email,
        member.language,
        tier_state.tier.code if tier_state else "",
        score.lifecycle if score else "",
        score.rfm if score else "",
        stats.window_purchases if stats else 0,
        stats.window_spend if stats else 0,
        stats.last_purchase_at.isoformat() if stats and stats.last_purchase_at else "",
    ]


def segment_export_csv(
    definition: SegmentDefinition, *, at: dt.datetime | None = None, chunk: int = 2000
) -> Iterator[str]:
    """The segment as CSV, streamed in chunks (a header line first); money in minor units."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    yield buffer.getvalue()
    rows = _rows(definition, at or timezone.now())
    last_pk = 0
    while batch := list(rows.filter(pk__gt=last_pk)[:chunk]):  # keyset pages, not offsets
        buffer.seek(0)
        buffer.truncate()
        for member in batch:
            writer.writerow(_row(member))
        last_pk = batch[-1].pk
        yield buffer.getvalue()


@dataclass(frozen=True, slots=True)
class LifecycleCount:
    state: str
    label: str
    members: int


def lifecycle_counts() -> list[LifecycleCount]:
    """Active members per lifecycle state as of the last recompute, in the states' order."""
    counts = dict(
        MemberScore.objects.filter(member__status=Member.Status.ACTIVE)
        .values_list("lifecycle")
        .annotate(n=Count("pk"))
        .values_list("lifecycle", "n")
    )
    return [
        LifecycleCount(state, str(label), counts.get(state, 0))
        for state, label in Lifecycle.choices
    ]


def rfm_grid() -> dict[tuple[int, int], int]:
    """Members per (recency, frequency) score pair: the classic RFM map."""
    rows = (
        MemberScore.objects.filter(member__status=Member.Status.ACTIVE, recency__gt=0)
        .values("recency", "frequency")
        .annotate(n=Count("pk"))
        .values_list("recency", "frequency", "n")
    )
    return {(r, f): n for r, f, n in rows}


def scores_computed_at() -> dt.datetime | None:
    """When the lifecycle states and RFM scores were last recomputed (None: never)."""
    return MemberScore.objects.aggregate(at=Max("computed_at"))["at"]
