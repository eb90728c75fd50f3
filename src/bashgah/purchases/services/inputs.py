"""Validation of purchase and return input: everything is checked before anything is written."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed

MAX_LINES = 500
MAX_QUANTITY = 1_000_000
MAX_AMOUNT = 10**15
FUTURE_TOLERANCE = dt.timedelta(minutes=5)


class InvalidPurchase(ValidationFailed):
    code = "invalid_purchase"


@dataclass(frozen=True, slots=True)
class LineInput:
    sku: str
    quantity: int
    unit_price: int
    category: str = ""


@dataclass(frozen=True, slots=True)
class ReturnLineInput:
    line: int  # 1-based line number in the purchase
    quantity: int


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_purchase(
    *, external_id: str, lines: list[LineInput], total: int, currency: str, paid_at: dt.datetime
) -> None:
    errors: dict[str, str] = {}
    if not external_id or len(external_id) > 64:
        errors["external_id"] = _("Give the purchase id from the till (at most 64 characters).")
    if not lines:
        errors["lines"] = _("A purchase needs at least one line.")
    if len(lines) > MAX_LINES:
        errors["lines"] = _("A purchase can have at most %(count)d lines.") % {"count": MAX_LINES}
    for number, line in enumerate(lines[:MAX_LINES], start=1):
        prefix = f"lines.{number}"
        if not (line.sku or "").strip() or len(line.sku) > 64:
            errors[f"{prefix}.sku"] = _("Each line needs a SKU (at most 64 characters).")
        if len(line.category or "") > 64:
            errors[f"{prefix}.category"] = _("A category has at most 64 characters.")
        if not _is_whole(line.quantity) or not 0 < line.quantity <= MAX_QUANTITY:
            errors[f"{prefix}.quantity"] = _("Quantity must be a whole number above zero.")
        if not _is_whole(line.unit_price) or not 0 <= line.unit_price <= MAX_AMOUNT:
            errors[f"{prefix}.unit_price"] = _(
                "Unit price must be a whole number of minor units, zero or more."
            )
    if not _is_whole(total) or total < 0:
        errors["total"] = _("The total must be a whole number of minor units, zero or more.")
    elif not errors and total != sum(line.quantity * line.unit_price for line in lines):
        errors["total"] = _(
            "The total %(total)d does not match the lines, which add up to %(sum)d."
        ) % {"total": total, "sum": sum(ln.quantity * ln.unit_price for ln in lines)}
    if currency != settings.BASHGAH["CURRENCY"]:
        errors["currency"] = _("This club works in %(currency)s.") % {
            "currency": settings.BASHGAH["CURRENCY"]
        }
    if timezone.is_naive(paid_at):
        errors["paid_at"] = _("Give the time with its time zone.")
    elif paid_at > timezone.now() + FUTURE_TOLERANCE:
        errors["paid_at"] = _("The purchase time is in the future.")
    if errors:
        raise InvalidPurchase(_("The purchase has errors; nothing was recorded."), details=errors)


def payload_hash(**parts: Any) -> str:
    def default(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat()
        if isinstance(value, LineInput):
            return {
                "sku": value.sku,
                "quantity": value.quantity,
                "unit_price": value.unit_price,
                "category": value.category,
            }
        if isinstance(value, ReturnLineInput):
            return {"line": value.line, "quantity": value.quantity}
        raise TypeError(type(value))

    text = json.dumps(parts, sort_keys=True, default=default, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
