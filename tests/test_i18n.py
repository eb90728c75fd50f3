"""Persian and Hebrew from the first page: catalogs complete, numbers and money as read."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from bashgah.core.i18n import LOCALE_DIR
from bashgah.core.money import format_money, format_points
from bashgah.rules.explanations import explain


@pytest.mark.parametrize("language", ["fa", "he"])
def test_every_message_is_translated(language):
    with (LOCALE_DIR / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [] and fuzzy == []


def test_money_per_language(settings):
    assert format_money(12_500_000, "IRR", "fa") == "۱٬۲۵۰٬۰۰۰ تومان"
    assert format_money(12_500_000, "IRR", "en") == "1,250,000 Toman"
    settings.BASHGAH = {**settings.BASHGAH, "IRR_DISPLAY": "rial"}
    assert format_money(12_500_000, "IRR", "fa") == "۱۲٬۵۰۰٬۰۰۰ ریال"
    assert format_money(123_456, "ILS", "he") == "1,234.56 ₪"
    assert format_money(123_456, "USD", "en") == "$1,234.56"
    assert format_points(1234, "fa") == "۱٬۲۳۴"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fa", "۲ برابر امتیاز برای خرید لبنیات"),
        ("he", "פי 2 נקודות על קניית מוצרי חלב"),
        ("en", "2× points for buying dairy"),
    ],
)
def test_explanations_in_each_language(language, text):
    item = {
        "code": "category_multiplier",
        "points": 90,
        "params": {"multiplier": "2", "labels": {"fa": "لبنیات", "he": "מוצרי חלב", "en": "dairy"}},
    }
    assert explain(item, language) == text


def test_capped_explanation():
    item = {
        "code": "first_purchase",
        "points": 20,
        "params": {"labels": {}, "capped": {"period": "day", "cap": 30}},
    }
    assert explain(item, "fa") == "هدیهٔ نخستین خرید شما (با سقف روزانه ۳۰ امتیاز محدود شد)"


def _codes_used_in_source() -> set[str]:
    import re
    from pathlib import Path

    import bashgah

    root = Path(bashgah.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        found |= set(re.findall(r'"code": "([a-z_]+)"', path.read_text(encoding="utf-8")))
    from bashgah.rules.schemas import RULE_TYPES

    return found | set(RULE_TYPES) | {"base_rate", "tier_benefit"}


@pytest.mark.parametrize("language", ["fa", "he", "en"])
def test_every_explanation_code_reads_as_a_sentence(language):
    params = {
        "labels": {"fa": "برچسب", "he": "תווית", "en": "label"},
        "amount": 1000,
        "currency": "IRR",
        "rate_points": 1,
        "per_amount": 10_000,
        "multiplier": "2",
        "minimum_amount": 5,
        "visit": 10,
        "reason": "r",
        "purchase": "P1",
        "debt": 3,
        "expired_at": "2026-01-01T00:00:00+00:00",
        "campaign": "c",
        "tier": {"en": "Gold"},
    }
    untranslated = []
    for code in sorted(_codes_used_in_source() - {"signup", "earning_cap", "points_per_amount"}):
        text = explain({"code": code, "points": 1, "params": params}, language)
        if text in (code, params["labels"][language]) or "%(" in text:
            untranslated.append(code)
    assert untranslated == []


def test_amounts_typed_in_the_displayed_unit(settings):
    from bashgah.core.money import parse_amount

    assert parse_amount("۴۵٬۰۰۰", "IRR") == 450_000  # Toman typed, Rial kept
    settings.BASHGAH = {**settings.BASHGAH, "IRR_DISPLAY": "rial"}
    assert parse_amount("450,000", "IRR") == 450_000
    assert parse_amount("12.50", "ILS") == 1250
    assert parse_amount("12.505", "ILS") is None
    assert parse_amount("abc", "ILS") is None and parse_amount("-5", "ILS") is None
