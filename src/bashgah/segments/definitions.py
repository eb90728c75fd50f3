"""A saved segment's definition: plain data, validated by pydantic, every field optional.

Each given field narrows the segment (fields are ANDed; the values inside one list field are
ORed). Money is in minor units; days count back from now. The definition's *shape* is checked
here; that its tier and store codes exist is checked where those apps are visible
(``audiences.services.segment_definition_check``).
"""

from __future__ import annotations

from typing import Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from bashgah.core.errors import ValidationFailed
from bashgah.segments.models import Lifecycle

Score = Literal[1, 2, 3, 4, 5]
LifecycleState = Literal["new", "active", "loyal", "at_risk", "lost"]
assert set(LifecycleState.__args__) == set(Lifecycle.values)  # type: ignore[attr-defined]


class Range(BaseModel):
    """``min <= value <= max``; either end may be left open."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min_above_max")
        return self


class SegmentDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tiers: list[str] = []  # tier codes
    lifecycle: list[LifecycleState] = []
    recency_scores: list[Score] = []  # RFM quintiles, 5 = best
    frequency_scores: list[Score] = []
    monetary_scores: list[Score] = []
    window_spend: Range | None = None  # spend in the segment window, minor units
    total_spend: Range | None = None  # spend since joining, minor units
    window_purchases: Range | None = None  # purchases in the segment window
    days_since_purchase: Range | None = None  # recency; members who never bought never match
    never_purchased: bool | None = None
    categories: list[str] = []  # bought any of these …
    categories_within_days: int | None = Field(default=None, gt=0)  # … in the last N days
    points_balance: Range | None = None
    birthday_months: list[int] = []  # 1–12 in the club's calendar (Jalali for Persian clubs)
    age: Range | None = None  # whole years
    genders: list[Literal["female", "male", "other"]] = []
    cities: list[str] = []
    consent: list[Literal["sms", "email"]] = []  # consented on every channel listed
    stores: list[str] = []  # home store codes: the store of the latest purchase, else enrolment
    enrolled_within_days: int | None = Field(default=None, gt=0)
    languages: list[Literal["fa", "he", "en"]] = []

    @field_validator("birthday_months")
    @classmethod
    def _months(cls, months: list[int]) -> list[int]:
        if any(month < 1 or month > 12 for month in months):
            raise ValueError("bad_month")
        return months

    def is_empty(self) -> bool:
        return self == SegmentDefinition()


_MESSAGES = {
    "min_above_max": lambda: _("The lower bound is above the upper bound."),
    "bad_month": lambda: _("Months are numbered 1 to 12."),
}


def definition_parse(raw: dict[str, Any] | None) -> SegmentDefinition:
    """Validate a definition as given; raises ValidationFailed naming every field to fix."""
    try:
        return SegmentDefinition.model_validate(raw or {})
    except PydanticValidationError as error:
        details: dict[str, str] = {}
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "definition"
            message = str(item.get("msg", ""))
            known = next((text for key, text in _MESSAGES.items() if key in message), None)
            if known:
                details[field] = str(known())
            elif item["type"] == "extra_forbidden":
                details[field] = _("Unknown filter.")
            else:
                details[field] = _("This value is not valid here.")
        raise ValidationFailed(_("The segment definition is not valid."), details=details) from None
