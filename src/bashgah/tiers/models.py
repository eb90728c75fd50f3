from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bashgah.core.config_cache import invalidate

TIERS_KEY = "tiers:all"
POLICY_KEY = "tiers:policy"


class _InvalidatesConfig(models.Model):
    """Tiers and the policy are cached per process; a change here takes effect at once."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        invalidate(TIERS_KEY, POLICY_KEY)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        invalidate(TIERS_KEY, POLICY_KEY)
        return result


class TierPolicy(_InvalidatesConfig):
    """How tiers are earned: one row (pk=1) for the club."""

    class Basis(models.TextChoices):
        SPEND = "spend", _("spend")
        POINTS = "points", _("tier-qualifying points")

    basis = models.CharField(max_length=8, choices=Basis.choices, default=Basis.SPEND)
    window_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    grace_days = models.PositiveSmallIntegerField(default=30)


class Tier(_InvalidatesConfig):
    code = models.SlugField(max_length=32, unique=True)
    labels = models.JSONField(default=dict, help_text="the tier's name per language")
    rank = models.PositiveSmallIntegerField(unique=True, help_text="0 is the entry tier")
    threshold = models.BigIntegerField(
        default=0, help_text="spend (minor units) or points over the window to qualify"
    )
    points_multiplier = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(20))],
    )
    discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    cashback_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta(_InvalidatesConfig.Meta):
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0), name="tier_threshold_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def label(self, language: str) -> str:
        labels = self.labels or {}
        return labels.get(language) or labels.get("fa") or labels.get("en") or self.code


class QualifyingActivity(models.Model):
    """Spend and points that count toward a tier, appended per purchase and return."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    spend = models.BigIntegerField(default=0)
    points = models.BigIntegerField(default=0)
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "occurred_at"], name="qualifying_member_time")]


class MemberTier(models.Model):
    member = models.OneToOneField(
        "members.Member", on_delete=models.CASCADE, related_name="tier_state"
    )
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    below_since = models.DateTimeField(null=True, blank=True, help_text="grace period start")
    manual_until = models.DateTimeField(null=True, blank=True)
    manual_reason = models.CharField(max_length=200, blank=True)


class TierChange(models.Model):
    class Reason(models.TextChoices):
        JOIN = "join", _("joined")
        UPGRADE = "upgrade", _("upgrade")
        DOWNGRADE = "downgrade", _("downgrade at review")
        MANUAL = "manual", _("granted by staff")
        MANUAL_ENDED = "manual_ended", _("granted tier ended")

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    from_tier = models.ForeignKey(Tier, null=True, on_delete=models.PROTECT, related_name="+")
    to_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField()
