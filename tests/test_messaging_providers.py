"""Each provider against a local server speaking its documented API: what we send, how errors
are retried or given up, no second text after a crash where the provider de-duplicates, and
the provider's callbacks (delivery reports, inbound keywords) into our endpoints."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from bashgah.contacts.models import ContactState
from bashgah.core import sms
from bashgah.events.dispatch import dispatch_pending
from bashgah.events.models import OutboxEvent
from bashgah.members.consent import consent_current, consent_set
from bashgah.members.models import Member
from bashgah.messaging.models import Message
from bashgah.messaging.providers.kavenegar import receptor
from bashgah.messaging.services import (
    MessageDraft,
    message_enqueue,
    messages_poll_statuses,
    messages_send_due,
)
from bashgah.messaging.services import send as sending
from tests.messaging_servers import (
    FakeGateway,
    FakeKavenegar,
    FakeTwilio,
    Reply,
    SmtpServer,
    settings_with,
    twilio_signature,
)

SECRET = "callback-secret-1"
T0 = dt.datetime(2030, 1, 15, 8, 30, tzinfo=dt.UTC)  # 12:00 in Tehran


@pytest.fixture(autouse=True)
def _common(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    settings_with(
        settings,
        MESSAGING_REGION="IR",
        MESSAGING_WEBHOOK_SECRET=SECRET,
        MESSAGING_QUIET_HOURS="21:00-09:00",
        MESSAGING_LEASE_SECONDS=300,
        MESSAGING_MAX_ATTEMPTS=8,
        SITE_URL="http://testserver",
    )
    sms.OUTBOX.clear()


def text(member: Member, body: str = "رسید خرید شما", purpose: str = "service", **kw) -> Message:
    return message_enqueue(
        draft=MessageDraft(
            member_id=member.pk,
            channel="sms",
            to_address=member.phone or "",
            language="fa",
            purpose=purpose,
            subject="",
            body=body,
            dedupe_key=kw.pop("key", f"t:{member.pk}:{body}"),
            **kw,
        ),
        at=T0,
    )


def reload(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)


def stale(member: Member, channel: str) -> ContactState | None:
    return ContactState.objects.filter(
        member=member, channel=channel, stale_since__isnull=False
    ).first()


class Crash(BaseException):
    """The worker dies: raised where nothing catches it."""


@pytest.fixture
def crash_after_send(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies after the provider took the message and before we recorded it."""

    def die(*args: object, **kwargs: object) -> None:
        raise Crash()

    monkeypatch.setattr(sending, "_record_sent", die)


# --- Kavenegar --------------------------------------------------------------------------------


@pytest.fixture
def kavenegar(settings) -> Iterator[FakeKavenegar]:
    with FakeKavenegar() as fake:
        settings_with(
            settings,
            SMS_BACKEND="kavenegar",
            KAVENEGAR={
                "API_KEY": fake.api_key,
                "SENDER": "10004346",
                "BASE_URL": fake.url,
                "TIMEOUT": 5,
            },
        )
        yield fake


def test_kavenegar_send_follows_its_rest_api(kavenegar, member):
    message = text(member)
    assert messages_send_due(at=T0).sent == 1
    [request] = kavenegar.requests
    assert request.method == "POST" and request.path == "/v1/test-key/sms/send.json"
    assert request.params == {
        "receptor": "09121234567",
        "message": "رسید خرید شما",
        "localid": str(message.pk),
        "sender": "10004346",
    }
    message = reload(message)
    assert (message.status, message.provider, message.provider_message_id) == (
        "sent",
        "kavenegar",
        "8792343",
    )


def test_kavenegar_numbers_abroad_are_sent_with_00():
    assert receptor("+989121234567") == "09121234567"
    assert receptor("+972501234567") == "00972501234567"


def test_kavenegar_server_errors_are_retried_with_backoff(kavenegar, member):
    message = text(member)
    kavenegar.forced = [
        Reply(500, {"return": {"status": 500, "message": "error"}, "entries": None}),
        Reply(502, b"<html>bad gateway</html>", "text/html"),
    ]
    run = messages_send_due(at=T0)
    message = reload(message)
    assert (run.retried, message.status, message.attempts) == (1, "queued", 1)
    assert message.next_attempt_at - T0 >= dt.timedelta(seconds=30)
    assert message.next_attempt_at - T0 < dt.timedelta(seconds=31)
    assert "kavenegar 500" in message.last_error
    assert messages_send_due(at=T0 + dt.timedelta(seconds=29)).claimed == 0
    later = reload(message).next_attempt_at
    assert messages_send_due(at=later).retried == 1
    message = reload(message)
    assert message.next_attempt_at - later >= dt.timedelta(seconds=60)  # doubled
    assert messages_send_due(at=message.next_attempt_at).sent == 1
    assert reload(message).status == "sent" and reload(message).attempts == 3
    assert len(kavenegar.sent) == 1
    assert {r.params["localid"] for r in kavenegar.requests} == {str(message.pk)}


