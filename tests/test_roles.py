"""Every staff page, every role: exactly what ``ROLE_CAPABILITIES`` allows, and nothing else.

The pages are read from the URL resolver (namespace ``backoffice``) and each page's capability
from ``staff_required``, which records it on the view. So a page added later is checked without
touching this file, and a page with no capability check at all fails here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from bashgah.audiences.services import segment_create
from bashgah.campaigns.services import campaign_create
from bashgah.lotteries.services import PrizeInput, lottery_schedule
from bashgah.memberships.services import plan_create
from bashgah.rewards.models import Reward
from bashgah.staff.models import StaffProfile
from bashgah.staff.permissions import ROLE_CAPABILITIES
from bashgah.staff.services import staff_create
from bashgah.surveys.services import QuestionInput, survey_create

pytestmark = pytest.mark.django_db

NAMESPACE = "backoffice"
# Pages anyone may open: signing in and out, and the redirect to the role's first page.
PUBLIC = {"home", "login", "login_totp", "logout"}
ROLES = [role.value for role in StaffProfile.Role]
# Models that change on every request or sign-in, whatever the page does.
NOT_WRITES = {"sessions.session", "auth.user", "core.auditentry"}
PASSWORD = "a long demo password 1405"


@dataclass(frozen=True)
class Page:
    name: str  # "backoffice:cashier"
    arguments: tuple[str, ...]  # URL keyword arguments, in pattern order
    view: Callable[..., Any]


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str, arguments: tuple[str, ...]
) -> Iterator[Page]:
    for entry in patterns:
        names = arguments + tuple(_arguments_of(entry))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, names)
        elif entry.name:
            yield Page(name=f"{namespace}:{entry.name}", arguments=names, view=entry.callback)


def _arguments_of(entry: URLPattern | URLResolver) -> list[str]:
    pattern = entry.pattern
    converters = getattr(pattern, "converters", None)
    if converters is not None:  # path()
        return list(converters)
    return list(pattern.regex.groupindex)  # re_path()


def backoffice_pages() -> list[Page]:
    _prefix, resolver = get_resolver().namespace_dict[NAMESPACE]
    return list(_walk(resolver.url_patterns, NAMESPACE, ()))


def required_capability(view: Callable[..., Any]) -> str | None:
    """What ``staff_required`` recorded, through other decorators and class-based views."""
    candidates: list[Any] = [view]
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        candidates += [view_class, getattr(view_class, "dispatch", None)]
    for candidate in candidates:
        while candidate is not None:
            capability = getattr(candidate, "required_capability", None)
            if capability:
                return str(capability)
            candidate = getattr(candidate, "__wrapped__", None)
    return None


PAGES = backoffice_pages()
PROTECTED = [page for page in PAGES if page.name.rpartition(":")[2] not in PUBLIC]


@pytest.fixture(autouse=True)
def _quick_passwords(settings) -> None:
    # Argon2 is what staff get (tests/test_backoffice.py); here it would only slow four sign-ups.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def club(store, tiers, base_rule, make_member, buy) -> dict[str, Model]:
    """One of everything a page's URL may name: a member with a purchase, a reward, a store."""
    member = make_member("09121234567", first_name="سارا", last_name="احمدی")
    purchase = buy(member)
    reward = Reward.objects.create(code="tea", type="fixed_discount", points_cost=10, value=100_000)
    staff = {
        role: staff_create(username=f"{role}-user", password=PASSWORD, role=role, stores=[store])
        for role in ROLES
    }
    return {
        "member": member,
        "purchase": purchase.purchase,
        "reward": reward,
        "store": store,
        "tier": tiers[0],
        "rule": base_rule,
        "staff": staff["cashier"],
        **engagement_rows(),
        **campaign_rows(),
    }


def engagement_rows() -> dict[str, Model]:
    """A plan, a lottery open for entries and a draft survey (the engagement pages' URLs)."""
    now = timezone.now()
    plan = plan_create(code="plus", names={"en": "Plus"}, period="monthly", fee=500_000)
    lottery = lottery_schedule(
        names={"en": "Summer draw"},
        entry_start=now - dt.timedelta(days=1),
        entry_end=now + dt.timedelta(days=6),
        prizes=[PrizeInput(names={"en": "a trip"}, count=1)],
        entries_per_purchase=1,
    )
    survey = survey_create(
        titles={"en": "How are we doing?"},
        questions=[QuestionInput(kind="nps", prompts={"en": "Would you recommend us?"})],
    )
    return {"plan": plan, "lottery": lottery, "survey": survey}


