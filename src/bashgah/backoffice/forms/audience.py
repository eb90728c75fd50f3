"""Who a lottery or a survey is for, as staff choose it: tiers, home stores and an optional
period in which members bought something. The fields are named ``audience_*`` and become the
audience filter the lottery and survey services validate (tier codes, store codes, moments)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import LocalDateField, day_after, day_start
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier

# Text typed in a language reads in its direction, whatever the page's language.
DIRECTION = {"fa": "rtl", "he": "rtl", "en": "ltr"}

# The audience service's error keys and the fields they are about.
AUDIENCE_ERROR_FIELDS = {
    "tiers": "audience_tiers",
    "stores": "audience_stores",
    "active_from": "audience_active_from",
    "active_until": "audience_active_until",
    "audience": "audience_tiers",
}


def audience_fields(
    *, tiers: Sequence[Tier], stores: Sequence[Store], language: str
) -> dict[str, forms.Field]:
    return {
        "audience_tiers": forms.MultipleChoiceField(
            label=gettext_lazy("Members of these tiers"),
            choices=[(tier.code, tier.label(language)) for tier in tiers],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=gettext_lazy("None ticked: every tier."),
        ),
        "audience_stores": forms.MultipleChoiceField(
            label=gettext_lazy("Whose home branch is one of these"),
            choices=[(store.code, store.name or store.code) for store in stores],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=gettext_lazy(
                "The branch of a member's latest purchase, or where they joined. "
                "None ticked: every branch."
            ),
        ),
        "audience_active_from": LocalDateField(
            label=gettext_lazy("Who bought something from (optional)"), required=False
        ),
        "audience_active_until": LocalDateField(
            label=gettext_lazy("… until (optional)"),
            required=False,
            help_text=gettext_lazy("Empty: whether or not they bought lately."),
        ),
    }


def audience_of(cleaned: Mapping[str, Any]) -> dict[str, Any]:
    """The audience filter for the services: the first day's first moment, and the moment
    after the last day."""
    audience: dict[str, Any] = {
        "tiers": list(cleaned.get("audience_tiers") or []),
        "stores": list(cleaned.get("audience_stores") or []),
    }
    active_from = day_start(cleaned.get("audience_active_from"))
    active_until = day_after(cleaned.get("audience_active_until"))
    if active_from is not None:
        audience["active_from"] = active_from
    if active_until is not None:
        audience["active_until"] = active_until
    return audience