def test_kavenegar_gives_up_after_the_last_attempt(kavenegar, member, settings):
    settings_with(settings, MESSAGING_MAX_ATTEMPTS=2)
    message = text(member)
    kavenegar.forced = [Reply(503, {"return": {"status": 503, "message": "x"}})] * 2
    messages_send_due(at=T0)
    messages_send_due(at=reload(message).next_attempt_at)
    message = reload(message)
    assert message.status == "failed" and message.last_error.startswith("gave up")
    event = OutboxEvent.objects.get(topic="message.failed")
    assert event.payload["contact_problem"] is False  # our trouble, not the number's
    dispatch_pending()
    assert stale(member, "phone") is None


def test_kavenegar_refusing_the_number_fails_it_and_marks_the_contact_stale(kavenegar, member):
    kavenegar.invalid_receptors = {"09121234567"}
    message = text(member)
    run = messages_send_due(at=T0)
    message = reload(message)
    assert (run.failed, message.status) == (1, "failed")
    assert "kavenegar 411" in message.last_error
    event = OutboxEvent.objects.get(topic="message.failed")
    assert event.payload == {
        "message_id": message.pk,
        "member_id": member.pk,
        "channel": "sms",
        "campaign_id": None,
        "reason": message.last_error,
        "contact_problem": True,
    }
    dispatch_pending()
    assert stale(member, "phone").stale_reason.startswith("kavenegar 411")


def test_a_crash_after_sending_retries_with_the_same_localid_and_texts_once(
    kavenegar, member, crash_after_send, monkeypatch
):
    message = text(member)
    with pytest.raises(Crash):
        messages_send_due(at=T0)
    assert reload(message).status == "sending" and len(kavenegar.sent) == 1
    monkeypatch.undo()  # the next worker is healthy
    assert messages_send_due(at=T0 + dt.timedelta(seconds=299)).claimed == 0  # lease holds
    run = messages_send_due(at=T0 + dt.timedelta(seconds=301))
    message = reload(message)
    assert (run.claimed, run.sent) == (1, 1)
    assert (message.status, message.attempts, message.provider_message_id) == ("sent", 2, "8792343")
    assert len(kavenegar.requests) == 2 and len(kavenegar.sent) == 1  # one text reached the phone


def timeout(settings, provider: str, seconds: float) -> None:
    settings_with(settings, **{provider: {**settings.BASHGAH[provider], "TIMEOUT": seconds}})


def test_a_timeout_after_kavenegar_took_the_message_texts_once(kavenegar, member, settings):
    message = text(member)
    timeout(settings, "KAVENEGAR", 0.5)
    kavenegar.delays = [1.5]  # it sends, but answers after our 0.5 s timeout
    run = messages_send_due(at=T0)
    assert run.retried == 1 and "ReadTimeout" in reload(message).last_error
    timeout(settings, "KAVENEGAR", 5)
    messages_send_due(at=reload(message).next_attempt_at)
    assert reload(message).status == "sent"
    assert len(kavenegar.sent) == 1


def test_a_run_gives_back_what_it_cannot_send_before_its_lease_ends(kavenegar, member, settings):
    settings_with(settings, MESSAGING_LEASE_SECONDS=2)  # stops sending after 1 s
    messages = [text(member, body) for body in ("یک", "دو", "سه")]
    kavenegar.delays = [1.2]
    run = messages_send_due(at=T0)
    assert (run.claimed, run.sent, run.released) == (3, 1, 2)
    assert [reload(m).status for m in messages] == ["sent", "queued", "queued"]
    assert [reload(m).attempts for m in messages[1:]] == [0, 0]
    assert messages_send_due(at=T0 + dt.timedelta(seconds=3)).sent == 2


