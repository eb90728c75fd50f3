"""Paid memberships: the plans with what they returned against their fees (value-back), the
members' memberships, and making or changing a plan (PROGRAM_EDIT). Payments are recorded at
the till (the cashier screen) or through the API."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bashgah.backoffice.forms.engagement import PlanForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.engagement.common import engagement_page
from bashgah.backoffice.views.pages import language_of, paginate, place_errors, snapshot
from bashgah.core.audit import audit_record
from bashgah.memberships.models import Membership, Plan
from bashgah.memberships.selectors import (
    bonus_rules_offered,
    gift_rewards_offered,
    memberships_list,
    plans_value_back,
    plans_with_members,
)
from bashgah.memberships.services import PLAN_FIELDS, InvalidPlan, plan_create, plan_update
from bashgah.staff.permissions import ENGAGEMENT_VIEW, PROGRAM_EDIT
from bashgah.tiers.selectors import tiers_ordered

AUDITED = ("code", "currency", *PLAN_FIELDS)


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    return engagement_page(
        request,
        "backoffice/engagement/plans.html",
        {
            "plans": [(plan, plan.name(language)) for plan in plans_with_members()],
            "value_back": [(row, row.plan.name(language)) for row in plans_value_back()],
        },
        tab="memberships",
    )


def _covered_until(moment: dt.datetime | None) -> dt.datetime | None:
    """The last moment a period (end exclusive) covers, so its day reads as the last day."""
    return moment - dt.timedelta(microseconds=1) if moment else None


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    status = request.GET.get("status", "")
    status = status if status in Membership.Status.values else ""
    plans = list(plans_with_members())
    plan_code = request.GET.get("plan", "")
    plan_code = plan_code if any(plan.code == plan_code for plan in plans) else ""
    memberships = paginate(request, memberships_list(status=status, plan_code=plan_code))
    rows: list[dict[str, Any]] = []
    for membership in memberships:
        grace = (
            membership.period_end + dt.timedelta(days=membership.plan.grace_days)
            if membership.period_end
            else None
        )
        rows.append(
            {
                "membership": membership,
                "plan_name": membership.plan.name(language),
                "last_day": _covered_until(membership.period_end),
                "grace_last_day": _covered_until(grace),
            }
        )
    return engagement_page(
        request,
        "backoffice/engagement/memberships.html",
        {
            "memberships": memberships,
            "rows": rows,
            "statuses": Membership.Status.choices,
            "plans": [(plan.code, plan.name(language)) for plan in plans],
            "status": status,
            "plan_code": plan_code,
            "filter_query": urlencode(
                {k: v for k, v in (("status", status), ("plan", plan_code)) if v}
            ),
        },
        tab="memberships",
    )


def _form(request: HttpRequest, plan: Plan | None) -> PlanForm:
    rules, rewards = bonus_rules_offered(), gift_rewards_offered()
    # What the plan names now stays choosable, even when no longer offered.
    if plan is not None and plan.bonus_rule and plan.bonus_rule not in rules:
        rules.append(plan.bonus_rule)
    if plan is not None and plan.gift_reward and plan.gift_reward not in rewards:
        rewards.append(plan.gift_reward)
    return PlanForm(
        request.POST if request.method == "POST" else None,
        tiers=tiers_ordered(),
        rules=rules,
        rewards=rewards,
        language=language_of(request),
        plan=plan,
    )


def _form_page(request: HttpRequest, form: PlanForm, plan: Plan | None) -> HttpResponse:
    return engagement_page(
        request,
        "backoffice/engagement/plan_form.html",
        {"form": form, "plan": plan},
        tab="memberships",
        status=422 if request.method == "POST" else 200,
    )


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest) -> HttpResponse:
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                plan = plan_create(code=form.cleaned_data["code"].strip(), **form.values())
                audit_record(
                    actor=request.user,
                    action="plan.create",
                    object_type="membership_plan",
                    object_id=plan.pk,
                    after=snapshot(plan, AUDITED),
                )
        except InvalidPlan as error:
            place_errors(form, error, {"names": "name_fa"})
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("backoffice:engagement_plans")
    return _form_page(request, form, None)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("bonus_rule", "gift_reward"), pk=plan_id)
    form = _form(request, plan)
    if request.method == "POST" and form.is_valid():
        before = snapshot(plan, AUDITED)
        try:
            with transaction.atomic():
                plan_update(plan=plan, **form.values())
                audit_record(
                    actor=request.user,
                    action="plan.update",
                    object_type="membership_plan",
                    object_id=plan.pk,
                    before=before,
                    after=snapshot(plan, AUDITED),
                )
        except InvalidPlan as error:
            plan.refresh_from_db()
            place_errors(form, error, {"names": "name_fa"})
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("backoffice:engagement_plans")
    return _form_page(request, form, plan)
