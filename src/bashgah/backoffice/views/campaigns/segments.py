"""Saved segments: the list, the builder with a live count and a preview of the first members,
saving, archiving, and the CSV export of a segment's members; the lifecycle picture (states and
the RFM map) with its thresholds and a recompute on demand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.audiences.selectors import (
    lifecycle_counts,
    rfm_grid,
    scores_computed_at,
    segment_count,
    segment_export_csv,
    segment_preview,
)
from bashgah.audiences.services import (
    audiences_recompute,
    segment_archive,
    segment_create,
    segment_definition_check,
    segment_update,
)
from bashgah.backoffice.forms.segments import (
    ERROR_FIELDS,
    WIDE,
    LifecyclePolicyForm,
    SegmentForm,
)
from bashgah.backoffice.views.campaigns.common import campaigns_page, percent, stores_to_choose
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, page, place_errors, snapshot
from bashgah.core.audit import audit_record
from bashgah.core.calendars import local_date
from bashgah.core.errors import ApplicationError, ValidationFailed
from bashgah.core.money import format_points
from bashgah.members.models import Member
from bashgah.segments.definitions import SegmentDefinition
from bashgah.segments.models import Segment
from bashgah.segments.selectors import segment_policy
from bashgah.segments.services import segment_policy_update
from bashgah.staff.permissions import AUDIENCES_MANAGE, CAMPAIGNS, CAMPAIGNS_VIEW, can
from bashgah.tiers.selectors import tiers_ordered

AUDITED = ("name", "description", "definition", "member_count")
POLICY_FIELDS = ("new_days", "at_risk_days", "lost_days", "loyal_purchases")
PREVIEW_SIZE = 20
SCORES = (1, 2, 3, 4, 5)


def _segments() -> Any:
    return Segment.objects.filter(status=Segment.Status.ACTIVE, kind=Segment.Kind.DYNAMIC)


def _form(request: HttpRequest, segment: Segment | None = None) -> SegmentForm:
    posted = request.method == "POST"
    return SegmentForm(
        request.POST if posted else None,
        tiers=tiers_ordered(),
        stores=stores_to_choose(),
        language=language_of(request),
        segment=segment,
    )


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def segment_list(request: HttpRequest) -> HttpResponse:
    return campaigns_page(
        request,
        "backoffice/campaigns/segments.html",
        {"segments": _segments().order_by("name"), "can_edit": can(request.user, CAMPAIGNS)},
        tab="segments",
    )


def _builder(
    request: HttpRequest, form: SegmentForm, segment: Segment | None, status: int
) -> HttpResponse:
    return campaigns_page(
        request,
        "backoffice/campaigns/segment_form.html",
        {"form": form, "segment": segment, "wide_fields": WIDE},
        tab="segments",
        status=status,
    )


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def segment_create_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            with transaction.atomic():
                segment = segment_create(
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    definition=form.definition(),
                )
                audit_record(
                    actor=request.user,
                    action="segment.create",
                    object_type="segment",
                    object_id=segment.pk,
                    after=snapshot(segment, AUDITED),
                )
        except ApplicationError as error:
            place_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("The segment is saved: %(count)s members.")
                % {"count": _count_text(segment.member_count, request)},
            )
            return redirect("backoffice:segments")
    return _builder(request, form, None, 422 if posted else 200)


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def segment_edit(request: HttpRequest, segment_id: int) -> HttpResponse:
    segment = get_object_or_404(_segments(), pk=segment_id)
    form = _form(request, segment)
    posted = request.method == "POST"
    if posted and form.is_valid():
        before = snapshot(segment, AUDITED)
        try:
            with transaction.atomic():
                segment_update(
                    segment=segment,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    definition=form.definition(),
                )
                audit_record(
                    actor=request.user,
                    action="segment.update",
                    object_type="segment",
                    object_id=segment.pk,
                    before=before,
                    after=snapshot(segment, AUDITED),
                )
        except ApplicationError as error:
            segment.refresh_from_db()
            place_errors(form, error, ERROR_FIELDS)
        else:
            messages.success(
                request,
                _("The segment is saved: %(count)s members.")
                % {"count": _count_text(segment.member_count, request)},
            )
            return redirect("backoffice:segments")
    return _builder(request, form, segment, 422 if posted else 200)


def _count_text(count: int, request: HttpRequest) -> str:
    return format_points(count, language_of(request))


def _definition_or_problems(
    request: HttpRequest,
) -> tuple[SegmentDefinition | None, list[tuple[str, str]]]:
    """The definition on the builder as it stands, or what stops it (its name is not needed)."""
    form = _form(request)
    form.is_valid()
    problems = [
        (str(form.fields[name].label), str(message))
        for name, errors in form.errors.items()
        if name not in ("name", "description")
        for message in errors
    ]
    if problems:
        return None, problems
    try:
        return segment_definition_check(form.definition()), []
    except ValidationFailed as error:
        found = []
        for key, message in error.details.items():
            name = ERROR_FIELDS.get(key) or key.split(".")[0]
            name = ERROR_FIELDS.get(name, name)
            label = str(form.fields[name].label) if name in form.fields else ""
            found.append((label, str(message)))
        return None, found


@staff_required(CAMPAIGNS)
@require_POST
def segment_count_view(request: HttpRequest) -> HttpResponse:
    """How many active members the builder's filters match now (htmx, as fields change)."""
    definition, problems = _definition_or_problems(request)
    context: dict[str, Any] = {"problems": problems}
    if definition is not None:
        count = segment_count(definition)
        everyone = Member.objects.filter(status=Member.Status.ACTIVE).count()
        context.update(
            count=count,
            share=percent(count / everyone if everyone else 0, language_of(request)),
            everyone=everyone,
            is_everyone=definition.is_empty(),
        )
    return page(request, "backoffice/campaigns/_segment_count.html", context, nav="campaigns")


