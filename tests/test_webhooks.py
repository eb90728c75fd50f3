"""Webhooks end to end: outbox events fan out into deliveries, which a real local HTTP server
receives, signed; failures retry with backoff, a failing subscription is turned off, and the
API manages it all with staff keys and Idempotency-Key."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from bashgah.core.errors import ValidationFailed
from bashgah.events.dispatch import dispatch_pending
from bashgah.events.models import OutboxDelivery, OutboxEvent
from bashgah.events.services import event_emit
from bashgah.stores.services import store_create
from bashgah.webhooks.errors import (
    WebhookEventTypesInvalid,
    WebhookEventTypesUnknown,
    WebhookSubscriptionDisabled,
)
from bashgah.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from bashgah.webhooks.services import (
    SendRun,
    webhook_deliveries_create,
    webhook_deliveries_send_due,
    webhook_delivery_redeliver,
    webhook_signature_verify,
    webhook_subscription_create,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
)
from bashgah.webhooks.topics import TOPICS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


# --- the integrator's endpoint: a real HTTP server on loopback -------------------------------


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next scripted (status, delay seconds), then 200."""

    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    script: list[tuple[int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks"

    def answer(self) -> tuple[int, float]:
        with self.lock:
            return self.script.pop(0) if self.script else (200, 0.0)

    def delivery_ids(self) -> list[str]:
        return [request.headers["Bashgah-Delivery"] for request in self.requests]


def _handler(receiver_ref: list[Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver = receiver_ref[0]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                receiver.requests.append(Received(dict(self.headers.items()), body))
            status, delay = receiver.answer()
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"boom: try later")
            except OSError:  # the sender gave up waiting
                pass

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # concurrent senders open dozens of connections at once
    daemon_threads = True


@pytest.fixture
def receiver():
    ref: list[Receiver] = []
    server = Server(("127.0.0.1", 0), _handler(ref))
    ref.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ref[0]
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _webhook_settings(settings):
    settings.BASHGAH = {
        **settings.BASHGAH,
        "WEBHOOK_ALLOW_INSECURE_URLS": True,
        "WEBHOOK_TIMEOUT_SECONDS": 5.0,
    }


def subscribe(url: str, *types: str, **options: Any):
    return webhook_subscription_create(url=url, event_types=list(types or ["*"]), **options)


def enrolled_event(number: int = 1) -> OutboxEvent:
    event_emit(
        topic="member.enrolled",
        aggregate_type="member",
        aggregate_id=number,
        payload={"member_id": number, "store": None},
    )
    return OutboxEvent.objects.latest("pk")


def deliveries() -> list[WebhookDelivery]:
    return list(WebhookDelivery.objects.order_by("pk"))


# --- signing and the first delivery -----------------------------------------------------------


def test_a_delivery_is_signed_and_the_receiver_verifies_it(receiver, make_member):
    created = subscribe(receiver.url, "member.enrolled", description="CRM")
    member = make_member()
    dispatch_pending()

    run = webhook_deliveries_send_due()

    assert run == SendRun(claimed=1, succeeded=1)
    [request] = receiver.requests
    [delivery] = deliveries()
    event = OutboxEvent.objects.get(topic="member.enrolled")
    assert request.headers["Bashgah-Event"] == "member.enrolled"
    assert request.headers["Bashgah-Delivery"] == str(delivery.public_id)
    assert request.headers["Bashgah-Attempt"] == "1"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {
        "id": f"evt_{event.pk}",
        "type": "member.enrolled",
        "created_at": event.created_at.isoformat(),
        "data": {"member_id": member.pk, "store": None},
    }
    header = request.headers["Bashgah-Signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", header)
    assert webhook_signature_verify(created.secret, header, request.body)
    assert not webhook_signature_verify(created.secret, header, request.body.replace(b"}", b" }"))
    assert not webhook_signature_verify("whsec_other", header, request.body)
    signed_at = int(header.split(",")[0][2:])
    assert not webhook_signature_verify(created.secret, header, request.body, now=signed_at + 301)
    assert webhook_signature_verify(created.secret, header, request.body, now=signed_at + 299)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)
    assert delivery.response_excerpt == "ok" and delivery.error == ""
    assert delivery.delivered_at is not None and delivery.duration_ms is not None
    assert list(delivery.log.values_list("number", "response_status", "succeeded")) == [
        (1, 200, True)
    ]
    assert webhook_deliveries_send_due() == SendRun()  # nothing left


def test_only_wanted_events_of_the_subscribed_store_reach_active_subscriptions(
    receiver, make_member, buy, base_rule
):
    other = store_create(code="shiraz-1", name="Shiraz", city="Shiraz")
    purchases_here = subscribe(receiver.url, "purchase.recorded", store=buy_store(buy))
    everything = subscribe(receiver.url, "*")
    switched_off = subscribe(receiver.url, "member.enrolled", is_active=False)
    purchases_there = subscribe(receiver.url, "purchase.recorded", store=other)
    buy(make_member())
    dispatch_pending()

    def topics(created) -> list[str]:
        return sorted(
            WebhookDelivery.objects.filter(subscription=created.subscription).values_list(
                "topic", flat=True
            )
        )

    assert topics(purchases_here) == ["purchase.recorded"]
    assert topics(everything) == ["member.enrolled", "points.earned", "purchase.recorded"]
    assert topics(switched_off) == [] and topics(purchases_there) == []


def buy_store(buy) -> Any:
    from bashgah.stores.models import Store

    return Store.objects.get(code="tehran-1")


def test_fan_out_costs_two_queries_whatever_the_subscriptions(receiver, django_assert_num_queries):
    for _ in range(5):
        subscribe(receiver.url, "member.enrolled")
    event = enrolled_event()
    with django_assert_num_queries(2):
        assert webhook_deliveries_create(event=event) == 5


def test_the_same_event_through_the_outbox_twice_makes_one_delivery(receiver):
    subscribe(receiver.url, "member.enrolled")
    event = enrolled_event()
    dispatch_pending()
    # The outbox forgets it delivered (a crash before its bookkeeping) and runs again.
    OutboxDelivery.objects.all().delete()
    OutboxEvent.objects.filter(pk=event.pk).update(delivered_at=None)
    assert dispatch_pending().events == 1
    webhook_deliveries_create(event=event)
    assert WebhookDelivery.objects.count() == 1
    webhook_deliveries_send_due()
    assert len(receiver.requests) == 1


def test_withheld_payload_keys_never_leave(receiver):
    subscribe(receiver.url, "contact.reverify_requested")
    event_emit(
        topic="contact.reverify_requested",
        aggregate_type="member",
        aggregate_id=1,
        payload={"member_id": 1, "channel": "email", "link": "/c/secret-token"},
    )
    dispatch_pending()
    webhook_deliveries_send_due()
    data = json.loads(receiver.requests[0].body)["data"]
    assert data == {"member_id": 1, "channel": "email"}


def test_uncatalogued_topics_are_not_delivered(receiver):
    subscribe(receiver.url, "*")
    event_emit(topic="internal.thing", aggregate_type="x", aggregate_id=1, payload={})
    dispatch_pending()
    assert WebhookDelivery.objects.count() == 0


# --- failures, retries, giving up ------------------------------------------------------------


def test_retries_with_backoff_after_500s_then_success(receiver):
    subscribe(receiver.url, "member.enrolled")
    enrolled_event()
    dispatch_pending()
    receiver.script[:] = [(500, 0.0), (500, 0.0)]
    start = timezone.now()

    first = webhook_deliveries_send_due(at=start)
    [delivery] = deliveries()
    assert first == SendRun(claimed=1, failed=1)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.error == "HTTP 500" and delivery.response_excerpt == "boom: try later"
    wait = delivery.next_attempt_at - start
    assert dt.timedelta(seconds=60) <= wait <= dt.timedelta(seconds=66)
    assert webhook_deliveries_send_due(at=start + dt.timedelta(seconds=59)).claimed == 0

    second_at = start + dt.timedelta(minutes=2)
    assert webhook_deliveries_send_due(at=second_at).failed == 1
    delivery.refresh_from_db()
    wait = delivery.next_attempt_at - second_at
    assert dt.timedelta(minutes=4) <= wait <= dt.timedelta(minutes=4.4)

    third = webhook_deliveries_send_due(at=second_at + dt.timedelta(minutes=5))
    assert third == SendRun(claimed=1, succeeded=1)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("succeeded", 3, "")
    assert [r.headers["Bashgah-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    assert len(set(receiver.delivery_ids())) == 1
    assert len({r.body for r in receiver.requests}) == 1
    assert list(delivery.log.order_by("number").values_list("response_status", flat=True)) == [
        500,
        500,
        200,
    ]
    subscription = delivery.subscription
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0 and subscription.failing_since is None


def test_a_slow_endpoint_times_out_and_is_retried(receiver, settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_TIMEOUT_SECONDS": 0.3}
    subscribe(receiver.url, "member.enrolled")
    enrolled_event()
    dispatch_pending()
    receiver.script[:] = [(200, 1.5)]
    started = time.monotonic()

    run = webhook_deliveries_send_due()

    assert time.monotonic() - started < 1.4
    assert run.failed == 1
    [delivery] = deliveries()
    assert delivery.status == "pending" and delivery.response_status is None
    assert delivery.error.startswith("timeout") and delivery.duration_ms < 1400


def test_an_unreachable_endpoint_is_a_failed_attempt():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subscribe(f"http://127.0.0.1:{port}/hooks", "member.enrolled")
    enrolled_event()
    dispatch_pending()
    assert webhook_deliveries_send_due().failed == 1
    [delivery] = deliveries()
    assert delivery.error.startswith("ConnectError") and delivery.response_status is None


def test_gives_up_after_the_last_attempt(receiver, settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_MAX_ATTEMPTS": 3}
    subscribe(receiver.url, "member.enrolled")
    enrolled_event()
    dispatch_pending()
    receiver.script[:] = [(503, 0.0)] * 3
    at = timezone.now()
    runs = []
    for _ in range(4):
        runs.append(webhook_deliveries_send_due(at=at))
        at += dt.timedelta(hours=1)
    assert [run.failed for run in runs] == [1, 1, 1, 0]
    assert [run.gave_up for run in runs] == [0, 0, 1, 0]
    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(receiver.requests) == 3


def test_retry_schedule_spans_about_three_days():
    from bashgah.webhooks.services import retry_delay

    total = sum((retry_delay(n) for n in range(1, 12)), dt.timedelta())
    assert dt.timedelta(days=3) < total < dt.timedelta(days=3.6)
    assert retry_delay(1) < dt.timedelta(minutes=1.1)
    assert retry_delay(30) <= dt.timedelta(hours=13.2)


def test_redelivery_keeps_the_delivery_id_and_body(receiver, settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_MAX_ATTEMPTS": 1}
    subscribe(receiver.url, "member.enrolled")
    enrolled_event()
    dispatch_pending()
    webhook_deliveries_send_due()
    [delivery] = deliveries()

    webhook_delivery_redeliver(delivery=delivery)
    assert webhook_deliveries_send_due() == SendRun(claimed=1, succeeded=1)

    first, second = receiver.requests
    assert first.headers["Bashgah-Delivery"] == second.headers["Bashgah-Delivery"]
    assert first.body == second.body
    assert second.headers["Bashgah-Attempt"] == "2"
    # Out of retries and failing: a redelivery is one more attempt, then failed again.
    receiver.script[:] = [(500, 0.0)]
    webhook_delivery_redeliver(delivery=delivery)
    assert webhook_deliveries_send_due().gave_up == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)


def test_a_subscription_that_keeps_failing_is_turned_off_and_announced(receiver, settings):
    settings.BASHGAH = {
        **settings.BASHGAH,
        "WEBHOOK_DISABLE_AFTER_FAILURES": 4,
        "WEBHOOK_DISABLE_AFTER_HOURS": 1,
    }
    failing = subscribe(receiver.url, "member.enrolled").subscription
    for number in range(3):
        enrolled_event(number)
    dispatch_pending()
    receiver.script[:] = [(500, 0.0)] * 4
    start = timezone.now()

    assert webhook_deliveries_send_due(at=start).disabled == 0  # 3 failures in a row
    # Failing now, it gets one probe per run; the 4th failure, 2 hours on, turns it off.
    later = webhook_deliveries_send_due(at=start + dt.timedelta(hours=2))

    assert later == SendRun(claimed=1, failed=1, disabled=1)
    failing.refresh_from_db()
    assert not failing.is_active and failing.disabled_reason == "failing"
    assert failing.consecutive_failures == 4 and failing.disabled_at is not None
    announcement = OutboxEvent.objects.get(topic="webhook.subscription_disabled")
    assert announcement.payload["subscription_id"] == failing.pk
    assert announcement.payload["url"] == receiver.url
    assert webhook_deliveries_send_due(at=start + dt.timedelta(days=1)).claimed == 0
    with pytest.raises(WebhookSubscriptionDisabled):
        webhook_delivery_redeliver(delivery=deliveries()[0])

    # Turned back on: the streak is forgotten and the pending deliveries go out.
    webhook_subscription_update(subscription=failing, is_active=True)
    failing.refresh_from_db()
    assert failing.consecutive_failures == 0 and failing.disabled_reason == ""
    assert webhook_deliveries_send_due(at=start + dt.timedelta(days=1)).succeeded == 3


def test_a_failing_or_busy_subscription_cannot_take_a_whole_run(receiver, settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_PER_SUBSCRIPTION_PER_RUN": 3}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    subscribe(dead, "member.enrolled")
    for number in range(5):
        enrolled_event(number)
    dispatch_pending()
    start = timezone.now()
    assert webhook_deliveries_send_due(at=start).failed == 3  # its share of a run
    healthy = subscribe(receiver.url, "tier.changed").subscription
    for number in range(5):
        event_emit(topic="tier.changed", aggregate_type="member", aggregate_id=number, payload={})
    dispatch_pending()

    run = webhook_deliveries_send_due(at=start + dt.timedelta(minutes=10))

    # The failing one (3 failures in a row) gets one probe; the healthy one its share.
    assert (run.claimed, run.failed, run.succeeded) == (4, 1, 3)
    assert WebhookDelivery.objects.filter(subscription=healthy, status="succeeded").count() == 3


def test_other_subscriptions_hear_that_one_was_turned_off(receiver, settings):
    settings.BASHGAH = {
        **settings.BASHGAH,
        "WEBHOOK_DISABLE_AFTER_FAILURES": 1,
        "WEBHOOK_DISABLE_AFTER_HOURS": 0,
    }
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    subscribe(dead, "member.enrolled")
    subscribe(receiver.url, "webhook.subscription_disabled")
    enrolled_event()
    dispatch_pending()
    assert webhook_deliveries_send_due().disabled == 1
    dispatch_pending()
    webhook_deliveries_send_due()
    [request] = receiver.requests
    assert request.headers["Bashgah-Event"] == "webhook.subscription_disabled"


# --- secrets ----------------------------------------------------------------------------------


def test_rotation_signs_with_both_secrets_until_the_old_one_expires(receiver):
    created = subscribe(receiver.url, "member.enrolled")
    rotated = webhook_subscription_rotate_secret(
        subscription=created.subscription, keep_previous_for=dt.timedelta(hours=24)
    )
    assert rotated.secret != created.secret and rotated.secret.startswith("whsec_")
    enrolled_event(1)
    dispatch_pending()
    webhook_deliveries_send_due()
    header, body = receiver.requests[0].headers["Bashgah-Signature"], receiver.requests[0].body
    assert header.count("v1=") == 2
    assert webhook_signature_verify(rotated.secret, header, body)
    assert webhook_signature_verify(created.secret, header, body)

    enrolled_event(2)
    dispatch_pending()
    webhook_deliveries_send_due(at=timezone.now() + dt.timedelta(hours=25))
    header, body = receiver.requests[1].headers["Bashgah-Signature"], receiver.requests[1].body
    assert header.count("v1=") == 1
    assert webhook_signature_verify(rotated.secret, header, body)
    assert not webhook_signature_verify(created.secret, header, body)


def test_the_documented_verification_snippet_works(receiver):
    """docs/webhooks.md's Python snippet, run as a receiver would run it."""
    text = (ROOT / "docs" / "webhooks.md").read_text(encoding="utf-8")
    snippet = re.search(r"```python\n(.*?)```", text, re.S)
    assert snippet
    namespace: dict[str, Any] = {}
    exec(snippet.group(1), namespace)  # noqa: S102 - our own documentation
    created = subscribe(receiver.url, "member.enrolled")
    enrolled_event()
    dispatch_pending()
    webhook_deliveries_send_due()
    request = receiver.requests[0]
    verify = namespace["webhook_signature_verify"]
    assert verify(created.secret, request.headers["Bashgah-Signature"], request.body)
    assert not verify(created.secret, request.headers["Bashgah-Signature"], request.body + b" ")


# --- validation -------------------------------------------------------------------------------


def test_insecure_and_private_addresses_are_refused_in_production(settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_ALLOW_INSECURE_URLS": False}
    cases = {
        "http://hooks.example.com/x": "webhook_url_not_https",
        "https://127.0.0.1/x": "webhook_url_private",
        "https://localhost:8443/x": "webhook_url_private",
        "https://10.1.2.3/x": "webhook_url_private",
        "https://[::1]/x": "webhook_url_private",
        "https://169.254.169.254/latest": "webhook_url_private",
        "ftp://hooks.example.com/": "webhook_url_invalid",
        "not a url": "webhook_url_invalid",
        "https://hooks.example.com/x#part": "webhook_url_invalid",
    }
    for url, code in cases.items():
        with pytest.raises(ValidationFailed) as caught:
            subscribe(url, "member.enrolled")
        assert caught.value.code == code, url
    assert subscribe("https://hooks.example.com/x", "member.enrolled").subscription.pk
    assert WebhookSubscription.objects.count() == 1


def test_event_types_are_checked_against_the_catalogue():
    with pytest.raises(WebhookEventTypesUnknown) as caught:
        subscribe("https://hooks.example.com/", "member.enrolled", "member.exploded")
    assert caught.value.details == {"unknown": ["member.exploded"]}
    with pytest.raises(WebhookEventTypesInvalid):
        webhook_subscription_create(url="https://hooks.example.com/", event_types=[])
    assert WebhookSubscription.objects.count() == 0
    mixed = subscribe("https://hooks.example.com/", "tier.changed", "*")
    assert mixed.subscription.event_types == ["*"]
    twice = subscribe("https://hooks.example.com/", "tier.changed", "member.left", "tier.changed")
    assert twice.subscription.event_types == ["member.left", "tier.changed"]


def _topics_emitted_by_the_code() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "bashgah").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "event_emit" not in text and "events_emit" not in text and "purchase_events" not in text:
            continue
        found |= set(re.findall(r'topic="([a-z_]+\.[a-z_]+)"', text))
        found |= set(re.findall(r'topic="[a-z_.]+" if [^\n]+ else "([a-z_]+\.[a-z_]+)"', text))
        found |= set(re.findall(r'\(\s*"([a-z_]+\.[a-z_]+)",\s*"[a-z_]+",', text))
        for template in re.findall(r'topic=f"([a-z_.{}]+)"', text):
            assert template == "referral.{status}", f"expand {template} in this test"
            found |= {"referral.rewarded", "referral.refused"}
    return found


def test_every_topic_the_code_emits_is_catalogued_and_documented():
    emitted = _topics_emitted_by_the_code()
    assert len(emitted) >= 30  # the scan really found the emitters
    assert emitted - TOPICS == set(), "add new topics to webhooks/topics.py and docs/webhooks.md"
    docs = (ROOT / "docs" / "webhooks.md").read_text(encoding="utf-8")
    assert [topic for topic in sorted(TOPICS) if f"`{topic}`" not in docs] == []


# --- the API ----------------------------------------------------------------------------------


def delete(client, path: str, *, key: str | None = "auto", language: str = "en"):
    headers = {"Authorization": f"Bearer {client.key}", "Accept-Language": language}
    if key == "auto":
        client._counter += 1
        key = f"del-{client._counter}"
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.client.delete(f"/api/v1{path}", headers=headers)


def test_staff_manage_subscriptions_through_the_api(staff_api, receiver):
    created = staff_api.post(
        "/webhooks",
        {
            "url": receiver.url,
            "event_types": ["purchase.recorded", "member.enrolled"],
            "description": "web shop",
            "store": "tehran-1",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["subscription"]["event_types"] == ["member.enrolled", "purchase.recorded"]
    assert body["subscription"]["store"] == "tehran-1"
    subscription_id = body["subscription"]["id"]

    listed = staff_api.get("/webhooks").json()
    assert [item["id"] for item in listed] == [subscription_id]
    assert "secret" not in listed[0] and body["secret"] not in json.dumps(listed)

    changed = staff_api.patch(
        f"/webhooks/{subscription_id}", {"event_types": ["*"], "store": None, "is_active": False}
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["event_types"] == ["*"] and changed.json()["store"] is None
    assert changed.json()["is_active"] is False
    assert changed.json()["disabled_reason"] == "staff"

    rotated = staff_api.post(
        f"/webhooks/{subscription_id}/rotate-secret", {"keep_previous_hours": 0}
    )
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != body["secret"]
    assert WebhookSubscription.objects.get().previous_secret == ""

    gone = delete(staff_api, f"/webhooks/{subscription_id}")
    assert gone.status_code == 200 and gone.json() == {"id": subscription_id, "deleted": True}
    assert staff_api.get(f"/webhooks/{subscription_id}").status_code == 404
    assert staff_api.get("/webhook-event-types").json() == sorted(TOPICS)


def test_api_errors_are_translated(staff_api):
    refused = staff_api.post("/webhooks", {"url": "ftp://x", "event_types": ["*"]}, language="fa")
    assert refused.status_code == 422
    assert refused.json()["error"] == "webhook_url_invalid"
    assert (
        refused.json()["message"]
        != "Enter the full address of your endpoint, starting with https://."
    )
    unknown = staff_api.post(
        "/webhooks", {"url": "https://h.example.com/", "event_types": ["x.y"]}, language="he"
    )
    assert unknown.json()["details"] == {"unknown": ["x.y"]}
    assert unknown.json()["message"].isascii() is False
    missing = staff_api.get("/webhooks/999", language="fa")
    assert (
        missing.status_code == 404 and missing.json()["error"] == "webhook_subscription_not_found"
    )
    assert WebhookSubscription.objects.count() == 0


def test_only_staff_keys_reach_webhooks(api, client):
    assert api.get("/webhooks").status_code == 403
    assert (
        api.post("/webhooks", {"url": "https://h.example.com/", "event_types": ["*"]}).status_code
        == 403
    )
    assert client.get("/api/v1/webhooks").status_code == 401
    assert WebhookSubscription.objects.count() == 0


def test_delivery_log_pages_filters_and_redelivers(staff_api, receiver, settings):
    settings.BASHGAH = {**settings.BASHGAH, "WEBHOOK_MAX_ATTEMPTS": 1}
    created = subscribe(receiver.url, "member.enrolled").subscription
    for number in range(3):
        enrolled_event(number)
    dispatch_pending()
    receiver.script[:] = [(500, 0.0)]  # the first one sent fails for good
    webhook_deliveries_send_due()
    path = f"/webhooks/{created.pk}/deliveries"

    page = staff_api.get(path, page_size=2).json()
    assert (page["count"], page["page"], page["page_size"], len(page["items"])) == (3, 1, 2, 2)
    assert len(staff_api.get(path, page_size=2, page=2).json()["items"]) == 1
    failed = staff_api.get(path, status="failed").json()
    assert failed["count"] == 1
    item = failed["items"][0]
    assert item["status"] == "failed" and item["response_status"] == 500
    assert item["attempts"] == 1 and item["event_type"] == "member.enrolled"
    assert staff_api.get(path, status="bogus").status_code == 422

    detail = staff_api.get(f"/webhook-deliveries/{item['id']}").json()
    assert detail["attempts_log"][0]["response_status"] == 500
    assert json.loads(detail["body"])["type"] == "member.enrolled"

    again = staff_api.post(f"/webhook-deliveries/{item['id']}/redeliver", {})
    assert again.status_code == 200 and again.json()["status"] == "pending"
    assert again.json()["id"] == item["id"]
    webhook_deliveries_send_due()
    assert receiver.requests[-1].headers["Bashgah-Delivery"] == item["id"]
    assert staff_api.get(f"/webhook-deliveries/{item['id']}").json()["status"] == "succeeded"
    assert staff_api.get("/webhook-deliveries/not-a-uuid").status_code == 404


def test_redelivery_of_a_turned_off_subscription_is_a_conflict(staff_api, receiver):
    created = subscribe(receiver.url, "member.enrolled").subscription
    enrolled_event()
    dispatch_pending()
    webhook_subscription_update(subscription=created, is_active=False)
    delivery = deliveries()[0]
    answer = staff_api.post(f"/webhook-deliveries/{delivery.public_id}/redeliver", {})
    assert answer.status_code == 409
    assert answer.json()["error"] == "webhook_subscription_disabled"


def _rows() -> tuple[int, int, int]:
    return (
        WebhookSubscription.objects.count(),
        WebhookDelivery.objects.filter(status="pending").count(),
        WebhookAttempt.objects.count(),
    )


def _same_key_twice(send, first_body, other_body, status=200):
    first = send(first_body, "same-key")
    assert first.status_code == status, first.json()
    state = (_rows(), list(WebhookSubscription.objects.values("secret", "url", "is_active")))
    second = send(first_body, "same-key")
    assert (second.status_code, second.json()) == (first.status_code, first.json())
    assert (
        _rows(),
        list(WebhookSubscription.objects.values("secret", "url", "is_active")),
    ) == state
    conflict = send(other_body, "same-key")
    assert conflict.status_code == 409 and conflict.json()["error"] == "idempotency_key_reused"
    assert (
        _rows(),
        list(WebhookSubscription.objects.values("secret", "url", "is_active")),
    ) == state
    return first


def test_every_webhook_write_is_idempotent(staff_api, receiver):
    base = {"url": receiver.url, "event_types": ["member.enrolled"]}
    created = _same_key_twice(
        lambda body, key: staff_api.post("/webhooks", body, key=key),
        base,
        {**base, "description": "other"},
        status=201,
    ).json()
    assert created["secret"] == WebhookSubscription.objects.get().secret  # a lost answer, retried
    path = f"/webhooks/{created['subscription']['id']}"
    _same_key_twice(
        lambda body, key: staff_api.patch(path, body, key=f"p-{key}"),
        {"description": "a"},
        {"description": "b"},
    )
    _same_key_twice(
        lambda body, key: staff_api.post(f"{path}/rotate-secret", body, key=f"r-{key}"),
        {"keep_previous_hours": 1},
        {"keep_previous_hours": 2},
    )
    enrolled_event()
    dispatch_pending()
    delivery = deliveries()[0]
    _same_key_twice(
        lambda body, key: staff_api.post(
            f"/webhook-deliveries/{delivery.public_id}/redeliver", body, key=f"d-{key}"
        ),
        {},
        {"x": 1},
    )
    assert staff_api.post("/webhooks", base, key=None).status_code == 400
    gone = delete(staff_api, path, key="delete-1")
    again = delete(staff_api, path, key="delete-1")
    assert (
        (again.status_code, again.json())
        == (gone.status_code, gone.json())
        == (
            200,
            {"id": created["subscription"]["id"], "deleted": True},
        )
    )
    assert delete(staff_api, path, key=None).status_code == 400


def test_admin_pages_render_and_show_the_secret_once(admin_client, receiver):
    created = subscribe(receiver.url, "member.enrolled").subscription
    enrolled_event()
    dispatch_pending()
    for name in ("webhooksubscription", "webhookdelivery"):
        assert admin_client.get(reverse(f"admin:webhooks_{name}_changelist")).status_code == 200
    assert (
        admin_client.get(
            reverse("admin:webhooks_webhookdelivery_change", args=[deliveries()[0].pk])
        ).status_code
        == 200
    )
    page = admin_client.get(reverse("admin:webhooks_webhooksubscription_change", args=[created.pk]))
    assert page.status_code == 200 and created.secret not in page.content.decode()
    added = admin_client.post(
        reverse("admin:webhooks_webhooksubscription_add"),
        {
            "url": receiver.url,
            "event_types": '["tier.changed"]',
            "description": "",
            "is_active": "on",
        },
        follow=True,
    )
    newest = WebhookSubscription.objects.latest("pk")
    assert newest.event_types == ["tier.changed"]
    assert newest.secret in added.content.decode()
    refused = admin_client.post(
        reverse("admin:webhooks_webhooksubscription_add"),
        {"url": receiver.url, "event_types": '["nope.nope"]', "description": ""},
    )
    assert refused.status_code == 200 and WebhookSubscription.objects.count() == 2


# --- concurrency (PostgreSQL) -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_never_deliver_one_row_twice(receiver):
    from tests.test_concurrency import run_together

    subscribe(receiver.url, "member.enrolled")
    subscribe(receiver.url, "*")
    for number in range(30):
        enrolled_event(number)
    dispatch_pending()
    assert WebhookDelivery.objects.count() == 60

    for _ in range(3):
        run_together(4, lambda _i: webhook_deliveries_send_due(limit=8))

    ids = receiver.delivery_ids()
    assert len(ids) == len(set(ids)) == 60
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 60
    assert WebhookAttempt.objects.count() == 60
