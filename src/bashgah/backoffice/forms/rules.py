"""The earning rule form: the common fields, then one group of parameter fields per rule type
(named ``<type>__<parameter>``), and the sample basket of the preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import (
    LANGUAGES,
    CodeListField,
    LocalDateField,
    MoneyField,
    NumbersForm,
    date_window,
    decimal,
    first_day,
    last_day,
    money_unit,
    set_choices,
    whole,
)
from bashgah.core.calendars import club_zone
from bashgah.rules.messages import humanize
from bashgah.rules.models import EarningRule
from bashgah.rules.schemas import RULE_TYPES
from bashgah.tiers.models import Tier

RULE_TYPE_NAMES: dict[str, Any] = {
    "points_per_amount": gettext_lazy("Base rate: points per amount spent"),
    "category_multiplier": gettext_lazy("Multiplier on categories or products"),
    "product_bonus": gettext_lazy("Bonus points per unit of a product"),
    "minimum_basket": gettext_lazy("Bonus for a minimum basket"),
    "nth_visit": gettext_lazy("Bonus on every n-th visit"),
    "first_purchase": gettext_lazy("First purchase bonus"),
    "signup": gettext_lazy("Joining bonus"),
    "birthday": gettext_lazy("Birthday bonus"),
    "time_window": gettext_lazy("Multiplier on days and hours"),
    "tier_multiplier": gettext_lazy("Multiplier per tier"),
    "earning_cap": gettext_lazy("Earning cap per member"),
}
RULE_TYPE_HELP: dict[str, Any] = {
    "points_per_amount": gettext_lazy(
        "The base of every purchase. Only the highest-priority active base rate counts."
    ),
    "category_multiplier": gettext_lazy(
        "Multiplies the base points of the matching lines: 2 doubles them."
    ),
    "product_bonus": gettext_lazy("Adds points for each unit of the matching products."),
    "minimum_basket": gettext_lazy("Adds points when the basket reaches an amount."),
    "nth_visit": gettext_lazy("Adds points on every n-th purchase of a member."),
    "first_purchase": gettext_lazy("Adds points to a member's first purchase."),
    "signup": gettext_lazy("Given once, when a member joins the club."),
    "birthday": gettext_lazy(
        "Adds points to a purchase around the member's birthday, once a year."
    ),
    "time_window": gettext_lazy("Multiplies the base points on chosen days and hours."),
    "tier_multiplier": gettext_lazy("Multiplies the base points for members of chosen tiers."),
    "earning_cap": gettext_lazy("Limits the points one member earns from purchases."),
}

# Where a parameter group's own error ("name at least one category") is shown.
_GROUP_ERROR_FIELD = {
    "category_multiplier": "categories",
    "product_bonus": "categories",
    "time_window": "hour_to",
    "earning_cap": "per_day",
}


def _weekday_choices(language: str) -> list[tuple[str, Any]]:
    names = [
        gettext_lazy("Monday"),
        gettext_lazy("Tuesday"),
        gettext_lazy("Wednesday"),
        gettext_lazy("Thursday"),
        gettext_lazy("Friday"),
        gettext_lazy("Saturday"),
        gettext_lazy("Sunday"),
    ]
    first = {"fa": 5, "he": 6}.get(language, 0)  # the week starts on Saturday in Iran
    order = [(first + offset) % 7 for offset in range(7)]
    return [(str(day), names[day]) for day in order]


def _points(label: Any = None, **kwargs: Any) -> forms.IntegerField:
    return whole(label=label or gettext_lazy("Points"), required=False, **kwargs)


def _codes(label: Any, help_text: Any = "") -> CodeListField:
    return CodeListField(
        label=label,
        required=False,
        help_text=help_text or gettext_lazy("Separate with commas, e.g. dairy, bakery."),
    )


def _multiplier() -> forms.DecimalField:
    return decimal(
        label=gettext_lazy("Multiplier"),
        required=False,
        help_text=gettext_lazy("More than 1 and at most 20: 2 doubles the base points."),
    )


def param_fields(tiers: Sequence[Tier], language: str) -> dict[str, dict[str, forms.Field]]:
    """Fresh parameter fields per rule type, keyed by parameter name."""
    unit = money_unit()
    return {
        "points_per_amount": {
            "points": _points(),
            "per_amount": MoneyField(
                label=_("For every (%(unit)s)") % {"unit": unit}, required=False
            ),
            "rounding": forms.ChoiceField(
                label=gettext_lazy("Rounding of the basket's points"),
                choices=[
                    ("down", gettext_lazy("down")),
                    ("nearest", gettext_lazy("to the nearest")),
                    ("up", gettext_lazy("up")),
                ],
                required=False,
            ),
            "exclude_categories": _codes(gettext_lazy("Categories that earn nothing")),
        },
        "category_multiplier": {
            "multiplier": _multiplier(),
            "categories": _codes(gettext_lazy("Categories")),
            "skus": _codes(
                gettext_lazy("Products (SKUs)"),
                gettext_lazy("Separate with commas. Name at least one category or product."),
            ),
        },
        "product_bonus": {
            "points_per_unit": _points(gettext_lazy("Points per unit")),
            "categories": _codes(gettext_lazy("Categories")),
            "skus": _codes(
                gettext_lazy("Products (SKUs)"),
                gettext_lazy("Separate with commas. Name at least one category or product."),
            ),
        },
        "minimum_basket": {
            "minimum_amount": MoneyField(
                label=_("Basket of at least (%(unit)s)") % {"unit": unit}, required=False
            ),
            "points": _points(),
        },
        "nth_visit": {
            "every": whole(
                label=gettext_lazy("Every n-th purchase"),
                required=False,
                help_text=gettext_lazy("10 gives the bonus on the 10th, 20th, 30th … purchase."),
            ),
            "points": _points(),
        },
        "first_purchase": {"points": _points()},
        "signup": {"points": _points()},
        "birthday": {
            "points": _points(),
            "window": forms.ChoiceField(
                label=gettext_lazy("When"),
                choices=[
                    ("month", gettext_lazy("in the birthday month")),
                    ("week", gettext_lazy("within three days of the birthday")),
                    ("day", gettext_lazy("on the birthday")),
                ],
                required=False,
            ),
        },
        "time_window": {
            "multiplier": _multiplier(),
            "weekdays": forms.MultipleChoiceField(
                label=gettext_lazy("Days"),
                choices=_weekday_choices(language),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=gettext_lazy("None ticked: every day."),
            ),
            "hour_from": whole(label=gettext_lazy("From hour (0–23)"), required=False),
            "hour_to": whole(
                label=gettext_lazy("Until hour (1–24)"),
                required=False,
                help_text=gettext_lazy("In the club's time; the last hour is not included."),
            ),
        },
        "tier_multiplier": {
            f"multipliers__{tier.code}": decimal(
                label=_("Multiplier for %(tier)s") % {"tier": tier.label(language)},
                required=False,
            )
            for tier in tiers
        },
        "earning_cap": {
            "per_day": _points(gettext_lazy("At most per day (points)")),
            "per_month": _points(gettext_lazy("At most per month (points)")),
        },
    }


class RuleForm(NumbersForm):
    name = forms.CharField(
        label=gettext_lazy("Name (for staff)"),
        max_length=120,
        required=False,
    )
    type = forms.ChoiceField(label=gettext_lazy("Type"))
    label_fa = forms.CharField(
        label=gettext_lazy("What members read (Persian)"), max_length=120, required=False
    )
    label_he = forms.CharField(
        label=gettext_lazy("What members read (Hebrew)"), max_length=120, required=False
    )
    label_en = forms.CharField(
        label=gettext_lazy("What members read (English)"), max_length=120, required=False
    )
    priority = whole(
        label=gettext_lazy("Priority"),
        initial=0,
        min_value=-1000,
        max_value=1000,
        help_text=gettext_lazy(
            "Higher goes first. A bonus that does not stack stops the bonuses below it."
        ),
    )
    is_stackable = forms.BooleanField(
        label=gettext_lazy("Stacks with other bonuses"), initial=True, required=False
    )
    starts_on = LocalDateField(label=gettext_lazy("First day (optional)"), required=False)
    ends_on = LocalDateField(label=gettext_lazy("Last day (optional)"), required=False)
    audience_tiers = forms.MultipleChoiceField(
        label=gettext_lazy("Only for these tiers"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None ticked: every member."),
    )
    daily_cap = whole(
        label=gettext_lazy("At most per member per day (points, optional)"), required=False
    )
    monthly_cap = whole(
        label=gettext_lazy("At most per member per month (points, optional)"), required=False
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        language: str,
        rule: EarningRule | None = None,
        **kwargs: Any,
    ) -> None:
        self.rule = rule
        if rule is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(rule)
        self.groups = param_fields(tiers, language)
        super().__init__(*args, **kwargs)
        set_choices(self, "type", [(code, RULE_TYPE_NAMES[code]) for code in RULE_TYPES])
        set_choices(self, "audience_tiers", [(tier.code, tier.label(language)) for tier in tiers])
        for rule_type, fields in self.groups.items():
            for name, field in fields.items():
                self.fields[f"{rule_type}__{name}"] = field

    @staticmethod
    def initial_of(rule: EarningRule) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": rule.name,
            "type": rule.type,
            "priority": rule.priority,
            "is_stackable": rule.is_stackable,
            "starts_on": first_day(rule.starts_at),
            "ends_on": last_day(rule.ends_at),
            "audience_tiers": list(rule.audience_tiers or []),
            "daily_cap": rule.daily_cap,
            "monthly_cap": rule.monthly_cap,
        }
        for language in LANGUAGES:
            initial[f"label_{language}"] = (rule.labels or {}).get(language, "")
        for name, value in (rule.params or {}).items():
            if name == "multipliers" and isinstance(value, dict):
                for code, multiplier in value.items():
                    initial[f"{rule.type}__multipliers__{code}"] = multiplier
            elif name == "weekdays":
                initial[f"{rule.type}__weekdays"] = [str(day) for day in value]
            else:
                initial[f"{rule.type}__{name}"] = value
        return initial

    @property
    def rule_type(self) -> str:
        chosen = self.data.get("type") if self.is_bound else self.initial.get("type")
        return chosen if chosen in RULE_TYPES else ""

    def full_clean(self) -> None:
        """Parse only the chosen type's parameters: the other groups are hidden on the page."""
        super().full_clean()
        if not self.is_bound:
            return
        chosen = self.rule_type
        errors = self.errors
        for name in list(errors):
            if "__" in name and not name.startswith(f"{chosen}__"):
                del errors[name]

    def params(self) -> dict[str, Any]:
        chosen = self.rule_type
        data = self.cleaned_data
        params: dict[str, Any] = {}
        multipliers: dict[str, Decimal] = {}
        for name in self.groups.get(chosen, {}):
            value = data.get(f"{chosen}__{name}")
            if value is None or value == "" or value == []:
                continue
            if name.startswith("multipliers__"):
                multipliers[name.removeprefix("multipliers__")] = value
            elif name == "weekdays":
                params[name] = sorted(int(day) for day in value)
            else:
                params[name] = value
        if chosen == "tier_multiplier":
            params["multipliers"] = multipliers
        return params

    def rule_data(self) -> dict[str, Any]:
        """The service's fields. An unchanged date keeps the stored moment to the second."""
        data = self.cleaned_data
        starts_at, ends_at = date_window(
            data.get("starts_on"),
            data.get("ends_on"),
            self.rule.starts_at if self.rule else None,
            self.rule.ends_at if self.rule else None,
        )
        return {
            "name": (data.get("name") or "").strip(),
            "labels": {language: data.get(f"label_{language}") or "" for language in LANGUAGES},
            "type": self.rule_type,
            "params": self.params(),
            "priority": data.get("priority") or 0,
            "is_stackable": bool(data.get("is_stackable")),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "audience_tiers": list(data.get("audience_tiers") or []),
            "daily_cap": data.get("daily_cap"),
            "monthly_cap": data.get("monthly_cap"),
        }

    def field_for(self, key: str) -> str | None:
        """The form field a service error key ("params.multiplier") is about."""
        parts = key.split(".")
        chosen = self.rule_type
        if parts[0] == "params":
            if len(parts) == 1:
                name = _GROUP_ERROR_FIELD.get(chosen, "")
            elif parts[1] == "multipliers" and len(parts) > 2:
                name = f"multipliers__{parts[2]}"
            else:
                name = parts[1]
            field = f"{chosen}__{name}"
        elif parts[0] == "labels":
            field = f"label_{parts[1]}" if len(parts) > 1 else "label_fa"
        else:
            field = {"starts_at": "starts_on", "ends_at": "ends_on"}.get(parts[0], parts[0])
        return field if field in self.fields else None

    def add_service_errors(self, details: Mapping[str, Any], language: str) -> None:
        for key, message in details.items():
            self.add_error(self.field_for(key), humanize(str(message), language))

    def groups_for_display(self) -> list[tuple[str, Any, Any, list[forms.BoundField]]]:
        return [
            (
                rule_type,
                RULE_TYPE_NAMES[rule_type],
                RULE_TYPE_HELP[rule_type],
                [self[f"{rule_type}__{name}"] for name in fields],
            )
            for rule_type, fields in self.groups.items()
        ]