def campaign_rows() -> dict[str, Model]:
    """A saved segment, a draft campaign to it and an automation (the campaign pages' URLs)."""
    segment = segment_create(name="Everyone who bought", definition={"never_purchased": False})
    templates = {"en": {"body": "Hello {first_name}"}}
    campaign = campaign_create(name="Spring", channel="sms", segment=segment, templates=templates)
    automation = campaign_create(
        kind="automation", name="Welcome", channel="sms", trigger="welcome", templates=templates
    )
    return {"segment": segment, "campaign": campaign, "automation": automation}


# URL arguments that are not "<model>_id" of a row the ``club`` fixture makes.
SAMPLE_ARGUMENTS: dict[str, Callable[[dict[str, Model]], Any]] = {
    "store_code": lambda club: club["store"].code,
    "staff_id": lambda club: club["staff"].pk,
    "user_id": lambda club: club["staff"].user_id,
}


def _argument(name: str, club: dict[str, Model]) -> Any:
    if name in SAMPLE_ARGUMENTS:
        return SAMPLE_ARGUMENTS[name](club)
    model_name = name.removesuffix("_id")
    if model_name in club:
        return club[model_name].pk
    models = [m for m in apps.get_models() if m._meta.model_name == model_name.replace("_", "")]
    row = models[0]._default_manager.order_by("pk").first() if models else None
    if row is None:
        pytest.fail(
            f"no sample value for the URL argument {name!r}: add one to SAMPLE_ARGUMENTS "
            "or make the row in the club fixture"
        )
    return row.pk


def url_of(page: Page, club: dict[str, Model]) -> str:
    return reverse(page.name, kwargs={name: _argument(name, club) for name in page.arguments})


def signed_in(role: str) -> Client:
    client = Client()
    client.force_login(StaffProfile.objects.get(role=role).user)
    return client


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_WRITES
    }


def test_every_staff_page_checks_a_capability():
    unchecked = [page.name for page in PROTECTED if required_capability(page.view) is None]
    assert unchecked == [], (
        f"staff pages without @staff_required(capability): {unchecked} "
        f"(or add them to PUBLIC in {__name__} if anyone may open them)"
    )
    known = set().union(*ROLE_CAPABILITIES.values())
    unknown = {
        page.name: capability
        for page in PROTECTED
        if (capability := required_capability(page.view)) not in known
    }
    assert unknown == {}, f"capabilities no role has: {unknown}"


def test_the_page_list_is_read_from_the_resolver():
    names = {page.name for page in PAGES}
    assert {"backoffice:cashier", "backoffice:cashier_purchase", "backoffice:login"} <= names


@pytest.mark.parametrize("page", PROTECTED, ids=[page.name for page in PROTECTED])
def test_each_role_gets_exactly_what_its_capabilities_allow(page: Page, club):
    capability = required_capability(page.view)
    if capability is None:
        pytest.fail(f"{page.name} has no capability check")
    url = url_of(page, club)
    method = "get" if signed_in(StaffProfile.Role.OWNER).get(url).status_code != 405 else "post"
    for role in ROLES:
        client = signed_in(role)
        before = row_counts()
        response = getattr(client, method)(url)
        allowed = capability in ROLE_CAPABILITIES[role]
        where = f"{method.upper()} {url} as {role} (needs {capability!r})"
        if not allowed:
            assert response.status_code == 403, where
            assert row_counts() == before, f"{where}: refused but wrote rows"
        elif method == "get":
            assert response.status_code == 200, where
        else:
            # An empty form: the page may refuse the input (422), never the person.
            assert response.status_code not in {401, 403}, where
            assert response.status_code < 500, where
            assert "/staff/login/" not in response.get("Location", ""), where


@pytest.mark.parametrize("page", PROTECTED, ids=[page.name for page in PROTECTED])
def test_anonymous_visitors_are_sent_to_sign_in(page: Page, club):
    url = url_of(page, club)
    before = row_counts()
    response = Client().get(url)
    if response.status_code == 405:
        response = Client().post(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("backoffice:login")), url
    assert row_counts() == before


NAV = re.compile(r'<nav class="nav"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def nav_links(html: str) -> list[str]:
    match = NAV.search(html)
    return HREF.findall(match.group(1)) if match else []


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_offers_only_pages_the_role_may_open(role: str, club):
    """On every page the role can open, each menu link leads to a page the role can open."""
    client = signed_in(role)
    seen: set[str] = set()
    for page in PROTECTED:
        if page.arguments or required_capability(page.view) not in ROLE_CAPABILITIES[role]:
            continue
        response = client.get(url_of(page, club))
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        seen.update(nav_links(response.content.decode()))
    for href in sorted(seen):
        try:
            match = resolve(href.split("?")[0])
        except Resolver404:
            continue  # not a staff page
        capability = required_capability(match.func)
        assert capability is None or capability in ROLE_CAPABILITIES[role], (
            f"{role} is offered {href}, which needs {capability!r}"
        )
    if "cashier" in ROLE_CAPABILITIES[role]:
        assert reverse("backoffice:cashier") in seen
