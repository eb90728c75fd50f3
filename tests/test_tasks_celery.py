"""A real Celery worker (with beat) on the local Redis runs the scheduled jobs against the test
database: the outbox is delivered on beat's schedule, the daily job runs once for its day, and
`bashgah worker` stops cleanly on SIGTERM."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.tasks.models import JobState
from bashgah.tasks.runner import club_zone
from bashgah.tasks.schedule import job_named, latest_slot
from tests.workers import start_worker, wait_until, worker_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _expired_points(member, points: int) -> None:
    earned = timezone.now() - dt.timedelta(days=400)
    points_credit(
        member=member,
        points=points,
        kind=Transaction.Kind.EARN,
        at=earned,
        expires_at=timezone.now() - dt.timedelta(days=1),
    )


@pytest.mark.redis
def test_a_celery_worker_runs_the_schedule_against_the_database(member, tmp_path):
    from bashgah.tasks.app import app

    _expired_points(member, 120)
    pending = OutboxEvent.objects.filter(delivered_at__isnull=True)
    assert pending.exists()
    env = worker_env(redis=True)
    worker = start_worker("celery", env, tmp_path / "celery.log", "--beat", "--concurrency", "2")
    try:
        # beat sends dispatch_pending every few seconds: the outbox empties
        wait_until(lambda: not pending.exists(), timeout=90, what="the outbox", worker=worker)
        # the daily job, sent twice at once to two worker processes: it runs once for today
        for _ in range(2):
            app.send_task("bashgah.tasks.run_daily", queue=env["CELERY_QUEUE"])
        wait_until(
            lambda: JobState.objects.filter(name="run_daily", last_slot__isnull=False).exists(),
            timeout=60,
            what="run_daily",
            worker=worker,
        )
    finally:
        worker.kill()
    assert worker.log.count("job run_daily:") == 1, worker.log  # the other: locked or not due
    state = JobState.objects.get(name="run_daily")
    now = timezone.now()
    slot = latest_slot(job_named("run_daily"), now=now, zone=club_zone())
    assert state.last_slot == slot and state.failures == 0, state.last_error
    assert "points expired: 120 from 1 members" in state.last_result
    assert points_summary(member=member).balance == 0
    assert Transaction.objects.filter(kind=Transaction.Kind.EXPIRE).count() == 1
    assert JobState.objects.get(name="dispatch_pending").last_finished_at is not None


def test_the_embedded_worker_stops_cleanly_on_sigterm(member, tmp_path):
    pending = OutboxEvent.objects.filter(delivered_at__isnull=True)
    assert pending.exists()
    worker = start_worker(
        "embedded", worker_env(redis=False), tmp_path / "worker.log", "--only", "dispatch_pending"
    )
    try:
        wait_until(lambda: not pending.exists(), timeout=60, what="the outbox", worker=worker)
    finally:
        code = worker.stop()
    assert code == 0, worker.log
    assert "stopping after the job in progress" in worker.log
