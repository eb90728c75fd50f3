"""Segments and campaigns (staff keys): saved segments with live counts and CSV export, the
lifecycle picture, campaigns and automations with their results.

Every write takes an ``Idempotency-Key``; ``POST /segments/count`` is a read (a definition is
too large for a query string) and writes nothing.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from bashgah.api import schemas as s
from bashgah.api.auth import require_staff
from bashgah.api.idempotency import idempotent
from bashgah.audiences.selectors import (
    lifecycle_counts,
    segment_count,
    segment_export_csv,
    segment_preview,
)
from bashgah.audiences.services import (
    segment_archive,
    segment_create,
    segment_definition_check,
    segment_update,
)
from bashgah.campaigns.models import Campaign
from bashgah.campaigns.selectors import campaign_results, campaigns_list
from bashgah.campaigns.services import (
    automation_switch,
    campaign_cancel,
    campaign_create,
    campaign_fan_out,
    campaign_launch,
    campaign_schedule,
    campaign_update,
)
from bashgah.core.errors import NotFound, ValidationFailed
from bashgah.rewards.models import CouponCampaign
from bashgah.segments.definitions import definition_parse
from bashgah.segments.models import Segment

router = Router(tags=["segments and campaigns"])
ERRORS = s.ERRORS
DEFINITION_HELP = (
    "filters, ANDed: tiers, lifecycle, recency_scores, frequency_scores, monetary_scores, "
    "window_spend {min,max}, total_spend, window_purchases, days_since_purchase, "
    "never_purchased, categories, categories_within_days, points_balance, birthday_months, age, "
    "genders, cities, consent, stores, enrolled_within_days, languages"
)


class DefinitionIn(Schema):
    definition: dict[str, Any] = Field(default_factory=dict, description=DEFINITION_HELP)


class SegmentIn(DefinitionIn):
    name: str
    description: str = ""


class SegmentPatchIn(Schema):
    name: str | None = None
    description: str | None = None
    definition: dict[str, Any] | None = Field(None, description=DEFINITION_HELP)


class SegmentOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    status: str
    definition: dict[str, Any]
    member_count: int
    refreshed_at: dt.datetime | None


class MemberBrief(Schema):
    id: int
    card_number: str
    name: str
    lifecycle: str | None
    rfm: str | None


class CountOut(Schema):
    count: int
    preview: list[MemberBrief]


class LifecycleOut(Schema):
    state: str
    label: str
    members: int


def _segment_out(segment: Segment) -> SegmentOut:
    return SegmentOut(
        id=segment.pk,
        name=segment.name,
        description=segment.description,
        kind=segment.kind,
        status=segment.status,
        definition=segment.definition,
        member_count=segment.member_count,
        refreshed_at=segment.refreshed_at,
    )


def _segment(segment_id: int) -> Segment:
    segment = Segment.objects.filter(pk=segment_id).first()
    if segment is None:
        raise NotFound()
    return segment


@router.get("/segments", response={200: list[SegmentOut], **ERRORS}, summary="Saved segments")
def segments(request: HttpRequest) -> list[SegmentOut]:
    require_staff(request)
    rows = Segment.objects.filter(status=Segment.Status.ACTIVE, kind=Segment.Kind.DYNAMIC).order_by(
        "name"
    )
    return [_segment_out(row) for row in rows]


@router.post(
    "/segments/count",
    response={200: CountOut, **ERRORS},
    summary="Live count and the first 20 members of a definition (writes nothing)",
)
def segments_count(request: HttpRequest, payload: DefinitionIn) -> CountOut:
    require_staff(request)
    definition = segment_definition_check(payload.definition)
    preview = segment_preview(definition)
    return CountOut(
        count=segment_count(definition),
        preview=[
            MemberBrief(
                id=member.pk,
                card_number=member.card_number,
                name=member.display_name,
                lifecycle=getattr(getattr(member, "score", None), "lifecycle", None),
                rfm=getattr(getattr(member, "score", None), "rfm", None),
            )
            for member in preview
        ],
    )


@router.post("/segments", response={201: SegmentOut, **ERRORS}, summary="Save a segment")
@idempotent(status=201)
def segment_new(request: HttpRequest, payload: SegmentIn) -> SegmentOut:
    require_staff(request)
    return _segment_out(
        segment_create(
            name=payload.name, definition=payload.definition, description=payload.description
        )
    )


@router.get("/segments/{segment_id}", response={200: SegmentOut, **ERRORS})
def segment_detail(request: HttpRequest, segment_id: int) -> SegmentOut:
    require_staff(request)
    return _segment_out(_segment(segment_id))


@router.patch("/segments/{segment_id}", response={200: SegmentOut, **ERRORS})
@idempotent()
def segment_patch(request: HttpRequest, segment_id: int, payload: SegmentPatchIn) -> SegmentOut:
    require_staff(request)
    return _segment_out(
        segment_update(
            segment=_segment(segment_id),
            name=payload.name,
            description=payload.description,
            definition=payload.definition,
        )
    )


@router.delete("/segments/{segment_id}", response={200: SegmentOut, **ERRORS}, summary="Archive")
@idempotent()
def segment_delete(request: HttpRequest, segment_id: int) -> SegmentOut:
    require_staff(request)
    return _segment_out(segment_archive(segment=_segment(segment_id)))


@router.get(
    "/segments/{segment_id}/export.csv",
    summary="The segment's members as CSV (streamed; money in minor units)",
)
def segment_export(request: HttpRequest, segment_id: int) -> StreamingHttpResponse:
    require_staff(request)
    segment = _segment(segment_id)
    response = StreamingHttpResponse(
        segment_export_csv(definition_parse(segment.definition)), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="segment-{segment.pk}.csv"'
    return response


@router.get("/lifecycle", response={200: list[LifecycleOut], **ERRORS}, summary="Members per state")
def lifecycle(request: HttpRequest) -> list[LifecycleOut]:
    require_staff(request)
    return [
        LifecycleOut(state=c.state, label=c.label, members=c.members) for c in lifecycle_counts()
    ]


# --- campaigns ------------------------------------------------------------------------------


class Template(Schema):
    subject: str = ""
    body: str


class CampaignIn(Schema):
    name: str
    kind: Literal["campaign", "automation"] = "campaign"
    trigger: str = Field("", description="automations: welcome, thank_you, birthday, …")
    channel: Literal["sms", "email"]
    segment: int | None = None
    templates: dict[str, Template] = Field(description="per language: fa, he, en")
    control_percent: int = 10
    conversion_days: int = 14
    offer: Literal["none", "bonus_rule", "coupon"] = "none"
    offer_rule: dict[str, Any] = Field(
        default_factory=dict, description='{"type": rule type, "params": {…}, "days": N}'
    )
    offer_coupon_campaign: int | None = None


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    trigger: str
    status: str
    channel: str
    segment: int | None
    control_percent: int
    conversion_days: int
    offer: str
    scheduled_at: dt.datetime | None
    launched_at: dt.datetime | None
    finished_at: dt.datetime | None


class ScheduleIn(Schema):
    at: dt.datetime


class SwitchIn(Schema):
    on: bool


class GroupOut(Schema):
    members: int
    converted: int
    rate: float
    revenue: int


class LiftOut(Schema):
    absolute: float
    low: float
    high: float
    relative: float | None
    significant: bool
    incremental_revenue: int


class ResultsOut(Schema):
    campaign: CampaignOut
    messages: dict[str, int]
    opted_out: int
    treatment: GroupOut
    control: GroupOut
    lift: LiftOut | None


def _campaign_out(campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.pk,
        name=campaign.name,
        kind=campaign.kind,
        trigger=campaign.trigger,
        status=campaign.status,
        channel=campaign.channel,
        segment=campaign.segment_id,
        control_percent=campaign.control_percent,
        conversion_days=campaign.conversion_days,
        offer=campaign.offer,
        scheduled_at=campaign.scheduled_at,
        launched_at=campaign.launched_at,
        finished_at=campaign.finished_at,
    )


def _campaign(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound()
    return campaign


def _campaign_data(payload: CampaignIn) -> dict[str, Any]:
    coupon = None
    if payload.offer_coupon_campaign is not None:
        coupon = CouponCampaign.objects.filter(pk=payload.offer_coupon_campaign).first()
        if coupon is None:
            raise ValidationFailed(
                details={"offer_coupon_campaign": _("This coupon campaign does not exist.")}
            )
    segment = _segment(payload.segment) if payload.segment is not None else None
    data: dict[str, Any] = {
        "name": payload.name,
        "channel": payload.channel,
        "segment": segment,
        "templates": {k: v.model_dump() for k, v in payload.templates.items()},
        "control_percent": payload.control_percent,
        "conversion_days": payload.conversion_days,
        "offer": payload.offer,
        "offer_rule": payload.offer_rule,
        "offer_coupon_campaign": coupon,
    }
    if payload.kind == "automation":
        data["trigger"] = payload.trigger
    return data


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS})
def campaigns(request: HttpRequest, kind: Literal["campaign", "automation"] = "campaign") -> Any:
    require_staff(request)
    return [_campaign_out(row) for row in campaigns_list(kind=kind)]


@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="Create (a draft)")
@idempotent(status=201)
def campaign_new(request: HttpRequest, payload: CampaignIn) -> CampaignOut:
    require_staff(request)
    return _campaign_out(campaign_create(kind=payload.kind, **_campaign_data(payload)))


@router.put("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS})
@idempotent()
def campaign_replace(request: HttpRequest, campaign_id: int, payload: CampaignIn) -> CampaignOut:
    require_staff(request)
    campaign = _campaign(campaign_id)
    return _campaign_out(campaign_update(campaign=campaign, **_campaign_data(payload)))


@router.post("/campaigns/{campaign_id}/schedule", response={200: CampaignOut, **ERRORS})
@idempotent()
def campaign_at(request: HttpRequest, campaign_id: int, payload: ScheduleIn) -> CampaignOut:
    require_staff(request)
    campaign = _campaign(campaign_id)
    return _campaign_out(campaign_schedule(campaign=campaign, at=payload.at))


@router.post(
    "/campaigns/{campaign_id}/launch",
    response={200: CampaignOut, **ERRORS},
    summary="Send now: the first batches go in this request, the worker does the rest",
)
@idempotent()
def campaign_go(request: HttpRequest, campaign_id: int) -> CampaignOut:
    require_staff(request)
    campaign = campaign_launch(campaign=_campaign(campaign_id))
    campaign_fan_out(campaign=campaign, max_batches=2)
    campaign.refresh_from_db()
    return _campaign_out(campaign)


@router.post("/campaigns/{campaign_id}/cancel", response={200: CampaignOut, **ERRORS})
@idempotent()
def campaign_stop(request: HttpRequest, campaign_id: int) -> CampaignOut:
    require_staff(request)
    return _campaign_out(campaign_cancel(campaign=_campaign(campaign_id)))


@router.post("/campaigns/{campaign_id}/switch", response={200: CampaignOut, **ERRORS})
@idempotent()
def automation_on_off(request: HttpRequest, campaign_id: int, payload: SwitchIn) -> CampaignOut:
    require_staff(request)
    campaign = _campaign(campaign_id)
    return _campaign_out(automation_switch(campaign=campaign, on=payload.on))


@router.get("/campaigns/{campaign_id}/results", response={200: ResultsOut, **ERRORS})
def results(request: HttpRequest, campaign_id: int) -> ResultsOut:
    require_staff(request)
    found = campaign_results(campaign=_campaign(campaign_id))

    def group(g: Any) -> GroupOut:
        return GroupOut(members=g.members, converted=g.converted, rate=g.rate, revenue=g.revenue)

    lift = found.lift
    return ResultsOut(
        campaign=_campaign_out(found.campaign),
        messages=found.messages,
        opted_out=found.opted_out,
        treatment=group(found.treatment),
        control=group(found.control),
        lift=LiftOut(
            absolute=lift.absolute,
            low=lift.low,
            high=lift.high,
            relative=lift.relative,
            significant=lift.significant,
            incremental_revenue=lift.incremental_revenue,
        )
        if lift
        else None,
    )
