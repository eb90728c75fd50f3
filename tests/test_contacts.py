"""Keeping contact data alive: verified-at-enrolment defaults, the yearly re-verification by
texted code (right, wrong and expired codes) and by signed email link, phone corrections,
stale marking and the report by age and channel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from bashgah.cli import main as cli_main
from bashgah.contacts.models import ContactState
from bashgah.contacts.selectors import contact_status, contacts_due, contacts_report
from bashgah.contacts.services import (
    LinkRejected,
    contact_email_confirm,
    contact_email_correct,
    contact_mark_stale,
    contact_phone_change_request,
    contact_phone_confirm,
    contact_phone_correct,
    contact_reverify_request,
    contacts_reverify_due,
)
from bashgah.core import sms
from bashgah.core.errors import ValidationFailed
from bashgah.events.models import OutboxEvent
from bashgah.members.models import Member
from bashgah.members.otp import CodeRejected
from bashgah.members.services import AlreadyMember, ProfileInput
from bashgah.purchases.services import member_join

pytestmark = pytest.mark.django_db

PHONE = ContactState.Channel.PHONE
EMAIL = ContactState.Channel.EMAIL


def enrolled(phone: str, days_ago: int, email: str = "") -> Member:
    at = timezone.now() - dt.timedelta(days=days_ago)
    return member_join(phone=phone, profile=ProfileInput(email=email), at=at).member


def texted_code(phone: str) -> str:
    message = [m for m in sms.OUTBOX if m.phone == phone][-1]
    found = re.search(r"\d{6}", message.text)
    assert found, message.text
    return found.group(0)


@pytest.fixture(autouse=True)
def _fresh_code_limits():
    cache.clear()  # one-time code limits are counted in the cache, per member id


@pytest.fixture
def texts(django_capture_on_commit_callbacks):
    """``texts(service, **kwargs)`` runs a service and sends its text messages (on commit)."""
    sms.OUTBOX.clear()

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    run.outbox = sms.OUTBOX
    return run


def test_a_member_without_a_row_counts_as_verified_at_enrolment():
    member = enrolled("09121110001", days_ago=10, email="a@example.com")
    for channel in (PHONE, EMAIL):
        status = contact_status(member=member, channel=channel)
        assert status.last_verified_at == member.enrolled_at
        assert status.stale_since is None
    assert not ContactState.objects.exists()


def test_due_contacts_are_asked_once_and_confirmed_with_the_texted_code(texts):
    old = enrolled("09121110002", days_ago=400)
    recent = enrolled("09121110003", days_ago=100)
    assert list(contacts_due(channel=PHONE)) == [old]

    run = texts(contacts_reverify_due)
    assert (run.phone, run.email, run.skipped) == (1, 0, 0)
    assert [m.phone for m in texts.outbox] == ["+989121110002"]
    assert contacts_reverify_due().phone == 0  # asked already: not again within 30 days
    assert recent in contacts_due(channel=PHONE, days=30)  # with a shorter period it is due

    at = timezone.now()
    contact_phone_confirm(member=old, code=texted_code("+989121110002"), at=at)
    state = ContactState.objects.get(member=old, channel=PHONE)
    assert (state.last_verified_at, state.reverify_requested_at) == (at, None)
    assert not contacts_due(channel=PHONE).exists()
    assert OutboxEvent.objects.filter(topic="contact.verified").count() == 1


def test_a_wrong_code_changes_nothing(texts):
    member = enrolled("09121110004", days_ago=400)
    texts(contact_reverify_request, member=member, channel=PHONE)
    code = texted_code("+989121110004")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(CodeRejected):
        contact_phone_confirm(member=member, code=wrong)
    assert contact_status(member=member, channel=PHONE).last_verified_at == member.enrolled_at
    contact_phone_confirm(member=member, code=code)  # the right one still works
    assert contact_status(member=member, channel=PHONE).last_verified_at > member.enrolled_at


def test_an_expired_code_is_refused(texts):
    member = enrolled("09121110005", days_ago=400)
    texts(
        contact_reverify_request,
        member=member,
        channel=PHONE,
        at=timezone.now() - dt.timedelta(minutes=6),
    )
    with pytest.raises(CodeRejected):
        contact_phone_confirm(member=member, code=texted_code("+989121110005"))
    assert contact_status(member=member, channel=PHONE).last_verified_at == member.enrolled_at


def test_a_phone_is_corrected_with_a_code_sent_to_the_new_number(texts):
    member = enrolled("09121110006", days_ago=400)
    other = enrolled("09121110007", days_ago=1)
    with pytest.raises(AlreadyMember):
        texts(contact_phone_change_request, member=member, phone=other.phone or "")
    assert texts.outbox == []

    new = texts(contact_phone_change_request, member=member, phone="۰۹۱۲۱۱۱۰۰۰۸")
    assert new == "+989121110008"
    assert [m.phone for m in texts.outbox] == [new]
    code = texted_code(new)
    with pytest.raises(CodeRejected):  # the code proves this number only
        contact_phone_correct(member=member, phone="09121110009", code=code)
    contact_phone_correct(member=member, phone=new, code=code)
    member.refresh_from_db()
    assert member.phone == new
    assert contact_status(member=member, channel=PHONE).last_verified_at > member.enrolled_at


def test_email_is_confirmed_by_a_signed_link_announced_on_the_outbox(monkeypatch):
    member = enrolled("09121110010", days_ago=400, email="old@example.com")
    run = contacts_reverify_due()
    assert (run.phone, run.email) == (1, 1)
    event = OutboxEvent.objects.get(topic="contact.reverify_requested")
    assert event.payload["email"] == "old@example.com"
    token = event.payload["link"].removeprefix("/contacts/confirm/")

    with pytest.raises(LinkRejected):
        contact_email_confirm(token=token[:-2] + "xx")
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 15 * 86400)
    with pytest.raises(LinkRejected):  # links last 14 days
        contact_email_confirm(token=token)
    monkeypatch.undo()
    assert contact_status(member=member, channel=EMAIL).last_verified_at == member.enrolled_at

    state = contact_email_confirm(token=token)
    assert state.channel == EMAIL and state.last_verified_at > member.enrolled_at


def test_a_corrected_email_gets_a_new_link_and_the_old_link_stops_working():
    member = enrolled("09121110011", days_ago=400, email="old@example.com")
    contact_reverify_request(member=member, channel=EMAIL)
    old_link = OutboxEvent.objects.get(topic="contact.reverify_requested").payload["link"]
    contact_email_correct(member=member, email="New@Example.com")
    member.refresh_from_db()
    assert member.email == "new@example.com"
    with pytest.raises(LinkRejected):
        contact_email_confirm(token=old_link.removeprefix("/contacts/confirm/"))
    new_link = (
        OutboxEvent.objects.filter(topic="contact.reverify_requested").order_by("-pk")[0]
    ).payload["link"]
    contact_email_confirm(token=new_link.removeprefix("/contacts/confirm/"))
    with pytest.raises(ValidationFailed):
        contact_email_correct(member=member, email="not an email")


def test_stale_contacts_are_marked_reported_and_not_asked():
    member = enrolled("09121110012", days_ago=400, email="b@example.com")
    with pytest.raises(ValidationFailed):
        contact_mark_stale(member=member, channel=EMAIL, reason="")
    with pytest.raises(ValidationFailed):
        contact_mark_stale(member=member, channel="fax", reason="x")
    first = timezone.now() - dt.timedelta(days=2)
    contact_mark_stale(member=member, channel=EMAIL, reason="hard_bounce", at=first)
    state = contact_mark_stale(member=member, channel=EMAIL, reason="mailbox_gone")
    assert (state.stale_since, state.stale_reason) == (first, "mailbox_gone")
    assert not contacts_due(channel=EMAIL).exists()
    assert contacts_due(channel=PHONE).get() == member


def test_report_counts_contacts_by_age_and_channel(capsys):
    for number, days in enumerate([10, 200, 400, 800, 1200, 1500]):
        enrolled(f"0912111002{number}", days_ago=days, email=f"m{number}@example.com")
    stale = Member.objects.get(phone="+989121110020")
    contact_mark_stale(member=stale, channel=PHONE, reason="unknown_number")
    left = enrolled("09121110030", days_ago=10)
    Member.objects.filter(pk=left.pk).update(status=Member.Status.LEFT, phone=None)

    report = contacts_report()
    assert report.counts[PHONE] == {
        "under_1y": 1,
        "1_2y": 1,
        "2_3y": 1,
        "over_3y": 2,
        "stale": 1,
    }
    assert report.counts[EMAIL] == {
        "under_1y": 2,
        "1_2y": 1,
        "2_3y": 1,
        "over_3y": 2,
        "stale": 0,
    }

    assert cli_main(["contacts-report"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["channel", "under_1y", "1_2y", "2_3y", "over_3y", "stale"]
    assert lines[1].split() == ["phone", "1", "1", "1", "2", "1"]
    assert lines[2].split() == ["email", "2", "1", "1", "2", "0"]
