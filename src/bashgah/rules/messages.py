"""Validation messages from the rule schemas (pydantic's English) in the reader's language.

Applied where the errors are made (``rules.services.rule_validate``), so the API, the admin and
the back-office all show them translated."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from bashgah.core.digits import localize_digits

# What pydantic says, in words people read in their language.
_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[], str]], ...] = (
    (
        re.compile(r"^Input should be greater than or equal to (?P<n>\S+)$"),
        lambda: _("Must be at least %(n)s."),
    ),
    (
        re.compile(r"^Input should be greater than (?P<n>\S+)$"),
        lambda: _("Must be more than %(n)s."),
    ),
    (
        re.compile(r"^Input should be less than or equal to (?P<n>\S+)$"),
        lambda: _("Must be at most %(n)s."),
    ),
    (re.compile(r"^Input should be less than (?P<n>\S+)$"), lambda: _("Must be less than %(n)s.")),
    (re.compile(r"^Field required$"), lambda: _("This field is required.")),
    (
        re.compile(r"^Input should be a valid (integer|decimal|number).*"),
        lambda: _("Enter a number."),
    ),
    (
        re.compile(r"^Decimal input should have no more than (?P<n>\d+) decimal places?$"),
        lambda: _("At most %(n)s decimal places."),
    ),
    (
        re.compile(r"^name at least one category or SKU$"),
        lambda: _("Name at least one category or SKU."),
    ),
    (
        re.compile(r"^hour_from must be before hour_to$"),
        lambda: _("The first hour must come before the last."),
    ),
    (
        re.compile(r"^give per_day, per_month or both$"),
        lambda: _("Give a daily cap, a monthly cap or both."),
    ),
    (
        re.compile(r"^List should have at most (?P<n>\d+) items?.*"),
        lambda: _("At most %(n)s items."),
    ),
    (
        re.compile(r"^String should have at most (?P<n>\d+) characters?$"),
        lambda: _("At most %(n)s characters."),
    ),
)


def humanize(message: str, language: str) -> str:
    """A validation message from the rule schemas, in the reader's language."""
    for pattern, text in _MESSAGES:
        match = pattern.match(str(message))
        if match:
            numbers = {
                key: localize_digits(value, language) for key, value in match.groupdict().items()
            }
            return text() % numbers if numbers else text()
    return str(message)
