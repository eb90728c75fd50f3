"""Award explanations in the member's language.

Explanations are stored as ``{"code", "points", "params"}`` and rendered when read, so a member
who switches language reads their whole history in the new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.calendars import format_date
from bashgah.core.digits import localize_digits
from bashgah.core.money import format_money, format_points


def _label(params: Mapping[str, Any], key: str, language: str) -> str:
    labels = params.get(key) or {}
    return labels.get(language) or labels.get("fa") or labels.get("en") or labels.get("he") or ""


def _text(code: str, params: Mapping[str, Any], language: str) -> str:
    label = _label(params, "labels", language)
    multiplier = localize_digits(str(params.get("multiplier", "")), language)
    if code == "base_rate":
        return _("%(points)s points for every %(amount)s spent") % {
            "points": format_points(params["rate_points"], language),
            "amount": format_money(params["per_amount"], params["currency"], language),
        }
    if code == "tier_benefit":
        return _("%(multiplier)s× points for %(tier)s members") % {
            "multiplier": multiplier,
            "tier": _label(params, "tier", language),
        }
    if code == "tier_multiplier":
        return _("%(multiplier)s× points for %(tier)s members: %(label)s") % {
            "multiplier": multiplier,
            "tier": _label(params, "tier", language),
            "label": label,
        }
    if code == "category_multiplier":
        return _("%(multiplier)s× points for buying %(label)s") % {
            "multiplier": multiplier,
            "label": label,
        }
    if code == "time_window":
        return _("%(multiplier)s× points: %(label)s") % {"multiplier": multiplier, "label": label}
    if code == "product_bonus":
        return _("Bonus points for buying %(label)s") % {"label": label}
    if code == "minimum_basket":
        return _("Bonus for a basket of %(amount)s or more") % {
            "amount": format_money(params["minimum_amount"], params["currency"], language)
        }
    if code == "nth_visit":
        return _("Bonus for your visit number %(visit)s") % {
            "visit": format_points(params["visit"], language)
        }
    if code == "first_purchase":
        return _("Welcome bonus for your first purchase")
    if code == "birthday":
        return _("Happy birthday! Your birthday bonus")
    if code == "signup":
        return _("Welcome bonus for joining the club")
    if code == "adjustment":
        return _("Adjustment by the club: %(reason)s") % {"reason": params.get("reason", "")}
    if code == "expired_lot":
        return _("Points that expired on %(date)s") % {
            "date": _date(params.get("expired_at"), language)
        }
    if code == "return":
        return _("Points taken back for items returned from purchase %(purchase)s") % {
            "purchase": localize_digits(str(params.get("purchase", "")), language)
        }
    if code == "debt_recorded":
        return _(
            "%(points)s points were already spent, so they are owed and will be settled "
            "from your next points"
        ) % {"points": format_points(params["debt"], language)}
    if code == "reward":
        return _("Redeemed: %(label)s") % {"label": label}
    if code == "voucher_cancelled":
        return _("Voucher cancelled, points returned: %(label)s") % {"label": label}
    if code == "voucher_expired":
        return _("Voucher expired unused, points returned: %(label)s") % {"label": label}
    if code == "coupon":
        return _("Coupon bonus: %(campaign)s") % {"campaign": params.get("campaign", "")}
    if code in _MONEY_TEXTS:
        return _MONEY_TEXTS[code]() % {"amount": _money(params, language)}
    if code == "points_payment_refunded":
        return _("Points that paid for items returned from purchase %(purchase)s, given back") % {
            "purchase": localize_digits(str(params.get("purchase", "")), language)
        }
    if code == "converted":
        return _("Points turned into %(amount)s of wallet credit") % {
            "amount": _money(params, language)
        }
    if code == "debt_settled":
        return _("%(points)s points settled points owed from an earlier return") % {
            "points": format_points(params["debt"], language)
        }
    return label or code


_MONEY_TEXTS = {
    "cashback": lambda: _("%(amount)s cashback to your wallet"),
    "cashback_reversed": lambda: _("%(amount)s cashback taken back for returned items"),
    "wallet_paid": lambda: _("%(amount)s paid from your wallet"),
    "wallet_debt_settled": lambda: _("%(amount)s settled wallet credit owed from a return"),
    "wallet_debt_recorded": lambda: _(
        "%(amount)s of that cashback was already spent, so it is owed and will be settled from "
        "your next wallet credit"
    ),
    "paid_with_points": lambda: _("%(amount)s of a purchase paid with points"),
    "giftcard_issued": lambda: _("Gift card loaded with %(amount)s"),
    "giftcard_spent": lambda: _("%(amount)s paid with a gift card"),
    "giftcard_expired": lambda: _("%(amount)s left on a gift card expired"),
}


def _money(params: Mapping[str, Any], language: str) -> str:
    from django.conf import settings

    currency = params.get("currency") or settings.BASHGAH["CURRENCY"]
    return format_money(int(params.get("amount", 0)), currency, language)


def _date(value: str | None, language: str) -> str:
    import datetime as dt

    if not value:
        return ""
    return format_date(dt.datetime.fromisoformat(value).date(), language)


def explain(item: Mapping[str, Any], language: str) -> str:
    """One explanation line, e.g. "۲ برابر امتیاز برای خرید لبنیات" in Persian."""
    with translation.override(language):
        text = _text(item.get("code", ""), item.get("params") or {}, language)
        capped = (item.get("params") or {}).get("capped")
        if capped:
            period = _("daily") if capped["period"] == "day" else _("monthly")
            text += " " + _("(limited by the %(period)s cap of %(cap)s points)") % {
                "period": period,
                "cap": format_points(capped["cap"], language),
            }
        return text
