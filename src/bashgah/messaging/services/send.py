"""The worker's step: claim due messages, decide at send time, send, record.

Sending happens outside any long transaction:

1. **Claim** (one short transaction): due rows go ``queued`` -> ``sending`` with this run's
   claim token and a lease (``next_attempt_at`` = now + ``MESSAGING_LEASE_SECONDS``). On
   PostgreSQL ``FOR UPDATE SKIP LOCKED`` gives concurrent workers disjoint batches.
2. **Decide** for the whole batch with a few queries: the member has left -> suppressed;
   marketing also needs current consent on the channel, must fit the frequency caps and may
   not go out in quiet hours (deferred to their end, or suppressed when that is too late).
3. **Send** each message and record the result at once, guarded by the claim token. A worker
   that dies after the provider took a message leaves it ``sending``; when the lease ends,
   another worker sends it again with the same provider reference (see ``reference``).
   A run stops before its lease runs out and gives back what it has not sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from bashgah.core.calendars import club_zone
from bashgah.events.services import event_emit
from bashgah.members.consent import consent_granted_among
from bashgah.members.models import Member
from bashgah.messaging import conf
from bashgah.messaging.models import Message
from bashgah.messaging.providers import email_sender, sms_provider
from bashgah.messaging.providers.base import Accepted, Outgoing, Provider, SendError
from bashgah.messaging.services.compose import UNSUBSCRIBE_MARK
from bashgah.messaging.services.optout import unsubscribe_url

logger = logging.getLogger("bashgah.messaging")

RETRY_BASE = dt.timedelta(seconds=30)
RETRY_MAX = dt.timedelta(hours=1)
SUPPRESS_LEFT = "member_left"
SUPPRESS_NO_CONSENT = "no_consent"
SUPPRESS_CAPPED = "capped"
SUPPRESS_EXPIRED = "expired"  # quiet hours or retries ran past the message's validity


@dataclass(frozen=True, slots=True)
class SendRun:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    deferred: int = 0
    released: int = 0  # given back unsent because the lease was running out


# --- 1. claim ---------------------------------------------------------------------------------


def _claim(limit: int, at: dt.datetime, token: str) -> list[int]:
    with transaction.atomic():
        due = Message.objects.filter(
            status__in=(Message.Status.QUEUED, Message.Status.SENDING), next_attempt_at__lte=at
        ).order_by("next_attempt_at", "id")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if ids:
            Message.objects.filter(pk__in=ids).update(
                status=Message.Status.SENDING,
                claim_token=token,
                claimed_at=at,
                next_attempt_at=at + conf.lease(),
                attempts=F("attempts") + 1,
            )
    return ids


def _mine(token: str) -> Q:
    return Q(claim_token=token, status=Message.Status.SENDING)


# --- 2. decide --------------------------------------------------------------------------------


def quiet_until(at: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours ``at`` falls in (club time zone), or None outside them."""
    hours = conf.quiet_hours()
    if hours is None:
        return None
    start, end = hours
    zone = club_zone()
    local = at.astimezone(zone)
    now = local.time()
    inside = start <= now < end if start < end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=zone)


def _sent_counts(
    messages: list[Message], at: dt.datetime, token: str
) -> dict[tuple[int, str], list[int]]:
    """Marketing messages per (member, channel) sent today and in the last seven days (today
    and the six before, in the club's time zone), counting those other workers are sending
    right now: ``[day, week]``. Whole days, so a campaign sent at 10:00 every day is not
    capped because yesterday's went out a few seconds after 10:00."""
    member_ids = {m.member_id for m in messages if m.member_id is not None}
    channels = {m.channel for m in messages}
    zone = club_zone()
    day = dt.datetime.combine(at.astimezone(zone).date(), dt.time(0), tzinfo=zone)
    week = day - dt.timedelta(days=6)
    in_flight = Q(status=Message.Status.SENDING) & ~Q(claim_token=token)
    rows = (
        Message.objects.filter(
            member_id__in=member_ids, channel__in=channels, purpose=Message.Purpose.MARKETING
        )
        .filter(Q(sent_at__gte=week) | (in_flight & Q(claimed_at__gte=week)))
        .values("member_id", "channel")
        .annotate(
            week=Count("id"),
            day=Count("id", filter=Q(sent_at__gte=day) | (in_flight & Q(claimed_at__gte=day))),
        )
    )
    return {(row["member_id"], row["channel"]): [row["day"], row["week"]] for row in rows}


