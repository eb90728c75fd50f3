"""The member portal through the Django test client: signing in by texted code, the card,
history, rewards and vouchers, profile, consent, the data download and leaving the club."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from bashgah.core import sms
from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import ledger_verify, points_summary, system_balances
from bashgah.ledger.services import points_credit
from bashgah.members.consent import consent_current, consent_set
from bashgah.members.models import ConsentRecord, Member, OneTimeCode
from bashgah.portal.views import common
from bashgah.rewards.models import Reward, Voucher
from bashgah.rewards.services.redeem import reward_redeem

pytestmark = pytest.mark.django_db

PHONE = "09121234567"
E164 = "+989121234567"
STRANGER = "09359998877"
PAGES = ["/card/", "/history/", "/rewards/", "/vouchers/", "/profile/", "/privacy/", "/leave/"]


@pytest.fixture(autouse=True)
def _forget_counts() -> None:
    """Member ids restart with each test: forget earlier tests' code and rate counts (only the
    keys these tests use, so parallel workers sharing one Redis are left alone)."""
    keys = [
        f"otp:{what}:{pk}:{purpose}"
        for pk in range(1, 200)
        for what in ("issued", "guesses")
        for purpose in ("portal-login", "redeem")
    ]
    for ip in ["127.0.0.1", *(f"10.0.0.{n}" for n in range(1, 5))]:
        keys += [common._counter_key(kind, ip) for kind in ("ip-codes", "ip-guesses")]
    phones = [E164, "+989359998877", "+989351112233", "+989121111111"]
    phones += [f"+98912000{n:04d}" for n in range(20)]
    keys += [common._counter_key("phone-codes", phone) for phone in phones]
    cache.delete_many(keys)
    sms.OUTBOX.clear()


def browser(language: str = "en", **options: Any) -> Client:
    client = Client(**options)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def last_code() -> str:
    return re.search(r"\d{6}", sms.OUTBOX[-1].text).group()


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """POST with the transaction's after-commit work run, as a real request would (SMS)."""

    def post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {})

    return post


@pytest.fixture
def sign_in(send: Callable[..., Any]) -> Callable[..., Client]:
    def signed_in(member: Member, language: str = "en") -> Client:
        client = browser(language)
        assert send(client, "/login/", {"phone": member.phone}).status_code == 302
        assert client.post("/login/code/", {"code": last_code()}).status_code == 302
        return client

    return signed_in


# --- signing in ---------------------------------------------------------------------------


def test_sign_in_with_a_texted_code(member, send):
    client = browser()
    home = client.get("/")
    assert home.status_code == 200 and 'id="phone"' in text(home)
    asked = send(client, "/login/", {"phone": "۰۹۱۲ ۱۲۳ ۴۵۶۷"})  # Persian digits, spaces
    assert asked.status_code == 302 and asked["Location"] == "/login/code/"
    assert [m.phone for m in sms.OUTBOX] == [E164]
    assert OneTimeCode.objects.get().code_hash != last_code()  # stored hashed
    code_page = client.get("/login/code/")
    assert 'id="code"' in text(code_page) and "4567" in text(code_page)
    session_before = client.cookies[settings.SESSION_COOKIE_NAME].value
    persian_code = last_code().translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    signed = client.post("/login/code/", {"code": persian_code})
    assert signed.status_code == 302 and signed["Location"] == "/card/"
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != session_before  # rotated
    card = client.get("/card/")
    assert card.status_code == 200 and 'id="balance"' in text(card)
    assert client.get("/")["Location"] == "/card/"
    assert "_auth_user_id" not in client.session  # not a staff sign-in
    assert client.session[common.MEMBER_KEY] == member.pk


def test_pages_need_a_signed_in_member(member):
    for page in PAGES:
        response = browser().get(page)
        assert response.status_code == 302 and response["Location"] == "/login/", page


