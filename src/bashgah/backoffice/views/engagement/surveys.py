"""Surveys: the list, writing one (NPS, satisfaction and the club's own questions) with a live
preview of how many members it would ask and why, sending it to that sample, and the results:
response rate, scores with their confidence intervals, and breakdowns by tier and branch."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.backoffice.forms.surveys import SurveyForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.engagement.common import audience_parts, engagement_page
from bashgah.backoffice.views.pages import language_of, page
from bashgah.core.audit import audit_record
from bashgah.core.digits import localize_digits
from bashgah.core.errors import ApplicationError, NotFound, ValidationFailed
from bashgah.core.money import format_points
from bashgah.segments.models import Lifecycle
from bashgah.staff.permissions import ENGAGEMENT_VIEW, PROGRAM_EDIT
from bashgah.stores.selectors import stores_open
from bashgah.surveys.models import Survey
from bashgah.surveys.selectors import (
    GroupResult,
    survey_results,
    survey_sample_plan,
    surveys_list,
)
from bashgah.surveys.services import survey_create, survey_get, survey_send
from bashgah.surveys.stats import SamplePlan
from bashgah.tiers.selectors import tiers_ordered

SAMPLING_FIELDS = (
    "audience_tiers",
    "audience_stores",
    "audience_active_from",
    "audience_active_until",
    "margin",
    "confidence",
    "min_fraction",
)


def _percent(fraction: float, language: str) -> str:
    shown = Decimal(str(round(fraction * 100, 2))).normalize()
    return localize_digits(f"{shown:f}%", language)


def _shown(plan: SamplePlan, language: str) -> dict[str, str]:
    """The sample's settings as percentages in the reader's digits."""
    return {
        "margin": _percent(plan.margin, language),
        "confidence": _percent(plan.confidence, language),
        "share": _percent(plan.min_fraction, language),
    }


def _survey(survey_id: int) -> Survey:
    try:
        return survey_get(survey_id=survey_id)
    except NotFound:
        raise Http404 from None


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    return engagement_page(
        request,
        "backoffice/engagement/surveys.html",
        {"rows": [(survey, survey.title(language)) for survey in surveys_list()]},
        tab="surveys",
    )


def _form(request: HttpRequest) -> SurveyForm:
    return SurveyForm(
        request.POST if request.method == "POST" else None,
        tiers=tiers_ordered(),
        stores=stores_open(),
        language=language_of(request),
    )


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def survey_create_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            with transaction.atomic():
                survey = survey_create(**values)
                audit_record(
                    actor=request.user,
                    action="survey.create",
                    object_type="survey",
                    object_id=survey.pk,
                    after={
                        "titles": survey.titles,
                        "questions": [question.kind for question in values["questions"]],
                        "audience": survey.audience,
                        "confidence": str(survey.confidence),
                        "margin": str(survey.margin),
                        "min_fraction": str(survey.min_fraction),
                        "points_reward": survey.points_reward,
                    },
                )
        except ApplicationError as error:
            form.place(error)
        else:
            messages.success(
                request, _("The survey is saved as a draft; check its sample and send it.")
            )
            return redirect("backoffice:engagement_survey", survey_id=survey.pk)
    return engagement_page(
        request,
        "backoffice/engagement/survey_form.html",
        {"form": form},
        tab="surveys",
        status=422 if request.method == "POST" else 200,
    )


@staff_required(PROGRAM_EDIT)
@require_POST
def survey_sample(request: HttpRequest) -> HttpResponse:
    """How many members the survey on the form would ask now, and why (nothing is saved)."""
    form = _form(request)
    form.is_valid()
    problems = [
        (str(form.fields[name].label), str(error))
        for name in SAMPLING_FIELDS
        for error in form.errors.get(name, [])
    ]
    context: dict[str, Any] = {"problems": problems}
    if not problems:
        draft = form.draft()
        try:
            plan = survey_sample_plan(survey=draft)
            context.update(plan=plan, shown=_shown(plan, language_of(request)))
        except ValidationFailed as error:
            context["problems"] = [("", str(message)) for message in error.details.values()]
    return page(request, "backoffice/engagement/_survey_sample.html", context, nav="engagement")


def _groups(groups: list[GroupResult], names: dict[str, str]) -> list[tuple[str, GroupResult]]:
    return [(names.get(group.key, group.key) or _("none"), group) for group in groups]


def _results(survey: Survey, language: str) -> dict[str, Any]:
    results = survey_results(survey=survey)
    questions = {question.position: question for question in survey.questions.all()}
    rows = []
    for result in results.questions:
        question = questions[result.position]
        choices = [
            (
                (choice or {}).get(language)
                or (choice or {}).get("fa")
                or (choice or {}).get("en")
                or "",
                count,
            )
            for choice, count in zip(question.choices, result.tallies, strict=False)
        ]
        rows.append({"result": result, "prompt": question.prompt(language), "choices": choices})
    tiers = {tier.code: tier.label(language) for tier in tiers_ordered()}
    stores = {store.code: store.name or store.code for store in stores_open()}
    return {
        "results": results,
        "question_rows": rows,
        "by_tier": _groups(results.by_tier, tiers),
        "by_store": _groups(results.by_store, stores),
        "by_lifecycle": _groups(
            results.by_lifecycle, {state: str(label) for state, label in Lifecycle.choices}
        ),
        "confidence_percent": round(results.confidence * 100),
    }


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    language = language_of(request)
    survey = _survey(survey_id)
    context: dict[str, Any] = {
        "survey": survey,
        "title": survey.title(language),
        "audience": audience_parts(survey.audience, language),
        "questions": [
            (question, question.prompt(language), question.get_kind_display())
            for question in survey.questions.all()
        ],
    }
    context["plan"] = plan = survey_sample_plan(survey=survey)
    context["shown"] = _shown(plan, language)
    if survey.status == Survey.Status.SENT:
        context.update(_results(survey, language))
    return engagement_page(request, "backoffice/engagement/survey.html", context, tab="surveys")


@staff_required(PROGRAM_EDIT)
@require_POST
def survey_send_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(survey_id)
    try:
        with transaction.atomic():
            sent = survey_send(survey=survey)
            audit_record(
                actor=request.user,
                action="survey.send",
                object_type="survey",
                object_id=survey.pk,
                before={"status": Survey.Status.DRAFT},
                after={
                    "status": sent.survey.status,
                    "population": sent.population,
                    "sample": sent.sample,
                    "sample_seed": sent.survey.sample_seed,
                },
            )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The survey is sent to %(sample)s of %(population)s members.")
            % {
                "sample": format_points(sent.sample, language_of(request)),
                "population": format_points(sent.population, language_of(request)),
            },
        )
    return redirect("backoffice:engagement_survey", survey_id=survey.pk)
