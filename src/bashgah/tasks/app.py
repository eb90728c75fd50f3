"""The Celery app for production: ``celery -A bashgah.tasks.app worker`` and ``… beat``
(or ``bashgah worker --celery [--beat]``).

One thin task per scheduled job, named ``bashgah.tasks.<job name>``, each calling
``bashgah.tasks.runner.job_run`` — exactly what the embedded worker calls. Beat's table is
built from ``bashgah.tasks.schedule.SCHEDULE``: interval jobs at their period, daily jobs
checked every minute (the task itself decides from the database whether the day is due, so
beat keeps no state that matters and two beats only send duplicate checks).

Delivery: tasks are acknowledged after they finish (``acks_late``) and requeued when their
worker dies (``reject_on_worker_lost``), one at a time per process (prefetch 1). Periodic
tasks expire after their period, so a queue that piled up while the workers were down does not
replay hundreds of identical runs. Whatever a killed task left half done, the job's own state
in the database finishes: the next run (from any worker) picks up exactly where it stopped.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from celery import Celery

from bashgah.tasks.schedule import SCHEDULE, Job

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bashgah.settings")

app = Celery("bashgah")
DAILY_CHECK = dt.timedelta(minutes=1)


def _configure() -> None:
    from django.conf import settings

    from bashgah.core.i18n import compile_messages

    compile_messages()  # workers render messages in the members' languages
    app.conf.update(
        broker_url=settings.CELERY_BROKER_URL or "memory://",
        broker_transport_options={"visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT},
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.CELERY_QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        result_backend=None,
        enable_utc=True,
        timezone=settings.TIME_ZONE,
        beat_schedule=beat_schedule(),
        # Beat keeps its table in memory: what matters (a daily job's last day) is in the
        # database, so beat needs no schedule file and a restarted beat loses nothing.
        beat_scheduler="celery.beat:Scheduler",
    )


def task_name(job: Job) -> str:
    return f"bashgah.tasks.{job.name}"


def beat_schedule(jobs: tuple[Job, ...] = SCHEDULE) -> dict[str, dict[str, Any]]:
    table = {}
    for job in jobs:
        period = (job.every or DAILY_CHECK).total_seconds()
        table[job.name] = {
            "task": task_name(job),
            "schedule": period,
            "options": {"expires": max(period, 1.0)},
        }
    return table


def _task_for(job: Job) -> Any:
    def run() -> str:
        from bashgah.tasks.runner import job_run

        return job_run(job.name).status

    run.__name__ = run.__qualname__ = job.name
    run.__doc__ = f"The scheduled job {job.name} ({job.describe()}): {job.path}."
    return app.task(name=task_name(job), ignore_result=True)(run)


_configure()
TASKS = {job.name: _task_for(job) for job in SCHEDULE}
