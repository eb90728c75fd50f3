"""The embedded worker: the whole schedule in this process, no broker, no server.

``bashgah worker`` runs it in the foreground and ``bashgah demo`` in a daemon thread beside the
web server. Jobs run one at a time, through the same ``job_run`` as the Celery tasks, so
several embedded workers (or an embedded worker beside Celery) never run a job twice at once.
A long nightly job delays the every-few-seconds jobs of this process until it ends; a
deployment where that matters runs Celery, where each run is its own task.

When an interval job runs next is kept in memory: after a restart every interval job runs at
once, which is harmless since each run only does what is due. Daily jobs are checked at least
once a minute against the database (``JobState.last_slot``), so their days survive restarts.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections, connection
from django.utils import timezone

from bashgah.tasks.runner import JobOutcome, club_zone, job_run
from bashgah.tasks.schedule import SCHEDULE, Job, next_slot

logger = logging.getLogger("bashgah.tasks")
DAILY_CHECK = dt.timedelta(minutes=1)
UNAVAILABLE_RECHECK = dt.timedelta(minutes=1)


class EmbeddedScheduler:
    def __init__(self, jobs: tuple[Job, ...] = SCHEDULE) -> None:
        self.jobs = jobs
        self.next_at: dict[str, dt.datetime] = {}  # empty: everything is checked at start

    def due(self, now: dt.datetime) -> list[Job]:
        return [job for job in self.jobs if self.next_at.get(job.name, now) <= now]

    def run_pending(self, now: dt.datetime | None = None) -> list[JobOutcome]:
        """Run (or check) every job whose time has come; return what happened to each."""
        outcomes = []
        for job in self.due(now or timezone.now()):
            if not connection.in_atomic_block:  # never under a caller's transaction
                close_old_connections()  # a connection past its age or broken is replaced
            started = now or timezone.now()
            outcome = job_run(job, now=started, jobs=self.jobs)
            self.next_at[job.name] = self._next(job, outcome, started)
            outcomes.append(outcome)
        return outcomes

    def _next(self, job: Job, outcome: JobOutcome, started: dt.datetime) -> dt.datetime:
        if outcome.status == "unavailable":
            return started + UNAVAILABLE_RECHECK
        if job.every is not None:
            return started + job.every
        return min(next_slot(job, now=started, zone=club_zone()), started + DAILY_CHECK)

    def seconds_to_next(self, now: dt.datetime) -> float:
        if not self.next_at:
            return 0.0
        soonest = min(self.next_at.get(job.name, now) for job in self.jobs)
        return max((soonest - now).total_seconds(), 0.0)


def run_embedded(
    *,
    stop: threading.Event,
    jobs: tuple[Job, ...] = SCHEDULE,
    max_sleep: float = 1.0,
) -> None:
    """Run the schedule until ``stop`` is set; a job in progress is finished first."""
    scheduler = EmbeddedScheduler(jobs)
    logger.info("embedded worker: %s", ", ".join(f"{j.name} ({j.describe()})" for j in jobs))
    while not stop.is_set():
        try:
            scheduler.run_pending()
        except Exception:
            # The database itself is away (job failures are caught inside job_run): wait.
            logger.exception("embedded worker: the schedule could not run; retrying")
            connection.close()
            stop.wait(5)
            continue
        stop.wait(min(scheduler.seconds_to_next(timezone.now()), max_sleep))
