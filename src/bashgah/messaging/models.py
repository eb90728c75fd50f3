"""The message outbox: one row per message to one recipient, from enqueue to delivery report.

Rows are written by ``messaging.services`` only. A row's life:
``queued`` -> ``sending`` (claimed by a worker under a lease) -> ``sent`` -> ``delivered``, or
``failed`` / ``bounced``; ``suppressed`` when it may not be sent (no consent, capped, expired,
member left), with the reason in ``suppressed_reason``. A retry goes back to ``queued`` with a
later ``next_attempt_at``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    class Purpose(models.TextChoices):
        SERVICE = "service", _("service")  # codes, receipts, confirmations: no consent needed
        MARKETING = "marketing", _("marketing")  # needs consent, capped, kept out of quiet hours

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        SUPPRESSED = "suppressed", _("not sent")
        BOUNCED = "bounced", _("bounced")

    # The member's index is the caps index below (member first), not a second one of its own.
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    to_address = models.CharField(max_length=254)  # E.164 phone or email address
    language = models.CharField(max_length=5, default="fa")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    subject = models.CharField(max_length=200, blank=True)  # email only
    body = models.TextField()  # the final text, compliance text included
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    suppressed_reason = models.CharField(max_length=32, blank=True)
    dedupe_key = models.CharField(max_length=150, unique=True)
    campaign_id = models.BigIntegerField(null=True, blank=True, db_index=True)  # no FK: above us
    provider = models.CharField(max_length=16, blank=True)
    provider_message_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Queued: not before this moment. Sending: the claim's lease ends here, after which another
    # worker may take the message over (with the same provider reference).
    next_attempt_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)  # marketing: too late after this
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["sms", "email"]), name="message_channel_known"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=["service", "marketing"]), name="message_purpose_known"
            ),
        ]
        indexes = [
            # The worker's queue: only rows that may still be sent are in it.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="message_due",
                condition=Q(status__in=["queued", "sending"]),
            ),
            # Frequency caps count a member's messages per channel since a moment.
            models.Index(fields=["member", "channel", "sent_at"], name="message_member_sent"),
            # Delivery reports name the provider's id.
            models.Index(
                fields=["provider", "provider_message_id"],
                name="message_provider_ref",
                condition=~Q(provider_message_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.dedupe_key} ({self.status})"
