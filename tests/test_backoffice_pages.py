"""Staff pages beyond the cashier, through the Django test client: program configuration
(rules with a preview, tiers, rewards, branches, API keys), the member directory with manual
adjustments, and the dashboard; each role gets exactly its pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from bashgah.api.keys import api_key_check, api_key_create
from bashgah.api.models import ApiKey
from bashgah.backoffice.charts import Bar, bar_chart, nice_ceiling
from bashgah.backoffice.kpis import Periods
from bashgah.core.calendars import club_zone
from bashgah.core.models import AuditEntry
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.rewards.models import Reward
from bashgah.rewards.services.redeem import reward_redeem
from bashgah.rules.models import EarningRule
from bashgah.rules.services import rule_create
from bashgah.staff.models import StaffProfile
from bashgah.stores.models import Store
from bashgah.stores.services import store_create
from bashgah.tiers.models import Tier, TierPolicy
from tests.staff_pages import client_for, element, staff_per_role, text_of

pytestmark = pytest.mark.django_db

OWNER, MANAGER, CASHIER, ANALYST = "owner", "manager", "cashier", "analyst"
ROLES = (OWNER, MANAGER, CASHIER, ANALYST)
PROGRAM = {OWNER, MANAGER}
EVERYONE = set(ROLES)


@pytest.fixture(autouse=True)
def _quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.BASHGAH = {**settings.BASHGAH, "CURRENCY": "IRR", "IRR_DISPLAY": "toman"}
    cache.clear()  # this worker's own Redis database (tests/conftest.py)


@pytest.fixture
def other_store(db) -> Store:
    return store_create(code="shiraz-1", name="شعبه شیراز", city="شیراز")


@pytest.fixture
def staff(store, other_store) -> dict[str, StaffProfile]:
    """One person per role; the manager and the cashier work at ``store`` only."""
    return staff_per_role(store)


@pytest.fixture
def club(staff, store, other_store, tiers, base_rule, make_member, buy) -> dict[str, Any]:
    member = make_member("09121234567", first_name="سارا", last_name="احمدی")
    buy(member, ("milk", "dairy", 2, 450_000))
    reward = Reward.objects.create(
        code="tea", type="fixed_discount", points_cost=10, value=100_000, names={"en": "Tea"}
    )
    key, _plain = api_key_create(name="till-1", store=store)
    return {
        "member": member,
        "reward": reward,
        "store": store,
        "tier": tiers[0],
        "rule": base_rule,
        "key": key,
    }


# --- roles ---------------------------------------------------------------------------------

# url name, URL argument (a key of ``club``), method, roles allowed, status for those roles
PAGES: list[tuple[str, str | None, str, set[str], int]] = [
    ("program_rules", None, "get", PROGRAM, 200),
    ("program_rule_create", None, "get", PROGRAM, 200),
    ("program_rule_edit", "rule", "get", PROGRAM, 200),
    ("program_rule_preview", None, "post", PROGRAM, 200),
    ("program_rule_activate", "rule", "post", PROGRAM, 302),
    ("program_rule_pause", "rule", "post", PROGRAM, 302),
    ("program_tiers", None, "get", PROGRAM, 200),
    ("program_tier_policy", None, "post", PROGRAM, 422),
    ("program_tier_create", None, "get", PROGRAM, 200),
    ("program_tier_edit", "tier", "get", PROGRAM, 200),
    ("program_rewards", None, "get", PROGRAM, 200),
    ("program_reward_create", None, "get", PROGRAM, 200),
    ("program_reward_edit", "reward", "get", PROGRAM, 200),
    ("program_stores", None, "get", PROGRAM, 200),
    ("program_store_create", None, "get", {OWNER}, 200),
    ("program_store_edit", "store", "get", PROGRAM, 200),
    ("program_keys", None, "get", PROGRAM, 200),
    ("program_key_revoke", None, "post", PROGRAM, 302),
    ("members", None, "get", EVERYONE, 200),
    ("members_search", None, "post", EVERYONE, 302),
    ("member", "member", "get", EVERYONE, 200),
    ("member_adjust", "member", "post", PROGRAM, 422),
    ("dashboard", None, "get", {OWNER, MANAGER, ANALYST}, 200),
]
GET_PAGES = [row for row in PAGES if row[2] == "get"]
MODULES = (
    "bashgah.backoffice.views.program.",
    "bashgah.backoffice.views.members",
    "bashgah.backoffice.views.dashboard",
)


def url(name: str, argument: str | None, club: dict[str, Any]) -> str:
    if argument is None:
        return reverse(f"backoffice:{name}")
    return reverse(f"backoffice:{name}", args=[club[argument].pk])


def test_the_table_covers_every_page_of_these_modules():
    _prefix, resolver = get_resolver().namespace_dict["backoffice"]
    ours = {
        pattern.name
        for pattern in resolver.url_patterns
        if pattern.name and pattern.callback.__module__.startswith(MODULES)
    }
    assert ours - {"home"} == {row[0] for row in PAGES}


@pytest.mark.parametrize(
    ("name", "argument", "method", "allowed", "status"), PAGES, ids=[row[0] for row in PAGES]
)
def test_each_role_gets_the_page_or_403(club, name, argument, method, allowed, status):
    data = {"key": club["key"].pk} if name == "program_key_revoke" else {}
    for role in ROLES:
        response = getattr(client_for(role), method)(url(name, argument, club), data)
        expected = status if role in allowed else 403
        assert response.status_code == expected, f"{method} {name} as {role}"


@pytest.mark.parametrize("language", ["fa", "en"])
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
        direction = "rtl" if language == "fa" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html
        assert "backoffice/backoffice.css" in html
        assert "style=" not in html  # the CSP forbids inline styles


ENGAGEMENT_AND_ON = ("nav-engagement", "nav-campaigns", "nav-dashboard", "nav-account")


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (OWNER, {"nav-cashier", "nav-members", "nav-program", *ENGAGEMENT_AND_ON}),
        (MANAGER, {"nav-cashier", "nav-members", "nav-program", *ENGAGEMENT_AND_ON}),
        (CASHIER, {"nav-cashier", "nav-members", "nav-account"}),
        (ANALYST, {"nav-members", *ENGAGEMENT_AND_ON}),
    ],
)
def test_the_menu_shows_the_role_its_pages(club, role, links):
    html = client_for(role).get(reverse("backoffice:members")).content.decode()
    shown = set(re.findall(r'id="(nav-[a-z]+)"', html))
    assert shown == links


@pytest.mark.parametrize(
    ("role", "target"),
    [(OWNER, "cashier"), (CASHIER, "cashier"), (ANALYST, "dashboard")],
)
def test_home_opens_the_first_page_of_the_role(staff, role, target):
    response = client_for(role).get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == reverse(f"backoffice:{target}")


# --- earning rules -------------------------------------------------------------------------


def rule_form(**fields: Any) -> dict[str, Any]:
    return {
        "name": "dairy double",
        "type": "category_multiplier",
        "label_fa": "لبنیات",
        "label_en": "dairy",
        "priority": "20",
        "is_stackable": "on",
        "category_multiplier__multiplier": "2",
        "category_multiplier__categories": "dairy",
        **fields,
    }


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Must be more than 1."), ("fa", "باید بیشتر از ۱ باشد.")]
)
def test_an_invalid_multiplier_is_shown_next_to_its_field_and_nothing_is_saved(
    staff, language, message
):
    before = AuditEntry.objects.count()
    response = client_for(MANAGER, language).post(
        reverse("backoffice:program_rule_create"),
        rule_form(category_multiplier__multiplier="1"),
    )
    assert response.status_code == 422
    html = text_of(response)
    assert element(html, "id_category_multiplier__multiplier_error") == message
    assert 'id="form-errors"' in html
    assert EarningRule.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_number_that_is_not_one_is_refused_by_the_form(staff):
    response = client_for(OWNER).post(
        reverse("backoffice:program_rule_create"),
        rule_form(category_multiplier__multiplier="two"),
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_category_multiplier__multiplier_error")
    assert EarningRule.objects.count() == 0


def test_a_group_error_lands_on_the_first_field_of_the_group(staff):
    response = client_for(OWNER).post(
        reverse("backoffice:program_rule_create"),
        rule_form(category_multiplier__categories=""),
    )
    assert response.status_code == 422
    html = text_of(response)
    assert element(html, "id_category_multiplier__categories_error") == (
        "Name at least one category or SKU."
    )


def test_other_types_fields_are_ignored(staff):
    """The hidden groups of other types do not stop the chosen one from saving."""
    response = client_for(OWNER).post(
        reverse("backoffice:program_rule_create"),
        rule_form(nth_visit__every="not a number", points_per_amount__points="x"),
    )
    assert response.status_code == 302
    rule = EarningRule.objects.get()
    assert rule.params == {"categories": ["dairy"], "skus": [], "multiplier": "2"}


def test_create_edit_activate_and_pause_a_rule_with_audit(staff, tiers):
    client = client_for(MANAGER)
    created = client.post(
        reverse("backoffice:program_rule_create"),
        {
            "name": "Friday mornings",
            "type": "time_window",
            "label_en": "Friday mornings",
            "priority": "۱۰",
            "time_window__multiplier": "۱٫۵",
            "time_window__weekdays": ["4"],
            "time_window__hour_from": "8",
            "time_window__hour_to": "14",
            "audience_tiers": ["silver", "gold"],
            "starts_on": "1404/01/01",
            "daily_cap": "500",
        },
    )
    assert created.status_code == 302, text_of(created)
    rule = EarningRule.objects.get()
    assert (rule.type, rule.status, rule.priority) == ("time_window", "draft", 10)
    assert rule.params == {"multiplier": "1.5", "weekdays": [4], "hour_from": 8, "hour_to": 14}
    assert rule.audience_tiers == ["silver", "gold"]
    assert rule.daily_cap == 500
    assert rule.starts_at is not None
    assert rule.starts_at.astimezone(club_zone()).date() == dt.date(2025, 3, 21)
    assert created["Location"] == reverse("backoffice:program_rule_edit", args=[rule.pk])

    page = client.get(created["Location"])
    html = text_of(page)
    assert 'value="1.5"' in html and 'value="Friday mornings"' in html
    edited = client.post(
        created["Location"],
        {
            "name": "Friday mornings",
            "type": "time_window",
            "label_en": "Friday mornings",
            "priority": "10",
            "time_window__multiplier": "2",
            "time_window__weekdays": ["4", "5"],
            "time_window__hour_from": "8",
            "time_window__hour_to": "14",
            "starts_on": page.context["form"]["starts_on"].value(),
        },
    )
    assert edited.status_code == 302
    starts_at = rule.starts_at
    rule.refresh_from_db()
    assert rule.params["multiplier"] == "2" and rule.params["weekdays"] == [4, 5]
    assert rule.starts_at == starts_at  # an unchanged date keeps the stored moment

    client.post(reverse("backoffice:program_rule_activate", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.status == "active"
    client.post(reverse("backoffice:program_rule_pause", args=[rule.pk]), {"back": "edit"})
    rule.refresh_from_db()
    assert rule.status == "paused"
    entries = list(AuditEntry.objects.filter(object_type="earning_rule").order_by("pk"))
    assert [entry.action for entry in entries] == [
        "rule.create",
        "rule.update",
        "rule.activate",
        "rule.pause",
    ]
    assert entries[1].before["params"]["multiplier"] == "1.5"
    assert entries[1].after["params"]["multiplier"] == "2"
    assert entries[3].before == {"status": "active"} and entries[3].after == {"status": "paused"}
    assert {entry.actor_label for entry in entries} == {"manager"}


def test_activation_errors_are_shown_and_change_nothing(staff):
    rule = rule_create(
        name="ended",
        type="signup",
        params={"points": 10},
        starts_at=timezone.now() - dt.timedelta(days=10),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    client = client_for(OWNER)
    response = client.post(reverse("backoffice:program_rule_activate", args=[rule.pk]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.status == "draft"
    assert not AuditEntry.objects.filter(action="rule.activate").exists()
    html = text_of(client.get(reverse("backoffice:program_rules")))
    assert "cannot be activated" in html


def preview(client: Client, **fields: Any) -> str:
    data = {
        **rule_form(),
        "sample_category_0": "dairy",
        "sample_qty_0": "2",
        "sample_price_0": "45000",  # Toman: 450,000 Rial
        **fields,
    }
    response = client.post(reverse("backoffice:program_rule_preview"), data)
    assert response.status_code == 200
    return text_of(response)


def test_preview_gives_the_rule_with_the_active_rules_and_saves_nothing(staff, base_rule):
    client = client_for(MANAGER)
    html = preview(client)
    # base: 900,000 Rial at 1 point per 10,000 = 90; dairy ×2 adds 90 more
    assert element(html, "preview-total") == "180 points"
    assert "This rule adds 90 points." in html
    assert "2× points for buying dairy" in html
    assert 'class="this-rule"' in html
    assert EarningRule.objects.count() == 1  # the base rule only


def test_preview_in_persian_with_persian_digits_and_a_tier(staff, base_rule, tiers):
    html = preview(
        client_for(OWNER, "fa"),
        sample_price_0="۴۵٬۰۰۰",
        sample_tier="gold",  # ×1.5 tier benefit on the base
    )
    # base 90, tier benefit 45, dairy ×2 on the base 90
    assert element(html, "preview-total") == "۲۲۵ امتیاز"


def test_preview_of_an_edited_rule_replaces_its_saved_self(staff, base_rule):
    html = preview(
        client_for(OWNER),
        rule_id=str(base_rule.pk),
        name="base",
        type="points_per_amount",
        points_per_amount__points="2",
        points_per_amount__per_amount="1000",  # Toman
    )
    assert element(html, "preview-total") == "180 points"  # not 90 + 180


def test_preview_explains_what_is_wrong(staff):
    html = preview(client_for(OWNER), category_multiplier__multiplier="25")
    assert 'id="preview-problems"' in html
    assert "Must be at most 20." in html


def test_preview_of_a_rule_not_yet_live(staff, base_rule):
    html = preview(client_for(OWNER), starts_on="2099-01-01")
    assert 'id="preview-not-live"' in html
    assert element(html, "preview-total") == "90 points"


# --- tiers -----------------------------------------------------------------------------------


def test_tier_create_edit_and_policy_with_audit(staff, tiers):
    client = client_for(OWNER)
    created = client.post(
        reverse("backoffice:program_tier_create"),
        {
            "code": "platinum",
            "rank": "3",
            "label_fa": "پلاتینی",
            "label_en": "Platinum",
            "threshold": "۵٬۰۰۰٬۰۰۰",  # Toman
            "points_multiplier": "2",
            "discount_percent": "10",
            "cashback_percent": "3.5",
        },
    )
    assert created.status_code == 302, text_of(created)
    platinum = Tier.objects.get(code="platinum")
    assert platinum.threshold == 50_000_000  # Rial
    assert platinum.cashback_percent == Decimal("3.5")
    edited = client.post(
        reverse("backoffice:program_tier_edit", args=[platinum.pk]),
        {
            "label_en": "Platinum",
            "threshold": "6000000",
            "points_multiplier": "2",
            "discount_percent": "10",
            "cashback_percent": "4",
        },
    )
    assert edited.status_code == 302
    platinum.refresh_from_db()
    assert (platinum.threshold, platinum.labels["fa"]) == (60_000_000, "")
    policy = client.post(
        reverse("backoffice:program_tier_policy"),
        {"basis": "points", "window_months": "6", "grace_days": "15"},
    )
    assert policy.status_code == 302
    row = TierPolicy.objects.get(pk=1)
    assert (row.basis, row.window_months, row.grace_days) == ("points", 6, 15)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["tier.create", "tier.update", "tier_policy.update"]
    update = AuditEntry.objects.get(action="tier.update")
    assert update.before["threshold"] == 50_000_000 and update.after["threshold"] == 60_000_000


def test_a_threshold_out_of_order_is_refused_next_to_the_field(staff, tiers):
    gold = tiers[2]
    response = client_for(MANAGER).post(
        reverse("backoffice:program_tier_edit", args=[gold.pk]),
        {
            "label_en": "Gold",
            "threshold": "100",  # below silver's
            "points_multiplier": "1.5",
            "discount_percent": "7",
            "cashback_percent": "2",
        },
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_threshold_error") == (
        "Must be higher than the threshold of silver."
    )
    gold.refresh_from_db()
    assert gold.threshold == 20_000_000
    assert not AuditEntry.objects.filter(action="tier.update").exists()


# --- rewards ---------------------------------------------------------------------------------


def test_reward_create_and_edit_with_audit(staff, tiers):
    client = client_for(MANAGER)
    created = client.post(
        reverse("backoffice:program_reward_create"),
        {
            "code": "coffee",
            "type": "free_product",
            "name_fa": "قهوه رایگان",
            "name_en": "Free coffee",
            "points_cost": "۱۵۰",
            "sku": "coffee-cup",
            "voucher_valid_days": "14",
            "tiers": ["gold"],
            "valid_until": "2099-12-31",
            "is_active": "on",
        },
    )
    assert created.status_code == 302, text_of(created)
    reward = Reward.objects.get(code="coffee")
    assert (reward.points_cost, reward.sku, reward.tiers) == (150, "coffee-cup", ["gold"])
    assert reward.valid_until is not None
    edited = client.post(
        reverse("backoffice:program_reward_edit", args=[reward.pk]),
        {
            "type": "free_product",
            "name_en": "Free coffee",
            "points_cost": "120",
            "sku": "coffee-cup",
            "voucher_valid_days": "14",
            "valid_until": client.get(reverse("backoffice:program_reward_edit", args=[reward.pk]))
            .context["form"]["valid_until"]
            .value(),
        },
    )
    assert edited.status_code == 302, text_of(edited)
    valid_until = reward.valid_until
    reward.refresh_from_db()
    assert (reward.points_cost, reward.is_active, reward.tiers) == (120, False, [])
    assert reward.valid_until == valid_until
    assert list(
        AuditEntry.objects.filter(object_type="reward").values_list("action", flat=True)
    ) == ["reward.create", "reward.update"]


def test_a_free_product_needs_its_sku(staff):
    response = client_for(OWNER).post(
        reverse("backoffice:program_reward_create"),
        {
            "code": "x",
            "type": "free_product",
            "name_en": "X",
            "points_cost": "5",
            "voucher_valid_days": "30",
        },
    )
    assert response.status_code == 422
    assert element(text_of(response), "id_sku_error").startswith("Name the product")
    assert not Reward.objects.exists()


# --- stores ----------------------------------------------------------------------------------


def test_the_owner_opens_a_branch_and_a_manager_edits_only_their_own(staff, store, other_store):
    owner = client_for(OWNER)
    created = owner.post(
        reverse("backoffice:program_store_create"),
        {"code": "Isfahan-1", "name": "شعبه اصفهان", "city": "اصفهان"},
    )
    assert created.status_code == 302
    assert Store.objects.filter(code="isfahan-1").exists()
    duplicate = owner.post(
        reverse("backoffice:program_store_create"), {"code": "isfahan-1", "name": "again"}
    )
    assert duplicate.status_code == 422
    assert element(text_of(duplicate), "id_code_error") == "Another branch already has this code."

    manager = client_for(MANAGER)
    listed = text_of(manager.get(reverse("backoffice:program_stores")))
    assert store.name in listed and other_store.name not in listed
    assert 'id="store-new"' not in listed
    assert (
        manager.get(reverse("backoffice:program_store_edit", args=[other_store.pk])).status_code
        == 404
    )
    edited = manager.post(
        reverse("backoffice:program_store_edit", args=[store.pk]),
        {"name": "شعبه ونک (نو)", "city": "تهران", "is_active": "on"},
    )
    assert edited.status_code == 302
    store.refresh_from_db()
    assert store.name == "شعبه ونک (نو)"
    entries = AuditEntry.objects.filter(object_type="store").order_by("pk")
    assert [(e.action, e.store_code) for e in entries] == [
        ("store.create", "isfahan-1"),
        ("store.update", store.code),
    ]


# --- API keys --------------------------------------------------------------------------------


def test_an_api_key_is_shown_once_stored_hashed_and_revoked_with_audit(staff, store):
    client = client_for(OWNER)
    response = client.post(
        reverse("backoffice:program_keys"),
        {"name": "till 2", "store": store.code, "scope": "pos"},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    plain = element(text_of(response), "api-key-plain")
    assert plain.startswith("bgk_")
    key = ApiKey.objects.get(name="till 2")
    assert api_key_check(plain) == key and plain not in key.key_hash
    assert plain not in text_of(client.get(reverse("backoffice:program_keys")))
    created = AuditEntry.objects.get(action="api_key.create")
    assert plain not in str(created.after) and created.after["prefix"] == key.prefix

    revoked = client.post(reverse("backoffice:program_key_revoke"), {"key": key.pk})
    assert revoked.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api_key_check(plain) is None
    assert AuditEntry.objects.filter(action="api_key.revoke", object_id=str(key.pk)).exists()


def test_a_manager_makes_pos_keys_for_their_branches_only(staff, store, other_store):
    elsewhere, _plain = api_key_create(name="shiraz till", store=other_store)
    client = client_for(MANAGER)
    page = text_of(client.get(reverse("backoffice:program_keys")))
    assert "shiraz till" not in page and 'value="staff"' not in page
    for data in (
        {"name": "k", "store": other_store.code, "scope": "pos"},
        {"name": "k", "store": store.code, "scope": "staff"},
    ):
        assert client.post(reverse("backoffice:program_keys"), data).status_code == 422
    assert (
        client.post(reverse("backoffice:program_key_revoke"), {"key": elsewhere.pk}).status_code
        == 404
    )
    assert (
        ApiKey.objects.count() == 1
        and not AuditEntry.objects.filter(object_type="api_key").exists()
    )


# --- members ---------------------------------------------------------------------------------


def test_search_by_a_persian_digit_phone_keeps_the_number_out_of_urls(club):
    client = client_for(CASHIER, "fa")
    response = client.post(reverse("backoffice:members_search"), {"q": "۰۹۱۲ ۱۲۳ ۴۵۶۷"})
    member = club["member"]
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:member", args=[member.pk])
    assert "0912" not in response["Location"] and "912" not in response["Location"]
    page = text_of(client.get(response["Location"]))
    assert "سارا احمدی" in page


def test_search_by_name_and_partial_digits_lists_members(club, make_member):
    make_member("09351112233", first_name="Reza", last_name="Karimi")
    client = client_for(ANALYST)
    client.post(reverse("backoffice:members_search"), {"q": "reza"})
    listed = text_of(client.get(reverse("backoffice:members")))
    assert "Reza Karimi" in listed and "سارا احمدی" not in listed
    client.post(reverse("backoffice:members_search"), {"q": "۴۵۶۷"})
    listed = text_of(client.get(reverse("backoffice:members")))
    assert "سارا احمدی" in listed and "Reza Karimi" not in listed
    client.post(reverse("backoffice:members_search"), {"clear": "1"})
    listed = text_of(client.get(reverse("backoffice:members")))
    assert "سارا احمدی" in listed and "Reza Karimi" in listed


def test_the_directory_filters_by_tier_and_status_and_paginates(club, make_member):
    for index in range(30):
        make_member(f"0935000{index:04d}", first_name=f"M{index}")
    client = client_for(CASHIER)
    first = client.get(reverse("backoffice:members"), {"status": "active"})
    assert first.context["members"].paginator.count == 31
    assert len(first.context["members"]) == 25
    assert 'href="?status=active&amp;page=2"' in first.content.decode()
    second = client.get(reverse("backoffice:members"), {"status": "active", "page": "2"})
    assert len(second.context["members"]) == 6
    gold = client.get(reverse("backoffice:members"), {"tier": "gold"})
    assert gold.context["members"].paginator.count == 0
    left = client.get(reverse("backoffice:members"), {"status": "left"})
    assert left.context["members"].paginator.count == 0


def test_the_member_page_shows_history_with_explanations(club):
    member = club["member"]
    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    reward_redeem(member=member, reward=club["reward"])
    html = text_of(client_for(ANALYST).get(reverse("backoffice:member", args=[member.pk])))
    assert "1 points for every 1,000 Toman spent" in html
    assert element(html, "member-balance") == "180"
    for section in ("member-profile", "member-purchases", "member-history", "member-vouchers"):
        assert f'id="{section}"' in html
    assert "No messages were sent to this member." in html
    assert 'id="adjust-form"' not in html  # analysts cannot adjust


def test_an_adjustment_needs_a_reason_and_changes_the_balance_once(club):
    member = club["member"]
    before = points_summary(member=member).balance
    client = client_for(MANAGER)
    target = reverse("backoffice:member_adjust", args=[member.pk])
    refused = client.post(target, {"points": "50", "reason": "  ", "token": "t1"})
    assert refused.status_code == 422
    assert element(text_of(refused), "id_reason_error") == "Say why the points are being adjusted."
    assert points_summary(member=member).balance == before

    done = client.post(target, {"points": "۵۰", "reason": "coffee machine broke", "token": "t2"})
    assert done.status_code == 302
    again = client.post(target, {"points": "50", "reason": "coffee machine broke", "token": "t2"})
    assert again.status_code == 302
    assert points_summary(member=member).balance == before + 50
    tx = Transaction.objects.get(kind=Transaction.Kind.ADJUST)
    assert (tx.actor, tx.reason) == ("staff:manager", "coffee machine broke")
    entry = AuditEntry.objects.get(action="points.adjust")
    assert entry.object_id == str(member.pk) and entry.after["points"] == 50
    page = text_of(client.get(reverse("backoffice:member", args=[member.pk])))
    assert "Adjustment by the club: coffee machine broke" in page


def test_a_cashier_cannot_adjust(club):
    member = club["member"]
    before = points_summary(member=member).balance
    response = client_for(CASHIER).post(
        reverse("backoffice:member_adjust", args=[member.pk]),
        {"points": "50", "reason": "x", "token": "t"},
    )
    assert response.status_code == 403
    assert points_summary(member=member).balance == before


# --- dashboard -------------------------------------------------------------------------------


@pytest.fixture
def activity(staff, store, other_store, base_rule, make_member, buy) -> dict[str, Any]:
    """Three members: two joined at ``store`` today, one long ago elsewhere; purchases at
    both branches, one of them 40 days ago."""
    now = timezone.now()
    here = [make_member(first_name=f"Here{index}") for index in range(2)]
    Member.objects.filter(pk__in=[m.pk for m in here]).update(enrolled_store=store)
    away = make_member(first_name="Away")
    Member.objects.filter(pk=away.pk).update(
        enrolled_store=other_store, enrolled_at=now - dt.timedelta(days=200)
    )
    buy(here[0], ("milk", "dairy", 1, 1_000_000))
    buy(here[1], ("bread", "bakery", 1, 500_000))
    Purchase.objects.filter(member=here[1]).update(store=other_store)
    buy(away, ("tea", "pantry", 1, 2_000_000), at=now - dt.timedelta(days=40))
    return {"here": here, "away": away}


def test_dashboard_numbers_match_the_data_with_few_queries(activity, django_assert_max_num_queries):
    client = client_for(OWNER)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("backoffice:dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures.members, figures.new_today) == (3, 2)
    assert (figures.purchases_today, figures.sales_today) == (2, 1_500_000)
    assert figures.active_members == 3
    assert figures.issued_today == 150  # 100 + 50
    assert figures.redeemed_today == 0
    assert figures.liability == 350  # 100 + 50 + 200 points held
    html = text_of(response)
    assert element(html, "dashboard-scope") == "Figures for the whole club."
    assert '<svg class="chart" id="chart-purchases"' in html
    assert 'id="kpi-liability"' in html


def test_a_manager_sees_their_branches_only(activity, store):
    response = client_for(MANAGER).get(reverse("backoffice:dashboard"))
    figures = response.context["figures"]
    assert (figures.members, figures.new_today) == (2, 2)
    assert (figures.purchases_today, figures.sales_today, figures.issued_today) == (
        1,
        1_000_000,
        100,
    )
    assert figures.liability is None and figures.redeemed_today is None
    html = text_of(response)
    assert store.name in element(html, "dashboard-scope")
    assert 'id="kpi-liability"' not in html


def test_the_dashboard_in_persian_counts_the_jalali_month(activity):
    response = client_for(ANALYST, "fa").get(reverse("backoffice:dashboard"))
    html = text_of(response)
    assert element(html, "dashboard-scope") == "آمار کل باشگاه."
    assert response.context["figures"].members == 3


@pytest.mark.parametrize(
    ("calendar", "first"),
    [("jalali", dt.date(2025, 7, 23)), ("gregorian", dt.date(2025, 8, 1))],
)
def test_this_month_starts_on_the_first_of_the_club_month(calendar, first):
    now = dt.datetime(2025, 8, 10, 12, tzinfo=dt.UTC)  # 19 Mordad 1404
    periods = Periods.at(now, calendar=calendar)
    assert periods.month.date() == first
    assert periods.month.hour == 0


# --- charts ----------------------------------------------------------------------------------


def test_charts_are_plain_svg_with_rtl_order_and_escaped_text():
    bars = [Bar(label="a", value=1, title="first <1>"), Bar(label="b", value=7, title="second")]
    ltr = bar_chart(bars, title="T & T", chart_id="c")
    rtl = bar_chart(bars, title="T & T", chart_id="c", rtl=True)
    assert "style" not in ltr and "<script" not in ltr
    assert "first &lt;1&gt;" in ltr and "T &amp; T" in ltr
    assert ltr.index("first") < ltr.index("second")
    assert rtl.index("second") < rtl.index("first")
    assert [nice_ceiling(value) for value in (0, 1, 3, 7, 11, 240)] == [1, 1, 5, 10, 20, 500]
