"""Card numbers: 12 digits with a Luhn check digit, so a mistyped digit is caught at the till."""

from __future__ import annotations

import secrets

from bashgah.core.digits import to_ascii_digits

CARD_PREFIX = "7"
CARD_LENGTH = 12  # including the check digit
QR_PREFIX = "BASHGAH:"


def luhn_check_digit(payload: str) -> str:
    total = 0
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def is_valid_card_number(number: str) -> bool:
    number = to_ascii_digits(number).replace(" ", "").replace("-", "")
    return (
        len(number) == CARD_LENGTH
        and number.isdigit()
        and luhn_check_digit(number[:-1]) == number[-1]
    )


def new_card_number() -> str:
    body = CARD_PREFIX + "".join(secrets.choice("0123456789") for _ in range(CARD_LENGTH - 2))
    return body + luhn_check_digit(body)


def new_qr_token() -> str:
    return secrets.token_urlsafe(16)


def qr_payload(token: str) -> str:
    return QR_PREFIX + token


def token_from_qr_payload(payload: str) -> str | None:
    payload = payload.strip()
    if payload.startswith(QR_PREFIX):
        return payload[len(QR_PREFIX) :]
    return None
