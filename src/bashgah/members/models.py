from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bashgah.core.cards import qr_payload


class Member(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LEFT = "left", _("left the club")

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNSPECIFIED = "", _("not given")

    phone = models.CharField(_("mobile number"), max_length=20, null=True, blank=True)
    card_number = models.CharField(max_length=16, unique=True)
    qr_token = models.CharField(max_length=32, unique=True)
    first_name = models.CharField(_("first name"), max_length=80, blank=True)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    email = models.EmailField(_("email"), blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=5, default="fa")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField()
    enrolled_store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=32, default="api")
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=Q(phone__isnull=False), name="member_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.card_number

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def qr_payload(self) -> str:
        return qr_payload(self.qr_token)


class MemberStats(models.Model):
    """Running recency/frequency/monetary figures, updated in place with each purchase and
    return, so segments never rescan purchases. The ``window_*`` figures cover the segment
    window (``SEGMENT_WINDOW_DAYS``): each purchase adds to them at once, and the scheduled
    recompute (``audiences.services.audiences_recompute``) takes out what has aged out."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="stats")
    purchase_count = models.PositiveIntegerField(default=0)
    total_spend = models.BigIntegerField(default=0)  # minor units, net of returns
    first_purchase_at = models.DateTimeField(null=True, blank=True)
    last_purchase_at = models.DateTimeField(null=True, blank=True)
    last_store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window_purchases = models.PositiveIntegerField(default=0)
    window_spend = models.BigIntegerField(default=0)


class OneTimeCode(models.Model):
    """A code sent by SMS to prove the member holds the phone (large redemptions, portal
    login). Only a keyed hash is stored; wrong guesses are counted outside the database
    transaction (see members.otp), so a failed request cannot roll the count back."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "purpose", "-created_at"], name="otp_lookup")]


class ConsentRecord(models.Model):
    """One change of a member's consent to be messaged on a channel, with when and where it
    was given. Append-only: the member's current consent is their newest record per channel,
    and the whole history is kept as proof (see ``members.consent``)."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="consent_records")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    granted = models.BooleanField()
    source = models.CharField(max_length=32, help_text="where it was given: portal, cashier …")
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["member", "channel", "-recorded_at", "-id"], name="consent_latest"
            ),
        ]