def test_wrong_code_and_code_used_twice(member, send):
    client = browser()
    send(client, "/login/", {"phone": PHONE})
    wrong = client.post("/login/code/", {"code": "000000" if last_code() != "000000" else "1"})
    assert wrong.status_code == 422 and "The code is wrong or has expired." in text(wrong)
    assert client.get("/card/").status_code == 302
    code = last_code()
    assert client.post("/login/code/", {"code": code}).status_code == 302
    other = browser()
    send(other, "/login/", {"phone": PHONE})
    sms.OUTBOX.pop()  # the new code is not read; the old one is offered again
    assert other.post("/login/code/", {"code": code}).status_code == 422


def test_expired_code_is_refused(member, send):
    client = browser()
    send(client, "/login/", {"phone": PHONE})
    OneTimeCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    refused = client.post("/login/code/", {"code": last_code()})
    assert refused.status_code == 422 and client.get("/card/").status_code == 302


def test_too_many_wrong_codes_lock_the_code(member, send):
    client = browser()
    send(client, "/login/", {"phone": PHONE})
    code = last_code()
    wrong = "111111" if code != "111111" else "222222"
    for _ in range(5):
        assert client.post("/login/code/", {"code": wrong}).status_code == 422
    locked = client.post("/login/code/", {"code": code})
    assert locked.status_code == 422 and "ask for a new one" in text(locked)


def test_a_stranger_gets_the_same_answer_and_no_text(member, send):
    member_client, stranger_client = browser(), browser()
    for_member = send(member_client, "/login/", {"phone": PHONE})
    for_stranger = send(stranger_client, "/login/", {"phone": STRANGER})
    assert (for_member.status_code, for_member["Location"]) == (
        for_stranger.status_code,
        for_stranger["Location"],
    )
    assert [m.phone for m in sms.OUTBOX] == [E164]  # nothing texted to the stranger
    page_member = text(member_client.get("/login/code/")).replace("4567", "####")
    page_stranger = text(stranger_client.get("/login/code/")).replace("8877", "####")
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"')
    assert strip.sub("", page_member) == strip.sub("", page_stranger)
    guess = stranger_client.post("/login/code/", {"code": "123456"})
    assert guess.status_code == 422 and "The code is wrong or has expired." in text(guess)
    assert 'id="join-link"' in text(guess)  # joining is offered


@pytest.mark.parametrize("phone", [PHONE, STRANGER])
def test_codes_are_limited_per_phone_alike_for_members_and_strangers(member, send, phone):
    for address in range(1, 4):  # from different addresses, so only the phone limit applies
        client = browser(REMOTE_ADDR=f"10.0.0.{address}")
        assert send(client, "/login/", {"phone": phone}).status_code == 302
    refused = send(browser(REMOTE_ADDR="10.0.0.4"), "/login/", {"phone": phone})
    assert refused.status_code == 429 and "Too many codes" in text(refused)
    assert len(sms.OUTBOX) == (3 if phone == PHONE else 0)


def test_codes_are_limited_per_address(member, send):
    client = browser()
    for n in range(common.IP_MAX_CODE_REQUESTS):
        assert send(client, "/login/", {"phone": f"0912000{n:04d}"}).status_code == 302
    refused = send(client, "/login/", {"phone": PHONE})
    assert refused.status_code == 429
    assert sms.OUTBOX == []  # the member's code was not sent from this address
    assert send(browser(REMOTE_ADDR="10.0.0.1"), "/login/", {"phone": PHONE}).status_code == 302


def test_code_guesses_are_limited_per_address(member, send, monkeypatch):
    monkeypatch.setattr(common, "IP_MAX_CODE_GUESSES", 2)
    monkeypatch.setattr("bashgah.portal.views.auth.IP_MAX_CODE_GUESSES", 2)
    client = browser()
    send(client, "/login/", {"phone": PHONE})
    for _ in range(2):
        client.post("/login/code/", {"code": "000000"})
    blocked = client.post("/login/code/", {"code": last_code()})
    assert blocked.status_code == 429 and client.get("/card/").status_code == 302


