"""What the segment, campaign and automation pages share: rendering under their tab, the rows
their forms offer, a share as a percentage in the reader's digits, and error placement."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse

from bashgah.backoffice.forms.campaigns import CampaignForm
from bashgah.backoffice.views.pages import page
from bashgah.campaigns.models import Campaign
from bashgah.campaigns.services import FIELDS
from bashgah.core.digits import localize_digits
from bashgah.core.errors import ApplicationError
from bashgah.rewards.models import CouponCampaign
from bashgah.rules.messages import humanize
from bashgah.segments.models import Segment
from bashgah.stores.models import Store

CAMPAIGN_AUDITED = (*FIELDS, "status")


def campaigns_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    tab: str,
    status: int = 200,
) -> HttpResponse:
    return page(request, template, {"tab": tab, **(context or {})}, nav="campaigns", status=status)


def segments_to_choose() -> list[Segment]:
    """Saved segments a campaign can be sent to (not a campaign's own list of recipients)."""
    return list(
        Segment.objects.filter(status=Segment.Status.ACTIVE, kind=Segment.Kind.DYNAMIC).order_by(
            "name"
        )
    )


def coupon_batches() -> list[CouponCampaign]:
    """Coupon batches that can give each recipient their own code."""
    return list(
        CouponCampaign.objects.filter(is_active=True, kind=CouponCampaign.Kind.PER_MEMBER).order_by(
            "name"
        )
    )


def stores_to_choose() -> list[Store]:
    return list(Store.objects.filter(is_active=True).order_by("code"))


def campaign_form(
    request: HttpRequest,
    *,
    kind: str,
    campaign: Campaign | None = None,
    bound: bool = True,
    **kwargs: Any,
) -> CampaignForm:
    """The form, filled from the request when it was posted (and ``bound``)."""
    posted = bound and request.method == "POST"
    return CampaignForm(
        request.POST if posted else None,
        kind=kind,
        segments=segments_to_choose(),
        coupon_campaigns=coupon_batches(),
        campaign=campaign,
        **kwargs,
    )


def place_campaign_errors(form: CampaignForm, error: ApplicationError, language: str) -> None:
    """A service's errors next to their fields; the bonus rule's in the reader's words."""
    if not error.details:
        form.add_error(None, str(error.message))
        return
    for key, message in error.details.items():
        text = humanize(str(message), language) if key.startswith("offer_rule") else str(message)
        form.add_error(form.field_for(key), text)


def percent(fraction: float, language: str, places: int = 1) -> str:
    """0.1234 -> "12.3%" ("۱۲٫۳%" in fa)."""
    return number_text(f"{percentage_number(fraction, places)}%", language)


def number_text(text: str, language: str) -> str:
    """Digits in the reader's script; Persian writes the decimal point "٫" and percent "٪"."""
    text = localize_digits(text, language)
    return text.replace(".", "٫").replace("%", "٪") if language == "fa" else text


def percentage_number(fraction: float, places: int = 1) -> str:
    """0.1234 -> "12.3"; no trailing zeros, no "-0"."""
    step = Decimal(1).scaleb(-places)
    shown = (Decimal(str(fraction)) * 100).quantize(step, rounding=ROUND_HALF_UP)
    if not shown:
        return "0"
    return f"{shown.normalize():f}"
