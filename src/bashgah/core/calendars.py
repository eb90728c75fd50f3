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
