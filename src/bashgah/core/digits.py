"""Digit scripts: members type Persian (۰–۹) and Arabic-Indic (٠–٩) digits as often as ASCII."""

from __future__ import annotations

_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII = str.maketrans(_PERSIAN + _ARABIC, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789", _PERSIAN)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN)


def localize_digits(text: str, language: str) -> str:
    """Digits as a reader of ``language`` expects them: Persian digits and the Persian thousands
    separator (٬) for fa, ASCII otherwise."""
    if language != "fa":
        return text
    return to_persian_digits(text).replace(",", "٬")
