"""Segments and campaigns in a real browser, in Persian and English: the segment builder's
live count follows the filters as they are typed and ticked, the preview lists the members and
the segment saves; a campaign is written with its message previewed per language and sent;
its results page shows the told and the held back with the lift. No console error or CSP
violation, right to left in Persian, nothing wider than the window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.audiences.services import audiences_recompute
from bashgah.campaigns.models import Campaign, Recipient
from bashgah.campaigns.services import campaign_create, campaign_fan_out, campaign_launch
from bashgah.core.money import format_money, format_points
from bashgah.members.consent import consent_set
from bashgah.segments.models import Segment
from tests.browser.helpers import staff_make, staff_sign_in

pytestmark = pytest.mark.browser

WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth > window.innerWidth + 1"
SMS = {"fa": {"body": "{first_name} عزیز، سلام"}, "en": {"body": "Hello {first_name}"}}


@pytest.fixture
def shoppers(store, base_rule, tiers, make_member, buy):
    """Eight members: three spent a lot, three a little, two never bought."""
    members = [make_member(first_name=f"Shopper{index}", last_name="Test") for index in range(8)]
    for member in members[:3]:
        buy(member, ("tv", "electronics", 1, 30_000_000))
    for member in members[3:6]:
        buy(member, ("milk", "dairy", 1, 200_000))
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    audiences_recompute()
    return members


def count_is(page, text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('#segment-count-value')?.textContent.trim() === text",
        arg=text,
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_segment_builder_counts_live_previews_and_saves(lang, open_session, store, shoppers):
    staff_make(username="mina", role="manager", stores=[store])
    session = open_session("segment-builder", lang)
    page = session.page
    staff_sign_in(session, "mina")
    session.goto("/staff/campaigns/segments/new/")
    session.assert_direction()
    count_is(page, format_points(8, lang))  # no filter yet: every active member
    session.shot("everyone")

    # Typed in Toman, in Persian digits: 1,000,000 Toman is 10,000,000 Rial.
    page.fill("#id_window_spend_min", "۱٬۰۰۰٬۰۰۰")
    count_is(page, format_points(3, lang))
    session.shot("spenders")

    page.fill("#id_window_spend_min", "")
    page.select_option("#id_never_purchased", "yes")
    count_is(page, format_points(2, lang))

    page.select_option("#id_never_purchased", "no")
    page.check("#id_consent_0")  # text messages
    count_is(page, format_points(6, lang))

    # A range upside down: the count says what is wrong instead of a number.
    page.fill("#id_age_min", "60")
    page.fill("#id_age_max", "20")
    page.wait_for_selector("#count-problems")
    assert session.text("The lower bound is above the upper bound.") in page.inner_text(
        "#count-problems"
    )
    session.shot("problem")
    page.fill("#id_age_min", "")
    page.fill("#id_age_max", "")
    count_is(page, format_points(6, lang))

    page.click("#segment-preview-button")
    page.wait_for_selector("#segment-preview-table")
    assert page.locator("#segment-preview-table tbody tr").count() == 6
    if page.evaluate(WIDER_THAN_WINDOW):
        session.record("the segment builder is wider than the window")
    session.shot("preview")

    page.fill("#id_name", "Buyers who agreed to texts")
    with page.expect_navigation():
        page.click("#segment-save")
    segment = Segment.objects.get(name="Buyers who agreed to texts")
    assert segment.definition == {"never_purchased": False, "consent": ["sms"]}
    assert page.inner_text(f"#segment-{segment.pk}-members") == format_points(6, lang)
    session.shot("saved")
    session.assert_clean()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_campaign_is_written_previewed_and_sent(lang, open_session, store, shoppers):
    staff_make(username="omid", role="owner", stores=[store])
    session = open_session("campaign-write", lang)
    page = session.page
    staff_sign_in(session, "omid")
    session.goto("/staff/campaigns/new/")
    session.assert_direction()
    page.fill("#id_name", "Autumn")
    page.fill("#id_body_fa", "{first_name} عزیز، {points} امتیاز دارید.")
    page.fill("#id_body_en", "Dear {first_name}, you have {points} points.")
    page.wait_for_function(
        "() => document.querySelector('#preview-en')?.textContent.includes('Dear Sara')"
    )
    assert "سارا عزیز" in page.inner_text("#preview-fa")
    page.fill("#id_body_en", "Dear {nickname}")
    page.wait_for_selector("#template-problems")
    page.fill("#id_body_en", "Dear {first_name}, you have {points} points.")
    page.wait_for_selector("#preview-en")
    page.check("#id_offer_1")  # bonus points for a period
    assert page.is_visible("#offer-bonus") and not page.is_visible("#offer-coupon")
    page.fill("#id_offer_multiplier", "2")
    page.fill("#id_offer_days", "7")
    if page.evaluate(WIDER_THAN_WINDOW):
        session.record("the campaign form is wider than the window")
    session.shot("compose")
    with page.expect_navigation():
        page.click("#campaign-save")
    campaign = Campaign.objects.get(name="Autumn")
    assert campaign.offer_rule == {"type": "time_window", "params": {"multiplier": "2"}, "days": 7}

    with page.expect_navigation():
        page.click("#campaign-launch")  # confirm() is accepted by the session
    assert session.dialogs == [session.text("Send this campaign now?")]
    page.wait_for_selector("#campaign-progress")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert Recipient.objects.filter(campaign=campaign).count() == 8
    session.shot("sent")
    session.assert_clean()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_results_page_shows_told_and_control_with_the_lift(
    lang, open_session, store, base_rule, make_member, buy
):
    staff_make(username="ana", role="analyst", stores=[])
    members = [make_member(first_name=f"R{index}") for index in range(40)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    campaign = campaign_create(
        name="Win them back", channel="sms", templates=SMS, control_percent=50
    )
    at = timezone.now() - dt.timedelta(days=3)
    campaign_launch(campaign=campaign, at=at)
    campaign_fan_out(campaign=campaign, at=at)
    told = set(
        Recipient.objects.filter(campaign=campaign, group="treatment").values_list(
            "member_id", flat=True
        )
    )
    for member in members:
        if member.pk in told:
            buy(member, ("milk", "dairy", 1, 500_000))

    session = open_session("campaign-results", lang)
    page = session.page
    staff_sign_in(session, "ana")
    session.goto(f"/staff/campaigns/{campaign.pk}/results/")
    session.assert_direction()
    assert page.inner_text("#group-treatment-members") == format_points(len(told), lang)
    assert page.inner_text("#group-control-members") == format_points(40 - len(told), lang)
    assert page.inner_text("#group-treatment-revenue") == format_money(
        len(told) * 500_000, "IRR", lang
    )
    assert page.inner_text("#group-control-rate") == format_points(0, lang) + (
        "٪" if lang == "fa" else "%"
    )
    assert page.is_visible("#lift-interval")
    # A "%" in a template's {% trans %} is "%%" in the catalog.
    verdict = session.text(
        "Significant: the told converted more than the control group, beyond chance "
        "(95%% confidence)."
    )
    assert page.inner_text("#lift-verdict") == verdict.replace("%%", "%")
    if page.evaluate(WIDER_THAN_WINDOW):
        session.record("the results page is wider than the window")
    session.shot("results")

    # The same page on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    session.goto(f"/staff/campaigns/{campaign.pk}/results/")
    if page.evaluate(WIDER_THAN_WINDOW):
        session.record("the results page is wider than a phone")
    session.shot("results-phone")
    session.assert_clean()
