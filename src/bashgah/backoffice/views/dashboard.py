"""The dashboard (DASHBOARD_VIEW) and the back-office home.

The owner and analysts see the whole club; a manager sees the branches they work in (members
who joined there, purchases made there). The page says which."""

from __future__ import annotations

import datetime as dt

import jdatetime
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bashgah.backoffice.charts import Bar, bar_chart
from bashgah.backoffice.kpis import (
    ACTIVE_DAYS,
    CHART_DAYS,
    CHART_WEEKS,
    Figures,
    Periods,
    dashboard_figures,
)
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import branch_scope, language_of, page
from bashgah.core.digits import localize_digits
from bashgah.core.money import format_money, format_points
from bashgah.staff.permissions import (
    CASHIER,
    DASHBOARD_VIEW,
    MEMBERS_VIEW,
    PROGRAM_EDIT,
    capabilities,
)

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The first page this person's role may open."""
    if not request.user.is_authenticated:
        return redirect("backoffice:login")
    caps = capabilities(request.user)
    for capability, target in (
        (CASHIER, "backoffice:cashier"),
        (DASHBOARD_VIEW, "backoffice:dashboard"),
        (PROGRAM_EDIT, "backoffice:program_rules"),
        (MEMBERS_VIEW, "backoffice:members"),
    ):
        if capability in caps:
            return redirect(target)
    return redirect("backoffice:cashier")  # shows the "not for your role" page


def day_label(day: dt.date, language: str) -> str:
    """A chart label: "12 مرداد" in Persian (the Jalali calendar), "3 Aug" otherwise."""
    if language == "fa":
        jalali = jdatetime.date.fromgregorian(date=day)
        return f"{localize_digits(str(jalali.day), 'fa')} {JALALI_MONTHS[jalali.month - 1]}"
    return dateformat.format(day, "j M")


def _charts(figures: Figures, language: str, currency: str) -> dict[str, str]:
    rtl = translation.get_language_bidi()
    purchases = [
        Bar(
            label=day_label(day, language),
            value=count,
            title=_("%(day)s: %(count)s purchases, %(amount)s")
            % {
                "day": day_label(day, language),
                "count": format_points(count, language),
                "amount": format_money(amount, currency, language),
            },
        )
        for day, count, amount in figures.purchases_by_day
    ]
    members = [
        Bar(
            label=day_label(day, language),
            value=count,
            title=_("Week from %(day)s: %(count)s new members")
            % {"day": day_label(day, language), "count": format_points(count, language)},
        )
        for day, count in figures.members_by_week
    ]
    return {
        "purchases": bar_chart(
            purchases,
            title=_("Purchases per day, last %(days)s days")
            % {"days": localize_digits(str(CHART_DAYS), language)},
            chart_id="chart-purchases",
            rtl=rtl,
            label_every=7,
            format_value=lambda value: format_points(value, language),
        ),
        "members": bar_chart(
            members,
            title=_("New members per week, last %(weeks)s weeks")
            % {"weeks": localize_digits(str(CHART_WEEKS), language)},
            chart_id="chart-members",
            rtl=rtl,
            label_every=2,
            format_value=lambda value: format_points(value, language),
        ),
    }


@staff_required(DASHBOARD_VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    scope = branch_scope(request)
    stores = None if scope is None else list(scope)
    now = timezone.now()
    figures = dashboard_figures(stores=stores, now=now)
    return page(
        request,
        "backoffice/dashboard/dashboard.html",
        {
            "figures": figures,
            "stores": stores,
            "periods": Periods.at(now),
            "active_days": ACTIVE_DAYS,
            "charts": _charts(figures, language, settings.BASHGAH["CURRENCY"]),
        },
        nav="dashboard",
    )
