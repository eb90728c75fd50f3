"""Consent to be messaged, per channel, as an append-only record of every change.

A member who never answered has not consented (prior consent, as Israeli advertising law and
good manners require). Service messages such as one-time codes need no consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.models import ConsentRecord, Member

CHANNELS = tuple(ConsentRecord.Channel.values)


@dataclass(frozen=True, slots=True)
class ChannelConsent:
    channel: str
    granted: bool
    recorded_at: dt.datetime | None  # None: never asked, so not granted
    source: str


@dataclass(frozen=True, slots=True)
class CurrentConsent:
    sms: ChannelConsent
    email: ChannelConsent

    def granted(self, channel: str) -> bool:
        return bool(getattr(self, channel).granted)


def consent_current(*, member: Member) -> CurrentConsent:
    """The member's consent now: their newest record on each channel."""
    latest: dict[str, ChannelConsent] = {}
    for channel in CHANNELS:
        record = (
            ConsentRecord.objects.filter(member=member, channel=channel)
            .order_by("-recorded_at", "-id")
            .first()
        )
        latest[channel] = (
            ChannelConsent(channel, record.granted, record.recorded_at, record.source)
            if record
            else ChannelConsent(channel, False, None, "")
        )
    return CurrentConsent(sms=latest["sms"], email=latest["email"])


def consent_granted_among(
    *, member_ids: Iterable[int], channels: Iterable[str]
) -> set[tuple[int, str]]:
    """``(member id, channel)`` pairs whose newest record grants consent, for many members in
    one query (the sending worker asks this for every batch, just before sending)."""
    ids = set(member_ids)
    if not ids:
        return set()
    granted: set[tuple[int, str]] = set()
    seen: set[tuple[int, str]] = set()
    records = (
        ConsentRecord.objects.filter(member_id__in=ids, channel__in=list(channels))
        .order_by("member_id", "channel", "-recorded_at", "-id")
        .values_list("member_id", "channel", "granted")
    )
    for member_id, channel, is_granted in records:
        if (member_id, channel) in seen:
            continue
        seen.add((member_id, channel))
        if is_granted:
            granted.add((member_id, channel))
    return granted


def consent_history(*, member: Member) -> list[ConsentRecord]:
    return list(ConsentRecord.objects.filter(member=member).order_by("-recorded_at", "-id"))


def consent_record(
    *, member: Member, channel: str, granted: bool, source: str, at: dt.datetime
) -> ConsentRecord:
    """Append one record and announce it; the caller has validated and holds a transaction."""
    record = ConsentRecord.objects.create(
        member=member, channel=channel, granted=granted, source=source, recorded_at=at
    )
    event_emit(
        topic="member.consent_changed",
        aggregate_type="member",
        aggregate_id=member.pk,
        payload={"member_id": member.pk, "channel": channel, "granted": granted},
    )
    return record


def consent_set(
    *,
    member: Member,
    channel: str,
    granted: bool,
    source: str,
    at: dt.datetime | None = None,
) -> ConsentRecord | None:
    """Record a change of consent on ``channel``: the first answer, or one that differs from
    the newest record. Saying again what is already recorded adds nothing and returns None."""
    from bashgah.members.services import MemberHasLeft

    errors: dict[str, str] = {}
    if channel not in CHANNELS:
        errors["channel"] = str(_("Choose sms or email."))
    source = (source or "").strip()
    if not source or len(source) > 32:
        errors["source"] = str(_("Say where the consent was given (at most 32 characters)."))
    if errors:
        raise ValidationFailed(details=errors)
    if member.status == Member.Status.LEFT:
        raise MemberHasLeft()
    at = at or timezone.now()
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()  # one change at a time
        current: ChannelConsent = getattr(consent_current(member=member), channel)
        if current.recorded_at is not None and current.granted == bool(granted):
            return None
        return consent_record(
            member=member, channel=channel, granted=bool(granted), source=source, at=at
        )
