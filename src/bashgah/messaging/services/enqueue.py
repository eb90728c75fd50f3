"""Putting messages in the outbox: one at a time, or a campaign's million at once.

A message is named by its ``dedupe_key`` (unique): enqueueing the same key again returns or
skips the first row, so a campaign or handler that runs twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed
from bashgah.messaging import conf
from bashgah.messaging.models import Message

_PHONE = re.compile(r"^\+\d{6,16}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CHUNK = 5000


@dataclass(frozen=True, slots=True)
class MessageDraft:
    """One message to one recipient, as the caller composed it (``message_compose``)."""

    member_id: int | None
    channel: str
    to_address: str
    language: str
    purpose: str
    subject: str
    body: str
    dedupe_key: str
    campaign_id: int | None = None
    not_before: dt.datetime | None = None


_CHANNELS = frozenset(Message.Channel.values)
_PURPOSES = frozenset(Message.Purpose.values)


def _problems(draft: MessageDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if draft.channel not in _CHANNELS:
        errors["channel"] = _("Choose sms or email.")
    elif draft.channel == "sms" and not _PHONE.match(draft.to_address or ""):
        errors["to_address"] = _("Give the phone number in international form, starting with +.")
    elif draft.channel == "email" and not _EMAIL.match(draft.to_address or ""):
        errors["to_address"] = _("Give a valid email address.")
    if draft.purpose not in _PURPOSES:
        errors["purpose"] = _("Choose service or marketing.")
    if not (draft.body or "").strip():
        errors["body"] = _("The message is empty.")
    if len(draft.subject or "") > 200:
        errors["subject"] = _("The subject is too long (at most 200 characters).")
    if not draft.dedupe_key or len(draft.dedupe_key) > 150:
        errors["dedupe_key"] = _("Name the message with a key of at most 150 characters.")
    if not draft.language or len(draft.language) > 5:
        errors["language"] = _("Choose a language.")
    return errors


def _checked(draft: MessageDraft) -> MessageDraft:
    if (
        draft.channel in _CHANNELS
        and draft.purpose in _PURPOSES
        and 0 < len(draft.dedupe_key or "") <= 150
        and 0 < len(draft.language or "") <= 5
        and len(draft.subject or "") <= 200
        and (draft.body or "").strip()
        and (_PHONE if draft.channel == "sms" else _EMAIL).match(draft.to_address or "")
    ):
        return draft  # the common case, checked in one pass
    errors = _problems(draft)
    if errors:
        raise ValidationFailed(details={**errors, "dedupe_key_given": draft.dedupe_key})
    return draft


def _times(draft: MessageDraft, now: dt.datetime) -> tuple[dt.datetime, dt.datetime | None]:
    due = draft.not_before or now
    expires = due + conf.marketing_valid_for() if draft.purpose == "marketing" else None
    return due, expires


def _row(draft: MessageDraft, now: dt.datetime) -> Message:
    due, expires = _times(draft, now)
    return Message(
        member_id=draft.member_id,
        channel=draft.channel,
        to_address=draft.to_address,
        language=draft.language,
        purpose=draft.purpose,
        subject=draft.subject or "",
        body=draft.body,
        dedupe_key=draft.dedupe_key,
        campaign_id=draft.campaign_id,
        status=Message.Status.QUEUED,
        next_attempt_at=due,
        expires_at=expires,
        created_at=now,
    )


def message_enqueue(*, draft: MessageDraft, at: dt.datetime | None = None) -> Message:
    """Queue one message; the same ``dedupe_key`` again returns the first row unchanged."""
    row = _row(_checked(draft), at or timezone.now())
    existing = Message.objects.filter(dedupe_key=draft.dedupe_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:  # queued concurrently under the same key
        return Message.objects.get(dedupe_key=draft.dedupe_key)
    return row


# --- bulk -------------------------------------------------------------------------------------

_COLUMNS = (
    "member_id",
    "channel",
    "to_address",
    "language",
    "purpose",
    "subject",
    "body",
    "status",
    "suppressed_reason",
    "dedupe_key",
    "campaign_id",
    "provider",
    "provider_message_id",
    "attempts",
    "next_attempt_at",
    "expires_at",
    "last_error",
    "created_at",
    "claim_token",
)
_SPECIAL = re.compile(r"[\\\t\n\r]")


@functools.lru_cache(maxsize=256)
def _escaped(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _text(value: str) -> str:
    """A value in COPY's text format (a campaign's body repeats: its escaping is cached)."""
    return _escaped(value) if _SPECIAL.search(value) else value


def _copy_lines(drafts: Iterable[MessageDraft], now: dt.datetime) -> Iterator[str]:
    """Rows in PostgreSQL's COPY text format, validated on the way."""
    created = now.isoformat()
    valid_for = conf.marketing_valid_for()
    expires_now = (now + valid_for).isoformat()
    for draft in drafts:
        _checked(draft)
        marketing = draft.purpose == "marketing"
        if draft.not_before is None:
            due, expires = created, expires_now if marketing else r"\N"
        else:
            due = draft.not_before.isoformat()
            expires = (draft.not_before + valid_for).isoformat() if marketing else r"\N"
        yield (
            "\t".join(
                (
                    r"\N" if draft.member_id is None else str(int(draft.member_id)),
                    draft.channel,
                    _text(draft.to_address),
                    _text(draft.language),
                    draft.purpose,
                    _text(draft.subject or ""),
                    _text(draft.body),
                    "queued",
                    "",
                    _text(draft.dedupe_key),
                    r"\N" if draft.campaign_id is None else str(int(draft.campaign_id)),
                    "",
                    "",
                    "0",
                    due,
                    expires,
                    "",
                    created,
                    "",
                )
            )
            + "\n"
        )


def _bulk_postgresql(drafts: Iterable[MessageDraft], now: dt.datetime) -> int:
    """COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING: COPY alone
    cannot skip duplicates, and the insert from the temporary table runs inside the server."""
    columns = ", ".join(_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS messaging_message_load ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM messaging_message WITH NO DATA"
        )
        cursor.execute("TRUNCATE messaging_message_load")
        with cursor.copy(f"COPY messaging_message_load ({columns}) FROM STDIN") as copy:
            lines = _copy_lines(drafts, now)
            while block := "".join(islice(lines, CHUNK)):
                copy.write(block)
        cursor.execute(
            f"INSERT INTO messaging_message ({columns}) "  # noqa: S608 - constants
            f"SELECT {columns} FROM messaging_message_load "
            "ON CONFLICT (dedupe_key) DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute("TRUNCATE messaging_message_load")
    return int(inserted)


def _bulk_other(drafts: Iterable[MessageDraft], now: dt.datetime) -> int:
    connection.ensure_connection()
    raw = connection.connection
    before = getattr(raw, "total_changes", None)
    inserted = 0
    iterator = iter(drafts)
    while chunk := [_row(_checked(draft), now) for draft in islice(iterator, CHUNK)]:
        created = Message.objects.bulk_create(chunk, ignore_conflicts=True)
        inserted += len(created)
    if before is not None:  # SQLite counts the rows it really inserted
        return int(raw.total_changes - before)
    return inserted


def messages_enqueue_bulk(*, drafts: Iterable[MessageDraft], at: dt.datetime | None = None) -> int:
    """Queue many messages in one transaction; a ``dedupe_key`` already queued (or repeated in
    ``drafts``) is skipped. Returns the rows inserted. A bad draft raises ValidationFailed and
    nothing is queued. PostgreSQL: COPY; elsewhere bulk inserts that ignore conflicts."""
    now = at or timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _bulk_postgresql(drafts, now)
        return _bulk_other(drafts, now)
