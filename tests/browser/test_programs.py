"""The engagement pages in a real browser, in Persian and English: a lottery from the form (a
mistake first) through its commitment, closing and the verified draw; a survey from its sample
preview (htmx) through sending to its results; a membership fee taken at the till. No console
error, CSP violation or server error on the way; screenshots of each step in artifacts/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from bashgah.core import sms
from bashgah.core.calendars import club_zone, format_date
from bashgah.core.digits import localize_digits
from bashgah.core.money import format_money, format_points
from bashgah.lotteries.models import Lottery
from bashgah.members.consent import consent_set
from bashgah.memberships.models import Membership
from bashgah.memberships.services import membership_choose, plan_create
from bashgah.surveys.models import Survey
from bashgah.surveys.services import survey_answer
from tests.browser.helpers import staff_make, staff_sign_in

pytestmark = pytest.mark.browser

NAMES = {"fa": "قرعه‌کشی پاییز", "en": "Autumn draw"}
PRIZES = {"fa": ("سفر کیش", "کارت هدیه"), "en": ("a trip", "a gift card")}
TITLES = {"fa": "نظر شما دربارهٔ فروشگاه", "en": "Your view of the shop"}


@pytest.fixture(autouse=True)
def _club_settings(settings) -> None:
    settings.BASHGAH = {
        **settings.BASHGAH,
        "CURRENCY": "IRR",
        "IRR_DISPLAY": "toman",
        "SMS_SENDER": sms.CONSOLE_SENDER,  # the texts are read back from sms.OUTBOX
    }


def typed_day(days_from_today: int, lang: str) -> str:
    """A day as staff type it: Jalali in Persian digits for fa, Gregorian for en."""
    day = (timezone.now().astimezone(club_zone()) + dt.timedelta(days=days_from_today)).date()
    return format_date(day, lang).replace("-", "/")


def open_engagement(session, tab: str) -> None:
    page = session.page
    with page.expect_navigation():
        page.click("#nav-engagement")
    with page.expect_navigation():
        page.click(f"#tab-{tab}")
    session.assert_direction()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_lottery_from_its_form_to_a_verified_draw(lang, open_session, store, make_member, buy):
    staff_make(username="nasrin", role="owner", stores=[])
    for number in range(3):
        member = make_member()
        for _ in range(number + 1):
            buy(member, ("item", "general", 1, 100_000), at=timezone.now() - dt.timedelta(days=2))
    session = open_session("lottery", lang)
    page = session.page
    staff_sign_in(session, "nasrin")
    open_engagement(session, "lotteries")
    assert page.inner_text("h1") == session.text("Lotteries")
    with page.expect_navigation():
        page.click("#lottery-new")

    # A mistake first: the period ends before it starts. Explained, nothing scheduled; a refused
    # form answers 422, which the browser logs.
    session.allow(r"status of 422")
    page.fill(f"#id_name_{lang}", NAMES[lang])
    page.fill("#id_first_day", typed_day(-1, lang))
    page.fill("#id_last_day", typed_day(-5, lang))
    page.fill(f"#id_prize_1_{lang}", PRIZES[lang][0])
    with page.expect_navigation():
        page.click("#lottery-save")
    assert page.inner_text("#id_last_day_error") == session.text(
        "The period must end after it starts."
    )
    assert Lottery.objects.count() == 0
    session.shot("lottery-mistake")

    page.fill("#id_first_day", typed_day(-5, lang))
    page.fill("#id_last_day", typed_day(-1, lang))
    page.fill(f"#id_prize_2_{lang}", PRIZES[lang][1])
    page.fill("#id_prize_2_count", "۲" if lang == "fa" else "2")
    session.shot("lottery-form")
    with page.expect_navigation():
        page.click("#lottery-save")
    lottery = Lottery.objects.get()
    assert page.inner_text("h1") == NAMES[lang]
    assert page.inner_text("#lottery-commitment") == lottery.commitment
    assert page.locator("#lottery-seed").count() == 0
    session.shot("lottery-scheduled")

    with page.expect_navigation():
        page.click("#lottery-close")  # the confirmation is accepted
    lottery.refresh_from_db()
    assert page.inner_text("#lottery-entries-hash") == lottery.entries_hash
    assert session.dialogs == [
        session.text("Close entries now? The entry list is frozen and published.")
    ]
    session.shot("lottery-closed")

    with page.expect_navigation():
        page.click("#lottery-draw")
    lottery.refresh_from_db()
    assert lottery.status == "drawn"
    assert page.inner_text("#lottery-seed") == lottery.seed
    assert page.is_visible("#lottery-verified")
    assert page.locator("#winners-table tbody tr").count() == 3
    assert f"bashgah lottery verify {lottery.pk}" in page.inner_text("#lottery-verify-hint")
    session.assert_direction()
    session.shot("lottery-drawn")
    session.assert_clean()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_survey_from_its_sample_to_its_results(lang, open_session, store, make_member, buy):
    staff_make(username="nasrin", role="owner", stores=[])
    members = [make_member() for _ in range(12)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    for member in members[:6]:
        buy(member)
    session = open_session("survey", lang)
    page = session.page
    staff_sign_in(session, "nasrin")
    open_engagement(session, "surveys")
    with page.expect_navigation():
        page.click("#survey-new")

    page.fill(f"#id_title_{lang}", TITLES[lang])
    page.select_option("#id_q1_kind", "choice")
    page.fill(f"#id_q1_prompt_{lang}", "?")
    page.fill(f"#id_q1_choices_{lang}", "A\nB")
    page.fill("#id_margin", "۱۰" if lang == "fa" else "10")
    page.click("#sample-preview")  # htmx: how many members, and why
    page.wait_for_selector("#sample-size")
    # n0 = 1.96² · 0.25 / 0.1² = 96.04 -> 97; for 12 members: 10.8 -> 11
    assert page.inner_text("#sample-size") == session.text(
        "%(size)s of %(population)s members",
        size=format_points(11, lang),
        population=format_points(12, lang),
    )
    assert format_points(97, lang) in page.inner_text("#sample-why")
    assert Survey.objects.count() == 0
    session.shot("survey-sample")

    with page.expect_navigation():
        page.click("#survey-save")
    survey = Survey.objects.get()
    assert page.inner_text("h1") == TITLES[lang]
    session.shot("survey-draft")
    sent_before = len(sms.OUTBOX)
    with page.expect_navigation():
        page.click("#survey-send")  # the confirmation is accepted
    survey.refresh_from_db()
    assert (survey.status, survey.sample_size) == ("sent", 11)
    texts = [message.text for message in sms.OUTBOX[sent_before:]]
    tokens = [re.search(r"/s/([\w-]+)", text).group(1) for text in texts]
    assert len(tokens) == 11

    for number, token in enumerate(tokens[:6]):
        survey_answer(token=token, answers={1: 10 - number, 2: 5 - number % 3, 3: number % 2})
    page.reload()
    assert page.inner_text("#survey-rate") == localize_digits("54.5", lang) + "%"  # 6 of 11
    assert page.is_visible("#result-1-nps") and page.is_visible("#by-tier")
    session.assert_direction()
    session.shot("survey-results")
    session.assert_clean()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_till_takes_a_membership_fee(lang, open_session, store, member):
    staff_make(username="sara", role="cashier", stores=[store])
    plan = plan_create(
        code="plus", names={"fa": "پلاس", "en": "Plus"}, period="monthly", fee=500_000
    )
    membership_choose(member=member, plan=plan)
    session = open_session("till-membership", lang)
    page = session.page
    staff_sign_in(session, "sara")
    page.fill("#q", "09121234567")
    page.press("#q", "Enter")
    page.wait_for_selector("#membership-pay")
    fee = format_money(500_000, "IRR", lang)
    assert session.text("Record the first payment: %(amount)s", amount=fee) in page.inner_text(
        "#membership-pay"
    )
    session.shot("membership-pending")
    page.click("#membership-pay button[type=submit]")  # the confirmation is accepted
    page.wait_for_selector("#membership-state .status.active")
    assert session.dialogs == [session.text("Take %(amount)s for the membership?", amount=fee)]
    assert Membership.objects.get(member=member).status == "active"
    session.shot("membership-paid")
    session.assert_clean()
