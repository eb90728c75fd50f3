"""Every staff page in a real browser, in Persian, Hebrew and English; and what a cashier is
offered and refused.

The pages come from the URL resolver (as in tests/test_roles.py), so a page added later is
opened here too: it must answer, read in the right direction, fit the window, and leave no
console error or CSP violation."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from bashgah.staff.permissions import CASHIER, ROLE_CAPABILITIES
from tests.browser.helpers import staff_sign_in
from tests.test_roles import (
    PROTECTED,
    _quick_passwords,  # noqa: F401 (an autouse fixture)
    required_capability,
    url_of,
)

pytestmark = pytest.mark.browser

WIDER_THAN_WINDOW = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.mark.parametrize("lang", ["fa", "he", "en"])
def test_every_staff_page_opens_in_each_language(lang, open_session, club):
    session = open_session("staff-pages", lang)
    page = session.page
    staff_sign_in(session, "owner-user")
    opened = []
    for entry in PROTECTED:
        url = url_of(entry, club)
        if page.request.get(session.url(url), max_redirects=0).status == 405:
            continue  # a form's target, not a page
        response = session.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        assert "/staff/login/" not in page.url
        session.assert_direction()
        if page.evaluate(WIDER_THAN_WINDOW):
            session.record(f"{url} is wider than the window (scrolls sideways)")
        session.shot(entry.name.rpartition(":")[2])
        opened.append(url)
    assert reverse("backoffice:cashier") in opened
    session.assert_clean()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_cashier_is_offered_only_the_cashier_pages(lang, open_session, club):
    session = open_session("roles-cashier", lang)
    page = session.page
    staff_sign_in(session, "cashier-user")
    session.shot("home")
    links = page.eval_on_selector_all("nav.nav a", "links => links.map(a => a.pathname)")
    assert reverse("backoffice:cashier") in links
    allowed = ROLE_CAPABILITIES["cashier"]
    for link in links:
        capability = required_capability(resolve(link).func)
        assert capability is None or capability in allowed, f"a cashier is offered {link}"

    refused = [entry for entry in PROTECTED if required_capability(entry.view) not in allowed]
    if refused:  # one page of another role, typed into the address bar
        session.allow(r"status of 403")
        response = session.goto(url_of(refused[0], club))
        assert response.status == 403
        assert page.inner_text("h1") == session.text("Not for your role")
        session.assert_direction()
        session.shot("refused")
    assert CASHIER in allowed
    session.assert_clean()
