"""Lotteries whose draws anyone can verify (commit-reveal, see ``lotteries.draw``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _label(labels: dict[str, str] | None, language: str, fallback: str) -> str:
    labels = labels or {}
    return labels.get(language) or labels.get("fa") or labels.get("en") or fallback


class Lottery(models.Model):
    """A draw. The secret ``seed`` is chosen at scheduling and only its SHA-256 ``commitment``
    is public until the draw; entries are frozen (``entries``, ``entries_hash``) at close."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("open for entries")
        CLOSED = "closed", _("entries closed")
        DRAWN = "drawn", _("drawn")

    names = models.JSONField(default=dict, help_text="the lottery's name per language")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    entry_start = models.DateTimeField()
    entry_end = models.DateTimeField()
    audience = models.JSONField(default=dict, help_text="lotteries.audience.Audience")
    entries_per_purchase = models.PositiveIntegerField(default=0)
    amount_per_entry = models.BigIntegerField(
        default=0, help_text="one entry per this many minor units of a purchase; 0: off"
    )
    points_per_entry = models.BigIntegerField(default=0, help_text="0: entries not sold")
    seed = models.CharField(max_length=64, help_text="hex; secret until drawn")
    commitment = models.CharField(max_length=64)
    entries = models.JSONField(default=list, help_text="the published entry list, at close")
    entries_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_end__gt=models.F("entry_start")), name="lottery_period_order"
            ),
            models.CheckConstraint(
                condition=Q(amount_per_entry__gte=0) & Q(points_per_entry__gte=0),
                name="lottery_rates_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.name("en")

    def name(self, language: str) -> str:
        return _label(self.names, language, f"#{self.pk}")


class LotteryPrize(models.Model):
    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="prizes")
    position = models.PositiveSmallIntegerField(help_text="1 is drawn first")
    names = models.JSONField(default=dict)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "position"], name="lottery_prize_position"),
            models.CheckConstraint(condition=Q(count__gte=1), name="lottery_prize_count_gte_1"),
        ]

    def name(self, language: str) -> str:
        return _label(self.names, language, str(self.position))


class LotteryPointsEntry(models.Model):
    """Entries a member bought with points; one row per request (``request_id``), so a retry
    of the same request cannot spend twice."""

    lottery = models.ForeignKey(Lottery, on_delete=models.PROTECT, related_name="points_entries")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    request_id = models.CharField(max_length=200)
    entries = models.PositiveIntegerField()
    points = models.BigIntegerField()
    ledger_transaction = models.ForeignKey(
        "ledger.Transaction", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lottery", "member", "request_id"], name="lottery_points_entry_request"
            ),
        ]


class LotteryEntrant(models.Model):
    """A member in the frozen entry list, with the pseudonym published for them."""

    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="entrants")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=32)
    tickets = models.PositiveIntegerField()
    tickets_from_purchases = models.PositiveIntegerField(default=0)
    tickets_from_points = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lottery", "member"], name="lottery_entrant_member"),
            models.UniqueConstraint(
                fields=["lottery", "pseudonym"], name="lottery_entrant_pseudonym"
            ),
        ]


class LotteryWinner(models.Model):
    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="winners")
    round = models.PositiveIntegerField(help_text="0-based round of the draw")
    entrant = models.ForeignKey(LotteryEntrant, on_delete=models.PROTECT, related_name="+")
    prize = models.ForeignKey(LotteryPrize, on_delete=models.PROTECT, related_name="winners")

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "round"], name="lottery_winner_round"),
            models.UniqueConstraint(fields=["lottery", "entrant"], name="lottery_winner_once"),
        ]