def test_kavenegar_delivery_report_and_keywords_over_http(
    kavenegar, make_member, live_server, settings
):
    settings_with(settings, SITE_URL=live_server.url)
    member = make_member("09121112233")
    consent_set(member=member, channel="sms", granted=True, source="test")
    delivered, undelivered = text(member, "یک"), text(member, "دو")
    assert messages_send_due(at=T0).sent == 2
    base = f"{live_server.url}/api/v1/messaging/kavenegar/{SECRET}"
    first, second = reload(delivered).provider_message_id, reload(undelivered).provider_message_id
    response = kavenegar.deliver(f"{base}/delivery", first, 10)
    assert response.status_code == 200 and response.json() == {"known": True}
    assert reload(delivered).status == "delivered" and reload(delivered).delivered_at
    kavenegar.deliver(f"{base}/delivery", second, 11)
    assert reload(undelivered).status == "failed"
    dispatch_pending()
    assert stale(member, "phone") is not None
    assert kavenegar.deliver(f"{base}/delivery", "999", 10).json() == {"known": False}

    assert kavenegar.receive(f"{base}/inbound", "09121112233", "۱۱").json() == {"known": True}
    assert consent_current(member=member).sms.granted is False
    assert kavenegar.receive(f"{base}/inbound", "09121112233", "12").json() == {"known": True}
    assert consent_current(member=member).sms.granted is True
    wrong = kavenegar.deliver(
        f"{live_server.url}/api/v1/messaging/kavenegar/guess/delivery", first, 11
    )
    assert wrong.status_code == 404 and reload(delivered).status == "delivered"


def test_kavenegar_callbacks_do_not_exist_without_a_secret(client, settings):
    settings_with(settings, MESSAGING_WEBHOOK_SECRET="")
    response = client.post("/api/v1/messaging/kavenegar//delivery", {"messageid": "1"})
    assert response.status_code == 404
    response = client.post("/api/v1/messaging/kavenegar/x/delivery", {"messageid": "1"})
    assert response.status_code == 404


def test_kavenegar_statuses_can_be_polled(kavenegar, member):
    message = text(member)
    messages_send_due(at=T0)
    kavenegar.statuses[reload(message).provider_message_id] = 10
    assert messages_poll_statuses(at=T0 + dt.timedelta(seconds=30)) == 0  # too soon
    assert messages_poll_statuses(at=T0 + dt.timedelta(minutes=2)) == 1
    assert reload(message).status == "delivered"
    assert kavenegar.requests[-1].path == "/v1/test-key/sms/status.json"


def test_one_time_codes_go_through_kavenegar_too(kavenegar, caplog):
    sms.send_sms(phone="+989121234567", text="کد: ۱۲۳۴۵۶")
    assert [r["message"] for r in kavenegar.sent] == ["کد: ۱۲۳۴۵۶"]
    kavenegar.forced = [Reply(500, {"return": {"status": 500, "message": "x"}})]
    with caplog.at_level(logging.ERROR, logger="bashgah.messaging"):
        sms.send_sms(phone="+989121234567", text="again")  # logged, not raised
    assert "immediate SMS to …567 failed" in caplog.text
    assert sms.OUTBOX == []


# --- Twilio -----------------------------------------------------------------------------------


@pytest.fixture
def twilio(settings) -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        settings_with(
            settings,
            SMS_BACKEND="twilio",
            TWILIO={
                "ACCOUNT_SID": fake.account_sid,
                "AUTH_TOKEN": fake.auth_token,
                "FROM": "+15005550006",
                "BASE_URL": fake.url,
                "TIMEOUT": 5,
            },
        )
        yield fake


def test_twilio_send_follows_the_message_resource(twilio, member):
    message = text(member)
    assert messages_send_due(at=T0).sent == 1
    [request] = twilio.requests
    assert request.path == f"/2010-04-01/Accounts/{twilio.account_sid}/Messages.json"
    assert request.params == {
        "To": "+989121234567",
        "From": "+15005550006",
        "Body": "رسید خرید شما",
        "StatusCallback": "http://testserver/api/v1/messaging/twilio/status",
    }
    assert request.headers["Authorization"].startswith("Basic ")
    message = reload(message)
    assert message.provider == "twilio" and message.provider_message_id == twilio.sent[0]["sid"]


def test_twilio_wrong_credentials_are_retried_not_given_up(twilio, member, settings):
    settings_with(settings, TWILIO={**settings.BASHGAH["TWILIO"], "AUTH_TOKEN": "wrong"})
    message = text(member)
    assert messages_send_due(at=T0).retried == 1
    assert "20003" in reload(message).last_error and twilio.sent == []


def test_twilio_refusing_the_number_fails_it_for_good(twilio, member):
    twilio.invalid_to = {"+989121234567"}
    message = text(member)
    assert messages_send_due(at=T0).failed == 1
    assert "21211" in reload(message).last_error
    assert OutboxEvent.objects.get(topic="message.failed").payload["contact_problem"] is True


