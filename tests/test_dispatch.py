"""The outbox dispatcher: every handler runs once per event; failures retry with backoff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.events.dispatch import dispatch_pending
from bashgah.events.models import OutboxDelivery, OutboxEvent
from bashgah.events.services import event_emit

pytestmark = pytest.mark.django_db
SEEN: list[tuple[str, int]] = []
FAIL_TIMES = {"count": 0}


def record(event: OutboxEvent) -> None:
    SEEN.append(("record", event.pk))


def flaky(event: OutboxEvent) -> None:
    if FAIL_TIMES["count"] > 0:
        FAIL_TIMES["count"] -= 1
        raise RuntimeError("gateway down")
    SEEN.append(("flaky", event.pk))


@pytest.fixture(autouse=True)
def _handlers(settings):
    SEEN.clear()
    FAIL_TIMES["count"] = 0
    settings.BASHGAH = {
        **settings.BASHGAH,
        "EVENT_HANDLERS": {
            "thing.happened": ["tests.test_dispatch.record", "tests.test_dispatch.flaky"]
        },
    }


def emit() -> OutboxEvent:
    event_emit(topic="thing.happened", aggregate_type="thing", aggregate_id=1, payload={})
    return OutboxEvent.objects.latest("pk")


def test_each_handler_once():
    event = emit()
    event_emit(topic="unrelated", aggregate_type="x", aggregate_id=1, payload={})
    run = dispatch_pending()
    assert (run.events, run.deliveries, run.failures) == (2, 2, 0)
    assert [("record", event.pk), ("flaky", event.pk)] == SEEN
    assert dispatch_pending().events == 0
    event.refresh_from_db()
    assert event.delivered_at is not None


def test_a_failing_handler_is_retried_later_and_the_other_is_not_repeated():
    FAIL_TIMES["count"] = 1
    event = emit()
    first = dispatch_pending()
    assert first.failures == 1
    event.refresh_from_db()
    assert (
        event.delivered_at is None and event.attempts == 1 and "gateway down" in (event.last_error)
    )
    assert dispatch_pending().events == 0  # not due yet: backoff
    later = timezone.now() + dt.timedelta(minutes=5)
    assert dispatch_pending(at=later).failures == 0
    assert [("record", event.pk), ("flaky", event.pk)] == SEEN  # record ran once
    assert OutboxDelivery.objects.filter(event=event).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_deliver_each_event_once():
    from tests.test_concurrency import run_together

    events = [emit() for _ in range(40)]
    run_together(4, lambda _i: dispatch_pending(limit=10))
    run_together(4, lambda _i: dispatch_pending(limit=10))
    assert OutboxDelivery.objects.count() == 80
    assert sorted(pk for name, pk in SEEN if name == "record") == [e.pk for e in events]
