"""Surveys sent to a random sample of an audience through single-use links."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _label(labels: dict[str, str] | None, language: str, fallback: str) -> str:
    labels = labels or {}
    return labels.get(language) or labels.get("fa") or labels.get("en") or fallback


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")

    titles = models.JSONField(default=dict, help_text="the survey's title per language")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    audience = models.JSONField(default=dict, help_text="surveys.audience.Audience")
    confidence = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.950"))
    margin = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.050"))
    min_fraction = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal(0),
        help_text="the sample is at least this share of the population (0, or 0.1 to 1)",
    )
    points_reward = models.BigIntegerField(default=0, help_text="points for answering; 0: none")
    sample_seed = models.BigIntegerField(null=True, blank=True, help_text="reproduces the sample")
    population_size = models.PositiveIntegerField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(points_reward__gte=0), name="survey_points_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title("en")

    def title(self, language: str) -> str:
        return _label(self.titles, language, f"#{self.pk}")


class Question(models.Model):
    class Kind(models.TextChoices):
        NPS = "nps", _("how likely to recommend, 0–10")
        SATISFACTION = "satisfaction", _("satisfaction, 1–5")
        CHOICE = "choice", _("one of several answers")
        TEXT = "text", _("free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(help_text="1-based")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    prompts = models.JSONField(default=dict)
    choices = models.JSONField(default=list, help_text="for choice questions: labels per language")
    is_required = models.BooleanField(default=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_position"),
        ]

    def prompt(self, language: str) -> str:
        return _label(self.prompts, language, str(self.position))


class Invitation(models.Model):
    """One sampled member's single-use link. Only the SHA-256 of the token is kept. The member's
    tier, home store and lifecycle state are recorded as they were when the survey was sent,
    for the results."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    tier_code = models.CharField(max_length=32, blank=True)
    lifecycle = models.CharField(max_length=8, blank=True)  # segments' state at sending
    store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    points_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="invitation_once"),
        ]


class Answer(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.SmallIntegerField(null=True, blank=True, help_text="nps, satisfaction")
    choice = models.SmallIntegerField(null=True, blank=True, help_text="0-based")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_once"),
        ]
