"""Helpers for the back-office page tests: one staff member per role, a signed-in client in a
language, and reading a rendered page."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.conf import settings
from django.test import Client

from bashgah.staff.models import StaffProfile
from bashgah.staff.services import staff_create
from bashgah.stores.models import Store

Role = StaffProfile.Role


def staff_per_role(store: Store) -> dict[str, StaffProfile]:
    """One person per role; the manager and the cashier work at ``store`` only."""
    return {
        role: staff_create(
            username=role,
            password="a long test password",
            role=role,
            stores=[] if role in (Role.OWNER, Role.ANALYST) else [store],
        )
        for role in Role.values
    }


def client_for(role: str, language: str = "en") -> Client:
    client = Client()
    client.force_login(StaffProfile.objects.get(role=role).user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def text_of(response: Any) -> str:
    return unescape(response.content.decode())


def element(html: str, element_id: str) -> str:
    """The text inside the element with this id (up to its first closing tag)."""
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"no element #{element_id}"
    return match.group(1).strip()
