"""The segment builder and the lifecycle thresholds. The builder turns what staff tick and type
into a segment definition (``segments.definitions``): a field left empty is no filter, amounts
are typed in the unit the club displays; the definition's own validation names what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import (
    CodeListField,
    NumbersForm,
    money_display,
    money_unit,
    whole,
)
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.core.digits import localize_digits
from bashgah.core.money import parse_amount
from bashgah.members.models import Member
from bashgah.segments.models import Lifecycle, Segment, SegmentPolicy
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier

JALALI_MONTHS = {
    1: gettext_lazy("Farvardin"),
    2: gettext_lazy("Ordibehesht"),
    3: gettext_lazy("Khordad"),
    4: gettext_lazy("Tir"),
    5: gettext_lazy("Mordad"),
    6: gettext_lazy("Shahrivar"),
    7: gettext_lazy("Mehr"),
    8: gettext_lazy("Aban"),
    9: gettext_lazy("Azar"),
    10: gettext_lazy("Dey"),
    11: gettext_lazy("Bahman"),
    12: gettext_lazy("Esfand"),
}
# Filters that are a list of choices (ticked boxes) or of typed words, in the definition's names.
CHOICE_LISTS = (
    "tiers", "lifecycle", "recency_scores", "frequency_scores", "monetary_scores",
    "birthday_months", "genders", "consent", "stores", "languages",
)  # fmt: skip
WHOLE_NUMBERS = {"recency_scores", "frequency_scores", "monetary_scores", "birthday_months"}
TEXT_LISTS = ("categories", "cities")
# Filters that are a range; each becomes two fields, ``<name>_min`` and ``<name>_max``.
MONEY_RANGES = ("window_spend", "total_spend")
COUNT_RANGES = ("window_purchases", "days_since_purchase", "points_balance", "age")
DAYS = ("categories_within_days", "enrolled_within_days")
# The builder's headings and their fields.
TIER_AND_SCORES = ("tiers", "lifecycle", "recency_scores", "frequency_scores", "monetary_scores")
PURCHASES = (
    "window_spend_min", "window_spend_max", "total_spend_min", "total_spend_max",
    "window_purchases_min", "window_purchases_max", "days_since_purchase_min",
    "days_since_purchase_max", "never_purchased", "categories", "categories_within_days",
    "points_balance_min", "points_balance_max",
)  # fmt: skip
PROFILE = (
    "birthday_months", "age_min", "age_max", "genders", "cities", "languages",
    "enrolled_within_days",
)  # fmt: skip
_CITY_SEPARATORS = re.compile(r"\s*[,،;\n]\s*")


def month_names() -> dict[int, Any]:
    """Month names in the club's calendar, which is the calendar birthday months count in."""
    if settings.BASHGAH.get("CALENDAR") == "jalali":
        return JALALI_MONTHS
    return dict(MONTHS)


class AmountField(forms.CharField):
    """An amount typed as shown (Toman, ₪ …; any digits, thousands separators), as minor units
    by ``core.money.parse_amount``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        amount = parse_amount(text, settings.BASHGAH["CURRENCY"])
        if amount is None:
            raise forms.ValidationError(
                _("Type an amount in %(unit)s, such as 150000.") % {"unit": money_unit()},
                code="amount",
            )
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return money_display(value)
        return value


class CityListField(forms.CharField):
    """City names separated by commas or new lines (a name may hold spaces)."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [part for part in _CITY_SEPARATORS.split(text.strip()) if part]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value


