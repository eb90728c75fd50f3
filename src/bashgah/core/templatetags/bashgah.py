"""Display filters in the reader's language: Jalali dates and Persian digits for fa."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils.translation import get_language

from bashgah.core.calendars import club_zone, format_date, local_date
from bashgah.core.digits import localize_digits
from bashgah.core.money import format_money, format_points

register = template.Library()


def _language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


@register.filter
def jdate(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    day = local_date(value) if isinstance(value, dt.datetime) else value
    return format_date(day, _language())


@register.filter
def jdatetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone(club_zone())
    time = localize_digits(local.strftime("%H:%M"), _language())
    return f"{format_date(local.date(), _language())} {time}"


@register.filter
def money(value: int | None, currency: str = "") -> str:
    if value is None:
        return ""
    return format_money(int(value), currency or settings.BASHGAH["CURRENCY"], _language())


@register.filter
def points(value: int | None) -> str:
    return "" if value is None else format_points(int(value), _language())


@register.filter
def digits(value: object) -> str:
    return localize_digits(str(value), _language())


@register.simple_tag
def label(labels: dict | None) -> str:
    labels = labels or {}
    language = _language()
    return labels.get(language) or labels.get("fa") or labels.get("en") or ""
