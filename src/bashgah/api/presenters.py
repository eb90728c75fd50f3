"""Turn domain results into API output in the request's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language

from bashgah.api import schemas as out
from bashgah.core.calendars import format_date, local_date
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import PointsSummary
from bashgah.members.models import Member
from bashgah.rules.explanations import explain
from bashgah.tiers.explanations import progress_text as tier_progress_text
from bashgah.tiers.models import Tier
from bashgah.tiers.selectors import TierStatus


def language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def member_out(member: Member) -> out.MemberOut:
    return out.MemberOut(
        id=member.pk,
        phone=member.phone,
        card_number=member.card_number,
        qr_payload=member.qr_payload,
        first_name=member.first_name,
        last_name=member.last_name,
        email=member.email,
        birth_date=member.birth_date,
        birth_date_display=format_date(member.birth_date, language())
        if member.birth_date
        else None,
        gender=member.gender,
        city=member.city,
        language=member.language,
        status=member.status,
        enrolled_at=member.enrolled_at,
    )


def awards_out(items: Iterable[Any]) -> list[out.AwardOut]:
    """Awards from the evaluator or from stored PurchaseAward rows."""
    lang = language()
    result = []
    for item in items:
        data = {"code": item.code, "points": item.points, "params": item.params}
        result.append(
            out.AwardOut(
                points=item.points,
                code=item.code,
                rule_id=item.rule_id,
                explanation=explain(data, lang),
            )
        )
    return result


def balance_out(summary: PointsSummary) -> out.BalanceOut:
    return out.BalanceOut(
        balance=summary.balance,
        available=summary.available,
        pending=summary.pending,
        debt=summary.debt,
        expiring_soon=summary.expiring_soon,
        expiring_soon_at=summary.expiring_soon_at,
    )


def _tier_ref(tier: Tier | None) -> out.TierRef | None:
    return out.TierRef(code=tier.code, name=tier.label(language())) if tier else None


def progress_text(status: TierStatus, currency: str) -> str:
    return tier_progress_text(status, currency, language())


def tier_out(status: TierStatus, currency: str) -> out.TierOut:
    return out.TierOut(
        tier=_tier_ref(status.tier),
        basis=status.basis,
        value=status.value,
        window_months=status.window_months,
        next_tier=_tier_ref(status.next_tier),
        needed=status.needed,
        deadline=status.deadline,
        progress=progress_text(status, currency),
        manual_until=status.manual_until,
        points_multiplier=str(status.points_multiplier),
        discount_percent=str(status.discount_percent),
        cashback_percent=str(status.cashback_percent),
    )


def history_item_out(tx: Transaction) -> out.HistoryItemOut:
    lang = language()
    explanations = [explain(item, lang) for item in tx.explanation] or [tx.get_kind_display()]
    return out.HistoryItemOut(
        id=tx.pk,
        kind=tx.kind,
        points=tx.points,
        debt=tx.debt,
        created_at=tx.created_at,
        date_display=format_date(local_date(tx.created_at), lang),
        explanations=explanations,
        reference_type=tx.reference_type,
        reference_id=tx.reference_id,
    )
