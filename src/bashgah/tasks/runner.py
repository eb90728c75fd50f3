"""Running one scheduled job: the code every path shares (embedded worker, Celery task, CLI).

``job_run`` takes the job's lock (skipping when another process holds it), decides whether a
daily job is due for its latest slot, calls the job's function, and records the outcome in
``JobState``. A job that fails is retried with exponential backoff (5 s, 10 s, … up to an
hour), so a broken job neither stops the others nor floods the log.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from bashgah.tasks.locks import LockKind, job_lock
from bashgah.tasks.models import JobState
from bashgah.tasks.schedule import SCHEDULE, Job, daily_is_due, job_named, latest_slot

logger = logging.getLogger("bashgah.tasks")
MAX_BACKOFF = dt.timedelta(hours=1)
Status = Literal["ran", "failed", "locked", "not_due", "backing_off", "unavailable"]
_reported_unavailable: set[str] = set()


@dataclass(frozen=True, slots=True)
class JobOutcome:
    job: str
    status: Status
    result: str = ""


def club_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def job_function(job: Job) -> Callable[[], Any] | None:
    """The job's function, or None while the module or function named does not exist yet.
    Any other import error is a bug in the job's module and is raised."""
    module_path, _, attribute = job.path.rpartition(".")
    try:
        module = importlib.import_module(module_path)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (module_path == missing or module_path.startswith(f"{missing}.")):
            return None
        raise
    function = getattr(module, attribute, None)
    return function if callable(function) else None


def backoff(failures: int) -> dt.timedelta:
    if failures <= 0:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=5 * 2 ** min(failures - 1, 20)), MAX_BACKOFF)


def _summary(result: Any) -> str:
    report = getattr(result, "report", None)
    text = report() if callable(report) else ("" if result is None else str(result))
    return text[:500]


@dataclass(frozen=True, slots=True)
class JobStatus:
    job: Job
    installed: bool
    state: JobState | None


def jobs_status(jobs: tuple[Job, ...] = SCHEDULE) -> list[JobStatus]:
    """Each scheduled job with what was last recorded of it (for operators)."""
    states = {
        state.name: state for state in JobState.objects.filter(name__in=[j.name for j in jobs])
    }
    return [JobStatus(job, job_function(job) is not None, states.get(job.name)) for job in jobs]


def job_run(
    job: Job | str,
    *,
    now: dt.datetime | None = None,
    lock: LockKind | None = None,
    jobs: tuple[Job, ...] = SCHEDULE,
) -> JobOutcome:
    """Run ``job`` once if it may run now. Never raises for the job's own failure."""
    if isinstance(job, str):
        job = job_named(job, jobs)
    try:
        function = job_function(job)
    except Exception as error:
        logger.exception("job %s: its module does not import", job.name)
        return JobOutcome(job.name, "failed", repr(error)[:500])
    if function is None:
        if job.name not in _reported_unavailable:
            _reported_unavailable.add(job.name)
            logger.warning("job %s: %s does not exist yet; skipped", job.name, job.path)
        return JobOutcome(job.name, "unavailable")
    with job_lock(job.name, seconds=job.lock_seconds, kind=lock) as held:
        if not held:
            return JobOutcome(job.name, "locked")
        return _run_locked(job, function, now or timezone.now())


def _run_locked(job: Job, function: Callable[[], Any], now: dt.datetime) -> JobOutcome:
    """The caller holds the job's lock, so the state read here cannot change under us."""
    state, _ = JobState.objects.get_or_create(name=job.name)
    retry_at = (state.last_finished_at or now) + backoff(state.failures)
    if state.failures and now < retry_at:
        return JobOutcome(job.name, "backing_off")
    slot = None
    if job.is_daily:
        zone = club_zone()
        if not daily_is_due(job, last_slot=state.last_slot, now=now, zone=zone):
            return JobOutcome(job.name, "not_due")
        slot = latest_slot(job, now=now, zone=zone)
    rows = JobState.objects.filter(name=job.name)
    rows.update(last_started_at=now)
    try:
        result = function()
    except Exception as error:
        logger.exception("job %s failed", job.name)
        rows.update(
            last_finished_at=timezone.now(),
            last_error=repr(error)[:2000],
            failures=F("failures") + 1,
        )
        return JobOutcome(job.name, "failed", repr(error)[:500])
    summary = _summary(result)
    done: dict[str, Any] = {
        "last_finished_at": timezone.now(),
        "last_result": summary,
        "last_error": "",
        "failures": 0,
    }
    if slot is not None:
        done["last_slot"] = slot
    rows.update(**done)
    # Interval jobs run every few seconds: their runs are logged only when asked for (DEBUG).
    level = logging.INFO if job.is_daily else logging.DEBUG
    logger.log(level, "job %s: %s", job.name, summary or "done")
    return JobOutcome(job.name, "ran", summary)
