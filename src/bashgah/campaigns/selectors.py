"""What a campaign did: delivery, conversion and revenue, and the lift over its control group.

A recipient converted when they bought within ``conversion_days`` of being assigned (the
control group is assigned at the same moment, so both groups are measured over the same
days). Revenue is what those purchases came to, net of returns. Lift is the difference of the
two conversion rates with a 95 % interval (normal approximation for a difference of
proportions), and the extra revenue per told member against the control.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from bashgah.campaigns.models import Campaign, Recipient
from bashgah.members.models import Member
from bashgah.messaging.models import Message
from bashgah.messaging.services.send import SUPPRESS_NO_CONSENT
from bashgah.purchases.models import Purchase
from bashgah.segments.models import SegmentMember

Z_95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class GroupResult:
    members: int
    converted: int
    revenue: int  # minor units

    @property
    def rate(self) -> float:
        return self.converted / self.members if self.members else 0.0

    @property
    def revenue_per_member(self) -> float:
        return self.revenue / self.members if self.members else 0.0


@dataclass(frozen=True, slots=True)
class Lift:
    absolute: float  # treatment rate − control rate
    low: float  # 95 % interval of ``absolute``
    high: float
    relative: float | None  # absolute / control rate
    significant: bool  # the interval excludes zero
    incremental_revenue: int  # (revenue per told − per control) × told members


@dataclass(frozen=True, slots=True)
class CampaignResults:
    campaign: Campaign
    messages: dict[str, int]  # status -> count
    opted_out: int  # suppressed for lack of consent at send time
    treatment: GroupResult
    control: GroupResult
    lift: Lift | None  # None without a control group


def _groups(campaign: Campaign) -> dict[str, GroupResult]:
    """Both groups' members, conversions and revenue in one query over the recipients."""
    days = dt.timedelta(days=campaign.conversion_days)
    purchases = Purchase.objects.filter(
        member_id=OuterRef("member_id"),
        paid_at__gte=OuterRef("created_at"),
        paid_at__lt=OuterRef("until"),
    )
    revenue = (
        purchases.values("member_id")
        .annotate(total=Sum(F("total") - F("returned_amount")))
        .values("total")[:1]
    )
    rows = (
        Recipient.objects.filter(campaign=campaign)
        .annotate(
            until=ExpressionWrapper(F("created_at") + Value(days), output_field=DateTimeField())
        )
        .annotate(
            bought=Exists(purchases),
            spent=Coalesce(Subquery(revenue, output_field=BigIntegerField()), 0),
        )
        .values("group")
        .annotate(
            members=Count("pk"),
            converted=Count("pk", filter=Q(bought=True)),
            revenue=Coalesce(Sum("spent"), 0),
        )
        .values_list("group", "members", "converted", "revenue")
    )
    found = {
        group: GroupResult(members, converted, int(revenue))
        for group, members, converted, revenue in rows
    }
    return {group: found.get(group, GroupResult(0, 0, 0)) for group in Recipient.Group.values}


def lift_of(treatment: GroupResult, control: GroupResult) -> Lift | None:
    if not treatment.members or not control.members:
        return None
    p_t, p_c = treatment.rate, control.rate
    difference = p_t - p_c
    error = math.sqrt(p_t * (1 - p_t) / treatment.members + p_c * (1 - p_c) / control.members)
    low, high = difference - Z_95 * error, difference + Z_95 * error
    return Lift(
        absolute=difference,
        low=low,
        high=high,
        relative=difference / p_c if p_c else None,
        significant=low > 0 or high < 0,
        incremental_revenue=round(
            (treatment.revenue_per_member - control.revenue_per_member) * treatment.members
        ),
    )


def campaign_results(*, campaign: Campaign) -> CampaignResults:
    messages: dict[str, int] = {}
    opted_out = 0
    for status, reason, count in (
        Message.objects.filter(campaign_id=campaign.pk)
        .values_list("status", "suppressed_reason")
        .annotate(n=Count("pk"))
        .values_list("status", "suppressed_reason", "n")
    ):
        messages[status] = messages.get(status, 0) + count
        if status == Message.Status.SUPPRESSED and reason == SUPPRESS_NO_CONSENT:
            opted_out += count
    groups = _groups(campaign)
    treatment = groups[Recipient.Group.TREATMENT]
    control = groups[Recipient.Group.CONTROL]
    return CampaignResults(
        campaign=campaign,
        messages=messages,
        opted_out=opted_out,
        treatment=treatment,
        control=control,
        lift=lift_of(treatment, control),
    )


def campaigns_list(*, kind: str) -> list[Campaign]:
    return list(Campaign.objects.filter(kind=kind).select_related("segment").order_by("-pk"))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a campaign's fan-out has come: members assigned (told or held back) out of its
    audience (the segment as last refreshed, else every active member)."""

    recipients: int
    audience: int

    @property
    def percent(self) -> int:
        if not self.audience:
            return 100
        return min(100, self.recipients * 100 // self.audience)


def campaign_progress(*, campaign: Campaign) -> Progress:
    """A finished fan-out reached its whole audience, whatever the segment has become since."""
    recipients = Recipient.objects.filter(campaign=campaign, occurrence="").count()
    if campaign.status == Campaign.Status.SENT:
        return Progress(recipients=recipients, audience=recipients)
    if campaign.segment_id:
        audience = SegmentMember.objects.filter(segment_id=campaign.segment_id).count()
    else:
        audience = Member.objects.filter(status=Member.Status.ACTIVE).count()
    return Progress(recipients=recipients, audience=max(audience, recipients))


def recipient_counts(*, campaign_ids: list[int]) -> dict[int, int]:
    """Recipients (every occurrence, both groups) per campaign, in one grouped query."""
    return dict(
        Recipient.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "n")
    )
