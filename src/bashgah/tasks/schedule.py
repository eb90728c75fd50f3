"""The one schedule table: what runs in the background, how often, and which function does it.

Both the embedded worker (``bashgah worker``, the demo) and Celery beat read this table, and
both run a job through ``bashgah.tasks.runner.job_run`` — the same code under the same lock.

A job is a function callable with no arguments, named by its dotted path and imported only
when it runs, so the table may name a function another app has not written yet: such a job is
skipped (and logged once) until it exists.

- ``every``: run again this long after the last run started (drain-style jobs: the outbox,
  due messages, due webhooks, due campaigns). Each run must be safe to repeat at any time.
- ``daily_at``: once per day at this wall-clock time in the club's time zone (``TIME_ZONE``).
  The day a run was made for is remembered in the database (``tasks.JobState.last_slot``),
  so a restart neither repeats the day nor skips it: a worker that was down at that time
  runs the job as soon as it is back.

This module is pure (no ORM, no settings): the due computation is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    path: str
    every: dt.timedelta | None = None
    daily_at: dt.time | None = None
    # How long a holder keeps the job's lock without renewing it (renewed while it runs): the
    # longest a worker killed outright can keep others from running the job (Redis and the
    # SQLite lease; PostgreSQL frees the lock with the connection).
    lock_seconds: int = 15

    def __post_init__(self) -> None:
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"job {self.name}: give exactly one of every= and daily_at=")
        if self.every is not None and self.every <= dt.timedelta(0):
            raise ValueError(f"job {self.name}: every= must be positive")

    @property
    def is_daily(self) -> bool:
        return self.daily_at is not None

    def describe(self) -> str:
        if self.every is not None:
            return f"every {self.every.total_seconds():g}s"
        assert self.daily_at is not None
        return f"daily at {self.daily_at:%H:%M}"


SECONDS = dt.timedelta(seconds=1)

SCHEDULE: tuple[Job, ...] = (
    Job("dispatch_pending", "bashgah.events.dispatch.dispatch_pending", every=2 * SECONDS),
    Job("messages_send_due", "bashgah.messaging.services.messages_send_due", every=2 * SECONDS),
    Job(
        "webhook_deliveries_send_due",
        "bashgah.webhooks.services.webhook_deliveries_send_due",
        every=2 * SECONDS,
    ),
    Job("campaigns_run_due", "bashgah.campaigns.services.campaigns_run_due", every=60 * SECONDS),
    # Delivery reports for clubs whose gateway cannot call back (Kavenegar polling; else 0).
    Job(
        "messages_poll_statuses",
        "bashgah.messaging.services.messages_poll_statuses",
        every=300 * SECONDS,
    ),
    # Nightly work, after midnight and clear of the hours clocks jump in (00:00–03:00 in the
    # zones we serve): expiry, warnings and tier review first, then the audiences (statistics
    # window, RFM, lifecycle, saved segments) the morning's campaigns are aimed at.
    Job("run_daily", "bashgah.jobs.run_daily", daily_at=dt.time(4, 0), lock_seconds=120),
    Job(
        "audiences_recompute",
        "bashgah.audiences.services.audiences_recompute",
        daily_at=dt.time(4, 30),
        lock_seconds=120,
    ),
)


def job_named(name: str, jobs: tuple[Job, ...] = SCHEDULE) -> Job:
    for job in jobs:
        if job.name == name:
            return job
    raise KeyError(f"no scheduled job named {name!r}")


def local_moment(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The instant (UTC) the clocks of ``zone`` show ``at`` on ``day``.

    A time the clocks skip (spring forward) is read with the offset before the jump, so it
    lands as much later as the jump; a time shown twice (fall back) is its first showing.
    Either way a day has exactly one such instant.
    """
    return dt.datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def latest_slot(job: Job, *, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The most recent moment (at or before ``now``) a daily job was scheduled for."""
    assert job.daily_at is not None, job
    today = now.astimezone(zone).date()
    slot = local_moment(today, job.daily_at, zone)
    if slot > now:
        slot = local_moment(today - dt.timedelta(days=1), job.daily_at, zone)
    return slot


def next_slot(job: Job, *, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first moment after ``now`` a daily job is scheduled for."""
    assert job.daily_at is not None, job
    day = latest_slot(job, now=now, zone=zone).astimezone(zone).date()
    while True:
        day += dt.timedelta(days=1)
        slot = local_moment(day, job.daily_at, zone)
        if slot > now:
            return slot


def daily_is_due(
    job: Job, *, last_slot: dt.datetime | None, now: dt.datetime, zone: ZoneInfo
) -> bool:
    """Whether a daily job still has to run for its latest slot.

    Days are compared in the club's calendar, not instants, so moving ``daily_at`` later in the
    day does not run the job a second time that day.
    """
    if last_slot is None:
        return True
    slot = latest_slot(job, now=now, zone=zone)
    return slot.astimezone(zone).date() > last_slot.astimezone(zone).date()