@staff_required(CAMPAIGNS)
@require_POST
def segment_preview_view(request: HttpRequest) -> HttpResponse:
    """The first members the builder's filters match, with their figures."""
    definition, problems = _definition_or_problems(request)
    context: dict[str, Any] = {"problems": problems, "size": PREVIEW_SIZE}
    if definition is not None:
        context["members"] = segment_preview(definition, limit=PREVIEW_SIZE)
    return page(request, "backoffice/campaigns/_segment_preview.html", context, nav="campaigns")


@staff_required(CAMPAIGNS)
@require_POST
def segment_archive_view(request: HttpRequest, segment_id: int) -> HttpResponse:
    segment = get_object_or_404(_segments(), pk=segment_id)
    before = snapshot(segment, ("status", "member_count"))
    with transaction.atomic():
        segment_archive(segment=segment)
        audit_record(
            actor=request.user,
            action="segment.archive",
            object_type="segment",
            object_id=segment.pk,
            before=before,
            after=snapshot(segment, ("status", "member_count")),
        )
    messages.success(request, _("“%(name)s” is archived.") % {"name": segment.name})
    return redirect("backoffice:segments")


@staff_required(CAMPAIGNS)  # type: ignore[arg-type]  # a streamed response, not an HttpResponse
@require_POST
def segment_export(request: HttpRequest, segment_id: int) -> StreamingHttpResponse:
    """The segment's members as CSV, as the definition matches them now; streamed, so a large
    segment never sits in memory. Who exported what, and when, is in the audit log."""
    segment = get_object_or_404(_segments(), pk=segment_id)
    definition = segment_definition_check(segment.definition)
    at = timezone.now()
    audit_record(
        actor=request.user,
        action="segment.export",
        object_type="segment",
        object_id=segment.pk,
        after={"definition": segment.definition, "at": at.isoformat()},
    )
    response = StreamingHttpResponse(
        segment_export_csv(definition, at=at), content_type="text/csv; charset=utf-8"
    )
    filename = f"segment-{segment.pk}-{local_date(at).isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # members' personal data
    return response


# --- lifecycle -------------------------------------------------------------------------------


def _heat(count: int, most: int) -> int:
    """0–5, for the RFM map's shading (a class, since the CSP allows no inline style)."""
    if not count or not most:
        return 0
    return max(1, round(5 * count / most))


def _lifecycle_page(
    request: HttpRequest, policy_form: LifecyclePolicyForm | None = None, status: int = 200
) -> HttpResponse:
    language = language_of(request)
    counts = lifecycle_counts()
    total = sum(row.members for row in counts)
    grid = rfm_grid()
    most = max(grid.values(), default=0)
    policy = segment_policy()
    return campaigns_page(
        request,
        "backoffice/campaigns/lifecycle.html",
        {
            "states": [
                (row, percent(row.members / total if total else 0, language)) for row in counts
            ],
            "total": total,
            "grid": [
                (
                    recency,
                    [
                        (
                            grid.get((recency, frequency), 0),
                            _heat(grid.get((recency, frequency), 0), most),
                        )
                        for frequency in SCORES
                    ],
                )
                for recency in reversed(SCORES)
            ],
            "scores": SCORES,
            "computed_at": scores_computed_at(),
            "policy": policy,
            "policy_form": policy_form
            or LifecyclePolicyForm(initial={name: getattr(policy, name) for name in POLICY_FIELDS}),
            "can_manage": can(request.user, AUDIENCES_MANAGE),
        },
        tab="lifecycle",
        status=status,
    )


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def lifecycle(request: HttpRequest) -> HttpResponse:
    return _lifecycle_page(request)


@staff_required(AUDIENCES_MANAGE)
@require_POST
def lifecycle_policy(request: HttpRequest) -> HttpResponse:
    form = LifecyclePolicyForm(request.POST)
    if form.is_valid():
        before = snapshot(segment_policy(), POLICY_FIELDS)
        try:
            with transaction.atomic():
                policy = segment_policy_update(**form.cleaned_data)
                audit_record(
                    actor=request.user,
                    action="segment_policy.update",
                    object_type="segment_policy",
                    object_id=policy.pk,
                    before=before,
                    after=snapshot(policy, POLICY_FIELDS),
                )
        except ApplicationError as error:
            place_errors(form, error)
        else:
            messages.success(
                request, _("The thresholds are saved; they apply from the next recompute.")
            )
            return redirect("backoffice:lifecycle")
    return _lifecycle_page(request, policy_form=form, status=422)


@staff_required(AUDIENCES_MANAGE)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """Recompute scores, lifecycle states and every segment now, as the nightly job does."""
    run = audiences_recompute()
    audit_record(
        actor=request.user,
        action="audiences.recompute",
        object_type="segments",
        object_id="all",
        after={
            "window_changed": run.window_changed,
            "scores_written": run.scores_written,
            "segments": run.segments,
            "seconds": str(run.seconds),
        },
    )
    messages.success(
        request,
        _("Recomputed: %(scores)s member scores changed, %(segments)s segments refreshed.")
        % {
            "scores": _count_text(run.scores_written, request),
            "segments": _count_text(run.segments, request),
        },
    )
    return redirect("backoffice:lifecycle")
