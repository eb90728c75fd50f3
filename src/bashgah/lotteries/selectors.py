"""Lottery reads: the public page data, the check of a finished draw, and the staff pages' list,
entry totals and winners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from bashgah.lotteries import draw
from bashgah.lotteries.models import (
    Lottery,
    LotteryEntrant,
    LotteryPointsEntry,
    LotteryPrize,
    LotteryWinner,
)
from bashgah.members.models import Member


def lottery_published(*, lottery: Lottery) -> dict[str, Any]:
    """Everything the club publishes about a lottery at its current stage: the commitment from
    the start; the entry list and its hash once closed; the seed and winners once drawn. The
    seed never leaves before the draw."""
    data: dict[str, Any] = {
        "lottery_id": lottery.pk,
        "status": lottery.status,
        "names": lottery.names,
        "entry_start": lottery.entry_start.isoformat(),
        "entry_end": lottery.entry_end.isoformat(),
        "commitment": lottery.commitment,
        "algorithm": "bashgah-lottery-v1",
        "prizes": [
            {"position": prize.position, "names": prize.names, "count": prize.count}
            for prize in lottery.prizes.order_by("position")
        ],
        "entries_hash": lottery.entries_hash or None,
        "entries": None,
        "seed": None,
        "winners": None,
    }
    if lottery.status in (Lottery.Status.CLOSED, Lottery.Status.DRAWN):
        data["entries"] = lottery.entries
    if lottery.status == Lottery.Status.DRAWN:
        data["seed"] = lottery.seed
        data["winners"] = [
            {"round": winner.round, "id": winner.entrant.pseudonym, "prize": winner.prize.position}
            for winner in LotteryWinner.objects.filter(lottery=lottery)
            .select_related("entrant", "prize")
            .order_by("round")
        ]
    return data


def lottery_verify(*, lottery: Lottery) -> list[str]:
    """Recompute a drawn lottery from what was published; the problems found (empty: sound)."""
    if lottery.status != Lottery.Status.DRAWN:
        return [f"lottery {lottery.pk} has not been drawn (status {lottery.status})"]
    return draw.verify_published(lottery_published(lottery=lottery))


def lottery_entry_of(*, lottery: Lottery, member: Member) -> LotteryEntrant | None:
    """The member's line in the published list (their pseudonym and tickets), if any."""
    return LotteryEntrant.objects.filter(lottery=lottery, member=member).first()


def lotteries_list() -> QuerySet[Lottery]:
    """Every lottery, newest first, annotated with ``entrant_count`` (0 until entries close)
    and ``prize_total`` (winners to draw)."""
    # Subqueries, not joins: joining entrants and prizes at once would multiply the sums.
    entrants = (
        LotteryEntrant.objects.filter(lottery=OuterRef("pk"))
        .values("lottery")
        .annotate(n=Count("pk"))
        .values("n")
    )
    prizes = (
        LotteryPrize.objects.filter(lottery=OuterRef("pk"))
        .values("lottery")
        .annotate(n=Sum("count"))
        .values("n")
    )
    return Lottery.objects.annotate(
        entrant_count=Coalesce(Subquery(entrants), 0),
        prize_total=Coalesce(Subquery(prizes), 0),
    ).order_by("-entry_start", "-pk")


@dataclass(frozen=True, slots=True)
class LotteryTotals:
    """The frozen entry list in numbers (all zero before entries close)."""

    entrants: int
    tickets: int
    tickets_from_purchases: int
    tickets_from_points: int
    points_spent: int  # on entries bought with points, closed or not


def lottery_totals(*, lottery: Lottery) -> LotteryTotals:
    frozen = LotteryEntrant.objects.filter(lottery=lottery).aggregate(
        entrants=Count("pk"),
        tickets=Sum("tickets"),
        purchases=Sum("tickets_from_purchases"),
        points=Sum("tickets_from_points"),
    )
    spent = LotteryPointsEntry.objects.filter(lottery=lottery).aggregate(points=Sum("points"))
    return LotteryTotals(
        entrants=frozen["entrants"] or 0,
        tickets=frozen["tickets"] or 0,
        tickets_from_purchases=frozen["purchases"] or 0,
        tickets_from_points=frozen["points"] or 0,
        points_spent=spent["points"] or 0,
    )


def lottery_winners(*, lottery: Lottery) -> list[LotteryWinner]:
    """The winners in draw order, with their prize, pseudonym and member, for staff (the public
    page names pseudonyms only)."""
    return list(
        LotteryWinner.objects.filter(lottery=lottery)
        .select_related("prize", "entrant__member")
        .order_by("round")
    )
