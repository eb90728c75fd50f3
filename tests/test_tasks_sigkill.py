"""A worker killed (SIGKILL) in the middle of sending resumes without sending any message twice
or losing one (issue 5).

200 messages go through the generic HTTP SMS gateway to a local server that records every
request and, like a gateway honouring the reference, answers a repeated ``Idempotency-Key``
with 409 instead of delivering it again. A worker process is started, killed with its whole
process group once part of the batch is out, and a new one started: every message must reach
the gateway exactly once (one delivery per reference, the reference the message's own), and the
database must say all 200 are sent. Run for the embedded ``bashgah worker`` (job lock:
PostgreSQL advisory lock) and for a Celery worker with beat (job lock: Redis).
"""

from __future__ import annotations

import time

import pytest

from bashgah.messaging.models import Message
from bashgah.messaging.services import MessageDraft, messages_enqueue_bulk
from bashgah.messaging.services.send import reference
from tests.workers import serve_gateway, start_worker, wait_until, worker_env

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
COUNT = 200
KILL_AFTER = 40
LEASE_SECONDS = 6  # how long a killed worker's claimed messages wait before another takes them


@pytest.fixture
def gateway():
    yield from serve_gateway(delay=0.01)


def enqueue_batch(count: int = COUNT) -> list[Message]:
    drafts = [
        MessageDraft(
            member_id=None,
            channel="sms",
            to_address=f"+98912{index:07d}",
            language="fa",
            purpose="service",
            subject="",
            body=f"پیام شماره {index}",
            dedupe_key=f"sigkill-test-{index}",
        )
        for index in range(count)
    ]
    assert messages_enqueue_bulk(drafts=drafts) == count
    return list(Message.objects.order_by("pk"))


WORKERS = [
    pytest.param("embedded", id="embedded"),
    pytest.param("celery", id="celery", marks=pytest.mark.redis),
]


@pytest.mark.parametrize("kind", WORKERS)
def test_a_killed_worker_resumes_without_sending_twice_or_losing_one(kind, gateway, tmp_path):
    messages = enqueue_batch()
    env = worker_env(
        redis=kind == "celery",
        BASHGAH_SMS_BACKEND="http",
        SMS_GATEWAY_URL=gateway.url,
        BASHGAH_MESSAGING_LEASE_SECONDS=str(LEASE_SECONDS),
    )
    args = ["--only", "messages_send_due"] if kind == "embedded" else ["--beat"]

    first = start_worker(kind, env, tmp_path / "first.log", *args)
    try:
        wait_until(
            lambda: len(gateway.delivered) >= KILL_AFTER,
            timeout=90,
            what=f"{KILL_AFTER} messages at the gateway",
            worker=first,
        )
    finally:
        first.kill()
    at_kill = len(gateway.delivered)
    assert at_kill < COUNT, "the batch was out before the kill: nothing was tested"
    unsent = Message.objects.exclude(status=Message.Status.SENT).count()
    assert unsent > 0

    second = start_worker(kind, env, tmp_path / "second.log", *args)
    sent = Message.objects.filter(status=Message.Status.SENT)
    try:
        wait_until(
            lambda: sent.count() == COUNT,
            timeout=120,
            what="every message sent",
            worker=second,
        )
        time.sleep(0.5)  # anything still arriving would be a second send
    finally:
        second.kill()

    expected = {reference(m, "http"): m for m in messages}
    assert set(gateway.delivered) == set(expected)  # none lost, none unknown
    for ref, body in gateway.delivered.items():
        message = expected[ref]
        assert (body["to"], body["text"], body["reference"]) == (
            message.to_address,
            message.body,
            ref,
        )
    # every request for a message carried that message's one reference: a message the killed
    # worker had handed over but not yet recorded went again under the same reference
    assert {r["idempotency_key"] for r in gateway.requests} == set(expected)
    assert all(r["idempotency_key"] == r["reference"] for r in gateway.requests)
    assert gateway.repeats <= 1, gateway.repeats  # at most the one in flight at the kill
    rows = Message.objects.values_list("provider_message_id", "status", "provider")
    assert sorted(rows) == sorted((ref, Message.Status.SENT, "http") for ref in expected)


def test_a_campaign_survives_a_killed_worker(gateway, tmp_path):
    """A whole campaign through the embedded worker: fan-out in small batches, then sending;
    the worker is killed mid-campaign and a new one finishes it. Every told member gets exactly
    one message, the control group none."""
    from bashgah.campaigns.models import Recipient
    from bashgah.campaigns.services import campaign_create, campaign_launch
    from bashgah.members.consent import consent_set
    from bashgah.purchases.services import member_join

    members = [member_join(phone=f"0912777{index:04d}").member for index in range(150)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    campaign = campaign_create(
        name="kill test",
        channel="sms",
        control_percent=10,
        templates={"fa": {"body": "{first_name} سلام"}},
    )
    campaign_launch(campaign=campaign)
    env = worker_env(
        redis=False,
        BASHGAH_SMS_BACKEND="http",
        SMS_GATEWAY_URL=gateway.url,
        BASHGAH_MESSAGING_LEASE_SECONDS=str(LEASE_SECONDS),
        BASHGAH_CAMPAIGN_BATCH="10",
        BASHGAH_MESSAGING_QUIET_HOURS="",
    )
    args = ["--only", "campaigns_run_due,messages_send_due"]
    first = start_worker("embedded", env, tmp_path / "first.log", *args)
    try:
        wait_until(
            lambda: len(gateway.delivered) >= 30,
            timeout=90,
            what="30 campaign messages at the gateway",
            worker=first,
        )
    finally:
        first.kill()
    told = set(
        Recipient.objects.filter(campaign=campaign, group="treatment").values_list(
            "member_id", flat=True
        )
    )
    second = start_worker("embedded", env, tmp_path / "second.log", *args)
    messages = Message.objects.filter(campaign_id=campaign.pk)
    try:
        wait_until(
            lambda: (
                Recipient.objects.filter(campaign=campaign).count() == 150
                and messages.exclude(status=Message.Status.SENT).count() == 0
                and messages.count()
                == Recipient.objects.filter(campaign=campaign, group="treatment").count()
            ),
            timeout=120,
            what="the whole campaign sent",
            worker=second,
        )
        time.sleep(0.5)
    finally:
        second.kill()
    told = set(
        Recipient.objects.filter(campaign=campaign, group="treatment").values_list(
            "member_id", flat=True
        )
    )
    assert 0 < len(told) < 150
    by_reference = {reference(m, "http"): m for m in messages}
    assert set(gateway.delivered) == set(by_reference)  # every told member, once each
    assert {m.member_id for m in messages} == told
    assert gateway.repeats <= 1
