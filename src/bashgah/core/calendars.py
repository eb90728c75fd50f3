"""Dates as members read and write them: Jalali for Persian, Gregorian otherwise."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import jdatetime
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.digits import localize_digits, to_ascii_digits
from bashgah.core.errors import ValidationFailed

_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


class InvalidDate(ValidationFailed):
    code = "invalid_date"
    default_message = _("This is not a valid date.")


def club_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_now() -> dt.datetime:
    return timezone.now().astimezone(club_zone())


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(club_zone()).date()


def parse_date(raw: str, *, calendar: str = "gregorian") -> dt.date:
    """Parse ``YYYY-MM-DD`` in either calendar (any digit script) into a Gregorian date.

    A year below 1700 is taken as Jalali whatever ``calendar`` says: no member was born then.
    """
    match = _DATE.match(to_ascii_digits(raw or ""))
    if not match:
        raise InvalidDate(details={"value": raw})
    year, month, day = (int(part) for part in match.groups())
    try:
        if calendar == "jalali" or year < 1700:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(details={"value": raw}) from exc


def format_date(value: dt.date, language: str) -> str:
    if language == "fa":
        jalali = jdatetime.date.fromgregorian(date=value)
        return localize_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}", "fa")
    return value.isoformat()


def add_months(value: dt.date, months: int) -> dt.date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _month_length(year: int, month: int, *, jalali: bool) -> int:
    if jalali:
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def same_day_in_years(today: dt.date, *, years_back: int, jalali: bool) -> list[dt.date]:
    """The Gregorian dates, this year and the ``years_back`` before it, that fall on today's
    month and day in the chosen calendar: whose birthday or anniversary is today. On the last
    day of a month, days that month has only in some years (29 February, 30 Esfand) count too,
    so nobody's day is skipped in a short year; position 0 is this year."""
    if jalali:
        local = jdatetime.date.fromgregorian(date=today)
        year, month, day = local.year, local.month, local.day
    else:
        year, month, day = today.year, today.month, today.day
    is_last = day == _month_length(year, month, jalali=jalali)
    found: list[dt.date] = []
    for back in range(years_back + 1):
        target = year - back
        length = _month_length(target, month, jalali=jalali)
        days = range(day, length + 1) if is_last else ([day] if day <= length else [])
        for each in days:
            found.append(
                jdatetime.date(target, month, each).togregorian()
                if jalali
                else dt.date(target, month, each)
            )
    return found