def test_twilio_cannot_deduplicate_a_retry_after_a_timeout(twilio, member, settings):
    """The documented limit: Twilio has no idempotency key, so a message it took but whose
    answer we never saw is sent again (docs/architecture.md, "no duplicate send")."""
    message = text(member)
    timeout(settings, "TWILIO", 0.5)
    twilio.delays = [1.5]
    assert messages_send_due(at=T0).retried == 1
    timeout(settings, "TWILIO", 5)
    messages_send_due(at=reload(message).next_attempt_at)
    assert reload(message).status == "sent"
    assert len(twilio.sent) == 2


def test_twilio_status_callbacks_and_keywords_over_http(twilio, make_member, live_server, settings):
    settings_with(settings, SITE_URL=live_server.url)
    member = make_member("09121112244")
    delivered, undelivered = text(member, "یک"), text(member, "دو")
    messages_send_due(at=T0)
    first, second = reload(delivered).provider_message_id, reload(undelivered).provider_message_id
    assert twilio.sent[0]["StatusCallback"] == f"{live_server.url}/api/v1/messaging/twilio/status"

    response = twilio.status_callback(first, "sent")
    assert response.status_code == 200 and reload(delivered).status == "sent"
    twilio.status_callback(first, "delivered")
    assert reload(delivered).status == "delivered"
    twilio.status_callback(first, "sent")  # late and out of order: ignored
    assert reload(delivered).status == "delivered"

    forged = twilio.status_callback(second, "undelivered", "30005", signature="AAAA")
    assert forged.status_code == 403 and reload(undelivered).status == "sent"
    twilio.status_callback(second, "undelivered", "30005")
    assert reload(undelivered).status == "failed"
    dispatch_pending()
    assert stale(member, "phone").stale_reason == "twilio undelivered 30005"

    consent_set(member=member, channel="sms", granted=True, source="test")
    inbound = f"{live_server.url}/api/v1/messaging/twilio/inbound"
    reply = twilio.incoming(inbound, "+989121112244", "STOP")
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/xml")
    assert "<Response>" in reply.text
    assert consent_current(member=member).sms.granted is False
    twilio.incoming(inbound, "+989121112244", "START")
    assert consent_current(member=member).sms.granted is True


def test_twilio_callbacks_with_a_bad_signature_are_refused(client, twilio, member):
    url = "http://testserver/api/v1/messaging/twilio/inbound"
    consent_set(member=member, channel="sms", granted=True, source="test")
    params = {"From": member.phone, "Body": "STOP", "MessageSid": "SM1"}
    wrong = twilio_signature(url, params, "not-the-token")
    response = client.post(url, params, headers={"X-Twilio-Signature": wrong})
    assert response.status_code == 403
    assert client.post(url, params).status_code == 403  # no signature at all
    tampered = twilio_signature(url, {**params, "Body": "START"}, twilio.auth_token)
    assert client.post(url, params, headers={"X-Twilio-Signature": tampered}).status_code == 403
    assert consent_current(member=member).sms.granted is True
    right = twilio_signature(url, params, twilio.auth_token)
    assert client.post(url, params, headers={"X-Twilio-Signature": right}).status_code == 200
    assert consent_current(member=member).sms.granted is False


# --- the generic HTTP gateway -----------------------------------------------------------------


@pytest.fixture
def gateway(settings) -> Iterator[FakeGateway]:
    with FakeGateway() as fake:
        settings_with(
            settings,
            SMS_BACKEND="http",
            SMS_GATEWAY={"URL": f"{fake.url}/messages", "TOKEN": fake.token, "TIMEOUT": 5},
        )
        yield fake


def test_gateway_send_contract(gateway, member):
    message = text(member)
    assert messages_send_due(at=T0).sent == 1
    [request] = gateway.requests
    reference = f"bashgah-{message.pk}-{int(message.created_at.timestamp())}"
    assert request.path == "/messages" and request.headers["Authorization"] == "Bearer gw-token"
    assert request.json == {"to": "+989121234567", "text": "رسید خرید شما", "reference": reference}
    assert request.headers["Idempotency-Key"] == reference
    assert reload(message).provider_message_id == reference


def test_gateway_deduplicates_a_retry_after_a_crash(gateway, member, crash_after_send, monkeypatch):
    message = text(member)
    with pytest.raises(Crash):
        messages_send_due(at=T0)
    monkeypatch.undo()
    assert messages_send_due(at=T0 + dt.timedelta(minutes=6)).sent == 1
    assert reload(message).status == "sent"
    assert len(gateway.requests) == 2 and len(gateway.sent) == 1  # the second was a 409


def test_gateway_invalid_recipient_fails_for_good(gateway, member):
    gateway.invalid = {"+989121234567"}
    message = text(member)
    assert messages_send_due(at=T0).failed == 1
    assert reload(message).last_error.startswith("gateway 422: invalid_recipient")


