"""The lottery form: names, the entry period as first and last day, who may enter, how entries
are earned, and up to ``PRIZE_ROWS`` prizes (empty rows are skipped). The lottery service
validates and names the field of each problem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.audience import (
    AUDIENCE_ERROR_FIELDS,
    DIRECTION,
    audience_fields,
    audience_of,
)
from bashgah.backoffice.forms.fields import (
    LANGUAGES,
    LocalDateField,
    MoneyField,
    NumbersForm,
    day_after,
    day_start,
    money_unit,
    whole,
)
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.core.errors import ApplicationError
from bashgah.lotteries.services import PrizeInput
from bashgah.stores.models import Store
from bashgah.tiers.models import Tier

PRIZE_ROWS = 4


class LotteryForm(NumbersForm):
    first_day = LocalDateField(label=gettext_lazy("Entries from"))
    last_day = LocalDateField(
        label=gettext_lazy("Entries until (the last day)"),
        help_text=gettext_lazy("Entries close at the end of this day; then you close and draw."),
    )
    entries_per_purchase = whole(
        label=gettext_lazy("Entries per purchase"),
        min_value=0,
        required=False,
        initial=1,
        help_text=gettext_lazy("Each purchase in the period, unless returned. 0 or empty: none."),
    )
    amount_per_entry = MoneyField(
        label=gettext_lazy("One entry per amount spent"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Per purchase, net of returns. Empty: not counted."),
    )
    points_per_entry = whole(
        label=gettext_lazy("Points per entry bought"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Members may buy entries with points. Empty: not sold."),
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        stores: Sequence[Store],
        language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount_per_entry"].label = _("One entry per (%(unit)s spent)") % {
            "unit": money_unit()
        }
        fields = dict(self.fields)
        self.fields = {}
        for language_code, name in LANGUAGE_NAMES.items():
            self.fields[f"name_{language_code}"] = forms.CharField(
                label=_("%(what)s (%(language)s)") % {"what": _("Name"), "language": name},
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"dir": DIRECTION[language_code]}),
            )
        self.fields.update(fields)
        self.fields.update(audience_fields(tiers=tiers, stores=stores, language=language))
        for row in range(1, PRIZE_ROWS + 1):
            for language_code, name in LANGUAGE_NAMES.items():
                self.fields[f"prize_{row}_{language_code}"] = forms.CharField(
                    label=_("Prize %(number)s (%(language)s)") % {"number": row, "language": name},
                    required=False,
                    max_length=200,
                    widget=forms.TextInput(attrs={"dir": DIRECTION[language_code]}),
                )
            self.fields[f"prize_{row}_count"] = whole(
                label=_("Winners of prize %(number)s") % {"number": row},
                required=False,
                initial=1 if row == 1 else None,
            )
        self.prize_rows: list[int] = []  # the rows given, in order: the service's prize numbers

    def prize_table(self) -> list[tuple[int, list[forms.BoundField], forms.BoundField]]:
        """Per row: its number, the name fields (fa, he, en) and the count field."""
        return [
            (
                row,
                [self[f"prize_{row}_{language}"] for language in LANGUAGES],
                self[f"prize_{row}_count"],
            )
            for row in range(1, PRIZE_ROWS + 1)
        ]

    def _prizes(self) -> list[PrizeInput]:
        data = self.cleaned_data
        prizes, self.prize_rows = [], []
        for row in range(1, PRIZE_ROWS + 1):
            names = {lang: (data.get(f"prize_{row}_{lang}") or "").strip() for lang in LANGUAGES}
            count = data.get(f"prize_{row}_count")
            if not any(names.values()) and count in (None, 0, 1):
                continue  # an untouched row (the first one shows a count of 1)
            prizes.append(PrizeInput(names=names, count=count if count is not None else 1))
            self.prize_rows.append(row)
        return prizes

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "names": {lang: (data.get(f"name_{lang}") or "").strip() for lang in LANGUAGES},
            "entry_start": day_start(data["first_day"]),
            "entry_end": day_after(data["last_day"]),
            "prizes": self._prizes(),
            "audience": audience_of(data),
            "entries_per_purchase": data.get("entries_per_purchase") or 0,
            "amount_per_entry": data.get("amount_per_entry") or 0,
            "points_per_entry": data.get("points_per_entry") or 0,
        }

    def place(self, error: ApplicationError) -> None:
        """Show the service's errors next to the fields they are about."""
        if not error.details:
            self.add_error(None, str(error.message))
        for key, message in error.details.items():
            self.add_error(self._field_for(key), str(message))

    def _field_for(self, key: str) -> str | None:
        parts = key.split(".")
        if parts[0] == "prizes" and len(parts) == 3 and parts[1].isdigit():
            number = int(parts[1])
            if 1 <= number <= len(self.prize_rows):
                row = self.prize_rows[number - 1]
                return f"prize_{row}_count" if parts[2] == "count" else f"prize_{row}_fa"
        field = {
            "names": "name_fa",
            "entry_end": "last_day",
            "entry_start": "first_day",
            "prizes": "prize_1_fa",
            **AUDIENCE_ERROR_FIELDS,
        }.get(key, key)
        return field if field in self.fields else None
