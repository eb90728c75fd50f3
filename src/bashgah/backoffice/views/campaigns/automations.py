"""Automations: messages sent to one member at a time when something happens (joining, a
purchase, a birthday, turning at risk …). The list shows every trigger with its automations and
a switch; each is written with the campaign form and has the campaigns' results page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.backoffice.forms.campaigns import CampaignForm, placeholders
from bashgah.backoffice.views.campaigns.common import (
    CAMPAIGN_AUDITED,
    campaign_form,
    campaigns_page,
    place_campaign_errors,
)
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, snapshot
from bashgah.campaigns.models import Campaign, Trigger
from bashgah.campaigns.selectors import campaigns_list, recipient_counts
from bashgah.campaigns.services import automation_switch, campaign_create, campaign_update
from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError
from bashgah.staff.permissions import CAMPAIGNS, CAMPAIGNS_VIEW, can


def _automations() -> Any:
    return Campaign.objects.filter(kind=Campaign.Kind.AUTOMATION).select_related("segment")


@staff_required(CAMPAIGNS_VIEW)
@require_GET
def automation_list(request: HttpRequest) -> HttpResponse:
    automations = campaigns_list(kind=Campaign.Kind.AUTOMATION)
    counts = recipient_counts(campaign_ids=[automation.pk for automation in automations])
    by_trigger: dict[str, list[tuple[Campaign, int]]] = {}
    for automation in sorted(automations, key=lambda row: row.pk):
        by_trigger.setdefault(automation.trigger, []).append(
            (automation, counts.get(automation.pk, 0))
        )
    return campaigns_page(
        request,
        "backoffice/campaigns/automations.html",
        {
            "triggers": [
                (value, label, by_trigger.get(value, [])) for value, label in Trigger.choices
            ],
            "can_edit": can(request.user, CAMPAIGNS),
        },
        tab="automations",
    )


def _automation_page(
    request: HttpRequest, form: CampaignForm, automation: Campaign | None, status: int
) -> HttpResponse:
    return campaigns_page(
        request,
        "backoffice/campaigns/automation_form.html",
        {"form": form, "automation": automation, "placeholders": placeholders()},
        tab="automations",
        status=status,
    )


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def automation_create_view(request: HttpRequest) -> HttpResponse:
    trigger = request.GET.get("trigger", "")
    initial = (
        None
        if request.method == "POST"
        else {
            "trigger": trigger if trigger in Trigger.values else Trigger.WELCOME,
            "channel": Campaign.Channel.SMS,
            "offer": Campaign.Offer.NONE,
            "control_percent": 10,
            "conversion_days": 14,
        }
    )
    form = campaign_form(request, kind=Campaign.Kind.AUTOMATION, initial=initial)
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            with transaction.atomic():
                automation = campaign_create(kind=Campaign.Kind.AUTOMATION, **form.values())
                audit_record(
                    actor=request.user,
                    action="automation.create",
                    object_type="campaign",
                    object_id=automation.pk,
                    after=snapshot(automation, CAMPAIGN_AUDITED),
                )
        except ApplicationError as error:
            place_campaign_errors(form, error, language_of(request))
        else:
            messages.success(
                request, _("The automation is saved. It is off until you switch it on.")
            )
            return redirect("backoffice:automations")
    return _automation_page(request, form, None, 422 if posted else 200)


@staff_required(CAMPAIGNS)
@require_http_methods(["GET", "POST"])
def automation_edit(request: HttpRequest, automation_id: int) -> HttpResponse:
    automation = get_object_or_404(_automations(), pk=automation_id)
    form = campaign_form(request, kind=Campaign.Kind.AUTOMATION, campaign=automation)
    posted = request.method == "POST"
    if posted and form.is_valid():
        before = snapshot(automation, CAMPAIGN_AUDITED)
        try:
            with transaction.atomic():
                campaign_update(campaign=automation, **form.values())
                audit_record(
                    actor=request.user,
                    action="automation.update",
                    object_type="campaign",
                    object_id=automation.pk,
                    before=before,
                    after=snapshot(automation, CAMPAIGN_AUDITED),
                )
        except ApplicationError as error:
            automation.refresh_from_db()
            place_campaign_errors(form, error, language_of(request))
        else:
            messages.success(request, _("The automation is saved."))
            return redirect("backoffice:automations")
    return _automation_page(request, form, automation, 422 if posted else 200)


@staff_required(CAMPAIGNS)
@require_POST
def automation_switch_view(request: HttpRequest, automation_id: int) -> HttpResponse:
    """``on=1`` switches it on, anything else off."""
    automation = get_object_or_404(_automations(), pk=automation_id)
    on = request.POST.get("on") == "1"
    before = snapshot(automation, ("status",))
    with transaction.atomic():
        automation_switch(campaign=automation, on=on)
        audit_record(
            actor=request.user,
            action="automation.switch",
            object_type="campaign",
            object_id=automation.pk,
            before=before,
            after=snapshot(automation, ("status",)),
        )
    if on:
        messages.success(request, _("“%(name)s” is on.") % {"name": automation.name})
    else:
        messages.success(request, _("“%(name)s” is off.") % {"name": automation.name})
    return redirect("backoffice:automations")
