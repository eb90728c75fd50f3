"""One-off campaigns: the list, writing one (message per language with a preview, control
group, offer), scheduling it, starting it now with its progress, cancelling it, and its
results (the same results page serves automations)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.backoffice.forms.campaigns import (
    CampaignForm,
    ScheduleForm,
    placeholders,
    templates_from,
)
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.backoffice.views.campaigns.common import (
    CAMPAIGN_AUDITED,
    campaign_form,
    campaigns_page,
    number_text,
    percent,
    percentage_number,
    place_campaign_errors,
)
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, page, snapshot
from bashgah.campaigns.models import Campaign
from bashgah.campaigns.personalise import LANGUAGES, preview_contact, render, templates_check
from bashgah.campaigns.selectors import (
    campaign_progress,
    campaign_results,
    campaigns_list,
    recipient_counts,
)
from bashgah.campaigns.services import (
    CampaignStateError,
    campaign_cancel,
    campaign_create,
    campaign_fan_out,
    campaign_launch,
    campaign_schedule,
    campaign_update,
)
from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError, ValidationFailed
from bashgah.messaging.models import Message
from bashgah.staff.permissions import CAMPAIGNS, CAMPAIGNS_VIEW, can

# Starting a campaign from the page sends this much at once; a larger audience goes on in the
# worker (``campaigns_run_due``), and the page shows how far it has come.
LAUNCH_BATCH = 2000
LAUNCH_BATCHES = 2
EDITABLE = (Campaign.Status.DRAFT,)


def _campaigns() -> Any:
    return Campaign.objects.filter(kind=Campaign.Kind.CAMPAIGN).select_related("segment")


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = campaigns_list(kind=Campaign.Kind.CAMPAIGN)
    counts = recipient_counts(campaign_ids=[campaign.pk for campaign in rows])
    return campaigns_page(
        request,
        "backoffice/campaigns/campaigns.html",
        {
            "rows": [(campaign, counts.get(campaign.pk, 0)) for campaign in rows],
            "can_edit": can(request.user, CAMPAIGNS),
        },
        tab="campaigns",
    )


def _campaign_page(
    request: HttpRequest,
    form: CampaignForm,
    campaign: Campaign | None,
    *,
    schedule: ScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "campaign": campaign,
        "placeholders": placeholders(),
        "schedule": schedule or ScheduleForm(),
    }
    if campaign is not None and campaign.status not in EDITABLE:
        form.disable()
        context["form_locked"] = True
        context.update(template_previews(campaign.templates, campaign.channel))
    if campaign is not None and campaign.status in (Campaign.Status.SENDING, Campaign.Status.SENT):
        context["progress"] = campaign_progress(campaign=campaign)
    template = "backoffice/campaigns/campaign_form.html"
    return campaigns_page(request, template, context, tab="campaigns", status=status)


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    form = campaign_form(request, kind=Campaign.Kind.CAMPAIGN)
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            with transaction.atomic():
                campaign = campaign_create(kind=Campaign.Kind.CAMPAIGN, **form.values())
                audit_record(
                    actor=request.user,
                    action="campaign.create",
                    object_type="campaign",
                    object_id=campaign.pk,
                    after=snapshot(campaign, CAMPAIGN_AUDITED),
                )
        except ApplicationError as error:
            place_campaign_errors(form, error, language_of(request))
        else:
            messages.success(request, _("The campaign is saved as a draft."))
            return redirect("backoffice:campaign", campaign_id=campaign.pk)
    return _campaign_page(request, form, None, status=422 if posted else 200)


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The campaign's form while it is a draft; afterwards the same fields, read only, with
    what can still be done (start, cancel) and how far sending has come."""
    campaign = get_object_or_404(_campaigns(), pk=campaign_id)
    form = campaign_form(request, kind=Campaign.Kind.CAMPAIGN, campaign=campaign)
    posted = request.method == "POST"
    if posted and campaign.status not in EDITABLE:
        messages.error(request, _("A campaign cannot be changed once it is scheduled or sent."))
        return redirect("backoffice:campaign", campaign_id=campaign.pk)
    if posted and form.is_valid():
        before = snapshot(campaign, CAMPAIGN_AUDITED)
        try:
            with transaction.atomic():
                campaign_update(campaign=campaign, **form.values())
                audit_record(
                    actor=request.user,
                    action="campaign.update",
                    object_type="campaign",
                    object_id=campaign.pk,
                    before=before,
                    after=snapshot(campaign, CAMPAIGN_AUDITED),
                )
        except ApplicationError as error:
            campaign.refresh_from_db()
            place_campaign_errors(form, error, language_of(request))
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("backoffice:campaign", campaign_id=campaign.pk)
    return _campaign_page(request, form, campaign, status=422 if posted else 200)


