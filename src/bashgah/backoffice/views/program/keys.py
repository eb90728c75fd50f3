"""API keys for tills and shops. The plain key is shown once, in the response that created it
(never stored, logged or put in a URL); afterwards only its prefix identifies it.

A manager sees and makes keys for their own branches only, and only point-of-sale keys: a
staff key may act for any branch, so only the owner (STAFF_MANAGE) makes one.

API keys are the ``api`` app's model and services; the layering lets staff pages use them
(the API itself never imports pages)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bashgah.api.keys import KEY_PREFIX, api_key_create, api_key_revoke
from bashgah.api.models import ApiKey
from bashgah.backoffice.forms.program import ApiKeyForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import branch_scope, page
from bashgah.core.audit import audit_record
from bashgah.staff.permissions import PROGRAM_EDIT, STAFF_MANAGE, can, stores_of


def _scopes(request: HttpRequest) -> list[tuple[str, str]]:
    scopes = [(ApiKey.Scope.POS.value, str(ApiKey.Scope.POS.label))]
    if can(request.user, STAFF_MANAGE):
        scopes.append((ApiKey.Scope.STAFF.value, str(ApiKey.Scope.STAFF.label)))
    return scopes


def _keys(request: HttpRequest) -> QuerySet[ApiKey]:
    keys = ApiKey.objects.select_related("store").order_by("revoked_at", "-created_at")
    scope = branch_scope(request)
    return keys if scope is None else keys.filter(store__in=scope)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def key_list(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    stores = list(stores_of(request.user))
    form = ApiKeyForm(request.POST if posted else None, stores=stores, scopes=_scopes(request))
    plain = ""
    if posted and form.is_valid():
        data = form.cleaned_data
        store = next(store for store in stores if store.code == data["store"])
        with transaction.atomic():
            key, plain = api_key_create(name=data["name"].strip(), store=store, scope=data["scope"])
            audit_record(
                actor=request.user,
                action="api_key.create",
                object_type="api_key",
                object_id=key.pk,
                store_code=store.code,
                after={"name": key.name, "prefix": key.prefix, "scope": key.scope},
            )
        form = ApiKeyForm(stores=stores, scopes=_scopes(request))
    response = page(
        request,
        "backoffice/program/keys.html",
        {"form": form, "keys": _keys(request), "plain": plain, "key_prefix": KEY_PREFIX},
        nav="program",
        status=422 if posted and not plain else 200,
    )
    response["Cache-Control"] = "no-store"  # the plain key must not stay in a cache
    return response


@staff_required(PROGRAM_EDIT)
@require_POST
def key_revoke(request: HttpRequest) -> HttpResponse:
    """The key's id comes in the form (``key``); only keys of the person's branches."""
    key_id = request.POST.get("key", "")
    key = get_object_or_404(_keys(request), pk=int(key_id) if key_id.isdigit() else 0)
    if key.revoked_at is None:
        with transaction.atomic():
            api_key_revoke(key=key)
            audit_record(
                actor=request.user,
                action="api_key.revoke",
                object_type="api_key",
                object_id=key.pk,
                store_code=key.store.code,
                before={"revoked_at": None},
                after={"revoked_at": key.revoked_at.isoformat() if key.revoked_at else None},
            )
        messages.success(request, _("The key “%(name)s” is revoked.") % {"name": key.name})
    return redirect("backoffice:program_keys")
