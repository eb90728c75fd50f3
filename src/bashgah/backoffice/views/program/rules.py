"""Earning rules: the list, a form per rule type, activate and pause, and a preview of what a
draft gives on a sample basket beside the live rules (the pure evaluator; nothing saved)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import jdatetime
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bashgah.backoffice.forms.fields import money_unit
from bashgah.backoffice.forms.rules import (
    RULE_TYPE_NAMES,
    PreviewForm,
    RuleForm,
)
from bashgah.backoffice.views.cashier import CATEGORIES
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, page, snapshot
from bashgah.core.audit import audit_record
from bashgah.rules import services as rules
from bashgah.rules.evaluator import (
    Award,
    Line,
    MemberFacts,
    PurchaseContext,
    RuleSpec,
    evaluate_purchase,
    evaluate_signup,
)
from bashgah.rules.explanations import explain
from bashgah.rules.messages import humanize
from bashgah.rules.models import EarningRule
from bashgah.staff.permissions import PROGRAM_EDIT
from bashgah.tiers.models import Tier
from bashgah.tiers.selectors import tiers_ordered

AUDITED = (*rules.RULE_FIELDS, "status")
_STATUS_ORDER = {"active": 0, "draft": 1, "paused": 2, "archived": 3}
_SAMPLE = {
    "sample_category_0": "dairy",
    "sample_qty_0": 2,
    "sample_price_0": 450_000,
    "sample_category_1": "bakery",
    "sample_qty_1": 1,
    "sample_price_1": 300_000,
    "sample_visits": 0,
}


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET"])
def rule_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    rows = sorted(
        EarningRule.objects.exclude(status=EarningRule.Status.ARCHIVED),
        key=lambda rule: (_STATUS_ORDER.get(rule.status, 9), -rule.priority, rule.pk),
    )
    return page(
        request,
        "backoffice/program/rules.html",
        {
            "rows": [
                (rule, RULE_TYPE_NAMES.get(rule.type, rule.type), _label(rule, language))
                for rule in rows
            ]
        },
        nav="program",
    )


def _label(rule: EarningRule, language: str) -> str:
    labels = rule.labels or {}
    return labels.get(language) or labels.get("fa") or labels.get("en") or ""


def _form_page(
    request: HttpRequest, form: RuleForm, *, rule: EarningRule | None, status: int = 200
) -> HttpResponse:
    language = language_of(request)
    sample = PreviewForm(tiers=tiers_ordered(), language=language, initial=_SAMPLE)
    return page(
        request,
        "backoffice/program/rule_form.html",
        {
            "form": form,
            "sample": sample,
            "rule": rule,
            "categories": CATEGORIES,
            "unit": money_unit(),
        },
        nav="program",
        status=status,
    )


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def rule_create(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    posted = request.method == "POST"
    form = RuleForm(
        request.POST if posted else None,
        tiers=tiers_ordered(),
        language=language,
        initial=None if posted else {"type": request.GET.get("type", "points_per_amount")},
    )
    if posted and form.is_valid():
        try:
            with transaction.atomic():
                rule = rules.rule_create(**form.rule_data())
                audit_record(
                    actor=request.user,
                    action="rule.create",
                    object_type="earning_rule",
                    object_id=rule.pk,
                    after=snapshot(rule, AUDITED),
                )
        except rules.InvalidRule as error:
            form.add_service_errors(error.details, language)
        else:
            messages.success(request, _("The rule is saved as a draft; activate it when ready."))
            return redirect("backoffice:program_rule_edit", rule_id=rule.pk)
    return _form_page(request, form, rule=None, status=422 if posted else 200)


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(EarningRule, pk=rule_id)
    language = language_of(request)
    posted = request.method == "POST"
    form = RuleForm(
        request.POST if posted else None, tiers=tiers_ordered(), language=language, rule=rule
    )
    if posted and form.is_valid():
        before = snapshot(rule, AUDITED)
        try:
            with transaction.atomic():
                rules.rule_update(rule=rule, **form.rule_data())
                audit_record(
                    actor=request.user,
                    action="rule.update",
                    object_type="earning_rule",
                    object_id=rule.pk,
                    before=before,
                    after=snapshot(rule, AUDITED),
                )
        except rules.InvalidRule as error:
            rule.refresh_from_db()
            form.add_service_errors(error.details, language)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect("backoffice:program_rule_edit", rule_id=rule.pk)
    return _form_page(request, form, rule=rule, status=422 if posted else 200)


def _back(request: HttpRequest, rule: EarningRule) -> HttpResponse:
    if request.POST.get("back") == "edit":
        return redirect("backoffice:program_rule_edit", rule_id=rule.pk)
    return redirect("backoffice:program_rules")


@staff_required(PROGRAM_EDIT)
@require_POST
def rule_activate(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(EarningRule, pk=rule_id)
    before = rule.status
    try:
        with transaction.atomic():
            rules.rule_activate(rule=rule)
            audit_record(
                actor=request.user,
                action="rule.activate",
                object_type="earning_rule",
                object_id=rule.pk,
                before={"status": before},
                after={"status": rule.status},
            )
    except rules.InvalidRule as error:
        language = language_of(request)
        problems = "; ".join(humanize(str(text), language) for text in error.details.values())
        messages.error(
            request,
            _("“%(rule)s” cannot be activated: %(problems)s")
            % {"rule": rule.name, "problems": problems},
        )
    else:
        messages.success(request, _("“%(rule)s” is active.") % {"rule": rule.name})
    return _back(request, rule)


@staff_required(PROGRAM_EDIT)
@require_POST
def rule_pause(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(EarningRule, pk=rule_id)
    before = rule.status
    with transaction.atomic():
        rules.rule_pause(rule=rule)
        audit_record(
            actor=request.user,
            action="rule.pause",
            object_type="earning_rule",
            object_id=rule.pk,
            before={"status": before},
            after={"status": rule.status},
        )
    messages.success(request, _("“%(rule)s” is paused.") % {"rule": rule.name})
    return _back(request, rule)


def _problems(form: Any) -> list[tuple[str, str]]:
    found = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        found += [(label, str(error)) for error in errors]
    return found


def _birth_date(day: dt.date) -> dt.date:
    """A birth date whose anniversary, in the club's calendar, is ``day``."""
    if settings.BASHGAH["CALENDAR"] == "jalali":
        jalali = jdatetime.date.fromgregorian(date=day)
        try:
            return jalali.replace(year=jalali.year - 30).togregorian()
        except ValueError:  # 30 Esfand
            return jalali.replace(year=jalali.year - 30, day=29).togregorian()
    try:
        return day.replace(year=day.year - 30)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 30, day=28)


