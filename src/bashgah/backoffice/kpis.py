"""The dashboard's figures, each family in one aggregate query (no loop over members), for the
whole club or for some branches.

Branch figures come from what carries a branch: members by the branch they joined at,
purchases and the points earned on them by the branch they were made in. Points redeemed and
outstanding belong to the member, not a branch, so they are club figures only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import jdatetime
from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from bashgah.core.calendars import club_zone
from bashgah.ledger.models import Entry
from bashgah.ledger.selectors import system_balances
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.stores.models import Store

ACTIVE_DAYS = 90
CHART_DAYS = 30
CHART_WEEKS = 12
POINTS_SYSTEM_ACCOUNTS = ("issued", "adjusted", "redeemed", "converted", "expired")


@dataclass(frozen=True, slots=True)
class Periods:
    now: dt.datetime
    today: dt.datetime  # local midnight
    month: dt.datetime  # first day of the club's month (Jalali or Gregorian), local midnight

    @classmethod
    def at(cls, now: dt.datetime, *, calendar: str | None = None) -> Periods:
        local = now.astimezone(club_zone())
        day = local.date()
        if (calendar or settings.BASHGAH["CALENDAR"]) == "jalali":
            first = jdatetime.date.fromgregorian(date=day).replace(day=1).togregorian()
        else:
            first = day.replace(day=1)
        return cls(now=now, today=_midnight(day), month=_midnight(first))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=club_zone())


@dataclass(frozen=True, slots=True)
class Figures:
    members: int  # active members (joined at the branches, for a branch scope)
    new_today: int
    new_month: int
    purchases_today: int
    purchases_month: int
    sales_today: int  # minor units, as recorded (before returns)
    sales_month: int
    active_members: int  # made a purchase in the last ACTIVE_DAYS days
    issued_today: int  # club: net points out of the issued account; branch: earned on purchases
    issued_month: int
    redeemed_today: int | None  # club only: spent on rewards, at the till, or converted
    redeemed_month: int | None
    liability: int | None  # club only: points members hold, less points they owe
    purchases_by_day: list[tuple[dt.date, int, int]]  # day, count, amount
    members_by_week: list[tuple[dt.date, int]]  # first day of the 7-day week, new members


def _member_figures(stores: Sequence[Store] | None, periods: Periods) -> tuple[int, int, int]:
    members = Member.objects.all()
    if stores is not None:
        members = members.filter(enrolled_store__in=stores)
    row = members.aggregate(
        total=Count("pk", filter=Q(status=Member.Status.ACTIVE)),
        today=Count("pk", filter=Q(enrolled_at__gte=periods.today)),
        month=Count("pk", filter=Q(enrolled_at__gte=periods.month)),
    )
    return row["total"], row["today"], row["month"]


def dashboard_figures(*, stores: Sequence[Store] | None, now: dt.datetime) -> Figures:
    """Figures at ``now``: today and this month in the club's calendar and time zone."""
    periods = Periods.at(now)
    total, new_today, new_month = _member_figures(stores, periods)
    active_since = now - dt.timedelta(days=ACTIVE_DAYS)
    purchases = Purchase.objects.all()
    if stores is not None:
        purchases = purchases.filter(store__in=stores)
    today, month = Q(paid_at__gte=periods.today), Q(paid_at__gte=periods.month)
    zero = Value(0)
    bought = purchases.filter(paid_at__gte=min(active_since, periods.month)).aggregate(
        count_today=Count("pk", filter=today),
        count_month=Count("pk", filter=month),
        sales_today=Coalesce(Sum("total", filter=today), zero),
        sales_month=Coalesce(Sum("total", filter=month), zero),
        points_today=Coalesce(Sum("points", filter=today), zero),
        points_month=Coalesce(Sum("points", filter=month), zero),
        active=Count("member", distinct=True, filter=Q(paid_at__gte=active_since)),
    )
    redeemed_today = redeemed_month = liability = None
    issued_today, issued_month = bought["points_today"], bought["points_month"]
    if stores is None:
        issued_today, issued_month, redeemed_today, redeemed_month = _ledger_flows(periods)
        balances = system_balances()
        liability = -sum(balances.get(name, 0) for name in POINTS_SYSTEM_ACCOUNTS)
    return Figures(
        members=total,
        new_today=new_today,
        new_month=new_month,
        purchases_today=bought["count_today"],
        purchases_month=bought["count_month"],
        sales_today=bought["sales_today"],
        sales_month=bought["sales_month"],
        active_members=bought["active"],
        issued_today=issued_today,
        issued_month=issued_month,
        redeemed_today=redeemed_today,
        redeemed_month=redeemed_month,
        liability=liability,
        purchases_by_day=_purchases_by_day(purchases, periods),
        members_by_week=_members_by_week(stores, periods),
    )


def _ledger_flows(periods: Periods) -> tuple[int, int, int, int]:
    """Points that left ``system:issued`` (net of returns) and that arrived in the spending
    accounts (net of cancellations), today and this month."""
    issued, spent = (
        Q(account__code="system:issued"),
        Q(account__code__in=["system:redeemed", "system:converted"]),
    )
    today = Q(transaction__created_at__gte=periods.today)
    zero = Value(0)
    row = Entry.objects.filter(
        issued | spent, transaction__created_at__gte=periods.month
    ).aggregate(
        issued_today=Coalesce(Sum("amount", filter=issued & today), zero),
        issued_month=Coalesce(Sum("amount", filter=issued), zero),
        spent_today=Coalesce(Sum("amount", filter=spent & today), zero),
        spent_month=Coalesce(Sum("amount", filter=spent), zero),
    )
    return -row["issued_today"], -row["issued_month"], row["spent_today"], row["spent_month"]


def _purchases_by_day(
    purchases: QuerySet[Purchase], periods: Periods
) -> list[tuple[dt.date, int, int]]:
    first = periods.today - dt.timedelta(days=CHART_DAYS - 1)
    rows = (
        purchases.filter(paid_at__gte=first)
        .annotate(day=TruncDate("paid_at", tzinfo=club_zone()))
        .values("day")
        .annotate(count=Count("pk"), amount=Sum("total"))
        .order_by()
    )
    by_day = {row["day"]: (row["count"], row["amount"]) for row in rows}
    days = [first.date() + dt.timedelta(days=offset) for offset in range(CHART_DAYS)]
    return [(day, *by_day.get(day, (0, 0))) for day in days]


def _members_by_week(stores: Sequence[Store] | None, periods: Periods) -> list[tuple[dt.date, int]]:
    """New members per 7-day week ending today (weeks counted back from today, so every
    calendar's week looks the same)."""
    first = periods.today - dt.timedelta(days=7 * CHART_WEEKS - 1)
    members = Member.objects.filter(enrolled_at__gte=first)
    if stores is not None:
        members = members.filter(enrolled_store__in=stores)
    rows = (
        members.annotate(day=TruncDate("enrolled_at", tzinfo=club_zone()))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by()
    )
    weeks = [0] * CHART_WEEKS
    for row in rows:
        index = (row["day"] - first.date()).days // 7
        if 0 <= index < CHART_WEEKS:
            weeks[index] += row["count"]
    return [
        (first.date() + dt.timedelta(days=7 * index), count) for index, count in enumerate(weeks)
    ]
