"""Staff pages for segments, campaigns and automations, through the Django test client: each
role gets exactly its pages; every write goes through its service, is audited, and bad input
gets a translated error next to its field and changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse
from django.utils import timezone, translation

from bashgah.audiences.selectors import lifecycle_counts, scores_computed_at
from bashgah.audiences.services import audiences_recompute, segment_create
from bashgah.backoffice.forms.campaigns import PLACEHOLDER_HELP
from bashgah.backoffice.views.campaigns import campaigns as campaign_views
from bashgah.campaigns.models import Campaign, Recipient
from bashgah.campaigns.personalise import PLACEHOLDERS
from bashgah.campaigns.selectors import campaign_progress, recipient_counts
from bashgah.campaigns.services import (
    automation_switch,
    campaign_create,
    campaign_fan_out,
    campaign_launch,
)
from bashgah.core.calendars import club_zone
from bashgah.core.models import AuditEntry
from bashgah.members.consent import consent_set
from bashgah.messaging.models import Message
from bashgah.rewards.models import CouponCampaign
from bashgah.rules.models import EarningRule
from bashgah.segments.models import MemberScore, Segment, SegmentPolicy
from bashgah.staff.models import StaffProfile
from tests.staff_pages import client_for, element, staff_per_role, text_of

pytestmark = pytest.mark.django_db

OWNER, MANAGER, CASHIER, ANALYST = "owner", "manager", "cashier", "analyst"
ROLES = (OWNER, MANAGER, CASHIER, ANALYST)
EDITORS = {OWNER, MANAGER}
READERS = {OWNER, MANAGER, ANALYST}
SMS = {"fa": {"body": "{first_name} عزیز، سلام"}, "en": {"body": "Hello {first_name}"}}


@pytest.fixture(autouse=True)
def _quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.BASHGAH = {
        **settings.BASHGAH,
        "CURRENCY": "IRR",
        "IRR_DISPLAY": "toman",
        "CALENDAR": "jalali",
    }
    cache.clear()


@pytest.fixture
def staff(store) -> dict[str, StaffProfile]:
    return staff_per_role(store)


@pytest.fixture
def people(make_member, buy, base_rule, tiers):
    """Six members: four bought (two of them big spenders), two never did."""
    members = [
        make_member(first_name=f"m{index}", last_name="x", language="en" if index % 2 else "fa")
        for index in range(6)
    ]
    for member in members[:4]:
        buy(member, ("milk", "dairy", 1, 200_000))
    for member in members[:2]:
        buy(member, ("tv", "electronics", 1, 30_000_000))
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    return members


@pytest.fixture
def club(staff, people) -> dict[str, Any]:
    segment = segment_create(name="Buyers", definition={"never_purchased": False})
    campaign = campaign_create(name="Spring", channel="sms", segment=segment, templates=SMS)
    automation = campaign_create(
        kind="automation", name="Welcome", channel="sms", trigger="welcome", templates=SMS
    )
    return {"segment": segment, "campaign": campaign, "automation": automation}


def in_language(message: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def kpi(html: str, element_id: str) -> str:
    """The value of the figure with this id."""
    match = re.search(rf'id="{element_id}"><div class="value">(.*?)</div>', html, re.S)
    assert match, f"no figure #{element_id}"
    return match.group(1).strip()


def audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- roles ---------------------------------------------------------------------------------

# url name, URL argument (a key of ``club``), method, roles allowed, status for those roles
PAGES: list[tuple[str, str | None, str, set[str], int]] = [
    ("campaigns", None, "get", READERS, 200),
    ("campaign_create", None, "get", EDITORS, 200),
    ("campaign_template_preview", None, "post", EDITORS, 200),
    ("campaign", "campaign", "get", EDITORS, 200),
    ("campaign_schedule", "campaign", "post", EDITORS, 422),
    ("campaign_progress", "campaign", "get", READERS, 200),
    ("campaign_results", "campaign", "get", READERS, 200),
    ("automations", None, "get", READERS, 200),
    ("automation_create", None, "get", EDITORS, 200),
    ("automation", "automation", "get", EDITORS, 200),
    ("segments", None, "get", READERS, 200),
    ("segment_create", None, "get", EDITORS, 200),
    ("segment_count", None, "post", EDITORS, 200),
    ("segment_preview", None, "post", EDITORS, 200),
    ("segment", "segment", "get", EDITORS, 200),
    ("lifecycle", None, "get", READERS, 200),
    ("lifecycle_policy", None, "post", {OWNER}, 422),
]
# Writes that succeed on an empty form: checked one role at a time below.
WRITES = [
    ("campaign_launch", "campaign", EDITORS),
    ("campaign_cancel", "campaign", EDITORS),
    ("automation_switch", "automation", EDITORS),
    ("segment_archive", "segment", EDITORS),
    ("segment_export", "segment", EDITORS),
    ("lifecycle_recompute", None, {OWNER}),
]
GET_PAGES = [row for row in PAGES if row[2] == "get"]
MODULE = "bashgah.backoffice.views.campaigns."


def url(name: str, argument: str | None, club: dict[str, Any]) -> str:
    if argument is None:
        return reverse(f"backoffice:{name}")
    return reverse(f"backoffice:{name}", args=[club[argument].pk])


def test_the_tables_cover_every_page_of_these_modules():
    _prefix, resolver = get_resolver().namespace_dict["backoffice"]
    ours = {
        pattern.name
        for pattern in resolver.url_patterns
        if pattern.name and pattern.callback.__module__.startswith(MODULE)
    }
    assert ours == {row[0] for row in PAGES} | {row[0] for row in WRITES}


@pytest.mark.parametrize(
    ("name", "argument", "method", "allowed", "status"), PAGES, ids=[row[0] for row in PAGES]
)
def test_each_role_gets_the_page_or_403(club, name, argument, method, allowed, status):
    for role in ROLES:
        response = getattr(client_for(role), method)(url(name, argument, club))
        expected = status if role in allowed else 403
        assert response.status_code == expected, f"{method} {name} as {role}"


@pytest.mark.parametrize(("name", "argument", "allowed"), WRITES, ids=[row[0] for row in WRITES])
def test_writes_are_refused_to_other_roles_and_change_nothing(club, name, argument, allowed):
    for role in sorted(set(ROLES) - allowed):
        before = (AuditEntry.objects.count(), Message.objects.count(), Segment.objects.count())
        response = client_for(role).post(url(name, argument, club))
        assert response.status_code == 403, f"{name} as {role}"
        assert (AuditEntry.objects.count(), Message.objects.count(), Segment.objects.count()) == (
            before
        )
    club["campaign"].refresh_from_db()
    club["segment"].refresh_from_db()
    assert club["campaign"].status == Campaign.Status.DRAFT
    assert club["segment"].status == Segment.Status.ACTIVE
    response = client_for(sorted(allowed)[0]).post(url(name, argument, club))
    assert response.status_code in {200, 302}


@pytest.mark.parametrize("language", ["fa", "he", "en"])
@pytest.mark.parametrize(
    ("name", "argument", "method", "allowed", "status"),
    GET_PAGES,
    ids=[row[0] for row in GET_PAGES],
)
def test_pages_render_in_each_language(club, language, name, argument, method, allowed, status):
    for role in sorted(allowed):
        response = client_for(role, language).get(url(name, argument, club))
        assert response.status_code == 200
        html = response.content.decode()
        direction = "ltr" if language == "en" else "rtl"
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert "backoffice/campaigns.css" in html
        assert "style=" not in html  # the CSP forbids inline styles


@pytest.mark.parametrize(
    ("role", "shown"), [(OWNER, True), (MANAGER, True), (ANALYST, True), (CASHIER, False)]
)
def test_the_menu_offers_campaigns_to_those_who_may_read_them(staff, role, shown):
    html = client_for(role).get(reverse("backoffice:members")).content.decode()
    assert ('id="nav-campaigns"' in html) is shown


def test_an_analyst_reads_lists_without_edit_links(club):
    html = client_for(ANALYST).get(reverse("backoffice:campaigns")).content.decode()
    assert "Spring" in html
    assert reverse("backoffice:campaign_create") not in html
    assert reverse("backoffice:campaign", args=[club["campaign"].pk]) not in html
    html = client_for(ANALYST).get(reverse("backoffice:segments")).content.decode()
    assert "Buyers" in html and "Export CSV" not in html
    assert reverse("backoffice:segment_export", args=[club["segment"].pk]) not in html


# --- segments ------------------------------------------------------------------------------


def builder(**fields: Any) -> dict[str, Any]:
    return {"name": "Big spenders", "description": "", **fields}


def test_the_builder_saves_every_filter_as_the_definition_with_audit(staff, people, store, tiers):
    response = client_for(MANAGER, "fa").post(
        reverse("backoffice:segment_create"),
        builder(
            tiers=["bronze", "gold"],
            lifecycle=["active", "loyal"],
            recency_scores=["5", "4"],
            frequency_scores=["3"],
            monetary_scores=["1", "2"],
            window_spend_min="۱۵۰٬۰۰۰",  # Toman, Persian digits: 1,500,000 Rial
            window_spend_max="2000000",
            total_spend_min="10",
            window_purchases_min="1",
            window_purchases_max="۹",
            days_since_purchase_max="30",
            never_purchased="no",
            categories="dairy, bakery",
            categories_within_days="60",
            points_balance_min="0",
            points_balance_max="5000",
            birthday_months=["1", "12"],
            age_min="18",
            age_max="65",
            genders=["female", "other"],
            cities="تهران، Tel Aviv",
            languages=["fa", "he"],
            enrolled_within_days="365",
            consent=["sms"],
            stores=[store.code],
        ),
    )
    assert response.status_code == 302, text_of(response)
    segment = Segment.objects.get(name="Big spenders")
    assert segment.definition == {
        "tiers": ["bronze", "gold"],
        "lifecycle": ["active", "loyal"],
        "recency_scores": [5, 4],
        "frequency_scores": [3],
        "monetary_scores": [1, 2],
        "window_spend": {"min": 1_500_000, "max": 20_000_000},
        "total_spend": {"min": 100},
        "window_purchases": {"min": 1, "max": 9},
        "days_since_purchase": {"max": 30},
        "never_purchased": False,
        "categories": ["dairy", "bakery"],
        "categories_within_days": 60,
        "points_balance": {"min": 0, "max": 5000},
        "birthday_months": [1, 12],
        "age": {"min": 18, "max": 65},
        "genders": ["female", "other"],
        "cities": ["تهران", "Tel Aviv"],
        "consent": ["sms"],
        "stores": [store.code],
        "enrolled_within_days": 365,
        "languages": ["fa", "he"],
    }
    [entry] = audits("segment.create")
    assert entry.after["definition"] == segment.definition
    assert entry.actor_label == MANAGER
    # The saved segment opens in the builder with the same values.
    html = text_of(client_for(MANAGER).get(reverse("backoffice:segment", args=[segment.pk])))
    assert 'value="150000"' in html and 'value="Tel Aviv"' not in html
    assert 'value="تهران, Tel Aviv"' in html
    assert re.search(r'value="12"[^>]*checked', html)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The lower bound is above the upper bound."),
        ("fa", "The lower bound is above the upper bound."),
    ],
)
def test_a_range_upside_down_is_shown_on_its_field_and_nothing_is_saved(
    staff, people, language, message
):
    before = AuditEntry.objects.count()
    response = client_for(OWNER, language).post(
        reverse("backoffice:segment_create"), builder(age_min="60", age_max="20")
    )
    assert response.status_code == 422
    html = text_of(response)
    assert element(html, "id_age_min_error") == in_language(message, language)
    assert 'id="form-errors"' in html
    assert Segment.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_an_amount_that_is_not_one_and_a_taken_name_are_refused(club):
    before = Segment.objects.count()
    response = client_for(OWNER).post(
        reverse("backoffice:segment_create"), builder(window_spend_min="lots")
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_window_spend_min_error").startswith(
        "Type an amount in Toman"
    )
    response = client_for(OWNER).post(reverse("backoffice:segment_create"), builder(name="Buyers"))
    assert response.status_code == 422
    assert element(text_of(response), "id_name_error") == "Another segment already has this name."
    assert Segment.objects.count() == before


def test_editing_a_segment_refreshes_it_and_audits_before_and_after(club, people):
    segment = club["segment"]
    assert segment.member_count == 4
    response = client_for(OWNER).post(
        reverse("backoffice:segment", args=[segment.pk]),
        builder(name="Buyers", window_spend_min="1000000"),  # 10,000,000 Rial
    )
    assert response.status_code == 302, text_of(response)
    segment.refresh_from_db()
    assert segment.definition == {"window_spend": {"min": 10_000_000}}
    assert segment.member_count == 2
    [entry] = audits("segment.update")
    assert entry.before["definition"] == {"never_purchased": False}
    assert entry.after["member_count"] == 2


def test_the_live_count_follows_the_filters(staff, people):
    client = client_for(MANAGER, "fa")
    everyone = text_of(client.post(reverse("backoffice:segment_count"), {}))
    assert element(everyone, "segment-count-value") == "۶"
    bought = text_of(client.post(reverse("backoffice:segment_count"), {"never_purchased": "no"}))
    assert element(bought, "segment-count-value") == "۴"
    assert element(bought, "segment-count-share").startswith("۶۶٫۷٪")
    spenders = text_of(
        client.post(reverse("backoffice:segment_count"), {"window_spend_min": "۱٬۰۰۰٬۰۰۰"})
    )
    assert element(spenders, "segment-count-value") == "۲"


def test_the_live_count_names_what_is_wrong_and_counts_nothing(staff, people):
    response = client_for(MANAGER).post(
        reverse("backoffice:segment_count"), {"age_min": "9", "age_max": "3", "tiers": ["nope"]}
    )
    assert response.status_code == 200
    html = text_of(response)
    assert 'id="count-problems"' in html and "segment-count-value" not in html
    assert "Select a valid choice." in html  # an unknown tier cannot even be ticked


def test_the_preview_lists_the_first_members(staff, people):
    html = text_of(
        client_for(OWNER).post(reverse("backoffice:segment_preview"), {"never_purchased": "yes"})
    )
    names = re.findall(r">(m\d) x<", html)
    assert sorted(names) == ["m4", "m5"]
    empty = text_of(
        client_for(OWNER).post(reverse("backoffice:segment_preview"), {"age_min": "150"})
    )
    assert 'id="segment-preview-empty"' in empty


def test_archiving_a_segment_empties_it_with_audit(club):
    segment = club["segment"]
    response = client_for(MANAGER).post(reverse("backoffice:segment_archive", args=[segment.pk]))
    assert response.status_code == 302
    segment.refresh_from_db()
    assert (segment.status, segment.member_count) == (Segment.Status.ARCHIVED, 0)
    [entry] = audits("segment.archive")
    assert entry.before == {"status": "active", "member_count": 4}
    # An archived segment is no longer a page.
    assert (
        client_for(MANAGER).get(reverse("backoffice:segment", args=[segment.pk])).status_code == 404
    )


def test_the_export_streams_the_members_as_csv_and_is_audited(club, people):
    segment = club["segment"]
    response = client_for(OWNER).post(reverse("backoffice:segment_export", args=[segment.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="segment-{segment.pk}-'
    )
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["member_id", "card_number", "first_name"]
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(m.pk for m in people[:4])
    [entry] = audits("segment.export")
    assert (entry.actor_label, entry.object_id) == (OWNER, str(segment.pk))


def test_the_export_is_refused_to_an_analyst(club):
    response = client_for(ANALYST).post(
        reverse("backoffice:segment_export", args=[club["segment"].pk])
    )
    assert response.status_code == 403
    assert audits("segment.export") == []


# --- lifecycle -----------------------------------------------------------------------------


def test_the_lifecycle_page_shows_states_and_the_rfm_map(staff, people):
    audiences_recompute()
    html = text_of(client_for(ANALYST).get(reverse("backoffice:lifecycle")))
    for row in lifecycle_counts():
        assert kpi(html, f"state-{row.state}") == str(row.members)
    assert sum(row.members for row in lifecycle_counts()) == 6
    cells = [int(n) for n in re.findall(r'id="rfm-\d-\d">(\d+)<', html)]
    assert len(cells) == 25 and sum(cells) == 4  # the four who bought
    assert 'id="lifecycle-thresholds"' in html  # read only for an analyst
    assert 'id="recompute"' not in html


def test_the_owner_changes_the_thresholds_with_audit(staff):
    response = client_for(OWNER).post(
        reverse("backoffice:lifecycle_policy"),
        {"new_days": "14", "at_risk_days": "۴۵", "lost_days": "120", "loyal_purchases": "5"},
    )
    assert response.status_code == 302
    policy = SegmentPolicy.objects.get(pk=1)
    assert (policy.new_days, policy.at_risk_days, policy.lost_days) == (14, 45, 120)
    [entry] = audits("segment_policy.update")
    assert entry.before["at_risk_days"] == 60 and entry.after["at_risk_days"] == 45


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A member is lost later than at risk: give more days."),
        ("he", "חבר אבוד מאוחר יותר מאשר בסיכון: תנו יותר ימים."),
    ],
)
def test_thresholds_that_contradict_are_refused_and_nothing_changes(staff, language, message):
    response = client_for(OWNER, language).post(
        reverse("backoffice:lifecycle_policy"),
        {"new_days": "30", "at_risk_days": "90", "lost_days": "60", "loyal_purchases": "6"},
    )
    assert response.status_code == 422
    if language == "en":
        assert element(text_of(response), "id_lost_days_error") == message
    else:
        assert element(text_of(response), "id_lost_days_error")
    policy = SegmentPolicy.objects.get(pk=1)
    assert (policy.at_risk_days, policy.lost_days) == (60, 180)
    assert audits("segment_policy.update") == []


def test_the_owner_recomputes_now_with_audit(club):
    assert scores_computed_at() is None
    response = client_for(OWNER).post(reverse("backoffice:lifecycle_recompute"))
    assert response.status_code == 302
    assert scores_computed_at() is not None
    assert MemberScore.objects.count() == 6
    [entry] = audits("audiences.recompute")
    assert entry.after["segments"] == 1


# --- campaigns -----------------------------------------------------------------------------


def campaign_fields(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Autumn",
        "channel": "sms",
        "segment": "",
        "body_fa": "{first_name} عزیز، {points} امتیاز دارید.",
        "body_en": "Dear {first_name}, you have {points} points.",
        "control_percent": "20",
        "conversion_days": "14",
        "offer": "none",
        **fields,
    }


def test_a_campaign_is_saved_with_its_templates_and_bonus_offer_and_audited(club):
    response = client_for(MANAGER).post(
        reverse("backoffice:campaign_create"),
        campaign_fields(
            segment=str(club["segment"].pk),
            offer="bonus_rule",
            offer_kind="multiplier",
            offer_multiplier="۲",
            offer_days="7",
        ),
    )
    assert response.status_code == 302, text_of(response)
    campaign = Campaign.objects.get(name="Autumn")
    assert response["Location"] == reverse("backoffice:campaign", args=[campaign.pk])
    assert campaign.templates == {
        "fa": {"body": "{first_name} عزیز، {points} امتیاز دارید."},
        "en": {"body": "Dear {first_name}, you have {points} points."},
    }
    assert (campaign.status, campaign.segment_id, campaign.control_percent) == (
        "draft",
        club["segment"].pk,
        20,
    )
    assert campaign.offer_rule == {"type": "time_window", "params": {"multiplier": "2"}, "days": 7}
    [entry] = audits("campaign.create")
    assert entry.after["offer_rule"] == campaign.offer_rule
    assert entry.after["segment"] == club["segment"].pk


def test_a_fixed_bonus_is_parsed_in_the_displayed_unit(club):
    response = client_for(OWNER).post(
        reverse("backoffice:campaign_create"),
        campaign_fields(
            offer="bonus_rule",
            offer_kind="fixed",
            offer_points="50",
            offer_minimum="۵۰۰٬۰۰۰",
            offer_days="3",
        ),
    )
    assert response.status_code == 302, text_of(response)
    assert Campaign.objects.get(name="Autumn").offer_rule == {
        "type": "minimum_basket",
        "params": {"minimum_amount": 5_000_000, "points": 50},
        "days": 3,
    }


@pytest.mark.parametrize(
    ("language", "field", "fields", "message"),
    [
        (
            "en",
            "id_body_fa_error",
            {"body_fa": "سلام {nickname}"},
            "Unknown placeholders: nickname.",
        ),
        ("en", "id_offer_multiplier_error", {"offer": "bonus_rule", "offer_multiplier": "1",
                                              "offer_days": "7"}, "Must be more than 1."),
        ("fa", "id_offer_multiplier_error", {"offer": "bonus_rule", "offer_multiplier": "1",
                                              "offer_days": "7"}, "باید بیشتر از ۱ باشد."),
        ("en", "id_offer_days_error", {"offer": "bonus_rule", "offer_multiplier": "2"},
         "The bonus lasts 1 to 90 days."),
        ("en", "id_control_percent_error", {"control_percent": "80"},
         "The control group is 0 to 50 percent."),
        ("en", "id_offer_coupon_campaign_error", {"offer": "coupon"},
         "Choose an active coupon campaign."),
        ("en", "id_subject_en_error", {"channel": "email"}, "An email needs a subject."),
    ],
)  # fmt: skip
def test_bad_campaigns_are_refused_next_to_the_field_and_nothing_is_saved(
    club, language, field, fields, message
):
    before = (Campaign.objects.count(), EarningRule.objects.count(), AuditEntry.objects.count())
    response = client_for(OWNER, language).post(
        reverse("backoffice:campaign_create"), campaign_fields(**fields)
    )
    assert response.status_code == 422
    assert element(text_of(response), field).startswith(message)
    assert (Campaign.objects.count(), EarningRule.objects.count(), AuditEntry.objects.count()) == (
        before
    )


def test_the_template_preview_renders_each_language_for_a_sample_member(staff):
    response = client_for(OWNER).post(
        reverse("backoffice:campaign_template_preview"),
        campaign_fields(body_he="שלום {first_name}, {tier}"),
    )
    html = text_of(response)
    assert "سارا عزیز، ۱٬۲۵۰ امتیاز دارید." in element(html, "preview-fa")
    assert '<p class="body">שלום שרה, זהב</p>' in html
    assert '<p class="body">Dear Sara, you have 1,250 points.</p>' in html
    bad = text_of(
        client_for(OWNER).post(
            reverse("backoffice:campaign_template_preview"), campaign_fields(body_en="Hi {oops")
        )
    )
    assert 'id="template-problems"' in bad and "Check the braces" in bad


def test_a_draft_is_edited_with_audit_and_a_scheduled_one_is_not(club):
    campaign = club["campaign"]
    client = client_for(OWNER)
    response = client.post(
        reverse("backoffice:campaign", args=[campaign.pk]),
        campaign_fields(name="Spring sale", segment=str(club["segment"].pk)),
    )
    assert response.status_code == 302, text_of(response)
    campaign.refresh_from_db()
    assert campaign.name == "Spring sale"
    [entry] = audits("campaign.update")
    assert (entry.before["name"], entry.after["name"]) == ("Spring", "Spring sale")

    tomorrow = timezone.now().astimezone(club_zone()).date() + dt.timedelta(days=1)
    response = client.post(
        reverse("backoffice:campaign_schedule", args=[campaign.pk]),
        {"day": tomorrow.isoformat(), "time": "۰۹:۳۰"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SCHEDULED
    assert campaign.scheduled_at == dt.datetime.combine(
        tomorrow, dt.time(9, 30), tzinfo=club_zone()
    )
    assert len(audits("campaign.schedule")) == 1
    page = text_of(client.get(reverse("backoffice:campaign", args=[campaign.pk])))
    assert "disabled" in page and 'id="campaign-save"' not in page
    assert 'id="preview-en"' in page  # the saved message, shown read only
    response = client.post(
        reverse("backoffice:campaign", args=[campaign.pk]), campaign_fields(name="Changed")
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Spring sale"
    assert len(audits("campaign.update")) == 1


def test_a_time_in_the_past_or_not_a_time_is_refused(club):
    campaign = club["campaign"]
    for data, field in (
        ({"day": "1400/01/01", "time": "10:00"}, "id_day_error"),
        ({"day": "1500/01/01", "time": "25:00"}, "id_time_error"),
    ):
        response = client_for(OWNER).post(
            reverse("backoffice:campaign_schedule", args=[campaign.pk]), data
        )
        assert response.status_code == 422
        assert element(text_of(response), field)
    campaign.refresh_from_db()
    assert (campaign.status, campaign.scheduled_at) == (Campaign.Status.DRAFT, None)
    assert audits("campaign.schedule") == []


def test_send_now_launches_fans_out_and_shows_progress(club, people):
    campaign = club["campaign"]
    response = client_for(MANAGER).post(reverse("backoffice:campaign_launch", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert Recipient.objects.filter(campaign=campaign).count() == 4
    told = Recipient.objects.filter(campaign=campaign, group="treatment").count()
    assert Message.objects.filter(campaign_id=campaign.pk).count() == told
    [entry] = audits("campaign.launch")
    assert (entry.before["status"], entry.after["status"]) == ("draft", "sending")
    html = text_of(
        client_for(ANALYST).get(reverse("backoffice:campaign_progress", args=[campaign.pk]))
    )
    assert element(html, "campaign-progress-text").startswith("4 of 4 members (100%)")
    # A second launch is refused and changes nothing.
    again = client_for(OWNER).post(reverse("backoffice:campaign_launch", args=[campaign.pk]))
    assert again.status_code == 302
    assert len(audits("campaign.launch")) == 1


def test_a_large_audience_goes_on_in_the_worker_and_the_page_polls(club, people, monkeypatch):
    monkeypatch.setattr(campaign_views, "LAUNCH_BATCH", 1)
    monkeypatch.setattr(campaign_views, "LAUNCH_BATCHES", 2)
    campaign = club["campaign"]
    client_for(OWNER).post(reverse("backoffice:campaign_launch", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING
    progress = campaign_progress(campaign=campaign)
    assert (progress.recipients, progress.audience, progress.percent) == (2, 4, 50)
    fragment = client_for(OWNER).get(
        reverse("backoffice:campaign_progress", args=[campaign.pk]), HTTP_HX_REQUEST="true"
    )
    html = text_of(fragment)
    assert "<html" not in html and 'hx-trigger="every 2s"' in html
    assert 'value="2"' in html and 'max="4"' in html
    campaign_fan_out(campaign=campaign)  # the worker's step
    campaign.refresh_from_db()
    html = text_of(
        client_for(OWNER).get(
            reverse("backoffice:campaign_progress", args=[campaign.pk]), HTTP_HX_REQUEST="true"
        )
    )
    assert "hx-trigger" not in html and 'value="4"' in html


def test_cancel_stops_a_draft_and_is_refused_once_sent(club):
    campaign = club["campaign"]
    response = client_for(OWNER).post(reverse("backoffice:campaign_cancel", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CANCELLED
    assert len(audits("campaign.cancel")) == 1
    other = campaign_create(name="Sent", channel="sms", templates=SMS)
    campaign_launch(campaign=other)
    campaign_fan_out(campaign=other)
    response = client_for(OWNER, "fa").post(
        reverse("backoffice:campaign_cancel", args=[other.pk]), follow=True
    )
    other.refresh_from_db()
    assert other.status == Campaign.Status.SENT
    assert len(audits("campaign.cancel")) == 1
    assert 'class="message error"' in response.content.decode()


def test_results_show_groups_lift_and_revenue(staff, make_member, buy):
    members = [make_member(first_name=f"r{index}") for index in range(60)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    campaign = campaign_create(name="Lift", channel="sms", templates=SMS, control_percent=50)
    at = timezone.now() - dt.timedelta(days=2)
    campaign_launch(campaign=campaign, at=at)
    campaign_fan_out(campaign=campaign, at=at)
    told = set(
        Recipient.objects.filter(campaign=campaign, group="treatment").values_list(
            "member_id", flat=True
        )
    )
    for member in members:
        if member.pk in told:
            buy(member, ("milk", "dairy", 1, 1_000_000))
    html = text_of(
        client_for(ANALYST).get(reverse("backoffice:campaign_results", args=[campaign.pk]))
    )
    control = 60 - len(told)
    assert element(html, "group-treatment-members") == str(len(told))
    assert element(html, "group-treatment-converted") == str(len(told))
    assert element(html, "group-treatment-rate") == "100%"
    assert element(html, "group-control-members") == str(control)
    assert element(html, "group-control-rate") == "0%"
    assert element(html, "group-treatment-revenue") == f"{len(told) * 100_000:,} Toman"
    assert "+100" in element(html, "lift-absolute")
    assert "Significant: the told converted more" in element(html, "lift-verdict")
    assert kpi(html, "messages-total") == str(len(told))
    assert kpi(html, "messages-queued") == str(len(told))
    assert kpi(html, "messages-opted-out") == "0"
    fa = text_of(
        client_for(OWNER, "fa").get(reverse("backoffice:campaign_results", args=[campaign.pk]))
    )
    assert element(fa, "group-treatment-rate") == "۱۰۰٪"


def test_results_without_a_control_group_say_there_is_no_lift(club):
    campaign = campaign_create(name="All", channel="sms", templates=SMS, control_percent=0)
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    html = text_of(
        client_for(OWNER).get(reverse("backoffice:campaign_results", args=[campaign.pk]))
    )
    assert 'id="lift-none"' in html


# --- automations ---------------------------------------------------------------------------


def test_the_automation_list_names_every_trigger(club):
    html = text_of(client_for(ANALYST).get(reverse("backoffice:automations")))
    for trigger in ("welcome", "thank_you", "birthday", "anniversary", "win_back", "tier_up",
                    "tier_down", "points_expiring", "voucher_expiring"):  # fmt: skip
        assert f'data-trigger="{trigger}"' in html
    assert 'id="automation-new-birthday"' not in html  # an analyst sets nothing up


def test_an_automation_is_set_up_off_switched_on_and_edited_with_audit(club):
    coupons = CouponCampaign.objects.create(
        name="Birthday cake", kind="per_member", benefit="bonus_points", value=100
    )
    client = client_for(MANAGER)
    page = text_of(client.get(reverse("backoffice:automation_create") + "?trigger=birthday"))
    assert re.search(r'<option value="birthday" selected>', page)
    response = client.post(
        reverse("backoffice:automation_create"),
        campaign_fields(
            name="Happy birthday",
            trigger="birthday",
            body_en="Happy birthday {first_name}! Your code: {coupon_code}",
            offer="coupon",
            offer_coupon_campaign=str(coupons.pk),
        ),
    )
    assert response.status_code == 302, text_of(response)
    automation = Campaign.objects.get(name="Happy birthday")
    assert (automation.kind, automation.trigger, automation.status) == (
        "automation",
        "birthday",
        "paused",
    )
    assert automation.offer_coupon_campaign_id == coupons.pk
    assert len(audits("automation.create")) == 1

    client.post(reverse("backoffice:automation_switch", args=[automation.pk]), {"on": "1"})
    automation.refresh_from_db()
    assert automation.status == Campaign.Status.ACTIVE
    client.post(reverse("backoffice:automation_switch", args=[automation.pk]), {"on": "0"})
    automation.refresh_from_db()
    assert automation.status == Campaign.Status.PAUSED
    switches = audits("automation.switch")
    assert [(e.before["status"], e.after["status"]) for e in switches] == [
        ("paused", "active"),
        ("active", "paused"),
    ]

    response = client.post(
        reverse("backoffice:automation", args=[automation.pk]),
        campaign_fields(name="Birthday", trigger="birthday", control_percent="5"),
    )
    assert response.status_code == 302, text_of(response)
    automation.refresh_from_db()
    assert (automation.name, automation.control_percent, automation.offer) == (
        "Birthday",
        5,
        "none",
    )
    assert len(audits("automation.update")) == 1


def test_an_automation_cannot_offer_a_bonus_period_and_nothing_is_saved(club):
    before = Campaign.objects.count()
    response = client_for(OWNER, "fa").post(
        reverse("backoffice:automation_create"),
        campaign_fields(trigger="welcome", offer="bonus_rule", offer_multiplier="2"),
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_offer_error")
    assert Campaign.objects.count() == before
    assert audits("automation.create") == []


def test_an_automation_without_a_message_is_refused(club):
    automation = club["automation"]
    automation_switch(campaign=automation, on=True)
    response = client_for(OWNER).post(
        reverse("backoffice:automation", args=[automation.pk]),
        campaign_fields(name="Welcome", trigger="welcome", body_fa="", body_en=""),
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_body_fa_error") == (
        "Write the message in at least one language."
    )
    automation.refresh_from_db()
    assert automation.templates == SMS and automation.status == Campaign.Status.ACTIVE


# --- reads added for these pages -----------------------------------------------------------


def test_every_placeholder_is_explained_in_the_readers_language():
    assert set(PLACEHOLDER_HELP) == set(PLACEHOLDERS)


def test_recipient_counts_and_progress(club, people):
    campaign = club["campaign"]
    assert campaign_progress(campaign=campaign).recipients == 0
    assert campaign_progress(campaign=campaign).audience == 4
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    assert recipient_counts(campaign_ids=[campaign.pk, club["automation"].pk]) == {campaign.pk: 4}
    assert campaign_progress(campaign=campaign).percent == 100


def test_a_sent_campaign_is_complete_whatever_its_segment_became(club, people, make_member, buy):
    campaign = club["campaign"]
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    buy(make_member(first_name="late"))
    audiences_recompute()  # the segment grows after the campaign was sent
    club["segment"].refresh_from_db()
    assert club["segment"].member_count == 5
    campaign.refresh_from_db()
    progress = campaign_progress(campaign=campaign)
    assert (progress.recipients, progress.audience, progress.percent) == (4, 4, 100)