@staff_required(CAMPAIGNS)
@require_POST
def template_preview(request: HttpRequest) -> HttpResponse:
    """Each language's message as a sample member would read it; nothing is saved."""
    context = template_previews(templates_from(request.POST), request.POST.get("channel", ""))
    return page(request, "backoffice/campaigns/_template_preview.html", context, nav="campaigns")


def template_previews(templates: dict[str, Any], channel: str) -> dict[str, Any]:
    """Each language's message rendered for a sample member, or what is wrong with them."""
    channel = channel if channel in Campaign.Channel.values else Campaign.Channel.SMS
    try:
        templates_check(templates, channel=channel)
    except ValidationFailed as error:
        problems = [_problem(key, str(text)) for key, text in error.details.items()]
        return {"problems": problems, "previews": []}
    previews = []
    for language in LANGUAGES:
        if language in templates:
            _language, subject, body = render(templates, preview_contact(language))
            previews.append(
                {"language": language, "subject": subject, "body": body, "rtl": language != "en"}
            )
    return {"problems": [], "previews": previews}


def _problem(key: str, text: str) -> tuple[str, str]:
    parts = key.split(".")
    language = LANGUAGE_NAMES.get(parts[1]) if len(parts) > 1 else None
    return (str(language) if language else "", text)


def _state_error(request: HttpRequest, error: ApplicationError) -> None:
    messages.error(request, str(error.message))


@staff_required(CAMPAIGNS)
@require_POST
def campaign_schedule_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(_campaigns(), pk=campaign_id)
    schedule = ScheduleForm(request.POST)
    if schedule.is_valid():
        before = snapshot(campaign, ("status", "scheduled_at"))
        try:
            with transaction.atomic():
                campaign_schedule(campaign=campaign, at=schedule.moment())
                audit_record(
                    actor=request.user,
                    action="campaign.schedule",
                    object_type="campaign",
                    object_id=campaign.pk,
                    before=before,
                    after=snapshot(campaign, ("status", "scheduled_at")),
                )
        except CampaignStateError as error:
            campaign.refresh_from_db()
            _state_error(request, error)
            return redirect("backoffice:campaign", campaign_id=campaign.pk)
        except ValidationFailed as error:
            campaign.refresh_from_db()
            for key, message in error.details.items():
                schedule.add_error(schedule.field_for(key), str(message))
        else:
            messages.success(request, _("The campaign is scheduled."))
            return redirect("backoffice:campaign", campaign_id=campaign.pk)
    form = campaign_form(request, kind=Campaign.Kind.CAMPAIGN, campaign=campaign, bound=False)
    return _campaign_page(request, form, campaign, schedule=schedule, status=422)