@dataclass(slots=True)
class _Plan:
    send: list[Message]
    suppress: dict[str, list[int]]
    defer: dict[dt.datetime, list[int]]


def _plan(messages: list[Message], at: dt.datetime, token: str) -> _Plan:
    plan = _Plan(send=[], suppress=defaultdict(list), defer=defaultdict(list))
    member_ids = {m.member_id for m in messages if m.member_id is not None}
    statuses = dict(Member.objects.filter(pk__in=member_ids).values_list("pk", "status"))
    marketing = [m for m in messages if m.purpose == Message.Purpose.MARKETING]
    granted: set[tuple[int, str]] = set()
    counts: dict[tuple[int, str], list[int]] = {}
    if marketing:
        granted = consent_granted_among(
            member_ids={m.member_id for m in marketing if m.member_id is not None},
            channels={m.channel for m in marketing},
        )
        counts = _sent_counts(marketing, at, token)
    quiet_end = quiet_until(at)
    per_day, per_week = conf.cap_per_day(), conf.cap_per_week()
    for message in messages:
        key = (message.member_id or 0, message.channel)
        if message.member_id is not None and statuses.get(message.member_id) != "active":
            plan.suppress[SUPPRESS_LEFT].append(message.pk)
        elif message.purpose != Message.Purpose.MARKETING:
            plan.send.append(message)
        elif message.expires_at is not None and at >= message.expires_at:
            plan.suppress[SUPPRESS_EXPIRED].append(message.pk)
        elif key not in granted:
            plan.suppress[SUPPRESS_NO_CONSENT].append(message.pk)
        elif quiet_end is not None:
            if message.expires_at is not None and quiet_end >= message.expires_at:
                plan.suppress[SUPPRESS_EXPIRED].append(message.pk)
            else:
                plan.defer[quiet_end].append(message.pk)
        else:
            sent = counts.setdefault(key, [0, 0])
            if sent[0] >= per_day or sent[1] >= per_week:
                plan.suppress[SUPPRESS_CAPPED].append(message.pk)
            else:
                sent[0] += 1
                sent[1] += 1
                plan.send.append(message)
    return plan


def _apply(plan: _Plan, token: str) -> tuple[int, int]:
    suppressed = deferred = 0
    for reason, ids in plan.suppress.items():
        suppressed += Message.objects.filter(_mine(token), pk__in=ids).update(
            status=Message.Status.SUPPRESSED, suppressed_reason=reason
        )
    for until, ids in plan.defer.items():
        deferred += Message.objects.filter(_mine(token), pk__in=ids).update(
            status=Message.Status.QUEUED, next_attempt_at=until, attempts=F("attempts") - 1
        )
    return suppressed, deferred


# --- 3. send and record -----------------------------------------------------------------------


def reference(message: Message, provider: str) -> str:
    """The provider reference, the same on every attempt at this message: Kavenegar's numeric
    ``localid``, the email's Message-ID, the gateway's reference. The creation time keeps
    references apart when a database is rebuilt and ids start again."""
    stamp = int(message.created_at.timestamp())
    if provider == "kavenegar":
        return str(message.pk)
    if message.channel == Message.Channel.EMAIL:
        host = conf.site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"<bashgah.{message.pk}.{stamp}@{host or 'localhost'}>"
    return f"bashgah-{message.pk}-{stamp}"


def _outgoing(message: Message, provider: str) -> Outgoing:
    body, headers = message.body, {}
    if message.channel == Message.Channel.EMAIL and message.member_id is not None:
        link = unsubscribe_url(member_id=message.member_id)
        body = body.replace(UNSUBSCRIBE_MARK, link)
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return Outgoing(
        channel=message.channel,
        to=message.to_address,
        body=body,
        reference=reference(message, provider),
        subject=message.subject,
        headers=headers,
    )


