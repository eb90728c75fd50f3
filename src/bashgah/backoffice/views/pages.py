"""What the program, member and dashboard pages share: rendering with the navigation, the
branch scope of the signed-in person, audit snapshots, pagination and error placement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bashgah.backoffice.views.common import nav_context
from bashgah.core.errors import ApplicationError
from bashgah.staff.permissions import CASHIER, STAFF_MANAGE, can, stores_of
from bashgah.stores.models import Store

PAGE_SIZE = 25


def language_of(request: HttpRequest) -> str:
    code = (getattr(request, "LANGUAGE_CODE", "") or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    nav: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request, template, {**nav_context(request), "nav": nav, **(context or {})}, status=status
    )


def branch_scope(request: HttpRequest) -> QuerySet[Store] | None:
    """The branches a page shows for this person, or None for the whole club.

    People who work at the tills (the cashier capability: cashiers and managers) see their own
    branches; the owner (who manages staff) and analysts (no till) see the whole club."""
    if can(request.user, STAFF_MANAGE) or not can(request.user, CASHIER):
        return None
    return stores_of(request.user)


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    return value


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields of a row, as JSON."""
    return {name: json_value(getattr(instance, name)) for name in fields}


def paginate(
    request: HttpRequest, items: Any, *, param: str = "page", size: int = PAGE_SIZE
) -> Page:
    return Paginator(items, size).get_page(request.GET.get(param))


def place_errors(
    form: forms.Form, error: ApplicationError, field_of: Mapping[str, str] | None = None
) -> None:
    """Show a service's errors next to the fields they are about; the rest above the form.

    ``field_of`` renames service keys to form fields; a dotted key ("labels.fa") falls back
    to its first part."""
    field_of = field_of or {}
    if not error.details:
        form.add_error(None, str(error.message))
        return
    for key, message in error.details.items():
        target = field_of.get(key) or key
        if target not in form.fields:
            target = field_of.get(key.split(".")[0]) or key.split(".")[0]
        form.add_error(target if target in form.fields else None, str(message))
