"""Campaigns and automations: who is told what, through which channel, with which offer, and
what it changed.

A campaign goes once to a segment; an automation is a campaign with a trigger, sent to one
member at a time whenever the trigger fires (welcome, birthday, win-back …). Both hold back a
reproducible random control group, so their results compare the told with the untold.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    WELCOME = "welcome", _("welcome, on joining")
    THANK_YOU = "thank_you", _("thank you, after a purchase")
    BIRTHDAY = "birthday", _("birthday")
    ANNIVERSARY = "anniversary", _("membership anniversary")
    WIN_BACK = "win_back", _("win-back, when a member turns at risk")
    TIER_UP = "tier_up", _("tier up")
    TIER_DOWN = "tier_down", _("tier down")
    POINTS_EXPIRING = "points_expiring", _("points expiring soon")
    VOUCHER_EXPIRING = "voucher_expiring", _("voucher expiring soon")


class Campaign(models.Model):
    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", _("campaign")
        AUTOMATION = "automation", _("automation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        ACTIVE = "active", _("on")  # an automation that is switched on
        PAUSED = "paused", _("off")
        CANCELLED = "cancelled", _("cancelled")

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    class Offer(models.TextChoices):
        NONE = "none", _("no offer")
        BONUS_RULE = "bonus_rule", _("bonus points for the recipients for a period")
        COUPON = "coupon", _("a coupon code for each recipient")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CAMPAIGN)
    trigger = models.CharField(max_length=20, choices=Trigger.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {"fa": {"subject": …, "body": …}, "he": …, "en": …}; the member's language, else the first
    templates = models.JSONField(default=dict)
    control_percent = models.PositiveSmallIntegerField(_("control group (%)"), default=10)
    seed = models.CharField(max_length=64)  # makes the control group reproducible
    conversion_days = models.PositiveSmallIntegerField(default=14)
    offer = models.CharField(max_length=12, choices=Offer.choices, default=Offer.NONE)
    offer_rule = models.JSONField(default=dict, blank=True)  # {"type": …, "params": …, "days": N}
    offer_coupon_campaign = models.ForeignKey(
        "rewards.CouponCampaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bonus_rule = models.ForeignKey(
        "rules.EarningRule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipients_segment = models.ForeignKey(
        "segments.Segment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    launched_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    fanout_cursor = models.BigIntegerField(default=0)  # the last member id fanned out
    last_run_on = models.DateField(null=True, blank=True)  # scheduled automations: club day
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "status", "trigger"], name="campaign_live")]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """One member's place in a campaign (or one firing of an automation): treatment or
    control, when, and the message and coupon they got. Unique per occurrence, so a retry or a
    resumed fan-out cannot add anyone twice."""

    class Group(models.TextChoices):
        TREATMENT = "treatment", _("told")
        CONTROL = "control", _("control (not told)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    occurrence = models.CharField(max_length=40, default="")  # automations: e.g. the year
    group = models.CharField(max_length=10, choices=Group.choices)
    coupon_code = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member", "occurrence"], name="recipient_once"
            )
        ]
        indexes = [models.Index(fields=["campaign", "group"], name="recipient_group")]
