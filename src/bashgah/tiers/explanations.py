"""Tier progress in the member's language: "spend X more by D to reach T". Shared by every
front (API, member portal) so a member reads the same sentence wherever they look."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from bashgah.core.calendars import format_date, local_date
from bashgah.core.money import format_money, format_points
from bashgah.tiers.selectors import TierStatus


def progress_text(status: TierStatus, currency: str, language: str) -> str:
    """What the member still needs for the next tier, and by when; empty without tiers."""
    with translation.override(language):
        if status.next_tier is None:
            return _("You are in the highest tier.") if status.tier else ""
        amount = (
            format_money(status.needed, currency, language)
            if status.basis == "spend"
            else _("%(points)s points") % {"points": format_points(status.needed, language)}
        )
        deadline = format_date(local_date(status.deadline), language) if status.deadline else ""
        return _("Spend %(amount)s more by %(date)s to reach %(tier)s.") % {
            "amount": amount,
            "date": deadline,
            "tier": status.next_tier.label(language),
        }
