"""Forms of the member directory: the search (posted, so a phone number never appears in a
URL or an access log), the filters (in the URL: nothing personal) and the manual adjustment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import NumbersForm, set_choices, whole
from bashgah.members.models import Member
from bashgah.tiers.models import Tier


class MemberSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Phone, card number or name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "id": "member-search-q"}),
    )


class DirectoryFilterForm(forms.Form):
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, tiers: Sequence[Tier], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "tier",
            [
                ("", gettext_lazy("all tiers")),
                *((tier.code, tier.label(language)) for tier in tiers),
            ],
        )
        set_choices(self, "status", [("", gettext_lazy("all")), *Member.Status.choices])
        self.fields["tier"].widget.attrs["id"] = "filter-tier"
        self.fields["status"].widget.attrs["id"] = "filter-status"


class AdjustForm(NumbersForm):
    points = whole(
        label=gettext_lazy("Points (negative to take away)"),
        required=False,
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (the member reads it)"),
        max_length=300,
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)
