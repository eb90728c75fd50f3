"""When each member's phone and email were last known to work.

A row per member and channel, made when first needed: a member without a row counts as
verified at enrolment (enrolling by phone proves the phone), see ``contacts.selectors``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactState(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("mobile number")
        EMAIL = "email", _("email")

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="contact_states"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    last_verified_at = models.DateTimeField()
    stale_since = models.DateTimeField(
        null=True, blank=True, help_text="a message to it failed for good (hard bounce …)"
    )
    stale_reason = models.CharField(max_length=64, blank=True)
    reverify_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "channel"], name="contact_state_once"),
        ]
