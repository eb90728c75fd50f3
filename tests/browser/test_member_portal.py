"""The member portal in a real browser, on a phone-sized screen: signing in with a texted code,
redeeming rewards (one confirmed by a second texted code), and joining then leaving the club,
in Persian and English (and signing in in Hebrew).

The live server runs in this process, so the text messages are read from the console SMS
backend's outbox, as a member would read them on their phone."""

from __future__ import annotations

import pytest
from django.conf import settings

from bashgah.core import sms
from bashgah.core.digits import localize_digits
from bashgah.core.money import format_points
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.members.models import Member
from bashgah.rewards.models import Reward, Voucher
from tests.browser.helpers import member_limits_forget, texted_code

pytestmark = pytest.mark.browser

PHONE_VIEWPORT = {"width": 390, "height": 844}
E164 = "+989121234567"
TEA = {"fa": "چای رایگان", "he": "תה חינם", "en": "Free tea"}
NEWCOMER = {"fa": "مریم", "he": "מרים", "en": "Maryam"}
DINNER = {"fa": "شام دو نفره", "he": "ארוחת ערב זוגית", "en": "Dinner for two"}


def sign_in(session, phone_typed: str, e164: str) -> None:
    """From the sign-in page to the member's card, with the code texted to ``e164``."""
    page = session.page
    page.fill("#phone", phone_typed)
    with page.expect_navigation():
        page.click("#send-code")
    assert page.url.endswith("/login/code/")
    session.shot("code")
    page.fill("#code", localize_digits(texted_code(e164), session.lang))
    with page.expect_navigation():
        page.click("#verify-code")
    assert page.url.endswith("/card/"), page.inner_text("main")


@pytest.fixture
def sarah(member, monkeypatch):
    """A member with 500 points, a 100-point reward and a 300-point one that needs a code."""
    monkeypatch.setitem(settings.BASHGAH, "REDEEM_OTP_THRESHOLD", 300)
    points_credit(member=member, points=500, kind=Transaction.Kind.EARN)
    Reward.objects.create(
        code="tea", type="fixed_discount", points_cost=100, value=100_000, names=TEA
    )
    Reward.objects.create(
        code="dinner", type="fixed_discount", points_cost=300, value=900_000, names=DINNER
    )
    member_limits_forget(member_ids=[member.pk], phones=[E164])
    return member


@pytest.mark.parametrize("lang", ["fa", "en", "he"])
def test_a_member_signs_in_and_redeems_rewards(lang, open_session, sarah):
    session = open_session("portal-redeem", lang, viewport=PHONE_VIEWPORT)
    page = session.page
    session.goto("/")
    session.assert_direction()
    assert page.inner_text("#login h1") == session.text("Your club card, points and rewards")
    session.shot("login")

    sign_in(session, "۰۹۱۲ ۱۲۳ ۴۵۶۷", E164)
    assert page.inner_text("#card-title") == "سارا احمدی"
    assert page.inner_text("#balance") == format_points(500, lang)
    session.assert_direction()
    session.shot("card")

    page.click("#nav-rewards")
    page.wait_for_selector("#rewards")
    assert page.inner_text("#reward-tea h2") == TEA[lang]
    session.shot("rewards")
    with page.expect_navigation():
        page.click("#redeem-tea")  # "Spend 100 points on Free tea?" is accepted
    assert session.dialogs == [
        session.text(
            "Spend %(points)s points on %(name)s?", points=format_points(100, lang), name=TEA[lang]
        )
    ]
    assert page.inner_text("#voucher h1") == TEA[lang]
    assert page.inner_text("#voucher-state") == session.text("Ready to use")
    tea = Voucher.objects.get(member=sarah, reward__code="tea")
    assert page.inner_text("#voucher-code").replace("-", "").replace(" ", "") == tea.code
    assert page.is_visible("#voucher-qr svg")
    session.shot("voucher")

    # The bigger reward is confirmed with a second texted code.
    page.click("#nav-rewards")
    with page.expect_navigation():
        page.click("#redeem-dinner")
    page.wait_for_selector("#redeem-code-step")
    session.shot("redeem-code")
    page.fill("#code", localize_digits(texted_code(E164), lang))
    with page.expect_navigation():
        page.click("#redeem-confirm")
    assert page.inner_text("#voucher h1") == DINNER[lang]
    session.shot("voucher-confirmed")

    page.click("#nav-card")
    page.wait_for_selector("#card")
    assert page.inner_text("#balance") == format_points(100, lang)
    session.assert_direction()
    session.shot("card-after")
    session.assert_clean()
    assert points_summary(member=sarah).available == 100
    assert Voucher.objects.filter(member=sarah).count() == 2


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_newcomer_joins_then_leaves_the_club(lang, open_session, db):
    phone, e164 = "۰۹۳۵ ۱۱۱ ۲۲۳۳", "+989351112233"
    member_limits_forget(member_ids=[], phones=[e164])
    session = open_session("portal-leave", lang, viewport=PHONE_VIEWPORT)
    page = session.page
    session.goto("/")
    page.click("#join-link")
    page.wait_for_selector("#join-form")
    session.assert_direction()
    page.fill("#phone", phone)
    page.fill("#first_name", NEWCOMER[lang])
    session.shot("join")
    with page.expect_navigation():
        page.click("#join-submit")
    joined = Member.objects.get(phone=e164)
    member_limits_forget(member_ids=[joined.pk], phones=[])
    page.fill("#code", localize_digits(texted_code(e164), lang))
    with page.expect_navigation():
        page.click("#verify-code")
    page.wait_for_selector("#card")
    session.shot("card")

    page.click("#nav-privacy")
    page.wait_for_selector("#leave-section")
    session.shot("privacy")
    with page.expect_navigation():
        page.click("#leave-link")
    assert page.inner_text("#leave h1") == session.text("Leave the club")
    session.shot("leave")
    page.check("#leave-understood")
    with page.expect_navigation():
        page.click("#leave-confirm")
    assert page.inner_text("#goodbye h1") == session.text("You have left the club")
    session.assert_direction()
    session.shot("goodbye")

    left = Member.objects.get(pk=joined.pk)
    assert left.status == Member.Status.LEFT
    assert left.phone != e164 and left.first_name == ""

    # The card is gone, and the old number gets no code (but is told nothing about why).
    session.goto("/card/")
    assert page.url.rstrip("/").endswith("/login")
    texts_before = len(sms.OUTBOX)
    page.fill("#phone", phone)
    with page.expect_navigation():
        page.click("#send-code")
    assert page.url.endswith("/login/code/")
    assert len(sms.OUTBOX) == texts_before
    session.assert_clean()
