"""Referrals: each member's code, the club's program, who invited whom, and the one decision
per referral about its reward."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReferralCode(models.Model):
    """A member's own code, shared as ``/r/<code>``. Made on first use
    (``referrals.services.referral_code_ensure``). The row is also what the reward decision
    locks, so one referrer's rewards are counted against the cap one at a time."""

    member = models.OneToOneField(
        "members.Member", on_delete=models.PROTECT, related_name="referral_code"
    )
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.code


class ReferralProgram(models.Model):
    """What the club gives when a referred newcomer makes their first qualifying purchase. One
    row (``pk=1``); without it, or while it is inactive, referrals are recorded but not
    rewarded."""

    is_active = models.BooleanField(default=True)
    referrer_points = models.PositiveIntegerField(default=0, help_text="0: the referrer gets none")
    newcomer_points = models.PositiveIntegerField(default=0, help_text="0: the newcomer gets none")
    minimum_purchase = models.BigIntegerField(
        default=0, help_text="smallest purchase total (minor units) that qualifies"
    )
    cap_count = models.PositiveIntegerField(
        default=0, help_text="most rewarded referrals per referrer per period; 0: no cap"
    )
    cap_period_days = models.PositiveIntegerField(default=30)
    updated_at = models.DateTimeField()


class KnownPhone(models.Model):
    """A keyed hash (HMAC-SHA256 with SECRET_KEY) of every phone number ever enrolled. Members
    who leave are anonymised, so without it a leaver could rejoin as a "newcomer" and earn a
    referral reward for someone. No number can be read back from it."""

    phone_hash = models.CharField(max_length=64, unique=True)
    first_seen_at = models.DateTimeField()


class Referral(models.Model):
    """A newcomer who joined with someone's code. One per newcomer."""

    class Status(models.TextChoices):
        JOINED = "joined", _("joined, no qualifying purchase yet")
        REWARDED = "rewarded", _("rewarded")
        REFUSED = "refused", _("not rewarded")
        REVERSED = "reversed", _("reward taken back")

    class Reason(models.TextChoices):
        NONE = "", ""
        KNOWN_PHONE = "known_phone", _("this number was a club member before")
        SELF = "self_referral", _("a member cannot refer themselves")
        CAP = "cap_reached", _("the referrer reached the limit of rewarded referrals")
        NO_PROGRAM = "no_program", _("the referral program is not running")
        REFERRER_LEFT = "referrer_left", _("the referrer has left the club")
        RETURNED = "returned", _("the qualifying purchase was returned")

    referrer = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="referrals_made"
    )
    newcomer = models.OneToOneField(
        "members.Member", on_delete=models.PROTECT, related_name="referred_by"
    )
    code = models.CharField(max_length=16)
    joined_at = models.DateTimeField()
    phone_was_known = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.JOINED)
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(referrer=models.F("newcomer")), name="referral_not_self"
            ),
        ]
        indexes = [models.Index(fields=["referrer", "status"], name="referral_referrer_status")]


class ReferralReward(models.Model):
    """The one decision about a referral's reward, made at the newcomer's first qualifying
    purchase. ``referral`` is unique, so a second decision (a retried event, a second worker,
    a second purchase) fails on the constraint instead of paying twice."""

    class Outcome(models.TextChoices):
        REWARDED = "rewarded", _("rewarded")
        REFUSED = "refused", _("not rewarded")
        REVERSED = "reversed", _("reward taken back")

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="reward")
    referrer = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    purchase_id = models.BigIntegerField(help_text="the qualifying purchase")
    qualified_at = models.DateTimeField(help_text="when the qualifying purchase was paid")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=16, blank=True)
    referrer_points = models.PositiveIntegerField(default=0)
    newcomer_points = models.PositiveIntegerField(default=0)
    available_at = models.DateTimeField(null=True, blank=True)
    referrer_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    newcomer_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["referrer", "outcome", "qualified_at"], name="referral_cap"),
            models.Index(fields=["purchase_id"], name="referral_reward_purchase"),
        ]
