"""Steps several browser tests share."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from bashgah.core import sms
from bashgah.core.digits import to_ascii_digits
from bashgah.staff.services import staff_create
from bashgah.stores.models import Store

PASSWORD = "a long demo password 1405"
BROWSER_IP = "127.0.0.1"  # where the live server sees the browser come from


def staff_make(*, username: str, role: str, stores: list[Store]) -> Any:
    return staff_create(username=username, password=PASSWORD, role=role, stores=stores)


def staff_sign_in(session: Any, username: str) -> None:
    """Sign in on the staff sign-in page, as a person would; lands on the role's first page."""
    # Earlier tests in this process may have counted failed sign-ins from this address.
    cache.delete_many([f"login:fail:user:{username}", f"login:fail:ip:{BROWSER_IP}"])
    page = session.page
    if "/staff/login/" not in page.url:
        session.goto("/staff/login/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action$='/staff/login/'] button[type=submit]")
    assert "/staff/login/" not in page.url, page.inner_text("main")


def language_choose(session: Any, lang: str) -> None:
    """Switch language with the selector in the top bar (it submits itself on change)."""
    page = session.page
    with page.expect_navigation():
        page.select_option("#lang-select", lang)
    page.wait_for_selector(f"html[lang='{lang}']")


def member_limits_forget(*, member_ids: Iterable[int], phones: Iterable[str]) -> None:
    """Forget code and rate counts earlier tests in this process left for these members, their
    phones (E.164) and the browser's address; only these keys, as workers may share a cache."""
    from bashgah.portal.views.common import _counter_key

    keys = [
        f"otp:{what}:{member_id}:{purpose}"
        for member_id in member_ids
        for what in ("issued", "guesses")
        for purpose in ("portal-login", "redeem")
    ]
    keys += [_counter_key(kind, BROWSER_IP) for kind in ("ip-codes", "ip-guesses")]
    keys += [_counter_key("phone-codes", phone) for phone in phones]
    cache.delete_many(keys)


def texted_code(phone: str) -> str:
    """The six-digit code in the last text message to ``phone`` (E.164)."""
    texts = [message.text for message in sms.OUTBOX if message.phone == phone]
    assert texts, f"no text message to {phone}"
    found = re.search(r"[0-9۰-۹]{6}", texts[-1])
    assert found, texts[-1]
    return to_ascii_digits(found.group())
