"""Automations that fire on a day rather than an event: birthdays and membership anniversaries
(in the club's calendar, Jalali for Persian clubs) and win-back for members who turned at risk.
Each runs once per club day per automation; the occurrence keys make a second run harmless."""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from bashgah.campaigns.models import Campaign, Trigger
from bashgah.campaigns.services import automation_fire
from bashgah.core.calendars import club_zone, same_day_in_years
from bashgah.members.models import Member, MemberStats
from bashgah.segments.models import MemberScore

DAILY = (Trigger.BIRTHDAY, Trigger.ANNIVERSARY, Trigger.WIN_BACK)
YEARS_BACK = 121


def _jalali() -> bool:
    return settings.BASHGAH.get("CALENDAR") == "jalali"


def birthdays_on(today: dt.date) -> list[int]:
    """Active members whose birthday is ``today`` in the club's calendar."""
    days = same_day_in_years(today, years_back=YEARS_BACK, jalali=_jalali())
    return list(
        Member.objects.filter(status=Member.Status.ACTIVE, birth_date__in=days).values_list(
            "pk", flat=True
        )
    )


def anniversaries_on(today: dt.date) -> dict[int, str]:
    """Active members who joined on this day in an earlier year -> "year:N"."""
    zone = club_zone()
    found: dict[int, str] = {}
    days = same_day_in_years(today, years_back=40, jalali=_jalali())
    this_year = days[0].year
    for day in days:
        years = this_year - day.year
        if years == 0:
            continue
        start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        for pk in Member.objects.filter(
            status=Member.Status.ACTIVE,
            enrolled_at__gte=start,
            enrolled_at__lt=start + dt.timedelta(days=1),
        ).values_list("pk", flat=True):
            found[pk] = f"year:{years}"
    return found


def at_risk_now() -> dict[int, str]:
    """Members the last recompute put at risk -> the lapse they are in (their last purchase
    day, or "never"), so each lapse is answered once."""
    at_risk = MemberScore.objects.filter(
        lifecycle="at_risk", member__status=Member.Status.ACTIVE
    ).values_list("member_id", flat=True)
    return {
        member_id: f"lapse:{last.date().isoformat() if last else 'never'}"
        for member_id, last in MemberStats.objects.filter(member_id__in=at_risk).values_list(
            "member_id", "last_purchase_at"
        )
    }


def scheduled_automations_run(*, at: dt.datetime, today: dt.date) -> int:
    queued = 0
    for automation in Campaign.objects.filter(
        kind=Campaign.Kind.AUTOMATION, status=Campaign.Status.ACTIVE, trigger__in=DAILY
    ).exclude(Q(last_run_on=today)):
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=automation.pk)
            if locked.last_run_on == today:
                continue
            locked.last_run_on = today
            locked.save(update_fields=["last_run_on"])
        if automation.trigger == Trigger.BIRTHDAY:
            year = jdatetime.date.fromgregorian(date=today).year if _jalali() else today.year
            members = birthdays_on(today)
            occurrence: str | dict[int, str] = f"year:{year}"
        elif automation.trigger == Trigger.ANNIVERSARY:
            found = anniversaries_on(today)
            members, occurrence = list(found), found
        else:
            found = at_risk_now()
            members, occurrence = list(found), found
        if members:
            queued += automation_fire(
                trigger=automation.trigger,
                member_ids=members,
                occurrence=occurrence,
                at=at,
                only=automation,
            )
    return queued
