from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A key for one integration (a POS, a web shop). Only a SHA-256 hash of the secret is kept:
    keys are 256-bit random, so a slow password hash would add nothing but latency."""

    class Scope(models.TextChoices):
        POS = "pos", _("point of sale: members, purchases, returns")
        STAFF = "staff", _("staff: also manual adjustments")

    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="api_keys")
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.POS)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def source(self) -> str:
        """Where purchases through this key come from: external ids are unique per store."""
        return f"store:{self.store.code}"


class IdempotencyRecord(models.Model):
    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_per_api_key")
        ]
