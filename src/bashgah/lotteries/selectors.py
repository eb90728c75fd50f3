"""Lottery reads: the public page data and the check of a finished draw."""

from __future__ import annotations

from typing import Any

from bashgah.lotteries import draw
from bashgah.lotteries.models import Lottery, LotteryEntrant, LotteryWinner
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
