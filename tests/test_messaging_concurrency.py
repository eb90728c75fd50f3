"""Several workers sending at once on PostgreSQL, each with its own connection: every message
is claimed by one worker and sent once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from bashgah.core import sms
from bashgah.messaging.models import Message
from bashgah.messaging.services import MessageDraft, messages_enqueue_bulk, messages_send_due
from bashgah.messaging.services.send import SendRun
from tests.messaging_servers import settings_with

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
T0 = dt.datetime(2030, 1, 15, 8, 30, tzinfo=dt.UTC)


def run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    barrier = threading.Barrier(count)

    def job(index: int) -> Any:
        try:
            barrier.wait()
            return work(index)
        except Exception as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(job, range(count)))


@pytest.fixture(autouse=True)
def _console(settings):
    settings_with(settings, SMS_BACKEND="console")
    sms.OUTBOX.clear()


def queue_texts(member_id: int, count: int) -> None:
    drafts = (
        MessageDraft(
            member_id=member_id,
            channel="sms",
            to_address="+989121234567",
            language="fa",
            purpose="service",
            subject="",
            body=f"message {number}",
            dedupe_key=f"race:{number}",
        )
        for number in range(count)
    )
    assert messages_enqueue_bulk(drafts=drafts, at=T0) == count


def test_four_workers_send_every_message_exactly_once(member):
    queue_texts(member.pk, 300)

    def worker(_index: int) -> list[SendRun]:
        runs = []
        while (run := messages_send_due(limit=25, at=T0)).claimed:
            runs.append(run)
        return runs

    results = run_together(4, worker)
    assert not [r for r in results if isinstance(r, Exception)], results
    texts = [message.text for message in sms.OUTBOX]
    assert len(texts) == 300 and len(set(texts)) == 300
    assert sum(run.sent for runs in results for run in runs) == 300
    assert sum(1 for runs in results if runs) >= 2  # the work was shared, not serialised
    assert set(Message.objects.values_list("status", "attempts")) == {("sent", 1)}
    assert connection.vendor == "postgresql"


def test_a_due_message_is_claimed_by_one_of_two_workers_at_the_same_instant(member):
    queue_texts(member.pk, 1)
    results = run_together(2, lambda _i: messages_send_due(at=T0))
    assert sorted(run.claimed for run in results) == [0, 1]
    assert len(sms.OUTBOX) == 1


def test_bulk_enqueue_of_the_same_campaign_twice_at_once_inserts_each_key_once(member):
    def enqueue(_index: int) -> int:
        drafts = (
            MessageDraft(
                member_id=member.pk,
                channel="sms",
                to_address="+989121234567",
                language="fa",
                purpose="marketing",
                subject="",
                body="offer",
                dedupe_key=f"campaign:9:n:{number}",
                campaign_id=9,
            )
            for number in range(2000)
        )
        return messages_enqueue_bulk(drafts=drafts, at=T0)

    results = run_together(2, enqueue)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 2000 and Message.objects.filter(campaign_id=9).count() == 2000