class _Providers:
    """The batch's providers, opened when first needed and closed at the end."""

    def __init__(self) -> None:
        self._open: dict[str, Provider] = {}

    def get(self, channel: str) -> Provider:
        if channel not in self._open:
            self._open[channel] = (
                email_sender() if channel == Message.Channel.EMAIL else sms_provider()
            )
        return self._open[channel]

    def close(self) -> None:
        for provider in self._open.values():
            provider.close()


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min … doubling after each failed attempt, at most an hour."""
    return min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_MAX)


def _record_sent(message: Message, token: str, at: dt.datetime, name: str, ok: Accepted) -> None:
    Message.objects.filter(_mine(token), pk=message.pk).update(
        status=Message.Status.SENT,
        sent_at=at,
        provider=name,
        provider_message_id=ok.provider_message_id[:64],
        last_error="",
    )


def message_failed_emit(*, message: Message, reason: str, contact_problem: bool) -> None:
    """Announce a message that will never arrive; ``contacts`` marks the contact stale when
    ``contact_problem``. The caller holds the transaction that recorded the failure."""
    if message.member_id is None:
        return
    event_emit(
        topic="message.failed",
        aggregate_type="member",
        aggregate_id=message.member_id,
        payload={
            "message_id": message.pk,
            "member_id": message.member_id,
            "channel": message.channel,
            "campaign_id": message.campaign_id,
            "reason": reason[:200],
            "contact_problem": contact_problem,
        },
    )


def _record_failed(message: Message, token: str, error: SendError, name: str) -> None:
    with transaction.atomic():
        changed = Message.objects.filter(_mine(token), pk=message.pk).update(
            status=Message.Status.FAILED, provider=name, last_error=error.reason
        )
        if changed:
            message_failed_emit(
                message=message, reason=error.reason, contact_problem=error.contact_problem
            )


def _record_retry(
    message: Message, token: str, at: dt.datetime, error: SendError, name: str
) -> bool:
    """Back to the queue after a transient error; False when out of attempts (failed)."""
    if message.attempts >= conf.max_attempts():
        _record_failed(message, token, SendError(f"gave up: {error.reason}"), name)
        return False
    Message.objects.filter(_mine(token), pk=message.pk).update(
        status=Message.Status.QUEUED,
        next_attempt_at=at + retry_delay(message.attempts),
        provider=name,
        last_error=error.reason,
    )
    return True


def _release(ids: list[int], token: str, at: dt.datetime) -> int:
    return Message.objects.filter(_mine(token), pk__in=ids).update(
        status=Message.Status.QUEUED, next_attempt_at=at, attempts=F("attempts") - 1
    )


def _send_all(
    messages: list[Message], token: str, at: dt.datetime, clock: Callable[[], dt.datetime]
) -> dict[str, int]:
    counts = {"sent": 0, "retried": 0, "failed": 0, "released": 0}
    lease = conf.lease()
    stop_after = lease - min(dt.timedelta(seconds=60), lease / 2)
    providers = _Providers()
    try:
        for index, message in enumerate(messages):
            moment = clock()
            if moment - at >= stop_after:
                counts["released"] = _release([m.pk for m in messages[index:]], token, moment)
                break
            provider = providers.get(message.channel)
            try:
                accepted = provider.send(_outgoing(message, provider.name))
            except SendError as error:
                if not error.transient:
                    _record_failed(message, token, error, provider.name)
                    counts["failed"] += 1
                elif _record_retry(message, token, clock(), error, provider.name):
                    counts["retried"] += 1
                else:
                    counts["failed"] += 1
                continue
            except Exception as error:  # a provider's bug must not stop the batch
                logger.exception("provider %s failed on message %s", provider.name, message.pk)
                if _record_retry(message, token, clock(), SendError(repr(error)), provider.name):
                    counts["retried"] += 1
                else:
                    counts["failed"] += 1
                continue
            _record_sent(message, token, clock(), provider.name, accepted)
            counts["sent"] += 1
    finally:
        providers.close()
    return counts


def messages_send_due(*, limit: int = 200, at: dt.datetime | None = None) -> SendRun:
    """Send up to ``limit`` due messages; safe to run in several processes at once and to call
    again and again (the worker's schedule). ``at`` is the run's moment (tests move it)."""
    at = at or timezone.now()
    started = time.monotonic()

    def clock() -> dt.datetime:
        return at + dt.timedelta(seconds=time.monotonic() - started)

    token = secrets.token_hex(16)
    ids = _claim(limit, at, token)
    if not ids:
        return SendRun()
    messages = list(Message.objects.filter(_mine(token), pk__in=ids).order_by("pk"))
    plan = _plan(messages, at, token)
    suppressed, deferred = _apply(plan, token)
    counts = _send_all(plan.send, token, at, clock)
    return SendRun(claimed=len(ids), suppressed=suppressed, deferred=deferred, **counts)
