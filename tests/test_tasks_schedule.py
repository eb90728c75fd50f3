"""The background schedule: daily jobs once per club day across restarts and clock changes,
interval jobs at their period, failures backed off, jobs that do not exist yet skipped."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bashgah.tasks.app import TASKS, app, beat_schedule
from bashgah.tasks.embedded import DAILY_CHECK, EmbeddedScheduler
from bashgah.tasks.models import JobState
from bashgah.tasks.runner import backoff, job_function, job_run, jobs_status
from bashgah.tasks.schedule import (
    SCHEDULE,
    Job,
    daily_is_due,
    latest_slot,
    local_moment,
    next_slot,
)

UTC = dt.UTC
JERUSALEM = ZoneInfo("Asia/Jerusalem")  # clocks jump 02:00 -> 03:00 on 27 March 2026 and
# fall back 02:00 -> 01:00 on 25 October 2026
CALLS: list[str] = []


def nightly() -> str:
    CALLS.append("nightly")
    return "nightly done"


def often() -> None:
    CALLS.append("often")


def broken() -> None:
    CALLS.append("broken")
    raise RuntimeError("gateway down")


NIGHTLY = Job("test_nightly", "tests.test_tasks_schedule.nightly", daily_at=dt.time(4, 0))
OFTEN = Job("test_often", "tests.test_tasks_schedule.often", every=dt.timedelta(seconds=2))
BROKEN = Job("test_broken", "tests.test_tasks_schedule.broken", every=dt.timedelta(seconds=2))
MISSING = Job("test_missing", "bashgah.not_written_yet.services.run", every=dt.timedelta(seconds=2))
TEST_JOBS = (NIGHTLY, OFTEN, BROKEN, MISSING)


def at(text: str, zone: ZoneInfo = JERUSALEM) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.fixture(autouse=True)
def _club(settings):
    CALLS.clear()
    settings.TIME_ZONE = "Asia/Jerusalem"


# --- the table ---------------------------------------------------------------------------


def test_the_schedule_names_every_job_of_issue_5_once():
    assert [job.name for job in SCHEDULE] == [
        "dispatch_pending",
        "messages_send_due",
        "webhook_deliveries_send_due",
        "campaigns_run_due",
        "messages_poll_statuses",
        "run_daily",
        "audiences_recompute",
    ]
    assert {job.name: job.path for job in SCHEDULE}["run_daily"] == "bashgah.jobs.run_daily"
    assert all(job.path.startswith("bashgah.") for job in SCHEDULE)
    # the jobs that exist today resolve; the others are skipped until they land
    assert job_function(SCHEDULE[0]) is not None
    assert job_function(next(j for j in SCHEDULE if j.name == "run_daily")) is not None


def test_celery_has_one_task_and_one_beat_entry_per_job():
    table = beat_schedule()
    for job in SCHEDULE:
        assert TASKS[job.name].name == f"bashgah.tasks.{job.name}"
        assert TASKS[job.name].name in app.tasks
        entry = table[job.name]
        assert entry["task"] == f"bashgah.tasks.{job.name}"
        expected = (job.every or DAILY_CHECK).total_seconds()
        assert entry["schedule"] == expected and entry["options"]["expires"] == expected
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] == 3600


def test_a_job_needs_exactly_one_kind_of_timing():
    with pytest.raises(ValueError):
        Job("x", "a.b", every=dt.timedelta(seconds=1), daily_at=dt.time(4))
    with pytest.raises(ValueError):
        Job("x", "a.b")
    with pytest.raises(ValueError):
        Job("x", "a.b", every=dt.timedelta(0))


# --- daily slots in the club's time zone ---------------------------------------------------


def test_a_daily_time_is_club_wall_clock_time_on_both_sides_of_a_clock_change():
    job = Job("j", "a.b", daily_at=dt.time(4, 0))
    before = latest_slot(job, now=at("2026-03-26T12:00"), zone=JERUSALEM)
    after = latest_slot(job, now=at("2026-03-27T12:00"), zone=JERUSALEM)
    assert before.astimezone(JERUSALEM).time() == after.astimezone(JERUSALEM).time() == dt.time(4)
    assert after - before == dt.timedelta(hours=23)  # the day the clocks jump is 23 hours


def test_a_time_the_clocks_skip_runs_once_that_day_as_much_later():
    job = Job("j", "a.b", daily_at=dt.time(2, 30))
    slot = local_moment(dt.date(2026, 3, 27), dt.time(2, 30), JERUSALEM)
    assert slot == dt.datetime(2026, 3, 27, 0, 30, tzinfo=UTC)
    assert slot.astimezone(JERUSALEM).time() == dt.time(3, 30)
    assert next_slot(job, now=at("2026-03-26T12:00"), zone=JERUSALEM) == slot
    assert next_slot(job, now=slot, zone=JERUSALEM).astimezone(JERUSALEM) == at("2026-03-28T02:30")


def test_a_time_the_clocks_show_twice_is_its_first_showing():
    job = Job("j", "a.b", daily_at=dt.time(1, 30))
    slot = local_moment(dt.date(2026, 10, 25), dt.time(1, 30), JERUSALEM)
    assert slot == dt.datetime(2026, 10, 24, 22, 30, tzinfo=UTC)  # 01:30 summer time
    second_showing = dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 01:30 winter time
    assert latest_slot(job, now=second_showing, zone=JERUSALEM) == slot
    assert not daily_is_due(job, last_slot=slot, now=second_showing, zone=JERUSALEM)


def test_due_compares_club_days_so_moving_the_time_later_does_not_repeat_the_day():
    early = Job("j", "a.b", daily_at=dt.time(4, 0))
    late = Job("j", "a.b", daily_at=dt.time(6, 0))
    ran = latest_slot(early, now=at("2026-05-01T04:10"), zone=JERUSALEM)
    assert not daily_is_due(late, last_slot=ran, now=at("2026-05-01T07:00"), zone=JERUSALEM)
    assert daily_is_due(late, last_slot=ran, now=at("2026-05-02T06:00"), zone=JERUSALEM)


ZONES = ["Asia/Jerusalem", "Asia/Tehran", "Europe/London", "America/New_York", "UTC"]


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    zone_name=st.sampled_from(ZONES),
    minutes=st.integers(0, 24 * 60 - 1),
    start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 12, 1)),
    downtime=st.lists(st.tuples(st.integers(0, 20 * 24), st.integers(1, 60)), max_size=4),
)
def test_once_per_club_day_whatever_the_restarts(zone_name, minutes, start, downtime):
    """A worker checking every 20 minutes over three weeks, down for some hours now and then
    (losing everything but the database), runs the job exactly on the club days where it was up
    at some moment between that day's slot and the next day's, once each, never before the
    slot. (A day the worker was down for entirely is covered by the next day's run.)"""
    zone = ZoneInfo(zone_name)
    job = Job("j", "a.b", daily_at=dt.time(minutes // 60, minutes % 60))
    begin = start.replace(tzinfo=UTC)
    down = [
        (begin + dt.timedelta(hours=h), begin + dt.timedelta(hours=h + length))
        for h, length in downtime
    ]
    last_slot = None
    runs: list[dt.datetime] = []
    up_between: set[dt.date] = set()
    now = begin
    while now < begin + dt.timedelta(days=21):
        if not any(a <= now < b for a, b in down):
            slot = latest_slot(job, now=now, zone=zone)
            assert slot <= now < next_slot(job, now=now, zone=zone)
            up_between.add(slot.astimezone(zone).date())
            if daily_is_due(job, last_slot=last_slot, now=now, zone=zone):
                runs.append(now)
                last_slot = slot
        now += dt.timedelta(minutes=20)
    days = [latest_slot(job, now=run, zone=zone).astimezone(zone).date() for run in runs]
    assert len(days) == len(set(days))  # never twice for one day
    assert set(days) == up_between  # and never a day skipped while the worker was up


# --- running jobs: state in the database ---------------------------------------------------


@pytest.mark.django_db
def test_a_daily_job_runs_once_per_day_across_restarts():
    assert job_run(NIGHTLY, now=at("2026-03-26T09:00"), jobs=TEST_JOBS).status == "ran"
    state = JobState.objects.get(name="test_nightly")
    assert state.last_slot == at("2026-03-26T04:00")
    assert state.last_result == "nightly done" and state.failures == 0
    # the same day, by this process or a new one: nothing
    assert job_run(NIGHTLY, now=at("2026-03-26T23:59"), jobs=TEST_JOBS).status == "not_due"
    fresh = EmbeddedScheduler(TEST_JOBS[:1])  # a restarted worker remembers nothing itself
    assert [o.status for o in fresh.run_pending(at("2026-03-27T03:59"))] == ["not_due"]
    # the next day, once its time has come (the clocks jumped in between)
    assert [o.status for o in fresh.run_pending(at("2026-03-27T04:00"))] == ["ran"]
    assert CALLS == ["nightly", "nightly"]
    # down for two days: back at noon, it runs at once for today only (the job catches up)
    assert job_run(NIGHTLY, now=at("2026-03-30T12:00"), jobs=TEST_JOBS).status == "ran"
    assert JobState.objects.get(name="test_nightly").last_slot == at("2026-03-30T04:00")


@pytest.mark.django_db
def test_the_embedded_scheduler_keeps_each_jobs_period():
    scheduler = EmbeddedScheduler((OFTEN, NIGHTLY, MISSING))
    t0 = at("2026-06-01T10:00:00")
    assert [o.status for o in scheduler.run_pending(t0)] == ["ran", "ran", "unavailable"]
    assert scheduler.run_pending(t0 + dt.timedelta(seconds=1)) == []
    assert scheduler.seconds_to_next(t0 + dt.timedelta(seconds=1)) == 1.0
    assert [o.job for o in scheduler.run_pending(t0 + dt.timedelta(seconds=2))] == ["test_often"]
    # the daily job is looked at again a minute later (it may have been run elsewhere)
    later = scheduler.run_pending(t0 + dt.timedelta(minutes=1))
    assert [(o.job, o.status) for o in later] == [
        ("test_often", "ran"),
        ("test_nightly", "not_due"),
        ("test_missing", "unavailable"),
    ]
    assert CALLS.count("nightly") == 1


@pytest.mark.django_db
def test_a_failing_job_backs_off_and_recovers():
    t0 = at("2026-06-01T10:00:00")
    first = job_run(BROKEN, now=t0, jobs=TEST_JOBS)
    assert first.status == "failed" and "gateway down" in first.result
    state = JobState.objects.get(name="test_broken")
    assert state.failures == 1 and "gateway down" in state.last_error
    assert job_run(BROKEN, now=state.last_finished_at, jobs=TEST_JOBS).status == "backing_off"
    assert job_run(BROKEN, now=state.last_finished_at + backoff(1), jobs=TEST_JOBS).status == (
        "failed"
    )
    assert JobState.objects.get(name="test_broken").failures == 2
    assert CALLS == ["broken", "broken"]
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 20)] == [5, 10, 20, 3600]
    # fixed: the next run after the backoff succeeds and clears the failure
    fixed = Job("test_broken", "tests.test_tasks_schedule.often", every=dt.timedelta(seconds=2))
    state = JobState.objects.get(name="test_broken")
    assert job_run(fixed, now=state.last_finished_at + backoff(2), jobs=(fixed,)).status == "ran"
    state = JobState.objects.get(name="test_broken")
    assert (state.failures, state.last_error) == (0, "")


@pytest.mark.django_db
def test_a_job_whose_function_is_not_written_yet_is_skipped():
    assert job_run(MISSING, jobs=TEST_JOBS).status == "unavailable"
    absent = Job("x", "bashgah.jobs.no_such_function", every=dt.timedelta(seconds=1))
    assert job_run(absent, jobs=(absent,)).status == "unavailable"
    assert not JobState.objects.filter(name__in=["test_missing", "x"]).exists()
    statuses = {s.job.name: s for s in jobs_status(TEST_JOBS)}
    assert not statuses["test_missing"].installed and statuses["test_often"].installed


@pytest.mark.django_db
@pytest.mark.parametrize("job", SCHEDULE, ids=lambda job: job.name)
def test_every_scheduled_job_runs_through_the_scheduler(job):
    """The contract with the apps: a job is callable with no arguments and runs on a club with
    nothing to do. Skipped for a job whose function has not been written yet."""
    if job_function(job) is None:
        pytest.skip(f"{job.path} does not exist yet")
    outcome = job_run(job)
    assert outcome.status == "ran", outcome
    state = JobState.objects.get(name=job.name)
    assert state.failures == 0 and state.last_finished_at is not None
    assert (state.last_slot is not None) == job.is_daily


@pytest.mark.django_db
def test_the_embedded_worker_delivers_the_outbox(member):
    from bashgah.events.models import OutboxEvent
    from bashgah.tasks.schedule import job_named

    pending = OutboxEvent.objects.filter(delivered_at__isnull=True)
    assert pending.exists()  # joining announced itself
    outcomes = EmbeddedScheduler((job_named("dispatch_pending"),)).run_pending()
    assert [o.status for o in outcomes] == ["ran"]
    assert not pending.exists()


@pytest.mark.django_db
def test_bashgah_jobs_lists_the_schedule_and_runs_one(member, capsys):
    from bashgah.cli import main

    assert main(["jobs", "run", "dispatch_pending"]) == 0
    assert capsys.readouterr().out.startswith("dispatch_pending: ran DispatchRun(events=1")
    assert main(["jobs"]) == 0
    listing = capsys.readouterr().out
    assert "dispatch_pending             every 2s          last run: 20" in listing
    assert "run_daily                    daily at 04:00    last run: never" in listing
    assert main(["jobs", "run", "nonsense"]) == 2
    assert main(["worker", "--only", "dispatch_pending,nonsense"]) == 2
    assert "no job nonsense; jobs: dispatch_pending, messages_send_due" in capsys.readouterr().err
