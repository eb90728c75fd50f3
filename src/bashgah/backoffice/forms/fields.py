"""Form fields for what staff type: numbers in Persian or Arabic-Indic digits with thousands
separators, money in the unit the club displays (Toman, Rial, shekels), dates in the Jalali or
Gregorian calendar, and lists of codes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from bashgah.core.calendars import InvalidDate, club_zone, format_date, parse_date
from bashgah.core.digits import to_ascii_digits
from bashgah.core.money import currency_exponent

_SEPARATORS = re.compile(r"[\s,٬'’]")
_LIST_SEPARATORS = re.compile(r"[\s,،;]+")


def ascii_number(text: str) -> str:
    """Turn "۱٬۲۵۰٫۵" into "1250.5": ASCII digits, no thousands separators, a decimal dot."""
    return _SEPARATORS.sub("", to_ascii_digits(text or "")).replace("٫", ".")


def _language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def money_factor(currency: str | None = None) -> int:
    """Minor units per displayed unit: Toman are 10 Rial; shekels 100 agorot."""
    currency = currency or settings.BASHGAH["CURRENCY"]
    if currency == "IRR":
        return 10 if settings.BASHGAH["IRR_DISPLAY"] == "toman" else 1
    return 10 ** currency_exponent(currency)


def money_unit(currency: str | None = None) -> str:
    currency = currency or settings.BASHGAH["CURRENCY"]
    if currency == "IRR":
        return _("Toman") if settings.BASHGAH["IRR_DISPLAY"] == "toman" else _("Rial")
    return {"ILS": "₪", "USD": "$", "EUR": "€"}.get(currency, currency)


def money_display(minor: int) -> str:
    """Minor units as typed in a form: 12500 Rial -> "1250" Toman."""
    shown = Decimal(minor) / money_factor()
    return str(int(shown)) if shown == shown.to_integral_value() else format(shown.normalize(), "f")


class NumbersForm(forms.Form):
    """A form whose number fields accept any digit script and thousands separators. The data
    is normalised when the form is cleaned, so fields added in ``__init__`` are covered."""

    def full_clean(self) -> None:
        if self.is_bound:
            data: Any = cast(Any, self.data).copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if (
                    not isinstance(field, forms.IntegerField | forms.DecimalField)
                    or key not in data
                ):
                    continue
                if hasattr(data, "setlist"):
                    data.setlist(key, [ascii_number(value) for value in data.getlist(key)])
                else:
                    data[key] = ascii_number(str(data[key]))
            self.data = data
        super().full_clean()


def set_choices(form: forms.Form, name: str, choices: Iterable[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


def whole(**kwargs: Any) -> forms.IntegerField:
    """An integer field typed as text, so Persian digits can be entered."""
    return forms.IntegerField(
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}), **kwargs
    )


def decimal(**kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), **kwargs
    )


class MoneyField(forms.DecimalField):
    """An amount typed in the displayed unit; cleaned to an int of minor units."""

    default_error_messages = {
        "minor": gettext_lazy("Too many decimal places for this currency."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:
        amount = super().clean(value)
        if amount is None:
            return None
        minor = amount * money_factor()
        if minor != minor.to_integral_value():
            raise forms.ValidationError(self.error_messages["minor"], code="minor")
        return int(minor)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return money_display(value)
        return value


class LocalDateField(forms.CharField):
    """A date typed as YYYY/MM/DD in either calendar (a year before 1700 is Jalali) and in
    any digits; shown in the reader's calendar."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "placeholder": gettext_lazy("YYYY/MM/DD")}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.date | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except InvalidDate:
            raise forms.ValidationError(_("This is not a valid date."), code="date") from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return format_date(value, _language())
        return value


class CodeListField(forms.CharField):
    """Codes separated by commas or spaces: "dairy, bakery" -> ["dairy", "bakery"]."""

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [part for part in _LIST_SEPARATORS.split(text.strip()) if part]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value


def day_start(day: dt.date | None) -> dt.datetime | None:
    """The first moment of ``day`` in the club's time zone."""
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(), tzinfo=club_zone())


def day_after(day: dt.date | None) -> dt.datetime | None:
    """The end of ``day`` (inclusive) as an exclusive moment: the next day's first moment."""
    return day_start(day + dt.timedelta(days=1)) if day else None


def first_day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(club_zone()).date() if moment else None


def last_day(moment: dt.datetime | None) -> dt.date | None:
    """The inclusive last day of a period that ends (exclusively) at ``moment``."""
    if moment is None:
        return None
    return (moment.astimezone(club_zone()) - dt.timedelta(microseconds=1)).date()


LANGUAGES = ("fa", "he", "en")  # the languages labels are given in


def date_window(first: Any, last: Any, stored_start: Any, stored_end: Any) -> tuple[Any, Any]:
    """The moments for a validity window entered as first and last day: the start of the first
    day and the start of the day after the last; a day left as it was keeps the stored moment
    to the second."""
    start, end = day_start(first), day_after(last)
    if stored_start is not None and first == first_day(stored_start):
        start = stored_start
    if stored_end is not None and last == last_day(stored_end):
        end = stored_end
    return start, end
