"""Branches. The owner sees and opens every branch (opening one needs STAFF_MANAGE: a new
branch has no staff yet); a manager sees and edits only the branches they work in."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bashgah.backoffice.forms.program import StoreForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import branch_scope, page, place_errors, snapshot
from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError
from bashgah.staff.permissions import PROGRAM_EDIT, STAFF_MANAGE
from bashgah.stores.models import Store
from bashgah.stores.services import store_create, store_update

AUDITED = ("code", "name", "city", "is_active")


def visible_stores(request: HttpRequest) -> QuerySet[Store]:
    """Every branch, closed ones too, for the whole club; otherwise the person's branches."""
    scope = branch_scope(request)
    return Store.objects.all() if scope is None else scope


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET"])
def store_list(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        "backoffice/program/stores.html",
        {
            "stores": visible_stores(request).order_by("-is_active", "code"),
            "club_wide": branch_scope(request) is None,
        },
        nav="program",
    )


def _form_page(
    request: HttpRequest, form: StoreForm, store: Store | None, status: int
) -> HttpResponse:
    return page(
        request,
        "backoffice/program/store_form.html",
        {"form": form, "store": store},
        nav="program",
        status=status,
    )


@staff_required(STAFF_MANAGE)
@require_http_methods(["GET", "POST"])
def store_create_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = StoreForm(request.POST if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                store = store_create(code=data["code"], name=data["name"], city=data["city"])
                audit_record(
                    actor=request.user,
                    action="store.create",
                    object_type="store",
                    object_id=store.pk,
                    store_code=store.code,
                    after=snapshot(store, AUDITED),
                )
        except ApplicationError as error:
            place_errors(form, error)
        else:
            messages.success(request, _("The branch is saved."))
            return redirect("backoffice:program_stores")
    return _form_page(request, form, None, 422 if posted else 200)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def store_edit(request: HttpRequest, store_id: int) -> HttpResponse:
    store = get_object_or_404(visible_stores(request), pk=store_id)
    posted = request.method == "POST"
    form = StoreForm(request.POST if posted else None, store=store)
    if posted and form.is_valid():
        before = snapshot(store, AUDITED)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                store_update(
                    store=store, name=data["name"], city=data["city"], is_active=data["is_active"]
                )
                audit_record(
                    actor=request.user,
                    action="store.update",
                    object_type="store",
                    object_id=store.pk,
                    store_code=store.code,
                    before=before,
                    after=snapshot(store, AUDITED),
                )
        except ApplicationError as error:
            store.refresh_from_db()
            place_errors(form, error)
        else:
            messages.success(request, _("The branch is saved."))
            return redirect("backoffice:program_stores")
    return _form_page(request, form, store, 422 if posted else 200)
