"""Voucher, coupon and gift-card codes that people read aloud and type at a till.

- 30 characters with no look-alikes (no 0/O, 1/I/L, no U/V confusion): digits 2–9 and 22
  letters. What a cashier reads is what they type.
- 13 random characters from the OS's CSPRNG: log2(30) × 13 ≈ 63.8 bits, so guessing a live code
  is hopeless even with millions issued.
- One check character (Luhn mod 30), which catches every single mistyped character and every
  swap of two neighbours but one (2 and Z, as 0 and 9 in decimal Luhn) before the database is
  asked.
- Shown in groups of four (``ABCD-EFGH-JKMN-PQ``); input may use any case, spaces, dashes and
  Persian or Arabic-Indic digits.
"""

from __future__ import annotations

import secrets

from bashgah.core.digits import to_ascii_digits

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)  # 30
RANDOM_LENGTH = 13
CODE_LENGTH = RANDOM_LENGTH + 1
_INDEX = {char: index for index, char in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    """Luhn mod N over the alphabet (N = 30)."""
    factor, total = 2, 0
    for char in reversed(body):
        addend = factor * _INDEX[char]
        factor = 1 if factor == 2 else 2
        total += addend // BASE + addend % BASE
    return ALPHABET[(BASE - total % BASE) % BASE]


def _random_body(length: int = RANDOM_LENGTH) -> str:
    number = int.from_bytes(secrets.token_bytes(9), "big")  # 72 random bits, 64 used
    chars = []
    for _ in range(length):
        number, digit = divmod(number, BASE)
        chars.append(ALPHABET[digit])
    return "".join(chars)


def new_code(prefix: str = "") -> str:
    """A fresh code: ``prefix`` (alphabet characters, e.g. a campaign's) + random + check."""
    body = prefix + _random_body(RANDOM_LENGTH)
    return body + check_character(body)


def new_codes(count: int, prefix: str = "") -> list[str]:
    """``count`` distinct fresh codes (duplicates are astronomically unlikely but removed)."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.update(new_code(prefix) for _ in range(count - len(codes)))
    return list(codes)


def normalize_code(raw: str) -> str:
    """What the user typed, as stored: upper case, no separators, ASCII digits."""
    text = to_ascii_digits(raw or "").upper()
    return "".join(char for char in text if char not in " -_\t\u200c")


def is_well_formed(code: str) -> bool:
    """All characters from the alphabet and the check character right (any length ≥ 2, so
    imported codes of other lengths still get checked when they follow the scheme)."""
    return (
        len(code) >= 2
        and all(char in _INDEX for char in code)
        and check_character(code[:-1]) == code[-1]
    )


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
