from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from bashgah.core.config_cache import invalidate

ACTIVE_RULES_KEY = "rules:active"


class EarningRule(models.Model):
    """An earning rule stored as data: a type, validated parameters and the conditions around
    them. ``services.rule_spec`` turns a row into the evaluator's RuleSpec."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        ARCHIVED = "archived", _("archived")

    name = models.CharField(_("name"), max_length=120)
    labels = models.JSONField(default=dict, help_text="what members read, per language")
    type = models.CharField(max_length=32)
    params = models.JSONField(default=dict)
    priority = models.IntegerField(default=0)
    is_stackable = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    audience_tiers = models.JSONField(default=list, blank=True)
    # Saved segments (ids) this rule is for; empty: everyone. A campaign's offer is such a rule.
    audience_segments = models.JSONField(default=list, blank=True)
    daily_cap = models.PositiveIntegerField(null=True, blank=True)
    monthly_cap = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="rule_status")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        invalidate(ACTIVE_RULES_KEY)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        invalidate(ACTIVE_RULES_KEY)
        return result


class BirthdayBonus(models.Model):
    """One row per member and calendar year: editing a birth date cannot earn a second bonus."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="birthday_bonus_once_a_year")
        ]
