"""The cashier screen in a real browser: sign in, find a member by a phone typed in Persian
digits, record a purchase and read its receipt, use a voucher, take a return, enrol a
newcomer — in Persian, English and Hebrew, with no console error or CSP violation."""

from __future__ import annotations

import pytest

from bashgah.core.money import format_money, format_points
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.rewards.models import Reward
from bashgah.rewards.services.redeem import reward_redeem
from bashgah.rules.explanations import explain
from tests.browser.helpers import language_choose, staff_make, staff_sign_in

pytestmark = pytest.mark.browser

# The browser first asks for another language, so the page's own selector has to switch it.
ASKED_FIRST = {"fa": "en-US", "en": "fa-IR", "he": "fa-IR"}
FIRST_NAME = {"fa": "رضا", "en": "Reza", "he": "רז"}


@pytest.mark.parametrize("lang", ["fa", "en", "he"])
def test_cashier_serves_a_member_from_phone_to_return(lang, open_session, store, base_rule, member):
    staff_make(username="sara", role="cashier", stores=[store])
    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    reward = Reward.objects.create(
        code="off", type="fixed_discount", points_cost=100, value=200_000
    )
    voucher = reward_redeem(member=member, reward=reward)
    session = open_session("cashier", lang, cookie=False, locale=ASKED_FIRST[lang])
    page = session.page

    session.goto("/staff/login/")
    language_choose(session, lang)
    session.assert_direction()
    assert page.inner_text("h1") == session.text("Staff sign-in")
    session.shot("login")

    staff_sign_in(session, "sara")
    assert page.url.endswith("/staff/cashier/")
    assert page.inner_text("h1") == session.text("Cashier")
    session.assert_direction()
    session.shot("screen")

    # Found by a phone number typed in Persian digits, with spaces.
    page.fill("#q", "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.press("#q", "Enter")
    page.wait_for_selector("#member")
    assert page.inner_text("#member h2") == "سارا احمدی"
    assert page.inner_text("#balance") == format_points(0, lang)
    assert voucher.code in page.inner_text("#member")
    session.shot("member")

    page.select_option("select[name=category_0]", "dairy")
    page.fill("input[name=qty_0]", "2")
    page.fill("input[name=price_0]", "۴۵٬۰۰۰")  # Toman, the unit the screen shows
    page.click("#purchase-form button[type=submit]")
    receipt = page.wait_for_selector("#receipt")
    because = explain(
        {
            "code": "base_rate",
            "points": 90,
            "params": {"rate_points": 1, "per_amount": 10_000, "currency": "IRR"},
        },
        lang,
    )
    earned = session.text("%(points)s points earned", points=format_points(90, lang))
    assert receipt.is_visible()
    assert earned in receipt.inner_text()
    assert because in receipt.inner_text()
    assert page.inner_text("#balance") == format_points(90, lang)
    session.shot("receipt")

    page.fill("#code", voucher.code.lower())
    page.fill("#basket_total", "900000")
    page.click("#voucher-form button[type=submit]")
    result = page.wait_for_selector("#voucher-result")
    off = session.text("Voucher used: %(amount)s off", amount=format_money(200_000, "IRR", lang))
    assert result.inner_text() == off
    session.shot("voucher")

    page.click("#member form[hx-confirm] button[type=submit]")  # the dialog is accepted
    taken_back = session.text(
        "Return recorded; %(points)s points taken back.", points=format_points(90, lang)
    )
    page.wait_for_selector(f"#member .message:has-text('{taken_back}')")
    assert session.dialogs == [session.text("Return the whole purchase?")]
    assert page.inner_text("#balance") == format_points(0, lang)
    assert page.inner_text("#member .badge") == session.text("returned")
    session.shot("return")

    page.fill("#q", "۰۹۳۵ ۱۱۱ ۲۲۳۳")
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#enrol")
    assert page.input_value("#phone") == "۰۹۳۵ ۱۱۱ ۲۲۳۳"
    session.shot("not-found")
    page.fill("#first_name", FIRST_NAME[lang])
    page.click("#enrol button[type=submit]")
    page.wait_for_selector("#member")
    assert page.inner_text("#member h2") == FIRST_NAME[lang]
    welcome = "Welcome to the club! %(points)s points for joining."
    notice = page.inner_text("#member p.message")
    if format_points(0, lang) != "0" and notice == session.text(welcome, points=0):
        session.record("welcome notice shows the points in Latin digits")
    else:
        assert notice == session.text(welcome, points=format_points(0, lang))
    session.assert_direction()
    session.shot("enrolled")

    session.assert_clean()
    assert Member.objects.filter(phone="+989351112233", first_name=FIRST_NAME[lang]).exists()
    assert Purchase.objects.get(member=member).returned_amount == 900_000
    assert points_summary(member=member).balance == 0


def test_declining_the_return_question_returns_nothing(open_session, store, member, buy):
    staff_make(username="sara", role="cashier", stores=[store])
    bought = buy(member)
    session = open_session("cashier-decline", "fa")
    page = session.page
    staff_sign_in(session, "sara")
    page.fill("#q", "09121234567")
    page.press("#q", "Enter")
    page.wait_for_selector("#member")
    session.accept_dialogs = False
    page.click("#member form[hx-confirm] button[type=submit]")
    page.wait_for_timeout(500)  # a request, if one is (wrongly) sent, is answered by then
    assert session.dialogs == [session.text("Return the whole purchase?")]
    assert Purchase.objects.get(pk=bought.purchase.pk).returned_amount == 0
