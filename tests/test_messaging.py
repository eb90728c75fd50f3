"""The message outbox: compliance text, enqueue, and the decisions made at send time
(consent, members who left, frequency caps, quiet hours), with the console provider."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from bashgah.contacts.models import ContactState
from bashgah.contacts.services import contact_reverify_request
from bashgah.core import sms
from bashgah.core.errors import ValidationFailed
from bashgah.events.dispatch import dispatch_pending
from bashgah.events.models import OutboxEvent
from bashgah.members.consent import consent_current, consent_history, consent_set
from bashgah.members.models import Member
from bashgah.members.services import member_leave
from bashgah.messaging.models import Message
from bashgah.messaging.services import (
    UNSUBSCRIBE_MARK,
    MessageDraft,
    message_compose,
    message_enqueue,
    messages_enqueue_bulk,
    messages_send_due,
    quiet_until,
    sms_inbound,
    unsubscribe_token,
)
from tests.messaging_servers import settings_with

TEHRAN = ZoneInfo("Asia/Tehran")
NOON = dt.datetime(2030, 1, 15, 12, 0, tzinfo=TEHRAN)
_keys = itertools.count()


@pytest.fixture(autouse=True)
def _console(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    settings_with(
        settings,
        SMS_BACKEND="console",
        MESSAGING_REGION="IR",
        MESSAGING_CAP_PER_DAY=1,
        MESSAGING_CAP_PER_WEEK=3,
        MESSAGING_QUIET_HOURS="21:00-09:00",
        MESSAGING_MARKETING_VALID_HOURS=24,
        CLUB_NAME="Bashgah",
    )
    sms.OUTBOX.clear()


def draft(
    member: Member,
    *,
    channel: str = "sms",
    purpose: str = "marketing",
    body: str = "۲۰٪ تخفیف این هفته",
    key: str | None = None,
    **extra,
) -> MessageDraft:
    subject, text = message_compose(
        channel=channel,
        purpose=purpose,
        language=member.language,
        body=body,
        subject="Offer" if channel == "email" else "",
    )
    return MessageDraft(
        member_id=member.pk,
        channel=channel,
        to_address=member.phone if channel == "sms" else member.email,
        language=member.language,
        purpose=purpose,
        subject=subject,
        body=text,
        dedupe_key=key or f"test:{next(_keys)}",
        **extra,
    )


def allow(member: Member, channel: str = "sms", granted: bool = True) -> None:
    consent_set(member=member, channel=channel, granted=granted, source="test")


def queue(member: Member, at: dt.datetime = NOON, **options) -> Message:
    return message_enqueue(draft=draft(member, **options), at=at)


def reload(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)


# --- compliance text --------------------------------------------------------------------------


def test_iranian_marketing_sms_ends_with_the_opt_out_and_service_sms_does_not():
    assert message_compose(
        channel="sms", purpose="marketing", language="fa", body=" تخفیف ویژه "
    ) == ("", "تخفیف ویژه\nلغو ۱۱")
    assert message_compose(channel="sms", purpose="service", language="fa", body="کد: ۱۲۳") == (
        "",
        "کد: ۱۲۳",
    )


def test_israeli_advertising_is_labelled_and_carries_a_way_to_refuse(settings):
    settings_with(settings, MESSAGING_REGION="IL", CLUB_NAME="מועדון הקפה")
    _, text = message_compose(channel="sms", purpose="marketing", language="he", body="מבצע!")
    assert text.startswith("פרסומת: מועדון הקפה\n")
    assert text.endswith("הסר") and "מבצע!" in text
    _, english = message_compose(channel="sms", purpose="marketing", language="en", body="Sale")
    assert english.startswith("פרסומת") and english.endswith("reply STOP")
    subject, body = message_compose(
        channel="email", purpose="marketing", language="he", body="מבצע", subject="חדש"
    )
    assert subject == "פרסומת: חדש" and UNSUBSCRIBE_MARK in body
    assert message_compose(channel="sms", purpose="service", language="he", body="קוד") == (
        "",
        "קוד",
    )


def test_marketing_email_gets_an_unsubscribe_footer_in_the_members_language():
    subject, body = message_compose(
        channel="email", purpose="marketing", language="fa", body="سلام", subject="پیشنهاد"
    )
    assert subject == "پیشنهاد"
    assert body.startswith("سلام\n\n--\n") and body.endswith(UNSUBSCRIBE_MARK)
    assert "Bashgah" in body and "To stop" not in body  # Persian, not English


def test_compose_refuses_an_unknown_channel():
    with pytest.raises(ValidationFailed):
        message_compose(channel="fax", purpose="marketing", language="fa", body="x")


# --- enqueue ----------------------------------------------------------------------------------


def test_enqueue_is_idempotent_on_the_dedupe_key(member):
    first = queue(member, key="campaign:1:member:5")
    again = message_enqueue(draft=draft(member, key="campaign:1:member:5", body="other"))
    assert again.pk == first.pk and again.body == first.body
    assert Message.objects.count() == 1
    assert first.status == "queued" and first.next_attempt_at == NOON
    assert first.expires_at == NOON + dt.timedelta(hours=24)


def test_a_bad_draft_is_refused_and_nothing_is_queued(member):
    bad = draft(member)
    with pytest.raises(ValidationFailed) as error:
        message_enqueue(draft=replace(bad, to_address="0912"))
    assert "to_address" in error.value.details
    assert Message.objects.count() == 0


def test_bulk_enqueue_skips_duplicates_and_counts_what_it_inserted(make_member):
    members = [make_member() for _ in range(3)]
    message_enqueue(draft=draft(members[0], key="c:7:m:0"))
    drafts = [draft(m, key=f"c:7:m:{i}", campaign_id=7) for i, m in enumerate(members)]
    drafts.append(draft(members[1], key="c:7:m:1"))  # repeated inside the batch
    assert messages_enqueue_bulk(drafts=iter(drafts), at=NOON) == 2
    assert Message.objects.count() == 3
    assert set(Message.objects.filter(campaign_id=7).values_list("dedupe_key", flat=True)) == {
        "c:7:m:1",
        "c:7:m:2",
    }
    row = Message.objects.get(dedupe_key="c:7:m:2")
    assert row.body.endswith("لغو ۱۱") and row.status == "queued" and row.next_attempt_at == NOON
    assert messages_enqueue_bulk(drafts=drafts, at=NOON) == 0


def test_bulk_enqueue_keeps_not_before_and_validity(member):
    later = NOON + dt.timedelta(days=2)
    messages_enqueue_bulk(
        drafts=[
            draft(member, key="later", not_before=later),
            draft(member, key="service", purpose="service"),
        ],
        at=NOON,
    )
    row = Message.objects.get(dedupe_key="later")
    assert (row.next_attempt_at, row.expires_at) == (later, later + dt.timedelta(hours=24))
    assert row.created_at == NOON and row.member_id == member.pk
    service = Message.objects.get(dedupe_key="service")
    assert (service.next_attempt_at, service.expires_at) == (NOON, None)


def test_bulk_enqueue_keeps_tabs_newlines_and_backslashes(member):
    text = "a\tb\nc\\d\r\ne"
    messages_enqueue_bulk(drafts=[draft(member, purpose="service", body=text, key="k")])
    assert Message.objects.get(dedupe_key="k").body == "a\tb\nc\\d\r\ne"


def test_a_bad_draft_in_a_bulk_enqueue_queues_nothing(make_member):
    members = [make_member() for _ in range(2)]
    good = draft(members[0])
    bad = replace(draft(members[1]), channel="fax")
    with pytest.raises(ValidationFailed):
        messages_enqueue_bulk(drafts=[good, bad])
    assert Message.objects.count() == 0


# --- sending: consent, members who left -------------------------------------------------------


def test_a_marketing_sms_with_consent_is_sent(member):
    allow(member)
    message = queue(member)
    run = messages_send_due(at=NOON)
    assert (run.claimed, run.sent) == (1, 1)
    message = reload(message)
    assert message.status == "sent" and message.provider == "console"
    assert message.sent_at is not None and message.attempts == 1
    assert [(m.phone, m.text) for m in sms.OUTBOX] == [(member.phone, message.body)]


def test_consent_withdrawn_between_enqueue_and_send_suppresses(member):
    allow(member)
    message = queue(member)
    allow(member, granted=False)
    run = messages_send_due(at=NOON)
    message = reload(message)
    assert (run.suppressed, run.sent) == (1, 0)
    assert (message.status, message.suppressed_reason) == ("suppressed", "no_consent")
    assert sms.OUTBOX == []


def test_never_asked_means_no_marketing_but_service_messages_go(member):
    marketing = queue(member)
    service = queue(member, purpose="service", body="رسید خرید شما")
    messages_send_due(at=NOON)
    assert reload(marketing).suppressed_reason == "no_consent"
    assert reload(service).status == "sent"
    assert [m.text for m in sms.OUTBOX] == ["رسید خرید شما"]


def test_a_member_who_left_gets_nothing(member):
    allow(member)
    marketing, service = queue(member), queue(member, purpose="service")
    member_leave(member=member)
    messages_send_due(at=NOON)
    assert {reload(marketing).suppressed_reason, reload(service).suppressed_reason} == {
        "member_left"
    }
    assert sms.OUTBOX == []


def test_consent_is_read_once_per_batch(make_member, django_assert_max_num_queries):
    members = [make_member() for _ in range(20)]
    for m in members:
        allow(m)
        queue(m)
    # claim (3) + load + members + consent + caps + 20 × record: no query per member to decide
    with django_assert_max_num_queries(8 + 20):
        run = messages_send_due(at=NOON)
    assert run.sent == 20


# --- frequency caps ---------------------------------------------------------------------------


def test_caps_per_member_per_channel_per_day_and_week(member, make_member):
    allow(member)
    allow(member, "email")
    Member.objects.filter(pk=member.pk).update(email="sara@example.com")
    member.refresh_from_db()
    other = make_member()
    allow(other)

    def send_at(at: dt.datetime, channel: str = "sms", who: Member = member) -> str:
        message = queue(who, at=at, channel=channel)
        messages_send_due(at=at)
        message = reload(message)
        return message.suppressed_reason or message.status

    assert send_at(NOON) == "sent"
    assert send_at(NOON + dt.timedelta(hours=1)) == "capped"  # 1 a day
    assert send_at(NOON + dt.timedelta(hours=1), "email") == "sent"  # per channel
    assert send_at(NOON + dt.timedelta(hours=1), who=other) == "sent"  # per member
    assert send_at(NOON + dt.timedelta(days=1)) == "sent"
    assert send_at(NOON + dt.timedelta(days=2)) == "sent"
    assert send_at(NOON + dt.timedelta(days=3)) == "capped"  # 3 in the last 7 days
    assert send_at(NOON + dt.timedelta(days=6, hours=8)) == "capped"  # 20:00 on day 6
    assert send_at(NOON + dt.timedelta(days=7)) == "sent"  # day 0 is out of the window


def test_the_daily_cap_counts_calendar_days_in_the_clubs_time_zone(member):
    allow(member)
    late = dt.datetime(2030, 1, 15, 20, 59, tzinfo=TEHRAN)
    queue(member, at=late)
    assert messages_send_due(at=late).sent == 1
    next_morning = dt.datetime(2030, 1, 16, 9, 0, tzinfo=TEHRAN)  # 12 hours later, a new day
    queue(member, at=next_morning)
    assert messages_send_due(at=next_morning).sent == 1


def test_two_messages_for_one_member_in_one_batch_respect_the_cap(member):
    allow(member)
    first, second = queue(member), queue(member)
    run = messages_send_due(at=NOON)
    assert (run.sent, run.suppressed) == (1, 1)
    assert [reload(first).status, reload(second).suppressed_reason] == ["sent", "capped"]


def test_service_messages_are_not_capped(member):
    for _ in range(3):
        queue(member, purpose="service")
    assert messages_send_due(at=NOON).sent == 3


# --- quiet hours ------------------------------------------------------------------------------


def test_quiet_hours_in_the_clubs_time_zone():
    assert quiet_until(NOON) is None
    evening = dt.datetime(2030, 1, 15, 22, 30, tzinfo=TEHRAN)
    assert quiet_until(evening) == dt.datetime(2030, 1, 16, 9, 0, tzinfo=TEHRAN)
    early = dt.datetime(2030, 1, 16, 3, 0, tzinfo=TEHRAN)
    assert quiet_until(early) == dt.datetime(2030, 1, 16, 9, 0, tzinfo=TEHRAN)
    assert quiet_until(dt.datetime(2030, 1, 16, 9, 0, tzinfo=TEHRAN)) is None
    assert quiet_until(dt.datetime(2030, 1, 15, 18, 0, tzinfo=dt.UTC)) is not None  # 21:30 Tehran


def test_marketing_in_quiet_hours_waits_for_the_morning(member):
    allow(member)
    evening = dt.datetime(2030, 1, 15, 22, 30, tzinfo=TEHRAN)
    morning = dt.datetime(2030, 1, 16, 9, 0, tzinfo=TEHRAN)
    message = queue(member, at=evening)
    run = messages_send_due(at=evening)
    message = reload(message)
    assert (run.deferred, run.sent) == (1, 0)
    assert message.status == "queued" and message.next_attempt_at == morning
    assert message.attempts == 0  # waiting is not a failed attempt
    assert messages_send_due(at=morning - dt.timedelta(minutes=1)).claimed == 0
    assert messages_send_due(at=morning).sent == 1
    assert reload(message).status == "sent"


def test_service_messages_go_out_in_quiet_hours(member):
    message = queue(member, at=NOON, purpose="service")
    messages_send_due(at=dt.datetime(2030, 1, 15, 23, 0, tzinfo=TEHRAN))
    assert reload(message).status == "sent"


def test_marketing_that_would_wait_past_its_validity_is_dropped(member, settings):
    settings_with(settings, MESSAGING_MARKETING_VALID_HOURS=2)
    allow(member)
    evening = dt.datetime(2030, 1, 15, 22, 30, tzinfo=TEHRAN)
    message = queue(member, at=evening)
    messages_send_due(at=evening)
    message = reload(message)
    assert (message.status, message.suppressed_reason) == ("suppressed", "expired")


# --- keywords and the consent ledger ----------------------------------------------------------


@pytest.mark.parametrize("text", ["11", "۱۱", " ١١ ", "STOP", "stop", "הסר"])
def test_stop_keywords_withdraw_sms_consent(member, text):
    allow(member)
    assert sms_inbound(provider="console", from_phone="09121234567", text=text) == "unsubscribed"
    assert consent_current(member=member).sms.granted is False
    newest = consent_history(member=member)[0]
    assert (newest.channel, newest.granted, newest.source) == ("sms", False, "sms-keyword")


@pytest.mark.parametrize("text", ["12", "۱۲", "START"])
def test_start_keywords_give_sms_consent_back(member, text):
    allow(member, granted=False)
    assert sms_inbound(provider="console", from_phone="+989121234567", text=text) == (
        "resubscribed"
    )
    assert consent_current(member=member).sms.granted is True


def test_other_texts_and_strangers_change_nothing(member):
    allow(member)
    before = len(consent_history(member=member))
    assert sms_inbound(provider="console", from_phone=member.phone, text="سلام 11") is None
    assert sms_inbound(provider="console", from_phone="09350000000", text="11") is None
    assert sms_inbound(provider="console", from_phone="not a number", text="11") is None
    assert len(consent_history(member=member)) == before


def test_opting_out_by_text_stops_the_next_message(member):
    allow(member)
    message = queue(member)
    sms_inbound(provider="console", from_phone=member.phone, text="11")
    messages_send_due(at=NOON)
    assert reload(message).suppressed_reason == "no_consent" and sms.OUTBOX == []


# --- email: unsubscribe link and page ---------------------------------------------------------


@pytest.fixture
def emailed(member):
    Member.objects.filter(pk=member.pk).update(email="sara@example.com", language="en")
    member.refresh_from_db()
    allow(member, "email")
    return member


def test_marketing_email_carries_list_unsubscribe_and_a_personal_link(emailed):
    message = queue(emailed, channel="email")
    messages_send_due(at=NOON)
    assert reload(message).status == "sent"
    [sent] = mail.outbox
    link = f"http://127.0.0.1:8000/unsubscribe/{unsubscribe_token(member_id=emailed.pk)}"
    assert sent.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent.body.endswith(link) and UNSUBSCRIBE_MARK not in sent.body
    assert sent.extra_headers["Message-ID"].startswith(f"<bashgah.{message.pk}.")


def test_unsubscribe_page_asks_then_withdraws_email_consent(emailed, client):
    url = f"/unsubscribe/{unsubscribe_token(member_id=emailed.pk)}"
    page = client.get(url)
    assert page.status_code == 200 and "s…@example.com" in page.content.decode()
    assert consent_current(member=emailed).email.granted is True  # opening is not asking
    done = client.post(url)
    assert done.status_code == 200 and 'id="unsubscribe-done"' in done.content.decode()
    newest = consent_history(member=emailed)[0]
    assert (newest.channel, newest.granted, newest.source) == ("email", False, "email-unsubscribe")
    assert client.post(url).status_code == 200  # again: nothing new recorded
    assert len([r for r in consent_history(member=emailed) if r.channel == "email"]) == 2


def test_one_click_unsubscribe_needs_no_csrf_token(emailed):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/unsubscribe/{unsubscribe_token(member_id=emailed.pk)}"
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert consent_current(member=emailed).email.granted is False


def test_a_forged_unsubscribe_link_is_refused(emailed, client):
    token = unsubscribe_token(member_id=emailed.pk)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(f"/unsubscribe/{forged}")
    assert response.status_code == 422
    assert consent_current(member=emailed).email.granted is True


def test_unsubscribe_page_in_the_members_language(emailed, client):
    Member.objects.filter(pk=emailed.pk).update(language="fa")
    page = client.get(f"/unsubscribe/{unsubscribe_token(member_id=emailed.pk)}")
    assert 'lang="fa"' in page.content.decode() and 'dir="rtl"' in page.content.decode()


# --- handlers: re-verification email, failed messages -----------------------------------------


def test_reverify_request_is_emailed_in_the_members_language(emailed):
    Member.objects.filter(pk=emailed.pk).update(language="fa")
    emailed.refresh_from_db()
    contact_reverify_request(member=emailed, channel="email")
    dispatch_pending()
    message = Message.objects.get(channel="email")
    assert message.purpose == "service" and message.to_address == "sara@example.com"
    assert "http://127.0.0.1:8000/contacts/confirm/" in message.body
    assert "Please confirm" not in message.body  # Persian
    dispatch_pending()  # a second run queues nothing new
    assert Message.objects.count() == 1
    messages_send_due()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sara@example.com"]


def test_the_emailed_link_confirms_the_address(emailed, client):
    contact_reverify_request(member=emailed, channel="email")
    dispatch_pending()
    messages_send_due()
    [sent] = mail.outbox
    path = next(word for word in sent.body.split() if "/contacts/confirm/" in word)
    page = client.get(path.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200 and 'id="email-confirmed"' in page.content.decode()
    state = ContactState.objects.get(member=emailed, channel="email")
    assert state.reverify_requested_at is None and state.last_verified_at is not None
    assert client.get("/contacts/confirm/forged").status_code == 422


def test_message_failed_marks_the_contact_stale_only_for_the_address_problem(member):
    from bashgah.contacts.handlers import on_message_failed

    message = queue(member, purpose="service")

    def event(contact_problem: bool) -> OutboxEvent:
        return OutboxEvent.objects.create(
            topic="message.failed",
            aggregate_type="member",
            aggregate_id=str(member.pk),
            payload={
                "message_id": message.pk,
                "member_id": member.pk,
                "channel": "sms",
                "reason": "kavenegar 418: credit",
                "contact_problem": contact_problem,
            },
        )

    on_message_failed(event(False))
    assert not ContactState.objects.filter(member=member, stale_since__isnull=False).exists()
    on_message_failed(event(True))
    state = ContactState.objects.get(member=member, channel="phone")
    assert state.stale_since is not None and state.stale_reason == "kavenegar 418: credit"


def test_send_sms_now_uses_the_configured_sender(settings):
    sms.send_sms(phone="+989121234567", text="کد: ۱۲۳۴۵۶")
    assert sms.OUTBOX[-1] == sms.SentMessage("+989121234567", "کد: ۱۲۳۴۵۶")
    settings_with(settings, SMS_SENDER="")
    sms.send_sms(phone="+989121234568", text="x")  # the console, as before messaging
    assert sms.OUTBOX[-1].phone == "+989121234568"
