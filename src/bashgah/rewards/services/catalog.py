"""The rewards catalog: create and change rewards, with an error per field the user can fix.

Redemptions copy what they need (points cost, names) into the voucher and the ledger, so a
reward changed later does not change what members already received."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed
from bashgah.rewards.models import Reward
from bashgah.tiers.models import Tier

REWARD_FIELDS = (
    "type",
    "names",
    "descriptions",
    "points_cost",
    "value",
    "percent",
    "max_discount",
    "sku",
    "stock",
    "per_member_limit",
    "per_member_period_days",
    "valid_from",
    "valid_until",
    "tiers",
    "voucher_valid_days",
    "is_active",
)
_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_LANGUAGES = ("fa", "he", "en")
_NEEDS_VALUE = {
    Reward.Type.FIXED_DISCOUNT,
    Reward.Type.MOBILE_TOPUP,
    Reward.Type.CASHBACK,
    Reward.Type.DONATION,
}
_BIG = 10**15


class InvalidReward(ValidationFailed):
    code = "invalid_reward"


def _whole(value: object, *, minimum: int, optional: bool = False) -> bool:
    if value is None:
        return optional
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value < _BIG


def _texts(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(language, ""), str) for language in _LANGUAGES
    )


def _reward_errors(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = data.get("type")
    if kind not in Reward.Type.values:
        errors["type"] = _("Choose the kind of reward.")
    names = data.get("names")
    if (
        not isinstance(names, dict)
        or not _texts(names)
        or not any(str(names.get(lang) or "").strip() for lang in _LANGUAGES)
    ):
        errors["names"] = _("Name the reward in at least one language.")
    if not _texts(data.get("descriptions") or {}):
        errors["descriptions"] = _("Describe the reward in plain text.")
    if not _whole(data.get("points_cost"), minimum=1):
        errors["points_cost"] = _("Give a whole number of points, 1 or more.")
    if not _whole(data.get("value"), minimum=0):
        errors["value"] = _("Give an amount, zero or more.")
    elif kind in _NEEDS_VALUE and data["value"] == 0:
        errors["value"] = _("This kind of reward needs an amount.")
    percent = data.get("percent")
    if not isinstance(percent, Decimal) or not Decimal(0) <= percent <= Decimal(100):
        errors["percent"] = _("Give a percentage from 0 to 100.")
    elif percent != percent.quantize(Decimal("0.01")):
        errors["percent"] = _("At most two decimal places.")
    elif kind == Reward.Type.PERCENT_DISCOUNT and percent == 0:
        errors["percent"] = _("A percent discount needs a percentage above zero.")
    if not _whole(data.get("max_discount"), minimum=1, optional=True):
        errors["max_discount"] = _("Give an amount above zero, or leave it empty.")
    if kind == Reward.Type.FREE_PRODUCT and not str(data.get("sku") or "").strip():
        errors["sku"] = _("Name the product (its SKU) the voucher gives.")
    elif len(str(data.get("sku") or "")) > 64:
        errors["sku"] = _("At most %(count)d characters.") % {"count": 64}
    for name in ("stock", "per_member_limit"):
        if not _whole(data.get(name), minimum=0, optional=True):
            errors[name] = _("Give a whole number, or leave it empty.")
    if not _whole(data.get("per_member_period_days"), minimum=1, optional=True):
        errors["per_member_period_days"] = _("Give a number of days, or leave it empty.")
    if not _whole(data.get("voucher_valid_days"), minimum=1):
        errors["voucher_valid_days"] = _("Give a number of days, 1 or more.")
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    for name, moment in (("valid_from", valid_from), ("valid_until", valid_until)):
        if moment is not None and not isinstance(moment, dt.datetime):
            errors[name] = _("This is not a valid date.")
    if (
        isinstance(valid_from, dt.datetime)
        and isinstance(valid_until, dt.datetime)
        and valid_until <= valid_from
    ):
        errors["valid_until"] = _("The end must come after the start.")
    tiers = data.get("tiers") or []
    if not isinstance(tiers, list) or not all(isinstance(code, str) for code in tiers):
        errors["tiers"] = _("Choose tiers from the list.")
    else:
        known = set(Tier.objects.filter(code__in=tiers).values_list("code", flat=True))
        if set(tiers) - known:
            errors["tiers"] = _("Unknown tier: %(codes)s.") % {
                "codes": ", ".join(sorted(set(tiers) - known))
            }
    return errors


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    data["names"] = {lang: str(data["names"].get(lang) or "").strip() for lang in _LANGUAGES}
    descriptions = data.get("descriptions") or {}
    data["descriptions"] = {
        lang: str(descriptions.get(lang) or "").strip()
        for lang in _LANGUAGES
        if str(descriptions.get(lang) or "").strip()
    }
    data["sku"] = str(data.get("sku") or "").strip()
    data["tiers"] = sorted(set(data.get("tiers") or []))
    return data


_DEFAULTS: dict[str, Any] = {
    "descriptions": {},
    "value": 0,
    "percent": Decimal(0),
    "max_discount": None,
    "sku": "",
    "stock": None,
    "per_member_limit": None,
    "per_member_period_days": None,
    "valid_from": None,
    "valid_until": None,
    "tiers": [],
    "voucher_valid_days": 30,
    "is_active": True,
}


def reward_create(*, code: str, **fields: Any) -> Reward:
    """A new reward in the catalog. Its code names it in the API, so it is fixed."""
    unknown = set(fields) - set(REWARD_FIELDS)
    if unknown:
        raise InvalidReward(details={name: _("Unknown field.") for name in sorted(unknown)})
    code = (code or "").strip().lower()
    data = {**_DEFAULTS, **fields}
    errors = _reward_errors(data)
    if not _CODE.match(code):
        errors["code"] = _("Use up to 40 lower-case Latin letters, digits, hyphens or underscores.")
    elif Reward.objects.filter(code=code).exists():
        errors["code"] = _("Another reward already has this code.")
    if errors:
        raise InvalidReward(_("The reward has errors; fix them and try again."), details=errors)
    return Reward.objects.create(code=code, **_clean(data))


def reward_update(*, reward: Reward, **changes: Any) -> Reward:
    """Change a reward. Vouchers already issued keep the points they cost and their expiry."""
    unknown = set(changes) - set(REWARD_FIELDS)
    if unknown:
        raise InvalidReward(details={name: _("Unknown field.") for name in sorted(unknown)})
    data = {name: getattr(reward, name) for name in REWARD_FIELDS} | changes
    errors = _reward_errors(data)
    if errors:
        raise InvalidReward(_("The reward has errors; fix them and try again."), details=errors)
    for name, value in _clean(data).items():
        setattr(reward, name, value)
    reward.save(update_fields=list(REWARD_FIELDS))
    return reward
