from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """A staff user's role, branches and second factor."""

    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MANAGER = "manager", _("manager")
        CASHIER = "cashier", _("cashier")
        ANALYST = "analyst", _("analyst")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    stores = models.ManyToManyField(
        "stores.Store",
        blank=True,
        related_name="+",
        help_text="branches this person works in; owners: all",
    )
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_enabled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"
