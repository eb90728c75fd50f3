"""Tiers and the tier policy: thresholds, multiplier, discount, cashback and names; how tiers
are earned (spend or points), over what window, with what grace period."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bashgah.backoffice.forms.program import TierForm, TierPolicyForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import page, place_errors, snapshot
from bashgah.core.audit import audit_record
from bashgah.staff.permissions import PROGRAM_EDIT
from bashgah.tiers.models import MemberTier, Tier, TierPolicy
from bashgah.tiers.selectors import tier_policy
from bashgah.tiers.services import (
    TIER_FIELDS,
    InvalidTier,
    tier_create,
    tier_policy_update,
    tier_update,
)

AUDITED = ("code", "rank", *TIER_FIELDS)
POLICY_FIELDS = ("basis", "window_months", "grace_days")


def _current_policy() -> TierPolicy:
    # Not the cached copy: this page shows what was just saved.
    return TierPolicy.objects.get_or_create(pk=1)[0]


def _list_page(
    request: HttpRequest, policy_form: TierPolicyForm | None = None, status: int = 200
) -> HttpResponse:
    policy = _current_policy()
    counts = dict(MemberTier.objects.values_list("tier").annotate(count=Count("pk")).order_by())
    tiers = list(Tier.objects.order_by("rank"))
    return page(
        request,
        "backoffice/program/tiers.html",
        {
            "rows": [(tier, counts.get(tier.pk, 0)) for tier in tiers],
            "policy": policy,
            "policy_form": policy_form
            or TierPolicyForm(initial={name: getattr(policy, name) for name in POLICY_FIELDS}),
            "spend_basis": policy.basis == TierPolicy.Basis.SPEND,
        },
        nav="program",
        status=status,
    )


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET"])
def tier_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@staff_required(PROGRAM_EDIT)
@require_POST
def tier_policy_edit(request: HttpRequest) -> HttpResponse:
    form = TierPolicyForm(request.POST)
    if form.is_valid():
        policy = _current_policy()
        before = snapshot(policy, POLICY_FIELDS)
        try:
            with transaction.atomic():
                policy = tier_policy_update(**form.cleaned_data)
                audit_record(
                    actor=request.user,
                    action="tier_policy.update",
                    object_type="tier_policy",
                    object_id=policy.pk,
                    before=before,
                    after=snapshot(policy, POLICY_FIELDS),
                )
        except InvalidTier as error:
            place_errors(form, error)
        else:
            messages.success(request, _("The tier policy is saved."))
            if before["basis"] != policy.basis:
                messages.warning(
                    request,
                    _("Tiers are now earned by %(basis)s: check every threshold below.")
                    % {"basis": policy.get_basis_display()},
                )
            return redirect("backoffice:program_tiers")
    return _list_page(request, policy_form=form, status=422)


def _form_page(
    request: HttpRequest, form: TierForm, tier: Tier | None, status: int
) -> HttpResponse:
    return page(
        request,
        "backoffice/program/tier_form.html",
        {"form": form, "tier": tier},
        nav="program",
        status=status,
    )


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def tier_create_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    highest = Tier.objects.aggregate(rank=Max("rank"))["rank"]
    next_rank = 0 if highest is None else highest + 1
    form = TierForm(
        request.POST if posted else None,
        basis=tier_policy().basis,
        initial=None if posted else {"rank": next_rank, "threshold": 0},
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                tier = tier_create(code=data["code"], rank=data["rank"], **form.values())
                audit_record(
                    actor=request.user,
                    action="tier.create",
                    object_type="tier",
                    object_id=tier.pk,
                    after=snapshot(tier, AUDITED),
                )
        except InvalidTier as error:
            place_errors(form, error, {"labels": "label_fa"})
        else:
            messages.success(request, _("The tier is saved."))
            return redirect("backoffice:program_tiers")
    return _form_page(request, form, None, 422 if posted else 200)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, tier_id: int) -> HttpResponse:
    tier = get_object_or_404(Tier, pk=tier_id)
    posted = request.method == "POST"
    form = TierForm(request.POST if posted else None, basis=tier_policy().basis, tier=tier)
    if posted and form.is_valid():
        before = snapshot(tier, AUDITED)
        try:
            with transaction.atomic():
                tier_update(tier=tier, **form.values())
                audit_record(
                    actor=request.user,
                    action="tier.update",
                    object_type="tier",
                    object_id=tier.pk,
                    before=before,
                    after=snapshot(tier, AUDITED),
                )
        except InvalidTier as error:
            tier.refresh_from_db()
            place_errors(form, error, {"labels": "label_fa"})
        else:
            messages.success(request, _("The tier is saved."))
            return redirect("backoffice:program_tiers")
    return _form_page(request, form, tier, 422 if posted else 200)
