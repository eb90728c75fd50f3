"""Forms for the program's tiers, rewards, branches and API keys. They parse; the services in
tiers, rewards, stores and api validate and raise errors per field."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import (
    LANGUAGES,
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
from bashgah.rewards.models import Reward
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier, TierPolicy

LANGUAGE_NAMES = {
    "fa": gettext_lazy("Persian"),
    "he": gettext_lazy("Hebrew"),
    "en": gettext_lazy("English"),
}


def _texts(prefix: str, label: Any, *, widget: Any = None, max_length: int = 120) -> dict:
    return {
        f"{prefix}_{language}": forms.CharField(
            label=_("%(what)s (%(language)s)") % {"what": label, "language": name},
            required=False,
            max_length=max_length,
            widget=widget,
        )
        for language, name in LANGUAGE_NAMES.items()
    }


class TierForm(NumbersForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("Latin letters, e.g. gold. Rules and rewards refer to it."),
    )
    rank = whole(
        label=gettext_lazy("Rank"),
        help_text=gettext_lazy("0 is the entry tier; higher ranks are higher tiers."),
    )
    points_multiplier = decimal(
        label=gettext_lazy("Points multiplier"),
        initial=Decimal(1),
        help_text=gettext_lazy("1 to 20: 1.5 gives members of this tier half again."),
    )
    discount_percent = decimal(label=gettext_lazy("Discount (%)"), initial=Decimal(0))
    cashback_percent = decimal(label=gettext_lazy("Cashback to the wallet (%)"), initial=Decimal(0))

    def __init__(self, *args: Any, basis: str, tier: Tier | None = None, **kwargs: Any) -> None:
        self.tier = tier
        if tier is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "threshold": tier.threshold,
                "points_multiplier": tier.points_multiplier,
                "discount_percent": tier.discount_percent,
                "cashback_percent": tier.cashback_percent,
                **{f"label_{lang}": (tier.labels or {}).get(lang, "") for lang in LANGUAGES},
            }
        super().__init__(*args, **kwargs)
        names = _texts("label", gettext_lazy("Name"), max_length=60)
        threshold: forms.Field
        if basis == TierPolicy.Basis.SPEND:
            threshold = MoneyField(
                label=_("Spend to qualify (%(unit)s)") % {"unit": money_unit()},
                help_text=gettext_lazy("Over the qualification window; 0 for the entry tier."),
            )
        else:
            threshold = whole(
                label=gettext_lazy("Points to qualify"),
                help_text=gettext_lazy("Over the qualification window; 0 for the entry tier."),
            )
        ordered = {**names, "threshold": threshold}
        fields = dict(self.fields)
        self.fields = {}
        if tier is None:
            self.fields["code"], self.fields["rank"] = fields["code"], fields["rank"]
        self.fields.update(ordered)
        for name in ("points_multiplier", "discount_percent", "cashback_percent"):
            self.fields[name] = fields[name]

    def labels(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"label_{lang}") or "" for lang in LANGUAGES}

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "labels": self.labels(),
            "threshold": data.get("threshold"),
            "points_multiplier": data.get("points_multiplier"),
            "discount_percent": data.get("discount_percent"),
            "cashback_percent": data.get("cashback_percent"),
        }

    def field_for(self, key: str) -> str | None:
        field = "label_fa" if key == "labels" else key
        return field if field in self.fields else None


class TierPolicyForm(NumbersForm):
    basis = forms.ChoiceField(
        label=gettext_lazy("Tiers are earned by"), choices=TierPolicy.Basis.choices
    )
    window_months = whole(
        label=gettext_lazy("Qualification window (months)"),
        help_text=gettext_lazy("Spend or points over this many months count."),
    )
    grace_days = whole(
        label=gettext_lazy("Grace period (days)"),
        help_text=gettext_lazy("How long a member below their tier keeps it before the review."),
    )


class RewardForm(NumbersForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("Latin letters, e.g. coffee-free. The API refers to it."),
    )
    type = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Reward.Type.choices)
    points_cost = whole(label=gettext_lazy("Cost in points"))
    value = MoneyField(
        label=gettext_lazy("Amount"),
        required=False,
        help_text=gettext_lazy("The discount, top-up, wallet credit or donation."),
    )
    percent = decimal(label=gettext_lazy("Percent off"), required=False)
    max_discount = MoneyField(label=gettext_lazy("Largest discount (optional)"), required=False)
    sku = forms.CharField(label=gettext_lazy("Free product (SKU)"), max_length=64, required=False)
    stock = whole(
        label=gettext_lazy("Stock (optional)"),
        required=False,
        help_text=gettext_lazy("Empty: unlimited."),
    )
    per_member_limit = whole(label=gettext_lazy("Per member at most (optional)"), required=False)
    per_member_period_days = whole(
        label=gettext_lazy("… within days (optional)"),
        required=False,
        help_text=gettext_lazy("Empty: ever."),
    )
    valid_from = LocalDateField(label=gettext_lazy("First day (optional)"), required=False)
    valid_until = LocalDateField(label=gettext_lazy("Last day (optional)"), required=False)
    tiers = forms.MultipleChoiceField(
        label=gettext_lazy("Only for these tiers"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None ticked: every member."),
    )
    voucher_valid_days = whole(label=gettext_lazy("Voucher valid for (days)"), initial=30)
    is_active = forms.BooleanField(
        label=gettext_lazy("Offered to members"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        language: str,
        reward: Reward | None = None,
        **kwargs: Any,
    ) -> None:
        self.reward = reward
        if reward is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(reward)
        super().__init__(*args, **kwargs)
        unit = money_unit()
        self.fields["value"].label = _("Amount (%(unit)s)") % {"unit": unit}
        self.fields["max_discount"].label = _("Largest discount (%(unit)s, optional)") % {
            "unit": unit
        }
        set_choices(self, "tiers", [(tier.code, tier.label(language)) for tier in tiers])
        fields = dict(self.fields)
        self.fields = {}
        if reward is None:
            self.fields["code"] = fields["code"]
        self.fields["type"] = fields["type"]
        self.fields.update(_texts("name", gettext_lazy("Name")))
        self.fields.update(
            _texts(
                "description",
                gettext_lazy("Description"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=500,
            )
        )
        for name, field in fields.items():
            if name not in ("code", "type"):
                self.fields[name] = field

    @staticmethod
    def initial_of(reward: Reward) -> dict[str, Any]:
        initial = {
            name: getattr(reward, name)
            for name in (
                "type",
                "points_cost",
                "value",
                "percent",
                "max_discount",
                "sku",
                "stock",
                "per_member_limit",
                "per_member_period_days",
                "tiers",
                "voucher_valid_days",
                "is_active",
            )
        }
        initial["valid_from"] = first_day(reward.valid_from)
        initial["valid_until"] = last_day(reward.valid_until)
        for lang in LANGUAGES:
            initial[f"name_{lang}"] = (reward.names or {}).get(lang, "")
            initial[f"description_{lang}"] = (reward.descriptions or {}).get(lang, "")
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        valid_from, valid_until = date_window(
            data.get("valid_from"),
            data.get("valid_until"),
            self.reward.valid_from if self.reward else None,
            self.reward.valid_until if self.reward else None,
        )
        return {
            "type": data.get("type"),
            "names": {lang: data.get(f"name_{lang}") or "" for lang in LANGUAGES},
            "descriptions": {lang: data.get(f"description_{lang}") or "" for lang in LANGUAGES},
            "points_cost": data.get("points_cost"),
            "value": data.get("value") or 0,
            "percent": data.get("percent") or Decimal(0),
            "max_discount": data.get("max_discount"),
            "sku": data.get("sku") or "",
            "stock": data.get("stock"),
            "per_member_limit": data.get("per_member_limit"),
            "per_member_period_days": data.get("per_member_period_days"),
            "valid_from": valid_from,
            "valid_until": valid_until,
            "tiers": list(data.get("tiers") or []),
            "voucher_valid_days": data.get("voucher_valid_days"),
            "is_active": bool(data.get("is_active")),
        }

    def field_for(self, key: str) -> str | None:
        field = {"names": "name_fa", "descriptions": "description_fa"}.get(key, key)
        return field if field in self.fields else None


class StoreForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("Latin letters, e.g. tehran-2. Tills and the API refer to it."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=80, required=False)
    is_active = forms.BooleanField(
        label=gettext_lazy("Open"),
        required=False,
        initial=True,
        help_text=gettext_lazy("A closed branch keeps its history and leaves the branch lists."),
    )

    def __init__(self, *args: Any, store: Store | None = None, **kwargs: Any) -> None:
        if store is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": store.name,
                "city": store.city,
                "is_active": store.is_active,
            }
        super().__init__(*args, **kwargs)
        if store is None:
            del self.fields["is_active"]
        else:
            del self.fields["code"]


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What uses it, e.g. till 2 or the web shop."),
    )
    store = forms.ChoiceField(label=gettext_lazy("Branch"))
    scope = forms.ChoiceField(label=gettext_lazy("Access"))

    def __init__(
        self,
        *args: Any,
        stores: Sequence[Store],
        scopes: Sequence[tuple[str, Any]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "store", [(store.code, store.name) for store in stores])
        set_choices(self, "scope", list(scopes))
