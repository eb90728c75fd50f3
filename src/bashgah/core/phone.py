"""Phone numbers: whatever a cashier or member types becomes one E.164 string, or a clear error."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from bashgah.core.digits import to_ascii_digits
from bashgah.core.errors import ValidationFailed

_STRIP = re.compile(r"[\s\-().\u200c\u200f\u200e]")
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


class InvalidPhone(ValidationFailed):
    code = "invalid_phone"
    default_message = _("This is not a valid mobile number.")


def normalize_phone(raw: str, *, region: str | None = None) -> str:
    """Return the E.164 form of a mobile number in a supported region, or raise InvalidPhone.

    Accepts Persian and Arabic-Indic digits, spaces, dashes, a leading 0 (national form in the
    default region), ``00`` or ``+`` international prefixes.
    """
    text = _STRIP.sub("", to_ascii_digits(raw or ""))
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text or not re.fullmatch(r"\+?\d{6,16}", text):
        raise InvalidPhone(details={"phone": raw})
    region = region or settings.BASHGAH["PHONE_REGION"]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(details={"phone": raw}) from exc
    supported = settings.BASHGAH["PHONE_REGIONS"]
    number_region = phonenumbers.region_code_for_number(number)
    if number_region not in supported:
        raise InvalidPhone(
            _("Mobile numbers from this country are not supported."),
            code="unsupported_phone_region",
            details={"phone": raw, "supported_regions": list(supported)},
        )
    if not phonenumbers.is_valid_number(number) or (
        phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidPhone(details={"phone": raw})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(raw: str) -> bool:
    try:
        normalize_phone(raw)
    except InvalidPhone:
        return False
    return True
