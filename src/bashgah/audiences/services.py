"""Writes of segments: saving definitions, refreshing memberships, the scheduled recompute."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.audiences.query import definition_members
from bashgah.audiences.recompute import rows_changed, scores_rebuild, window_rebase
from bashgah.core.errors import ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.services import segment_window_start
from bashgah.segments.definitions import SegmentDefinition, definition_parse
from bashgah.segments.models import Segment, SegmentMember
from bashgah.segments.selectors import segment_policy
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier

logger = logging.getLogger("bashgah.audiences")


def segment_definition_check(raw: dict[str, Any] | None) -> SegmentDefinition:
    """Parse a definition and check that the tiers and stores it names exist."""
    definition = definition_parse(raw)
    errors: dict[str, str] = {}
    unknown = set(definition.tiers) - set(
        Tier.objects.filter(code__in=definition.tiers).values_list("code", flat=True)
    )
    if unknown:
        errors["tiers"] = _("Unknown tier codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
    unknown = set(definition.stores) - set(
        Store.objects.filter(code__in=definition.stores).values_list("code", flat=True)
    )
    if unknown:
        errors["stores"] = _("Unknown store codes: %(codes)s") % {
            "codes": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationFailed(_("The segment definition is not valid."), details=errors)
    return definition


def _clean_name(name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise ValidationFailed(details={"name": _("Give the segment a name of 1–120 characters.")})
    taken = Segment.objects.filter(name=name, status=Segment.Status.ACTIVE)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationFailed(details={"name": _("Another segment already has this name.")})
    return name


def segment_create(
    *, name: str, definition: dict[str, Any], description: str = "", at: dt.datetime | None = None
) -> Segment:
    """Save a segment and fill its membership at once, so it can be used straight away."""
    parsed = segment_definition_check(definition)
    name = _clean_name(name)
    with transaction.atomic():
        segment = Segment.objects.create(
            name=name,
            description=(description or "").strip(),
            definition=parsed.model_dump(mode="json", exclude_defaults=True),
        )
        segment_refresh(segment=segment, at=at)
    return segment


def segment_update(
    *,
    segment: Segment,
    name: str | None = None,
    definition: dict[str, Any] | None = None,
    description: str | None = None,
    at: dt.datetime | None = None,
) -> Segment:
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = _clean_name(name, exclude=segment.pk)
    if definition is not None:
        parsed = segment_definition_check(definition)
        changes["definition"] = parsed.model_dump(mode="json", exclude_defaults=True)
    if description is not None:
        changes["description"] = description.strip()
    if segment.status != Segment.Status.ACTIVE:
        raise ValidationFailed(details={"segment": _("An archived segment cannot be changed.")})
    with transaction.atomic():
        for field, value in changes.items():
            setattr(segment, field, value)
        segment.save(update_fields=[*changes, "updated_at"])
        if "definition" in changes:
            segment_refresh(segment=segment, at=at)
    return segment


def segment_archive(*, segment: Segment) -> Segment:
    """Retire a segment: it is emptied, so rules and campaigns aimed at it reach nobody."""
    with transaction.atomic():
        segment.status = Segment.Status.ARCHIVED
        segment.member_count = 0
        segment.save(update_fields=["status", "member_count", "updated_at"])
        SegmentMember.objects.filter(segment=segment).delete()
    return segment


@dataclass(frozen=True, slots=True)
class Refresh:
    added: int
    removed: int
    count: int


def segment_refresh(*, segment: Segment, at: dt.datetime | None = None) -> Refresh:
    """Bring the stored membership in line with the definition now: set-based, two statements
    whatever the size; members who joined are announced (``segment.entered``) only in counts."""
    at = at or timezone.now()
    if segment.kind == Segment.Kind.STATIC:  # a fixed list: only its count is brought up to date
        count = SegmentMember.objects.filter(segment=segment).count()
        Segment.objects.filter(pk=segment.pk).update(member_count=count, refreshed_at=at)
        return Refresh(added=0, removed=0, count=count)
    definition = definition_parse(segment.definition)
    matching = definition_members(definition, at=at).values("pk")
    with transaction.atomic():
        removed, _detail = (
            SegmentMember.objects.filter(segment=segment).exclude(member_id__in=matching).delete()
        )
        sql, params = matching.query.sql_with_params()
        table = connection.ops.quote_name(SegmentMember._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (member_id, segment_id, added_at) "  # noqa: S608
                f"SELECT matching.*, %s, %s FROM ({sql}) matching "
                "WHERE true ON CONFLICT (segment_id, member_id) DO NOTHING",
                [segment.pk, connection.ops.adapt_datetimefield_value(at), *params],
            )
            added = rows_changed(cursor)
        count = SegmentMember.objects.filter(segment=segment).count()
        segment.member_count = count
        segment.refreshed_at = at
        segment.save(update_fields=["member_count", "refreshed_at"])
        event_emit(
            topic="segment.refreshed",
            aggregate_type="segment",
            aggregate_id=segment.pk,
            payload={"segment_id": segment.pk, "added": added, "removed": removed, "count": count},
        )
    return Refresh(added=added, removed=removed, count=count)


@dataclass(frozen=True, slots=True)
class RecomputeRun:
    window_changed: int
    scores_written: int
    segments: int
    seconds: float


def audiences_recompute(*, at: dt.datetime | None = None) -> RecomputeRun:
    """The scheduled recompute: window figures, RFM and lifecycle, then every saved segment.
    Idempotent: a second run at the same moment writes nothing."""
    at = at or timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        window_changed = window_rebase(window_start=segment_window_start(at))
        scores_written = scores_rebuild(at=at, policy=segment_policy())
    segments = list(
        Segment.objects.filter(status=Segment.Status.ACTIVE, kind=Segment.Kind.DYNAMIC).order_by(
            "pk"
        )
    )
    for segment in segments:
        segment_refresh(segment=segment, at=at)
    run = RecomputeRun(
        window_changed=window_changed,
        scores_written=scores_written,
        segments=len(segments),
        seconds=round(time.monotonic() - started, 3),
    )
    logger.info("audiences recomputed: %s", run)
    return run