def test_an_invalid_phone_is_explained_next_to_the_field(db):
    response = browser("fa").post("/login/", {"phone": "12345"})
    assert response.status_code == 422
    assert 'id="phone-error"' in text(response) and "شمارهٔ موبایل درست نیست" in text(response)


def test_no_phone_in_any_url(member, send, sign_in):
    client = browser()
    locations = [send(client, "/login/", {"phone": PHONE})["Location"]]
    locations.append(client.post("/login/code/", {"code": last_code()})["Location"])
    locations.append(send(browser(), "/join/", {"phone": STRANGER, "first_name": "N"})["Location"])
    for location in locations:
        assert not re.search(r"\d{4}", location), location


def test_csrf_is_required(member):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"phone": PHONE}).status_code == 403
    page = client.get("/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page)).group(1)
    assert client.post("/login/", {"phone": PHONE, "csrfmiddlewaretoken": token}).status_code == 302


def test_sign_out(member, sign_in):
    client = sign_in(member)
    assert client.post("/logout/").status_code == 302
    assert client.get("/card/").status_code == 302


# --- joining ------------------------------------------------------------------------------


def test_join_with_a_jalali_birth_date_then_sign_in_with_the_code(db, send):
    client = browser("fa")
    page = client.get("/join/")
    assert page.status_code == 200 and "۱۳۷۰/۰۵/۱۴" in text(page)
    joined = send(
        client,
        "/join/",
        {"phone": "۰۹۳۵۱۱۱۲۲۳۳", "first_name": "رضا", "birth_date": "۱۳۷۰/۰۵/۱۴"},
    )
    assert joined.status_code == 302 and joined["Location"] == "/login/code/"
    member = Member.objects.get(phone="+989351112233")
    assert member.birth_date == dt.date(1991, 8, 5)
    assert (member.first_name, member.source, member.language) == ("رضا", "portal", "fa")
    assert client.get("/card/").status_code == 302  # not signed in before the code
    assert client.post("/login/code/", {"code": last_code()})["Location"] == "/card/"
    assert client.get("/card/").status_code == 200
    assert ledger_verify() == []


def test_join_with_a_members_number_sends_a_sign_in_code_and_looks_the_same(member, send):
    response = send(browser(), "/join/", {"phone": PHONE, "first_name": "Someone"})
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    assert Member.objects.count() == 1 and member.first_name == "سارا"
    assert [m.phone for m in sms.OUTBOX] == [E164]


def test_join_errors_are_shown_next_to_the_fields_and_nothing_is_made(db, send):
    response = send(
        browser(), "/join/", {"phone": "12", "first_name": "", "birth_date": "1990-13-45"}
    )
    assert response.status_code == 422
    page = text(response)
    for field in ("phone", "first_name", "birth_date"):
        assert f'id="{field}-error"' in page
    assert Member.objects.count() == 0 and sms.OUTBOX == []


# --- pages in every language --------------------------------------------------------------


@pytest.mark.parametrize("language", ["fa", "en", "he"])
def test_every_page_renders_in_each_language(member, sign_in, tiers, language):
    client = sign_in(member, language)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        body = text(response)
        assert f'<html lang="{language}" dir="{"ltr" if language == "en" else "rtl"}">' in body
        assert "portal/portal.css" in body and "portal/portal.js" in body
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert " style=" not in body and not re.search(r"<script(?![^>]*\bsrc=)", body), page
        assert not re.search(r"\son[a-z]+=", body), page  # no inline event handlers
        assert response["Cache-Control"] == "private, no-store"
    for page in ("/", "/login/", "/join/"):
        assert Client(headers={"accept-language": language}).get(page).status_code == 200


def test_card_shows_the_qr_balance_and_expiring_points(member, sign_in):
    points_credit(
        member=member,
        points=120,
        kind=Transaction.Kind.EARN,
        expires_at=timezone.now() + dt.timedelta(days=10),
    )
    page = text(sign_in(member, "fa").get("/card/"))
    assert re.search(r'<div class="qr" id="member-qr"><svg role="img"[^>]*>.*?</svg>', page, re.S)
    assert '<bdi id="card-number" dir="ltr">' in page
    assert '<div class="value" id="balance">۱۲۰</div>' in page
    assert 'id="expiring"' in page and "۱۲۰ امتیاز شما در" in page


def test_tier_progress_reads_as_a_sentence(member, sign_in, tiers, buy, base_rule):
    buy(member, ("milk", "dairy", 1, 1_000_000))
    page = text(sign_in(member, "en").get("/card/"))
    assert 'id="tier">Bronze<' in page
    assert re.search(r'id="tier-progress">Spend 400,000 Toman more by \d{4}-\d\d-\d\d', page)
    assert "to reach Silver." in page
    assert '<progress id="tier-progress-bar" max="100" value="20"' in page


def test_history_gives_the_reason_for_every_movement_in_the_readers_language(
    member, sign_in, buy, base_rule
):
    buy(member, ("milk", "dairy", 1, 100_000))
    client = sign_in(member, "fa")
    assert "۱۰ امتیاز به ازای هر ۱٬۰۰۰ تومان خرید" not in text(client.get("/history/"))
    assert "۱ امتیاز به ازای هر ۱٬۰۰۰ تومان خرید" in text(client.get("/history/"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = text(client.get("/history/"))
    assert "1 points for every 1,000 Toman spent" in english
    assert '<div class="history-points plus">+10</div>' in english


def test_history_is_paginated(member, sign_in):
    for _ in range(25):
        points_credit(member=member, points=1, kind=Transaction.Kind.EARN)
    client = sign_in(member)
    first = text(client.get("/history/"))
    assert first.count('class="history-item"') == 20 and 'id="next-page"' in first
    second = text(client.get("/history/?page=2"))
    assert second.count('class="history-item"') == 5 and 'id="prev-page"' in second


# --- rewards and vouchers -----------------------------------------------------------------


@pytest.fixture
def coffee(db: None) -> Reward:
    return Reward.objects.create(
        code="coffee",
        type="free_product",
        points_cost=100,
        sku="latte",
        names={"fa": "قهوهٔ رایگان", "he": "קפה חינם", "en": "Free coffee"},
    )


def test_redeem_a_reward_then_cancel_the_voucher(member, sign_in, coffee):
    points_credit(member=member, points=150, kind=Transaction.Kind.EARN)
    client = sign_in(member)
    catalog = text(client.get("/rewards/"))
    assert 'id="redeem-coffee"' in catalog and "Free coffee" in catalog
    token = re.search(r'name="token" value="([^"]+)"', catalog).group(1)
    redeemed = client.post("/rewards/coffee/redeem/", {"token": token})
    voucher = Voucher.objects.get()
    assert redeemed.status_code == 302 and redeemed["Location"] == f"/vouchers/{voucher.pk}/"
    again = client.post("/rewards/coffee/redeem/", {"token": token})  # a double tap
    assert again["Location"] == f"/vouchers/{voucher.pk}/" and Voucher.objects.count() == 1
    assert points_summary(member=member).available == 50
    page = text(client.get(redeemed["Location"]))
    shown = "-".join(voucher.code[i : i + 4] for i in range(0, len(voucher.code), 4))
    assert f'<bdi id="voucher-code" dir="ltr">{shown}</bdi>' in page
    assert re.search(r'id="voucher-qr"><svg role="img"', page) and 'id="voucher-cancel"' in page
    assert 'id="vouchers-open"' in text(client.get("/vouchers/"))
    cancelled = client.post(f"/vouchers/{voucher.pk}/cancel/", follow=True)
    assert "100 points are back in your balance" in text(cancelled)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.CANCELLED
    assert points_summary(member=member).available == 150
    assert 'id="vouchers-cancelled"' in text(client.get("/vouchers/"))
    assert ledger_verify() == []


def test_not_enough_points_is_explained_and_nothing_changes(member, sign_in, coffee):
    points_credit(member=member, points=40, kind=Transaction.Kind.EARN)
    client = sign_in(member, "fa")
    refused = client.post("/rewards/coffee/redeem/", {"token": "t"})
    assert refused.status_code == 409
    assert 'id="reward-error"' in text(refused) and "امتیاز کافی نیست." in text(refused)
    assert Voucher.objects.count() == 0 and points_summary(member=member).available == 40
    retry = client.post("/rewards/coffee/redeem/", {"token": "t"})
    assert retry.status_code == 409  # the failed try did not keep the form's token


def test_a_large_redemption_asks_for_a_texted_code(member, sign_in, send, settings):
    settings.BASHGAH = {**settings.BASHGAH, "REDEEM_OTP_THRESHOLD": 1000}
    Reward.objects.create(code="tv", type="physical_gift", points_cost=1000, names={"en": "TV"})
    points_credit(member=member, points=1500, kind=Transaction.Kind.EARN)
    client = sign_in(member)
    assert "We will text you a code" in text(client.get("/rewards/"))
    asked = send(client, "/rewards/tv/redeem/", {"token": "tv-1"})
    assert asked.status_code == 200 and 'id="redeem-confirm"' in text(asked)
    assert 'ending in <bdi dir="ltr">…4567</bdi>' in text(asked) and Voucher.objects.count() == 0
    wrong = client.post("/rewards/tv/redeem/", {"token": "tv-1", "otp": "000000"})
    assert wrong.status_code == 422 and "The code is wrong or has expired." in text(wrong)
    ok = client.post("/rewards/tv/redeem/", {"token": "tv-1", "otp": last_code()})
    assert ok.status_code == 302 and Voucher.objects.get().points_cost == 1000


def test_vouchers_are_grouped_open_used_expired(member, sign_in, coffee, store):
    from bashgah.rewards.services.redeem import voucher_consume

    long_ago = timezone.now() - dt.timedelta(days=50)
    points_credit(member=member, points=500, kind=Transaction.Kind.EARN, at=long_ago)
    used = reward_redeem(member=member, reward=coffee)
    voucher_consume(code=used.code, store=store, reference="till-1", basket_total=0)
    reward_redeem(member=member, reward=coffee, at=timezone.now() - dt.timedelta(days=40))
    fresh = reward_redeem(member=member, reward=coffee)
    page = text(sign_in(member).get("/vouchers/"))
    open_part = page[page.index('id="vouchers-open"') : page.index('id="vouchers-used"')]
    assert f'id="voucher-{fresh.pk}"' in open_part
    assert 'id="vouchers-expired"' in page
    assert f'id="voucher-{used.pk}"' in page[page.index('id="vouchers-used"') :]


def test_another_members_voucher_is_not_found(member, make_member, sign_in, coffee):
    other = make_member()
    points_credit(member=other, points=100, kind=Transaction.Kind.EARN)
    voucher = reward_redeem(member=other, reward=coffee)
    client = sign_in(member)
    assert client.get(f"/vouchers/{voucher.pk}/").status_code == 404
    assert client.post(f"/vouchers/{voucher.pk}/cancel/").status_code == 404
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


# --- profile, consent, data ---------------------------------------------------------------


def test_profile_saves_a_jalali_birth_date_and_the_language(member, sign_in):
    client = sign_in(member, "fa")
    page = text(client.get("/profile/"))
    assert 'id="profile-form"' in page and 'value="سارا"' in page
    saved = client.post(
        "/profile/",
        {
            "first_name": "سارا",
            "last_name": "احمدی",
            "email": "Sara@Example.com",
            "birth_date": "۱۳۷۰/۰۵/۱۴",
            "gender": "female",
            "city": "اصفهان",
            "language": "en",
        },
    )
    assert saved.status_code == 302
    assert saved.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    member.refresh_from_db()
    assert (member.email, member.birth_date, member.city, member.language) == (
        "sara@example.com",
        dt.date(1991, 8, 5),
        "اصفهان",
        "en",
    )


def test_profile_errors_are_next_to_their_fields_and_nothing_changes(member, sign_in):
    client = sign_in(member, "en")
    before = Member.objects.values().get(pk=member.pk)
    form = {
        "first_name": "x" * 81,
        "last_name": "New",
        "email": "not-an-email",
        "birth_date": "2001-02-03",
        "gender": "female",
        "city": "Tel Aviv",
        "language": "en",
    }
    response = client.post("/profile/", form)
    assert response.status_code == 422
    page = text(response)
    assert re.search(r'id="email-error">This is not a valid email address\.<', page)
    assert re.search(r'id="first_name-error">At most 80 characters\.<', page)
    assert 'id="city-error"' not in page and 'value="Tel Aviv"' in page  # typed values kept
    bad_date = client.post("/profile/", {**form, "first_name": "A", "birth_date": "2001-02-30"})
    assert bad_date.status_code == 422  # a date that does not parse, and the other errors too
    assert re.search(r'id="birth_date-error">This is not a valid date\.<', text(bad_date))
    assert 'id="email-error"' in text(bad_date) and 'id="first_name-error"' not in text(bad_date)
    assert Member.objects.values().get(pk=member.pk) == before


def test_consent_changes_are_recorded(member, sign_in):
    client = sign_in(member, "he")
    page = text(client.get("/privacy/"))
    assert 'id="consent-sms"' in page and "checked" not in page
    client.post("/privacy/", {"consent_sms": "on"})
    assert consent_current(member=member).granted("sms")
    assert not consent_current(member=member).granted("email")
    client.post("/privacy/", {"consent_sms": "on"})  # unchanged: nothing new
    client.post("/privacy/", {})
    records = list(
        ConsentRecord.objects.filter(member=member)
        .order_by("recorded_at", "id")
        .values_list("channel", "granted", "source")
    )
    assert records == [
        ("sms", True, "portal"),
        ("email", False, "portal"),
        ("sms", False, "portal"),
    ]
    assert 'id="consent-history"' in text(client.get("/privacy/"))
    assert OutboxEvent.objects.filter(topic="member.consent_changed").count() == 3


def test_consent_service_rejects_unknown_channels(member):
    from bashgah.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        consent_set(member=member, channel="fax", granted=True, source="")
    assert set(error.value.details) == {"channel", "source"}
    assert ConsentRecord.objects.count() == 0


def test_download_my_data_as_json_and_csv(member, sign_in, buy, base_rule, coffee):
    buy(member, ("milk", "dairy", 2, 500_000))
    reward_redeem(member=member, reward=coffee)
    consent_set(member=member, channel="sms", granted=True, source="portal")
    client = sign_in(member, "en")
    assert 'id="download-json"' in text(client.get("/privacy/"))

    response = client.get("/privacy/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="my-club-data-')
    data = json.loads(response.content)
    assert data["profile"]["phone"] == E164 and data["profile"]["first_name"] == "سارا"
    assert data["consent"][0] | {"recorded_at": None} == {
        "channel": "sms",
        "granted": True,
        "source": "portal",
        "recorded_at": None,
    }
    assert data["purchases"][0]["total"] == 1_000_000
    assert data["purchases"][0]["lines"][0]["sku"] == "milk"
    reasons = [reason for tx in data["points_history"] for reason in tx["reasons"]]
    assert "1 points for every 1,000 Toman spent" in reasons
    assert "Redeemed: Free coffee" in reasons
    assert data["vouchers"][0]["reward"] == "Free coffee"
    assert data["balance"]["points"] == 0

    response = client.get("/privacy/my-data.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    sections = {row["section"] for row in rows}
    assert sections == {"profile", "balance", "consent", "purchase", "points", "voucher"}
    phone_row = next(row for row in rows if row["section"] == "profile" and row["item"] == "phone")
    assert phone_row["details"] == E164
    assert any(row["details"] == "Redeemed: Free coffee" for row in rows)
    assert next(row for row in rows if row["section"] == "consent")["status"] == "granted"


def test_csv_cells_that_look_like_formulas_are_defused(make_member, sign_in):
    member = make_member(first_name="=HYPERLINK(1)", city="@home")
    rows = list(
        csv.DictReader(
            io.StringIO(sign_in(member).get("/privacy/my-data.csv").content.decode("utf-8-sig"))
        )
    )
    values = {row["item"]: row["details"] for row in rows if row["section"] == "profile"}
    assert values["first_name"] == "'=HYPERLINK(1)" and values["city"] == "'@home"


# --- leaving ------------------------------------------------------------------------------


def test_leaving_needs_a_confirmation(member, sign_in):
    client = sign_in(member)
    assert 'id="leave-confirm"' in text(client.get("/leave/"))
    refused = client.post("/leave/", {})
    assert refused.status_code == 422
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and member.phone == E164


def test_leaving_the_club_anonymises_and_keeps_the_ledger_balanced(
    member, sign_in, buy, base_rule, coffee, send
):
    buy(member, ("milk", "dairy", 2, 1_000_000))
    voucher = reward_redeem(member=member, reward=coffee)
    consent_set(member=member, channel="sms", granted=True, source="cashier")
    member.refresh_from_db()
    old_card, old_qr, balance = member.card_number, member.qr_token, member.accounts.count()
    points_before = points_summary(member=member).balance
    client = sign_in(member)
    other_device = sign_in(member)
    left = client.post("/leave/", {"confirm": "yes"})
    assert left.status_code == 200 and 'id="goodbye"' in text(left)

    member.refresh_from_db()
    assert member.status == Member.Status.LEFT and member.left_at is not None
    assert (member.phone, member.first_name, member.last_name, member.email) == (None, "", "", "")
    assert (member.birth_date, member.gender, member.city) == (None, "", "")
    assert member.card_number != old_card and member.qr_token != old_qr
    assert not consent_current(member=member).granted("sms")
    assert ConsentRecord.objects.filter(member=member, granted=False, source="portal").exists()
    assert OutboxEvent.objects.filter(topic="member.left", aggregate_id=member.pk).exists()
    assert member.accounts.count() == balance
    assert points_summary(member=member).balance == points_before  # club policy: keep
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED  # stays valid until it expires
    assert ledger_verify() == []

    assert client.get("/card/").status_code == 302
    assert other_device.get("/card/").status_code == 302  # signed out everywhere
    cache.delete(common._counter_key("phone-codes", E164))  # as if some minutes went by
    assert send(browser(), "/login/", {"phone": PHONE}).status_code == 302
    assert all(m.phone != E164 for m in sms.OUTBOX[2:])  # no code for the old number
    rejoined = send(browser(), "/join/", {"phone": PHONE, "first_name": "Sara"})
    assert rejoined.status_code == 302
    assert Member.objects.get(phone=E164).pk != member.pk


def test_leaving_under_a_forfeit_policy_expires_the_points(member, buy, base_rule, settings):
    from bashgah.purchases.services import member_leave_club

    settings.BASHGAH = {**settings.BASHGAH, "LEAVE_POINTS_POLICY": "forfeit"}
    buy(member, ("milk", "dairy", 2, 1_000_000))
    expired_before = system_balances().get("expired", 0)
    member_leave_club(member=member)
    assert points_summary(member=member).balance == 0
    assert system_balances()["expired"] == expired_before + 200
    tx = Transaction.objects.filter(member=member).latest("id")
    assert (tx.kind, tx.points, tx.reason) == ("expire", -200, "member left the club")
    assert ledger_verify() == []
