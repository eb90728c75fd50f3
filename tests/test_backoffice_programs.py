"""Staff pages of the engagement programs through the Django test client: the referral
program, paid-membership plans and members' memberships with value-back, taking a membership
fee at the till, and the stale-contacts report. Each write: it works, it is audited, bad input
is explained next to its field and changes nothing, and the wrong role is refused.

Lotteries and surveys are in tests/test_backoffice_programs_draws.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import get_resolver, reverse
from django.utils import translation

from bashgah.contacts.services import contact_mark_stale
from bashgah.core.models import AuditEntry
from bashgah.events.dispatch import dispatch_pending
from bashgah.members.models import Member
from bashgah.memberships.models import Membership, MembershipPayment, Plan
from bashgah.memberships.services import membership_choose, membership_pay, plan_create
from bashgah.referrals.models import ReferralProgram
from bashgah.referrals.services import referral_code_ensure, referral_join, referral_program_set
from bashgah.staff.models import StaffProfile
from bashgah.stores.services import store_create
from tests.staff_pages import client_for, element, staff_per_role, text_of

pytestmark = pytest.mark.django_db

OWNER, MANAGER, CASHIER, ANALYST = "owner", "manager", "cashier", "analyst"
ROLES = (OWNER, MANAGER, CASHIER, ANALYST)
EDIT = {OWNER, MANAGER}
VIEW = {OWNER, MANAGER, ANALYST}
TILL = {OWNER, MANAGER, CASHIER}


@pytest.fixture(autouse=True)
def _quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.BASHGAH = {
        **settings.BASHGAH,
        "CURRENCY": "IRR",
        "IRR_DISPLAY": "toman",
        "POINTS_PENDING_DAYS": 0,
    }
    cache.clear()


@pytest.fixture
def staff(store) -> dict[str, StaffProfile]:
    """One person per role; the manager and the cashier work at ``store``."""
    store_create(code="shiraz-1", name="شعبه شیراز", city="شیراز")
    return staff_per_role(store)


def audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- every engagement page, every role, every language -----------------------------------------


@pytest.fixture
def rows(staff, make_member) -> dict[str, Any]:
    from tests.test_roles import engagement_rows

    return {"member": make_member("09121234567", first_name="سارا"), **engagement_rows()}


# url name, URL argument (a key of ``rows``), method, roles allowed, status for them
PAGES: list[tuple[str, str | None, str, set[str], int]] = [
    ("engagement_referrals", None, "get", VIEW, 200),
    ("engagement_referral_program", None, "post", EDIT, 422),
    ("engagement_plans", None, "get", VIEW, 200),
    ("engagement_memberships", None, "get", VIEW, 200),
    ("engagement_plan_create", None, "get", EDIT, 200),
    ("engagement_plan_edit", "plan", "get", EDIT, 200),
    ("engagement_lotteries", None, "get", VIEW, 200),
    ("engagement_lottery_create", None, "get", EDIT, 200),
    ("engagement_lottery", "lottery", "get", VIEW, 200),
    ("engagement_lottery_close", "lottery", "post", EDIT, 302),
    ("engagement_lottery_draw", "lottery", "post", EDIT, 302),
    ("engagement_surveys", None, "get", VIEW, 200),
    ("engagement_survey_create", None, "get", EDIT, 200),
    ("engagement_survey_sample", None, "post", EDIT, 200),
    ("engagement_survey", "survey", "get", VIEW, 200),
    ("engagement_survey_send", "survey", "post", EDIT, 302),
    ("engagement_contacts", None, "get", VIEW, 200),
]
GET_PAGES = [row for row in PAGES if row[2] == "get"]


def url(name: str, argument: str | None, rows: dict[str, Any]) -> str:
    if argument is None:
        return reverse(f"backoffice:{name}")
    return reverse(f"backoffice:{name}", args=[rows[argument].pk])


def test_the_table_covers_every_engagement_page():
    _prefix, resolver = get_resolver().namespace_dict["backoffice"]
    ours = {
        pattern.name
        for pattern in resolver.url_patterns
        if pattern.callback.__module__.startswith("bashgah.backoffice.views.engagement.")
    }
    assert ours == {row[0] for row in PAGES}


@pytest.mark.parametrize(
    ("name", "argument", "method", "allowed", "status"), PAGES, ids=[row[0] for row in PAGES]
)
def test_each_role_gets_the_page_or_403(rows, name, argument, method, allowed, status):
    for role in ROLES:
        response = getattr(client_for(role), method)(url(name, argument, rows), {})
        expected = status if role in allowed else 403
        assert response.status_code == expected, f"{method} {name} as {role}"


@pytest.mark.parametrize("language", ["fa", "he", "en"])
def test_pages_render_in_each_language(rows, language):
    client = client_for(OWNER, language)
    direction = "ltr" if language == "en" else "rtl"
    for name, argument, _method, _allowed, _status in GET_PAGES:
        response = client.get(url(name, argument, rows))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html, name
        assert 'id="nav-engagement" aria-current="page"' in html, name
        with translation.override(language):
            assert element(html, "tab-referrals") == translation.gettext("Referrals"), name
        assert "style=" not in html, name  # the CSP forbids inline styles
        assert "<script>" not in html, name


def test_the_pages_are_translated():
    """Persian and Hebrew read their own words (the catalogs are complete: tests/test_i18n.py)."""
    for language, word in (("fa", "قرعه‌کشی‌ها"), ("he", "הגרלות")):
        with translation.override(language):
            assert translation.gettext("Lotteries") == word


def test_an_analyst_reads_the_programs_but_is_offered_no_change(rows):
    client = client_for(ANALYST)
    for name, argument in (("engagement_referrals", None), ("engagement_lottery", "lottery")):
        html = text_of(client.get(url(name, argument, rows)))
        assert '<form method="post"' not in html.split("</header>", 1)[1], name
    html = text_of(client.get(reverse("backoffice:engagement_plans")))
    assert 'id="plan-new"' not in html


# --- referrals -----------------------------------------------------------------------------


def program_form(**fields: Any) -> dict[str, Any]:
    return {
        "is_active": "on",
        "referrer_points": "۱۰۰",
        "newcomer_points": "50",
        "minimum_purchase": "۵۰٬۰۰۰",  # Toman: 500,000 Rial
        "cap_count": "3",
        "cap_period_days": "30",
        **fields,
    }


def test_the_referral_program_is_saved_and_audited(staff):
    referral_program_set(referrer_points=10, newcomer_points=0)
    response = client_for(MANAGER).post(
        reverse("backoffice:engagement_referral_program"), program_form()
    )
    assert response.status_code == 302
    program = ReferralProgram.objects.get()
    assert (program.referrer_points, program.newcomer_points, program.minimum_purchase) == (
        100,
        50,
        500_000,
    )
    assert (program.cap_count, program.cap_period_days, program.is_active) == (3, 30, True)
    (entry,) = audits("referral_program.update")
    assert entry.before["referrer_points"] == 10 and entry.after["referrer_points"] == 100
    assert entry.actor_label == "manager"


@pytest.mark.parametrize(
    ("language", "fields", "field", "message"),
    [
        ("en", {"referrer_points": "-5"}, "referrer_points", "greater than or equal to 0"),
        ("en", {"cap_period_days": "0"}, "cap_period_days", "greater than or equal to 1"),
        ("en", {"minimum_purchase": "many"}, "minimum_purchase", "Enter a number."),
        ("fa", {"newcomer_points": "x"}, "newcomer_points", "به طور کامل یک عدد وارد کنید."),
    ],
)
def test_bad_referral_settings_are_explained_and_change_nothing(
    staff, language, fields, field, message
):
    referral_program_set(referrer_points=10, newcomer_points=0)
    response = client_for(OWNER, language).post(
        reverse("backoffice:engagement_referral_program"), program_form(**fields)
    )
    assert response.status_code == 422
    assert message in element(text_of(response), f"id_{field}_error")
    assert ReferralProgram.objects.get().referrer_points == 10
    assert audits("referral_program.update") == []


def test_referrals_page_shows_totals_and_each_decision_with_its_reason(
    staff, make_member, buy, django_assert_max_num_queries
):
    referral_program_set(referrer_points=100, newcomer_points=50, cap_count=1)
    referrer = make_member("09120000001", first_name="مینا")
    code = referral_code_ensure(member=referrer).code
    first = referral_join(phone="09120000002", code=code).member
    second = referral_join(phone="09120000003", code=code).member
    referral_join(phone="09120000004", code=code)
    buy(first, ("tv", "electronics", 1, 600_000))
    buy(second, ("tv", "electronics", 1, 600_000))
    dispatch_pending()

    client = client_for(ANALYST, "fa")
    with django_assert_max_num_queries(12):  # not one per referral
        response = client.get(reverse("backoffice:engagement_referrals"))
    html = text_of(response)
    assert element(html, "total-invited") == "۳"
    assert element(html, "total-rewarded") == "۱"
    assert element(html, "total-points") == "۱۵۰"
    assert html.count('<tr id="referral-') == 3
    assert 'id="referral-program-form"' not in html  # an analyst changes nothing
    html = text_of(client_for(OWNER).get(reverse("backoffice:engagement_referrals")))
    reasons = html.split('id="refusal-reasons"', 1)[1].split("</p>", 1)[0]
    assert "the referrer reached the limit of rewarded referrals (1)" in reasons
    assert 'id="referral-program-form"' in html


# --- paid memberships ------------------------------------------------------------------------


def plan_form(**fields: Any) -> dict[str, Any]:
    return {
        "code": "plus",
        "name_fa": "پلاس",
        "name_en": "Plus",
        "period": "monthly",
        "fee": "۵۰٬۰۰۰",  # Toman
        "tier": "",
        "discount_percent": "10",
        "cashback_percent": "2.5",
        "bonus_rule": "",
        "gift_reward": "",
        "grace_days": "5",
        "is_active": "on",
        **fields,
    }


def test_a_plan_is_created_and_edited_with_audit(staff, tiers):
    client = client_for(OWNER)
    response = client.post(reverse("backoffice:engagement_plan_create"), plan_form(tier="gold"))
    assert response.status_code == 302, text_of(response)
    plan = Plan.objects.get()
    assert (plan.code, plan.fee, plan.currency, plan.period) == ("plus", 500_000, "IRR", "monthly")
    assert (plan.tier.code, plan.discount_percent, plan.cashback_percent) == (
        "gold",
        Decimal(10),
        Decimal("2.5"),
    )
    assert plan.names == {"fa": "پلاس", "he": "", "en": "Plus"}

    edit = reverse("backoffice:engagement_plan_edit", args=[plan.pk])
    page = text_of(client.get(edit))
    assert 'value="50000"' in page and 'name="code"' not in page
    response = client.post(edit, plan_form(fee="60000", is_active=""))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.fee, plan.is_active, plan.tier) == (600_000, False, None)
    created, updated = audits("plan.create") + audits("plan.update")
    assert created.after["fee"] == 500_000 and created.after["tier"] == tiers[2].pk
    assert (updated.before["fee"], updated.after["fee"]) == (500_000, 600_000)


@pytest.mark.parametrize(
    ("language", "fields", "field", "message"),
    [
        ("en", {"code": "Plus Gold!"}, "code", "Lower-case letters, digits"),
        ("en", {"name_fa": "", "name_en": ""}, "name_fa", "Name the plan in at least one"),
        ("en", {"fee": "0"}, "fee", "A positive whole amount."),
        ("en", {"discount_percent": "120"}, "discount_percent", "less than or equal to 100"),
        ("en", {"grace_days": "91"}, "grace_days", "from 0 to 90"),
        ("fa", {"fee": "0"}, "fee", "مبلغی صحیح و مثبت."),
    ],
)
def test_bad_plans_are_explained_and_change_nothing(staff, language, fields, field, message):
    response = client_for(MANAGER, language).post(
        reverse("backoffice:engagement_plan_create"), plan_form(**fields)
    )
    assert response.status_code == 422
    html = text_of(response)
    assert message in element(html, f"id_{field}_error"), html
    assert 'id="form-errors"' in html
    assert Plan.objects.count() == 0 and audits("plan.create") == []


def test_a_bonus_rule_must_be_for_the_plans_tier(staff, tiers):
    from bashgah.rules.services import rule_create

    rule = rule_create(
        name="gold bonus",
        type="tier_multiplier",
        params={"multipliers": {"gold": "2"}},
        audience_tiers=["gold"],
    )
    client = client_for(OWNER)
    response = client.post(
        reverse("backoffice:engagement_plan_create"),
        plan_form(tier="silver", bonus_rule=str(rule.pk)),
    )
    assert response.status_code == 422
    assert "A bonus rule needs a plan that grants a tier" in element(
        text_of(response), "id_bonus_rule_error"
    )
    response = client.post(
        reverse("backoffice:engagement_plan_create"),
        plan_form(tier="gold", bonus_rule=str(rule.pk)),
    )
    assert response.status_code == 302
    assert Plan.objects.get().bonus_rule == rule


def test_the_period_of_a_paid_plan_cannot_change(staff, member):
    plan = plan_create(code="plus", names={"en": "Plus"}, period="monthly", fee=500_000)
    membership = membership_choose(member=member, plan=plan)
    membership_pay(membership=membership, amount=500_000, source="test", reference="r1")
    response = client_for(OWNER).post(
        reverse("backoffice:engagement_plan_edit", args=[plan.pk]),
        plan_form(period="yearly", fee="100000"),
    )
    assert response.status_code == 422
    assert "its period cannot change" in element(text_of(response), "id_period_error")
    plan.refresh_from_db()
    assert (plan.period, plan.fee) == ("monthly", 500_000)
    assert audits("plan.update") == []


def test_plans_show_members_and_value_back(staff, make_member, buy):
    plan = plan_create(
        code="plus",
        names={"en": "Plus", "fa": "پلاس"},
        period="monthly",
        fee=500_000,
        discount_percent=Decimal(10),
        cashback_percent=Decimal(2),
    )
    paying, waiting = make_member(first_name="Dana"), make_member(first_name="Eli")
    membership = membership_choose(member=paying, plan=plan)
    membership_pay(membership=membership, amount=500_000, source="test", reference="r1")
    membership_choose(member=waiting, plan=plan)
    buy(paying, ("tv", "electronics", 1, 1_000_000))
    dispatch_pending()

    html = text_of(client_for(ANALYST).get(reverse("backoffice:engagement_plans")))
    row = html.split(f'id="value-back-{plan.pk}"', 1)[1].split("</tr>", 1)[0]
    # fee 50,000 Toman; discount 10,000 and cashback 2,000 Toman on a 100,000 Toman purchase
    assert "50,000 Toman" in row and "10,000 Toman" in row and "2,000 Toman" in row
    assert "12,000 Toman" in row and "24%" in row
    plan_row = html.split(f'id="plan-{plan.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "1 / 2" in plan_row  # paying / not ended

    listed = client_for(ANALYST).get(
        reverse("backoffice:engagement_memberships"), {"status": "pending"}
    )
    html = text_of(listed)
    assert "Eli" in html and "Dana" not in html
    html = text_of(client_for(ANALYST, "fa").get(reverse("backoffice:engagement_memberships")))
    assert "Dana" in html and "فعال" in html


# --- the membership fee at the till ----------------------------------------------------------


@pytest.fixture
def plus(db) -> Plan:
    return plan_create(code="plus", names={"en": "Plus"}, period="monthly", fee=500_000)


def pay_at_till(member: Member, role: str = CASHIER, **data: Any) -> Any:
    client = client_for(role)
    client.post(reverse("backoffice:cashier_store"), {"store": "tehran-1"})
    return client.post(reverse("backoffice:cashier_membership", args=[member.pk]), data)


def test_the_cashier_sees_a_pending_membership_and_takes_its_fee_once(staff, member, plus):
    membership = membership_choose(member=member, plan=plus)
    client = client_for(CASHIER)
    panel = text_of(client.post(reverse("backoffice:cashier_find"), {"q": member.phone}))
    assert "Record the first payment: 50,000 Toman" in panel
    data = {"token": "1700000000000.abc-m", "amount": "500000"}

    response = pay_at_till(member, **data)
    again = pay_at_till(member, **data)  # a double click or a resent form

    assert response.status_code == again.status_code == 200
    assert "Membership Plus paid: 50,000 Toman, until" in text_of(response)
    membership.refresh_from_db()
    assert (membership.status, membership.periods_paid) == ("active", 1)
    payment = MembershipPayment.objects.get()
    assert (payment.source, payment.store.code, payment.reference) == (
        "store:tehran-1",
        "tehran-1",
        "cashier-1700000000000.abc-m",
    )
    (entry,) = audits("membership.pay")
    assert (entry.store_code, entry.after["amount"], entry.actor_label) == (
        "tehran-1",
        500_000,
        "cashier",
    )
    assert 'id="membership-pay"' not in text_of(again)  # active: nothing to pay


def test_a_membership_in_grace_is_renewed_at_the_till(staff, member, plus):
    membership = membership_choose(member=member, plan=plus)
    membership_pay(membership=membership, amount=500_000, source="test", reference="r1")
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.GRACE)
    response = pay_at_till(member, token="t-grace-m", amount="500000")
    assert response.status_code == 200
    membership.refresh_from_db()
    assert (membership.status, membership.periods_paid) == ("active", 2)


def test_a_fee_that_changed_meanwhile_is_refused_and_nothing_is_paid(staff, member, plus):
    membership = membership_choose(member=member, plan=plus)
    response = pay_at_till(member, token="t1-m", amount="400000")
    assert response.status_code == 422
    assert "The membership fee is 50,000 Toman" in text_of(response)
    membership.refresh_from_db()
    assert membership.status == "pending"
    assert MembershipPayment.objects.count() == 0 and audits("membership.pay") == []


def test_the_till_sells_a_plan_and_takes_the_first_fee(staff, member, plus):
    panel = text_of(
        client_for(CASHIER).post(reverse("backoffice:cashier_find"), {"q": member.phone})
    )
    assert 'id="membership-sell"' in panel
    response = pay_at_till(member, token="t2-m", plan="plus")
    assert response.status_code == 200
    membership = Membership.objects.get(member=member)
    assert (membership.status, membership.plan) == ("active", plus)
    assert [entry.action for entry in AuditEntry.objects.order_by("pk")][-2:] == [
        "membership.choose",
        "membership.pay",
    ]


def test_an_unknown_plan_sells_nothing(staff, member, plus):
    response = pay_at_till(member, token="t3-m", plan="gold")
    assert response.status_code == 422
    assert Membership.objects.count() == 0
    assert audits("membership.choose") == audits("membership.pay") == []


def test_only_people_at_the_till_take_fees(staff, member, plus):
    membership_choose(member=member, plan=plus)
    response = pay_at_till(member, role=ANALYST, token="t4-m", amount="500000")
    assert response.status_code == 403
    assert MembershipPayment.objects.count() == 0


# --- contacts --------------------------------------------------------------------------------


def test_the_contacts_report_counts_by_age_and_stale(staff, make_member):
    for _ in range(3):
        make_member()
    stale = make_member()
    contact_mark_stale(member=stale, channel="phone", reason="bounced")
    html = text_of(client_for(ANALYST, "fa").get(reverse("backoffice:engagement_contacts")))
    assert element(html, "contacts-phone-under_1y").startswith("۳")
    assert element(html, "contacts-phone-stale").startswith("۱")
    assert element(html, "contacts-email-stale").startswith("۰")
    assert client_for(CASHIER).get(reverse("backoffice:engagement_contacts")).status_code == 403
