"""Turning a segment definition into a query over members.

Everything is read from figures kept up to date per purchase (``MemberStats``), the scores of
the last recompute (``MemberScore``), and indexed look-ups (tier, balance, consent, lines of
recent purchases); no filter rescans all purchases. ``at`` is "now" for every day-based filter.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

import jdatetime
from django.conf import settings
from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bashgah.ledger.models import Account
from bashgah.members.models import ConsentRecord, Member
from bashgah.purchases.models import PurchaseLine
from bashgah.segments.definitions import Range, SegmentDefinition
from bashgah.stores.models import Store


def with_home_store(members: QuerySet[Member]) -> QuerySet[Member]:
    """Annotate ``home_store_id``: the latest purchase's store, else the enrolment store."""
    return members.annotate(
        home_store_id=Coalesce(
            F("stats__last_store_id"), F("enrolled_store_id"), output_field=BigIntegerField()
        )
    )


def _range(field: str, bounds: Range | None) -> Q:
    if bounds is None:
        return Q()
    condition = Q()
    if bounds.min is not None:
        condition &= Q(**{f"{field}__gte": bounds.min})
    if bounds.max is not None:
        condition &= Q(**{f"{field}__lte": bounds.max})
    return condition


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_month_condition(months: list[int], today: dt.date) -> Q:
    """Born in any of ``months`` of the club's calendar. Jalali months start on different
    Gregorian days from year to year, so each birth year gets its own exact date range."""
    if settings.BASHGAH.get("CALENDAR") != "jalali":
        return Q(birth_date__month__in=months)
    first_year = jdatetime.date.fromgregorian(date=today).year - 121
    ranges = []
    for year in range(first_year, first_year + 123):
        for month in months:
            start = jdatetime.date(year, month, 1)
            end = (
                jdatetime.date(year + 1, 1, 1)
                if month == 12
                else jdatetime.date(year, month + 1, 1)
            )
            ranges.append(Q(birth_date__gte=start.togregorian(), birth_date__lt=end.togregorian()))
    return reduce(or_, ranges)


def _latest_consent(channel: str) -> Subquery:
    return Subquery(
        ConsentRecord.objects.filter(member=OuterRef("pk"), channel=channel)
        .order_by("-recorded_at", "-id")
        .values("granted")[:1]
    )


def definition_members(definition: SegmentDefinition, *, at: dt.datetime) -> QuerySet[Member]:
    """Active members matching ``definition`` (annotated with ``home_store_id``)."""
    d = definition
    members = with_home_store(Member.objects.filter(status=Member.Status.ACTIVE))
    condition = Q()
    if d.tiers:
        condition &= Q(tier_state__tier__code__in=d.tiers)
    if d.lifecycle:
        condition &= Q(score__lifecycle__in=d.lifecycle)
    if d.recency_scores:
        condition &= Q(score__recency__in=d.recency_scores)
    if d.frequency_scores:
        condition &= Q(score__frequency__in=d.frequency_scores)
    if d.monetary_scores:
        condition &= Q(score__monetary__in=d.monetary_scores)
    condition &= _range("stats__window_spend", d.window_spend)
    condition &= _range("stats__total_spend", d.total_spend)
    condition &= _range("stats__window_purchases", d.window_purchases)
    if d.days_since_purchase is not None:
        bounds = d.days_since_purchase
        condition &= Q(stats__last_purchase_at__isnull=False)
        if bounds.min is not None:
            condition &= Q(stats__last_purchase_at__lte=at - dt.timedelta(days=bounds.min))
        if bounds.max is not None:
            condition &= Q(stats__last_purchase_at__gt=at - dt.timedelta(days=bounds.max + 1))
    if d.never_purchased is not None:
        condition &= Q(stats__last_purchase_at__isnull=d.never_purchased)
    if d.enrolled_within_days:
        condition &= Q(enrolled_at__gte=at - dt.timedelta(days=d.enrolled_within_days))
    if d.genders:
        condition &= Q(gender__in=d.genders)
    if d.cities:
        condition &= Q(city__in=d.cities)
    if d.languages:
        condition &= Q(language__in=d.languages)
    today = at.date()
    if d.age is not None:
        if d.age.min is not None:
            condition &= Q(birth_date__lte=_years_before(today, d.age.min))
        if d.age.max is not None:
            condition &= Q(birth_date__gt=_years_before(today, d.age.max + 1))
    if d.birthday_months:
        condition &= birth_month_condition(d.birthday_months, today)
    if d.stores:
        store_ids = list(Store.objects.filter(code__in=d.stores).values_list("pk", flat=True))
        members = members.filter(Q(home_store_id__in=store_ids))  # an annotation
    if d.points_balance is not None:
        balance = Account.objects.filter(member=OuterRef("pk"), kind=Account.Kind.MEMBER_POINTS)
        members = members.annotate(points_balance=Subquery(balance.values("balance")[:1]))
        condition &= _range("points_balance", d.points_balance)
    for channel in d.consent:
        members = members.annotate(**{f"consent_{channel}": _latest_consent(channel)})
        condition &= Q(**{f"consent_{channel}": True})
    if d.categories:
        lines = PurchaseLine.objects.filter(
            purchase__member=OuterRef("pk"), category__in=d.categories
        ).exclude(returned_quantity=F("quantity"))
        if d.categories_within_days:
            lines = lines.filter(
                purchase__paid_at__gte=at - dt.timedelta(days=d.categories_within_days)
            )
        condition &= Q(Exists(lines))
    return members.filter(condition)
