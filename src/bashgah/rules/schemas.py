"""Earning rule parameters: one pydantic model per rule type, validated before a rule is saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

Multiplier = Annotated[Decimal, Field(gt=1, le=20, decimal_places=2)]
PositivePoints = Annotated[int, Field(gt=0, le=10_000_000)]
Codes = Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]], Field(max_length=500)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _LineFilter(_Params):
    categories: Codes = []
    skus: Codes = []

    def matches(self, *, sku: str, category: str) -> bool:
        return category in self.categories or sku in self.skus


class _RequiresLineFilter(_LineFilter):
    @model_validator(mode="after")
    def _some_filter(self) -> _RequiresLineFilter:
        if not self.categories and not self.skus:
            raise ValueError("name at least one category or SKU")
        return self


class PointsPerAmount(_Params):
    """The base rate: ``points`` for every ``per_amount`` minor units spent."""

    type: Literal["points_per_amount"]
    points: PositivePoints
    per_amount: Annotated[int, Field(gt=0)]
    rounding: Literal["down", "nearest", "up"] = "down"
    exclude_categories: Codes = []


class CategoryMultiplier(_RequiresLineFilter):
    type: Literal["category_multiplier"]
    multiplier: Multiplier


class ProductBonus(_RequiresLineFilter):
    type: Literal["product_bonus"]
    points_per_unit: PositivePoints


class MinimumBasket(_Params):
    type: Literal["minimum_basket"]
    minimum_amount: Annotated[int, Field(gt=0)]
    points: PositivePoints


class NthVisit(_Params):
    type: Literal["nth_visit"]
    every: Annotated[int, Field(ge=2, le=1000)]
    points: PositivePoints


class FirstPurchase(_Params):
    type: Literal["first_purchase"]
    points: PositivePoints


class Signup(_Params):
    type: Literal["signup"]
    points: PositivePoints


class Birthday(_Params):
    type: Literal["birthday"]
    points: PositivePoints
    window: Literal["day", "week", "month"] = "month"


class TimeWindow(_Params):
    """A multiplier on given weekdays (0 = Monday) and hours of the club's local time."""

    type: Literal["time_window"]
    multiplier: Multiplier
    weekdays: Annotated[list[Annotated[int, Field(ge=0, le=6)]], Field(max_length=7)] = []
    hour_from: Annotated[int, Field(ge=0, le=23)] = 0
    hour_to: Annotated[int, Field(ge=1, le=24)] = 24

    @model_validator(mode="after")
    def _hours_in_order(self) -> TimeWindow:
        if self.hour_from >= self.hour_to:
            raise ValueError("hour_from must be before hour_to")
        return self


class TierMultiplier(_Params):
    type: Literal["tier_multiplier"]
    multipliers: Annotated[dict[str, Multiplier], Field(min_length=1)]


class EarningCap(_Params):
    """Limits the points one member can earn from purchases in a day and in a month."""

    type: Literal["earning_cap"]
    per_day: PositivePoints | None = None
    per_month: PositivePoints | None = None

    @model_validator(mode="after")
    def _some_cap(self) -> EarningCap:
        if self.per_day is None and self.per_month is None:
            raise ValueError("give per_day, per_month or both")
        return self


RuleParams = Annotated[
    PointsPerAmount
    | CategoryMultiplier
    | ProductBonus
    | MinimumBasket
    | NthVisit
    | FirstPurchase
    | Signup
    | Birthday
    | TimeWindow
    | TierMultiplier
    | EarningCap,
    Field(discriminator="type"),
]
RULE_PARAMS: TypeAdapter[RuleParams] = TypeAdapter(RuleParams)
RULE_TYPES = (
    "points_per_amount",
    "category_multiplier",
    "product_bonus",
    "minimum_basket",
    "nth_visit",
    "first_purchase",
    "signup",
    "birthday",
    "time_window",
    "tier_multiplier",
    "earning_cap",
)


class Labels(_Params):
    """What the member reads, per language; at least one language."""

    fa: str = ""
    he: str = ""
    en: str = ""

    @field_validator("fa", "he", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()[:120]

    def get(self, language: str) -> str:
        return getattr(self, language, "") or self.fa or self.en or self.he
