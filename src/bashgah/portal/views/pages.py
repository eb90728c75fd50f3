"""The member's card, points and history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bashgah.core.digits import localize_digits
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_history, points_summary, wallet_summary
from bashgah.members.models import Member
from bashgah.portal.qr import qr_svg
from bashgah.portal.views.common import language, member_required, page_context
from bashgah.rules.explanations import explain
from bashgah.tiers.explanations import progress_text
from bashgah.tiers.selectors import TierStatus, tier_status

HISTORY_PAGE_SIZE = 20


def _progress_percent(status: TierStatus) -> int:
    """How far along the way to the next tier, in whole percent, for the progress bar."""
    if status.next_tier is None:
        return 100 if status.tier else 0
    floor = status.tier.threshold if status.tier else 0
    span = status.next_tier.threshold - floor
    if span <= 0:
        return 100
    return max(0, min(100, (status.value - floor) * 100 // span))


def tier_context(member: Member) -> dict[str, Any]:
    status = tier_status(member=member)
    return {
        "tier": status,
        "tier_name": status.tier.label(language()) if status.tier else "",
        "progress": progress_text(status, settings.BASHGAH["CURRENCY"], language()),
        "multiplier": localize_digits(f"{status.points_multiplier.normalize():f}", language()),
        "discount": localize_digits(f"{status.discount_percent.normalize():f}", language()),
        # the bar is drawn in steps of 5% by classes: inline styles are forbidden by the CSP
        "progress_step": _progress_percent(status) // 5 * 5,
    }


@require_GET
@member_required
def card(request: HttpRequest, member: Member) -> HttpResponse:
    context = page_context(
        "card",
        member=member,
        summary=points_summary(member=member),
        wallet=wallet_summary(member=member),
        qr=qr_svg(member.qr_payload, label=_("Your membership QR code")),
        **tier_context(member),
    )
    return render(request, "portal/card.html", context)


def history_rows(transactions: list[Transaction]) -> list[dict[str, Any]]:
    lang = language()
    return [
        {
            "transaction": tx,
            "reasons": [explain(item, lang) for item in tx.explanation] or [tx.get_kind_display()],
        }
        for tx in transactions
    ]


@require_GET
@member_required
def history(request: HttpRequest, member: Member) -> HttpResponse:
    paginator = Paginator(points_history(member=member), HISTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = page_context(
        "history",
        member=member,
        page=page,
        rows=history_rows(list(page.object_list)),
        summary=points_summary(member=member),
    )
    return render(request, "portal/history.html", context)