@staff_required(CAMPAIGNS)
@require_POST
def campaign_launch_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Start now: the audience is refreshed and the offer set up (``campaign_launch``), then
    the first batches are sent here; the worker carries on with a large audience."""
    campaign = get_object_or_404(_campaigns(), pk=campaign_id)
    before = snapshot(campaign, ("status", "launched_at"))
    try:
        with transaction.atomic():
            campaign = campaign_launch(campaign=campaign)
            audit_record(
                actor=request.user,
                action="campaign.launch",
                object_type="campaign",
                object_id=campaign.pk,
                before=before,
                after=snapshot(campaign, ("status", "launched_at", "bonus_rule")),
            )
    except CampaignStateError as error:
        _state_error(request, error)
        return redirect("backoffice:campaign", campaign_id=campaign.pk)
    done = campaign_fan_out(campaign=campaign, batch=LAUNCH_BATCH, max_batches=LAUNCH_BATCHES).done
    if done:
        messages.success(request, _("The campaign is sent."))
    else:
        messages.info(request, _("Sending has started; it goes on in the background."))
    return redirect("backoffice:campaign", campaign_id=campaign.pk)


@staff_required(CAMPAIGNS)
@require_POST
def campaign_cancel_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(_campaigns(), pk=campaign_id)
    before = snapshot(campaign, ("status",))
    try:
        with transaction.atomic():
            campaign = campaign_cancel(campaign=campaign)
            audit_record(
                actor=request.user,
                action="campaign.cancel",
                object_type="campaign",
                object_id=campaign.pk,
                before=before,
                after=snapshot(campaign, ("status",)),
            )
    except CampaignStateError as error:
        _state_error(request, error)
    else:
        messages.success(request, _("The campaign is cancelled."))
    return redirect("backoffice:campaign", campaign_id=campaign.pk)


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def campaign_progress_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """How far sending has come. htmx asks every few seconds while it goes on and gets the
    fragment; opened directly, it is a page of its own."""
    campaign = get_object_or_404(
        Campaign.objects.filter(kind=Campaign.Kind.CAMPAIGN), pk=campaign_id
    )
    context = {"campaign": campaign, "progress": campaign_progress(campaign=campaign)}
    if request.headers.get("HX-Request"):
        return page(request, "backoffice/campaigns/_progress.html", context, nav="campaigns")
    return campaigns_page(request, "backoffice/campaigns/progress.html", context, tab="campaigns")


# --- results ---------------------------------------------------------------------------------


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def campaign_results_view(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """What a campaign or an automation did: its messages, who converted among the told and the
    held back, and the difference with its 95 % interval."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    language = language_of(request)
    results = campaign_results(campaign=campaign)
    statuses = dict(Message.Status.choices)
    groups = [
        (_("Told"), "treatment", results.treatment),
        (_("Control (not told)"), "control", results.control),
    ]
    context: dict[str, Any] = {
        "campaign": campaign,
        "results": results,
        "messages_by_status": [
            (status, statuses.get(status, status), count)
            for status, count in sorted(results.messages.items())
        ],
        "messages_total": sum(results.messages.values()),
        "groups": [
            {
                "label": label,
                "key": key,
                "members": group.members,
                "converted": group.converted,
                "rate": percent(group.rate, language),
                "revenue": group.revenue,
            }
            for label, key, group in groups
        ],
        "automation": campaign.kind == Campaign.Kind.AUTOMATION,
    }
    lift = results.lift
    if lift is not None:
        context["lift"] = {
            "absolute": _points(lift.absolute, language),
            "low": _points(lift.low, language),
            "high": _points(lift.high, language),
            "relative": (
                isolated(percent(lift.relative, language)) if lift.relative is not None else ""
            ),
            "significant": lift.significant,
            "positive": lift.absolute > 0,
            "incremental_revenue": lift.incremental_revenue,
        }
    tab = "automations" if campaign.kind == Campaign.Kind.AUTOMATION else "campaigns"
    return campaigns_page(request, "backoffice/campaigns/results.html", context, tab=tab)


def _points(fraction: float, language: str) -> str:
    """A difference of two rates in percentage points, signed: "+3.2"."""
    number = percentage_number(fraction)
    signed = number if number.startswith("-") or number == "0" else f"+{number}"
    return isolated(number_text(signed, language))


def isolated(text: str) -> str:
    """A signed number kept left to right inside right-to-left text (Unicode isolates, so the
    sign stays in front without markup in the translated sentence)."""
    return f"\u2066{text}\u2069"