def test_gateway_reports_and_keywords_over_http(gateway, make_member, live_server, settings):
    settings_with(settings, SITE_URL=live_server.url)
    member = make_member("09121112255")
    consent_set(member=member, channel="sms", granted=True, source="test")
    message = text(member)
    messages_send_due(at=T0)
    base = f"{live_server.url}/api/v1/messaging/http/{SECRET}"
    reference = reload(message).provider_message_id
    assert gateway.report(f"{base}/delivery", reference, "delivered").json() == {"known": True}
    assert reload(message).status == "delivered"
    bad = gateway.report(f"{base}/delivery", reference, "x" * 40)
    assert bad.status_code == 422
    assert gateway.incoming(f"{base}/inbound", "+989121112255", "11").json() == {"known": True}
    assert consent_current(member=member).sms.granted is False
    wrong = gateway.report(f"{live_server.url}/api/v1/messaging/http/nope/delivery", reference, "x")
    assert wrong.status_code == 404


# --- email over SMTP --------------------------------------------------------------------------


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        settings.DEFAULT_FROM_EMAIL = "club@bashgah.example"
        yield server


@pytest.fixture
def reader(member) -> Member:
    Member.objects.filter(pk=member.pk).update(email="sara@example.com", language="en")
    member.refresh_from_db()
    consent_set(member=member, channel="email", granted=True, source="test")
    return member


def email(member: Member, purpose: str = "marketing") -> Message:
    from bashgah.messaging.services import message_compose

    subject, body = message_compose(
        channel="email",
        purpose=purpose,
        language="en",
        body="Double points this week.",
        subject="This week",
    )
    return message_enqueue(
        draft=MessageDraft(
            member_id=member.pk,
            channel="email",
            to_address=member.email,
            language="en",
            purpose=purpose,
            subject=subject,
            body=body,
            dedupe_key=f"mail:{member.pk}:{purpose}",
        ),
        at=T0,
    )


def test_email_reaches_an_smtp_server_with_list_unsubscribe_and_a_fixed_message_id(
    smtp, reader, client
):
    message = email(reader)
    assert messages_send_due(at=T0).sent == 1
    [mail] = smtp.mails
    assert mail.recipients == ["sara@example.com"] and mail.sender == "club@bashgah.example"
    stamp = int(message.created_at.timestamp())
    assert mail.message["Message-ID"] == f"<bashgah.{message.pk}.{stamp}@testserver>"
    assert reload(message).provider_message_id == mail.message["Message-ID"]
    assert mail.message["Subject"] == "This week"
    header = str(mail.message["List-Unsubscribe"]).strip()
    assert header.startswith("<http://testserver/unsubscribe/") and header.endswith(">")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header[1:-1]
    assert mail.text.startswith("Double points this week.\n\n--\nYou receive this email")
    assert mail.text.rstrip().endswith(link)
    # The mail provider's one-click POST to the header's address unsubscribes.
    response = client.post(
        link.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert consent_current(member=reader).email.granted is False


def test_an_unknown_mailbox_fails_the_email_and_marks_it_stale(smtp, reader):
    smtp.refuse = {"sara@example.com": "550 5.1.1 no such user"}
    message = email(reader)
    assert messages_send_due(at=T0).failed == 1
    assert "550" in reload(message).last_error and smtp.mails == []
    dispatch_pending()
    assert stale(reader, "email") is not None


def test_a_busy_mail_server_is_retried(smtp, reader):
    smtp.refuse = {"sara@example.com": "451 4.3.0 try again later"}
    message = email(reader, purpose="service")
    assert messages_send_due(at=T0).retried == 1
    smtp.refuse = {}
    assert messages_send_due(at=reload(message).next_attempt_at).sent == 1
    assert len(smtp.mails) == 1


def test_no_mail_server_at_all_is_retried(reader, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    message = email(reader, purpose="service")
    assert messages_send_due(at=T0).retried == 1
    assert reload(message).status == "queued"


def test_a_bounce_reported_later_marks_the_email_bounced(smtp, reader, client):
    message = email(reader, purpose="service")
    messages_send_due(at=T0)
    message_id = reload(message).provider_message_id
    url = f"/api/v1/messaging/email/{SECRET}/report"
    body = {"message_id": message_id, "status": "bounced", "reason": "5.1.1 mailbox gone"}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"known": True}
    message = reload(message)
    assert message.status == "bounced" and message.last_error == "5.1.1 mailbox gone"
    dispatch_pending()
    assert stale(reader, "email").stale_reason == "5.1.1 mailbox gone"
