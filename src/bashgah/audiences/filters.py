"""Who a lottery or a survey is for: a saved segment and/or a small filter.

A validated filter stored as JSON: a saved segment (its membership as of its last refresh),
tier codes, home store codes and an optional activity period; the given parts are ANDed.
Lotteries and surveys share it; it lives here, below both, because the engagement apps are
independent layers.

A member's store is their *home store*: the store of their latest purchase, or the store they
enrolled at when they have not bought yet (``MemberStats.last_store``, kept per purchase).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from bashgah.audiences.query import with_home_store
from bashgah.core.errors import ValidationFailed
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.segments.models import Segment, SegmentMember
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier


class Audience(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    segment: int | None = None  # a saved segment's id
    tiers: list[str] = []  # tier codes; empty: every tier
    stores: list[str] = []  # home store codes; empty: every store
    active_from: dt.datetime | None = None  # bought something in [active_from, active_until)
    active_until: dt.datetime | None = None


def audience_parse(raw: dict[str, Any] | None) -> Audience:
    """Validate an audience as given by staff; raises ValidationFailed with every problem."""
    try:
        audience = Audience.model_validate(raw or {})
    except PydanticValidationError as error:
        details = {
            ".".join(str(p) for p in item["loc"]) or "audience": item["msg"]
            for item in error.errors()
        }
        raise ValidationFailed(_("The audience is not valid."), details=details) from None
    errors: dict[str, str] = {}
    unknown_tiers = set(audience.tiers) - set(
        Tier.objects.filter(code__in=audience.tiers).values_list("code", flat=True)
    )
    if unknown_tiers:
        errors["tiers"] = _("Unknown tier codes: %(codes)s") % {
            "codes": ", ".join(sorted(unknown_tiers))
        }
    unknown_stores = set(audience.stores) - set(
        Store.objects.filter(code__in=audience.stores).values_list("code", flat=True)
    )
    if unknown_stores:
        errors["stores"] = _("Unknown store codes: %(codes)s") % {
            "codes": ", ".join(sorted(unknown_stores))
        }
    if (
        audience.segment is not None
        and not Segment.objects.filter(pk=audience.segment, status=Segment.Status.ACTIVE).exists()
    ):
        errors["segment"] = _("This segment does not exist or is archived.")
    for name in ("active_from", "active_until"):
        value = getattr(audience, name)
        if value is not None and value.tzinfo is None:
            errors[name] = _("Give the time with its time zone.")
    if (
        not errors
        and audience.active_from
        and audience.active_until
        and audience.active_from >= audience.active_until
    ):
        errors["active_until"] = _("The period must end after it starts.")
    if errors:
        raise ValidationFailed(_("The audience is not valid."), details=errors)
    return audience


def audience_members(audience: Audience) -> QuerySet[Member]:
    """Active members in the audience, annotated with ``home_store_id``."""
    members = with_home_store(Member.objects.filter(status=Member.Status.ACTIVE))
    if audience.segment is not None:
        members = members.filter(
            Exists(SegmentMember.objects.filter(segment_id=audience.segment, member=OuterRef("pk")))
        )
    if audience.tiers:
        members = members.filter(tier_state__tier__code__in=audience.tiers)
    if audience.stores:
        store_ids = list(
            Store.objects.filter(code__in=audience.stores).values_list("pk", flat=True)
        )
        members = members.filter(Q(home_store_id__in=store_ids))  # an annotation
    if audience.active_from or audience.active_until:
        bought = Purchase.objects.filter(member=OuterRef("pk"), total__gt=F("returned_amount"))
        if audience.active_from:
            bought = bought.filter(paid_at__gte=audience.active_from)
        if audience.active_until:
            bought = bought.filter(paid_at__lt=audience.active_until)
        members = members.filter(Exists(bought))
    return members
