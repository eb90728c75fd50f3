"""Membership periods in the club's calendar.

With ``BASHGAH["CALENDAR"] == "jalali"`` a monthly period runs from a Jalali date to the same
Jalali day of the next month (31 Farvardin -> 31 Ordibehesht -> 30 Mehr …), otherwise from a
Gregorian date to the same Gregorian day (``core.calendars.add_months``). A day the target
month lacks becomes its last day. Period ends are always counted from the first period's
start (the anchor), never from the previous end, so a short month does not shorten every
period after it.
"""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.conf import settings

from bashgah.core.calendars import add_months, club_zone


def _jalali_add_months(value: dt.date, months: int) -> dt.date:
    jalali = jdatetime.date.fromgregorian(date=value)
    index = jalali.month - 1 + months
    year, month = jalali.year + index // 12, index % 12 + 1
    for day in (jalali.day, 30, 29):
        try:
            return jdatetime.date(year, month, day).togregorian()
        except ValueError:
            continue
    raise AssertionError("unreachable")


def calendar_add_months(value: dt.date, months: int) -> dt.date:
    """``value`` plus ``months`` months in the club's calendar (Gregorian dates in and out)."""
    if settings.BASHGAH["CALENDAR"] == "jalali":
        return _jalali_add_months(value, months)
    return add_months(value, months)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the club's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=club_zone())


def period_bounds(*, anchor: dt.date, months: int, number: int) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of the ``number``-th period (1-based) of a membership anchored at
    ``anchor``, each ``months`` long: [start, end)."""
    start = calendar_add_months(anchor, months * (number - 1))
    end = calendar_add_months(anchor, months * number)
    return day_start(start), day_start(end)
