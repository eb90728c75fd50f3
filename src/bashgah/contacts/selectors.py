"""Contact reads: a member's contact state, who is due for re-verification, and the report of
contacts by age and channel. A member without a row counts as verified when they enrolled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bashgah.contacts.models import ContactState
from bashgah.members.models import Member

CHANNELS = tuple(ContactState.Channel.values)
BUCKETS = ("under_1y", "1_2y", "2_3y", "over_3y", "stale")
YEAR = dt.timedelta(days=365)


def reverify_days() -> int:
    return int(settings.BASHGAH.get("CONTACT_REVERIFY_DAYS", 365))


@dataclass(frozen=True, slots=True)
class ContactStatus:
    channel: str
    value: str
    last_verified_at: dt.datetime
    stale_since: dt.datetime | None
    stale_reason: str


def contact_value(member: Member, channel: str) -> str:
    return (member.phone or "") if channel == ContactState.Channel.PHONE else member.email


def contact_status(*, member: Member, channel: str) -> ContactStatus:
    state = ContactState.objects.filter(member=member, channel=channel).first()
    return ContactStatus(
        channel=channel,
        value=contact_value(member, channel),
        last_verified_at=state.last_verified_at if state else member.enrolled_at,
        stale_since=state.stale_since if state else None,
        stale_reason=state.stale_reason if state else "",
    )


def _with_contact(channel: str) -> QuerySet[Any]:
    """Active members who have this contact, with ``verified_at``, ``stale_since`` and
    ``requested_at`` from their row (or enrolment when there is none)."""
    rows = ContactState.objects.filter(member=OuterRef("pk"), channel=channel)
    members = Member.objects.filter(status=Member.Status.ACTIVE)
    if channel == ContactState.Channel.PHONE:
        members = members.filter(phone__isnull=False)
    else:
        members = members.exclude(email="")
    return members.annotate(
        verified_at=Coalesce(
            Subquery(rows.values("last_verified_at")[:1], output_field=DateTimeField()),
            "enrolled_at",
        ),
        stale_since=Subquery(rows.values("stale_since")[:1], output_field=DateTimeField()),
        requested_at=Subquery(
            rows.values("reverify_requested_at")[:1], output_field=DateTimeField()
        ),
    )


def contacts_due(
    *,
    channel: str,
    at: dt.datetime | None = None,
    days: int | None = None,
    resend_days: int = 30,
) -> QuerySet[Any]:
    """Members whose contact on ``channel`` was last verified more than ``days`` ago (the
    setting ``CONTACT_REVERIFY_DAYS``, 365 by default) and who were not asked in the last
    ``resend_days``. Stale contacts are left to the messaging work: asking them cannot reach."""
    at = at or timezone.now()
    cutoff = at - dt.timedelta(days=days if days is not None else reverify_days())
    return (
        _with_contact(channel)
        .filter(verified_at__lt=cutoff, stale_since__isnull=True)
        .filter(
            Q(requested_at__isnull=True) | Q(requested_at__lt=at - dt.timedelta(days=resend_days))
        )
        .order_by("pk")
    )


@dataclass(frozen=True, slots=True)
class ContactsReport:
    at: dt.datetime
    counts: dict[str, dict[str, int]]  # channel -> bucket -> members

    def rows(self) -> list[tuple[str, list[int]]]:
        return [(channel, [self.counts[channel][b] for b in BUCKETS]) for channel in CHANNELS]


def contacts_report(*, at: dt.datetime | None = None) -> ContactsReport:
    """Active members' contacts per channel by time since last verified: under a year, 1–2,
    2–3, over 3 years; stale contacts are counted under ``stale`` only. One query per channel."""
    at = at or timezone.now()
    fresh = Q(stale_since__isnull=True)
    counts: dict[str, dict[str, int]] = {}
    for channel in CHANNELS:
        counts[channel] = _with_contact(channel).aggregate(
            under_1y=Count("pk", filter=fresh & Q(verified_at__gt=at - YEAR)),
            **{
                "1_2y": Count(
                    "pk",
                    filter=fresh & Q(verified_at__lte=at - YEAR, verified_at__gt=at - 2 * YEAR),
                ),
                "2_3y": Count(
                    "pk",
                    filter=fresh & Q(verified_at__lte=at - 2 * YEAR, verified_at__gt=at - 3 * YEAR),
                ),
            },
            over_3y=Count("pk", filter=fresh & Q(verified_at__lte=at - 3 * YEAR)),
            stale=Count("pk", filter=Q(stale_since__isnull=False)),
        )
    return ContactsReport(at=at, counts=counts)