def _ticks(label: Any, choices: Sequence[tuple[Any, Any]], help_text: Any = "") -> Any:
    return forms.MultipleChoiceField(
        label=label,
        choices=list(choices),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


def _count(label: Any, **kwargs: Any) -> forms.IntegerField:
    return whole(label=label, required=False, min_value=0, **kwargs)


class SegmentForm(NumbersForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        stores: Sequence[Store],
        language: str,
        segment: Segment | None = None,
        **kwargs: Any,
    ) -> None:
        if segment is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(segment)
        super().__init__(*args, **kwargs)
        score_choices = [(str(n), localize_digits(str(n), language)) for n in range(1, 6)]
        unit = money_unit()
        fields: dict[str, forms.Field] = {
            "tiers": _ticks(
                gettext_lazy("Tiers"), [(tier.code, tier.label(language)) for tier in tiers]
            ),
            "lifecycle": _ticks(gettext_lazy("Lifecycle"), Lifecycle.choices),
            "recency_scores": _ticks(
                gettext_lazy("Recency score"),
                score_choices,
                gettext_lazy("5 is the fifth who bought most recently."),
            ),
            "frequency_scores": _ticks(
                gettext_lazy("Frequency score"),
                score_choices,
                gettext_lazy("5 is the fifth who buy most often."),
            ),
            "monetary_scores": _ticks(
                gettext_lazy("Monetary score"),
                score_choices,
                gettext_lazy("5 is the fifth who spend most."),
            ),
            "window_spend_min": AmountField(
                label=_("Spend in the window, at least (%(unit)s)") % {"unit": unit}
            ),
            "window_spend_max": AmountField(
                label=_("Spend in the window, at most (%(unit)s)") % {"unit": unit}
            ),
            "total_spend_min": AmountField(
                label=_("Spend since joining, at least (%(unit)s)") % {"unit": unit}
            ),
            "total_spend_max": AmountField(
                label=_("Spend since joining, at most (%(unit)s)") % {"unit": unit}
            ),
            "window_purchases_min": _count(gettext_lazy("Purchases in the window, at least")),
            "window_purchases_max": _count(gettext_lazy("Purchases in the window, at most")),
            "days_since_purchase_min": _count(
                gettext_lazy("Days since the last purchase, at least")
            ),
            "days_since_purchase_max": _count(
                gettext_lazy("Days since the last purchase, at most"),
                help_text=gettext_lazy("Members who never bought do not match these two."),
            ),
            "never_purchased": forms.ChoiceField(
                label=gettext_lazy("Has bought"),
                required=False,
                choices=[
                    ("", gettext_lazy("either")),
                    ("yes", gettext_lazy("never bought anything")),
                    ("no", gettext_lazy("bought at least once")),
                ],
            ),
            "categories": CodeListField(
                label=gettext_lazy("Bought in any of these categories"),
                required=False,
                help_text=gettext_lazy("Category codes separated by commas, e.g. dairy, bakery."),
            ),
            "categories_within_days": whole(
                label=gettext_lazy("… in the last (days)"),
                required=False,
                min_value=1,
                help_text=gettext_lazy("Empty: ever."),
            ),
            "points_balance_min": _count(gettext_lazy("Points balance, at least")),
            "points_balance_max": _count(gettext_lazy("Points balance, at most")),
            "birthday_months": _ticks(
                gettext_lazy("Birthday in"), [(str(n), name) for n, name in month_names().items()]
            ),
            "age_min": _count(gettext_lazy("Age, at least")),
            "age_max": _count(gettext_lazy("Age, at most")),
            "genders": _ticks(
                gettext_lazy("Gender"),
                [(value, label) for value, label in Member.Gender.choices if value],
            ),
            "cities": CityListField(
                label=gettext_lazy("Cities"),
                required=False,
                help_text=gettext_lazy("Separated by commas, as members gave them."),
            ),
            "languages": _ticks(gettext_lazy("Language"), list(LANGUAGE_NAMES.items())),
            "enrolled_within_days": whole(
                label=gettext_lazy("Joined in the last (days)"), required=False, min_value=1
            ),
            "consent": _ticks(
                gettext_lazy("Agreed to messages by"),
                [("sms", gettext_lazy("text message")), ("email", gettext_lazy("e-mail"))],
                gettext_lazy("Ticking both: members who agreed to both."),
            ),
            "stores": _ticks(
                gettext_lazy("Home branch"),
                [(store.code, store.name or store.code) for store in stores],
                gettext_lazy("The branch of the latest purchase, else where they joined."),
            ),
        }
        self.fields.update(fields)

    def definition(self) -> dict[str, Any]:
        """The definition as the segment services take it: only the filters given."""
        data = self.cleaned_data
        definition: dict[str, Any] = {}
        for name in CHOICE_LISTS:
            values = list(data.get(name) or [])
            if values:
                definition[name] = [int(v) for v in values] if name in WHOLE_NUMBERS else values
        for name in TEXT_LISTS:
            if data.get(name):
                definition[name] = list(data[name])
        for name in (*MONEY_RANGES, *COUNT_RANGES):
            bounds = {
                end: data.get(f"{name}_{end}")
                for end in ("min", "max")
                if data.get(f"{name}_{end}") is not None
            }
            if bounds:
                definition[name] = bounds
        for name in DAYS:
            if data.get(name) is not None:
                definition[name] = data[name]
        never = data.get("never_purchased")
        if never:
            definition["never_purchased"] = never == "yes"
        return definition

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The filters under headings, in the builder's order."""
        return [(title, [self[name] for name in names]) for title, names in GROUPS]


GROUPS = (
    (gettext_lazy("Program and scores"), TIER_AND_SCORES),
    (gettext_lazy("Purchases"), PURCHASES),
    (gettext_lazy("Who they are"), PROFILE),
    (gettext_lazy("Reach"), ("consent", "stores")),
)


WIDE = {
    "tiers", "lifecycle", "birthday_months", "stores", "recency_scores", "frequency_scores",
    "monetary_scores",
}  # fmt: skip


def initial_of(segment: Segment) -> dict[str, Any]:
    """The builder's fields for a saved segment."""
    definition: Mapping[str, Any] = segment.definition or {}
    initial: dict[str, Any] = {"name": segment.name, "description": segment.description}
    for name in CHOICE_LISTS:
        if definition.get(name):
            initial[name] = [str(value) for value in definition[name]]
    for name in TEXT_LISTS:
        if definition.get(name):
            initial[name] = list(definition[name])
    for name in (*MONEY_RANGES, *COUNT_RANGES):
        for end in ("min", "max"):
            value = (definition.get(name) or {}).get(end)
            if value is not None:
                initial[f"{name}_{end}"] = value
    for name in DAYS:
        if definition.get(name) is not None:
            initial[name] = definition[name]
    if definition.get("never_purchased") is not None:
        initial["never_purchased"] = "yes" if definition["never_purchased"] else "no"
    return initial


# The definition's error keys ("window_spend", "recency_scores.0") and the fields they are about.
ERROR_FIELDS = {name: f"{name}_min" for name in (*MONEY_RANGES, *COUNT_RANGES)}
ERROR_FIELDS["definition"] = "name"


def policy_field(name: str, **kwargs: Any) -> forms.IntegerField:
    field = SegmentPolicy._meta.get_field(name)
    assert isinstance(field, models.Field)
    return whole(label=field.verbose_name, min_value=1, **kwargs)


class LifecyclePolicyForm(NumbersForm):
    """The lifecycle thresholds; the service checks they make sense together."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("new_days", "at_risk_days", "lost_days", "loyal_purchases"):
            self.fields[name] = policy_field(name)