SAMPLE_LINES = 4


class PreviewForm(NumbersForm):
    """A sample basket and member for the preview; nothing is saved."""

    sample_tier = forms.ChoiceField(label=gettext_lazy("Member's tier"), required=False)
    sample_visits = whole(
        label=gettext_lazy("Purchases before this one"), required=False, min_value=0, initial=0
    )
    sample_date = LocalDateField(label=gettext_lazy("Day of the purchase"), required=False)
    sample_hour = whole(
        label=gettext_lazy("Hour (0–23)"), required=False, min_value=0, max_value=23
    )
    sample_birthday = forms.BooleanField(
        label=gettext_lazy("The member's birthday is that day"), required=False
    )

    def __init__(self, *args: Any, tiers: Sequence[Tier], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "sample_tier",
            [("", gettext_lazy("no tier"))] + [(tier.code, tier.label(language)) for tier in tiers],
        )
        unit = money_unit()
        for index in range(SAMPLE_LINES):
            self.fields[f"sample_category_{index}"] = forms.CharField(
                label=gettext_lazy("Category"),
                required=False,
                max_length=64,
                widget=forms.TextInput(attrs={"list": "sample-categories"}),
            )
            self.fields[f"sample_qty_{index}"] = whole(
                label=gettext_lazy("Qty"), required=False, min_value=1, max_value=10_000
            )
            self.fields[f"sample_price_{index}"] = MoneyField(
                label=_("Unit price (%(unit)s)") % {"unit": unit}, required=False, min_value=0
            )
            for name in ("category", "qty", "price"):
                field = self.fields[f"sample_{name}_{index}"]
                field.widget.attrs["aria-label"] = f"{field.label} {index + 1}"

    def lines(self) -> list[tuple[str, int, int]]:
        """(category, quantity, unit price in minor units) of the filled lines."""
        data = self.cleaned_data
        lines = []
        for index in range(SAMPLE_LINES):
            price = data.get(f"sample_price_{index}")
            if price is None:
                continue
            category = (data.get(f"sample_category_{index}") or "").strip()
            lines.append((category, data.get(f"sample_qty_{index}") or 1, price))
        return lines

    def line_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (
                self[f"sample_category_{index}"],
                self[f"sample_qty_{index}"],
                self[f"sample_price_{index}"],
            )
            for index in range(SAMPLE_LINES)
        ]

    def moment(self, now: dt.datetime) -> dt.datetime:
        """The sample purchase's local time: the chosen day (today by default) and hour."""
        local = now.astimezone(club_zone())
        day = self.cleaned_data.get("sample_date") or local.date()
        hour = self.cleaned_data.get("sample_hour")
        return dt.datetime.combine(
            day, dt.time(local.hour if hour is None else hour, 30), tzinfo=club_zone()
        )
