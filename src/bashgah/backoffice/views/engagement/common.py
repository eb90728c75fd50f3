"""What the engagement pages share: rendering under their tab, and an audience in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from bashgah.backoffice.forms.fields import last_day
from bashgah.backoffice.views.pages import page
from bashgah.core.calendars import format_date, local_date
from bashgah.stores.selectors import stores_open
from bashgah.tiers.selectors import tiers_ordered


def engagement_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    tab: str,
    status: int = 200,
) -> HttpResponse:
    return page(request, template, {"tab": tab, **(context or {})}, nav="engagement", status=status)


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    return parse_datetime(value) if isinstance(value, str) else None


def audience_parts(audience: Mapping[str, Any] | None, language: str) -> list[str]:
    """A stored audience as short sentences: "Tiers: Gold, Silver" …; empty for everyone."""
    audience = audience or {}
    parts = []
    if audience.get("tiers"):
        names = {tier.code: tier.label(language) for tier in tiers_ordered()}
        listed = ", ".join(names.get(code, code) for code in audience["tiers"])
        parts.append(_("Tiers: %(tiers)s") % {"tiers": listed})
    if audience.get("stores"):
        names = {store.code: store.name or store.code for store in stores_open()}
        listed = ", ".join(names.get(code, code) for code in audience["stores"])
        parts.append(_("Home branches: %(stores)s") % {"stores": listed})
    start, end = _moment(audience.get("active_from")), _moment(audience.get("active_until"))
    if start and end:
        parts.append(
            _("Bought something from %(start)s to %(end)s")
            % {
                "start": format_date(local_date(start), language),
                "end": format_date(last_day(end) or local_date(end), language),
            }
        )
    elif start:
        parts.append(
            _("Bought something since %(start)s")
            % {"start": format_date(local_date(start), language)}
        )
    elif end:
        parts.append(
            _("Bought something until %(end)s")
            % {"end": format_date(last_day(end) or local_date(end), language)}
        )
    return parts
