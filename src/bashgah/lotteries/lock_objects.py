from __future__ import annotations

from bashgah.lotteries.models import Lottery


def lottery_lock(*, lottery_id: int) -> Lottery:
    """Lock one lottery row for a state change (close, draw, selling entries); the caller holds
    a transaction. Buying entries takes this lock before the member's ledger lock."""
    return Lottery.objects.select_for_update().get(pk=lottery_id)
