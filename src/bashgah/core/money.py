"""Money is an integer of minor units plus an ISO currency code; never a float."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal, get_currency_precision
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.digits import localize_digits

# Rial has no minor unit in practice, whatever ISO says about dinars.
_PRECISION_OVERRIDES = {"IRR": 0, "IRT": 0}


def currency_exponent(currency: str) -> int:
    return _PRECISION_OVERRIDES.get(currency, get_currency_precision(currency))


@dataclass(frozen=True, slots=True)
class Money:
    amount: int  # minor units
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("Money.amount must be an int of minor units")


def format_money(amount: int, currency: str, language: str) -> str:
    """Display an amount the way a member reading ``language`` expects.

    IRR is shown as Rial or Toman (a tenth of the number) as the club chooses; ILS with ₪.
    """
    locale = {"fa": "fa_IR", "he": "he_IL"}.get(language, "en_US")
    if currency == "IRR":
        in_toman = settings.BASHGAH["IRR_DISPLAY"] == "toman"
        with translation.override(language):
            unit = _("Toman") if in_toman else _("Rial")
        shown = amount // 10 if in_toman else amount
        number = format_decimal(shown, locale=locale, numbering_system="latn")
        return localize_digits(f"{number} {unit}", language)
    exponent = currency_exponent(currency)
    whole, minor = divmod(abs(amount), 10**exponent)
    sign = "-" if amount < 0 else ""
    number = format_decimal(whole, locale=locale, numbering_system="latn")
    if exponent:
        number += "." + str(minor).zfill(exponent)
    symbol = {"ILS": "₪", "USD": "$", "EUR": "€"}.get(currency, currency)
    text = f"{sign}{symbol}{number}" if language == "en" else f"{sign}{number} {symbol}"
    return localize_digits(text, language)


def display_factor(currency: str) -> int:
    """Minor units per unit as people type amounts: a Toman is 10 Rial; a shekel 100 agorot."""
    if currency == "IRR":
        return 10 if settings.BASHGAH["IRR_DISPLAY"] == "toman" else 1
    return 10 ** currency_exponent(currency)


def display_unit(currency: str) -> str:
    if currency == "IRR":
        return _("Toman") if settings.BASHGAH["IRR_DISPLAY"] == "toman" else _("Rial")
    return {"ILS": "₪", "USD": "$", "EUR": "€"}.get(currency, currency)


def parse_amount(text: str, currency: str) -> int | None:
    """An amount typed in the displayed unit (any digit script, thousands separators, a
    decimal point for currencies with minor units) as minor units; None if it is not one."""
    from decimal import Decimal, InvalidOperation

    from bashgah.core.digits import to_ascii_digits

    cleaned = to_ascii_digits(text or "").replace(",", "").replace("٬", "").replace(" ", "")
    cleaned = cleaned.replace("٫", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned) * display_factor(currency)
    except InvalidOperation:
        return None
    if value < 0 or value != value.to_integral_value():
        return None
    return int(value)


def format_points(points: int, language: str) -> str:
    locale = {"fa": "fa_IR", "he": "he_IL"}.get(language, "en_US")
    return localize_digits(format_decimal(points, locale=locale, numbering_system="latn"), language)