def _sample_context(sample: PreviewForm, tiers: list[Tier]) -> PurchaseContext:
    data = sample.cleaned_data
    tier = next((tier for tier in tiers if tier.code == data.get("sample_tier")), None)
    at = sample.moment(timezone.now())
    facts = MemberFacts(
        tier_code=tier.code if tier else None,
        tier_labels=dict(tier.labels or {}) if tier else {},
        tier_multiplier=tier.points_multiplier if tier else Decimal(1),
        birth_date=_birth_date(at.date()) if data.get("sample_birthday") else None,
        purchases_before=data.get("sample_visits") or 0,
    )
    return PurchaseContext(
        lines=[
            Line(sku=category or "item", category=category, quantity=quantity, unit_price=price)
            for category, quantity, price in sample.lines()
        ],
        local_time=at,
        member=facts,
        currency=settings.BASHGAH["CURRENCY"],
        calendar=settings.BASHGAH["CALENDAR"],
    )


def _explained(awards: list[Award], draft_id: int, language: str) -> list[dict[str, Any]]:
    return [
        {
            "points": award.points,
            "text": explain(award.explanation(), language),
            "is_draft": award.rule_id == draft_id,
        }
        for award in awards
    ]


@staff_required(PROGRAM_EDIT)
@require_POST
def rule_preview(request: HttpRequest) -> HttpResponse:
    """What the rule on the form, with the active rules, gives on the sample basket. The
    rule being edited stands in for its saved self; nothing is saved."""
    language = language_of(request)
    tiers = tiers_ordered()
    rule_id = request.POST.get("rule_id", "")
    editing = int(rule_id) if rule_id.isdigit() else None
    form = RuleForm(request.POST, tiers=tiers, language=language)
    sample = PreviewForm(request.POST, tiers=tiers, language=language)
    context: dict[str, Any] = {"problems": _problems(form) + _problems(sample)}
    if not context["problems"]:
        data = form.rule_data()
        try:
            params, labels = rules.rule_validate(data)
        except rules.InvalidRule as error:
            context["problems"] = [
                (
                    str(form.fields[name].label) if (name := form.field_for(key)) else key,
                    humanize(str(text), language),
                )
                for key, text in error.details.items()
            ]
        else:
            draft = RuleSpec(
                id=editing or 0,
                params=params,
                labels=labels,
                priority=data["priority"],
                is_stackable=data["is_stackable"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                audience_tiers=frozenset(data["audience_tiers"]),
                daily_cap=data["daily_cap"],
                monthly_cap=data["monthly_cap"],
            )
            others = [spec for spec in rules.active_rule_specs() if spec.id != editing]
            purchase = _sample_context(sample, tiers)
            with_rule = evaluate_purchase(purchase, [*others, draft])
            without = evaluate_purchase(purchase, others)
            signup = evaluate_signup(at=purchase.local_time, rules=[draft])
            context.update(
                awards=_explained(with_rule, draft.id, language),
                total=sum(award.points for award in with_rule),
                total_without=sum(award.points for award in without),
                basket=purchase.total,
                moment=purchase.local_time,
                is_live=draft.is_live(purchase.local_time, purchase.member.tier_code),
                signup_points=sum(award.points for award in signup),
                is_signup=data["type"] == "signup",
            )
            context["difference"] = context["total"] - context["total_without"]
            context["fewer"] = max(-context["difference"], 0)
    return page(request, "backoffice/program/_rule_preview.html", context, nav="program")
