"""Paid memberships: plans with a monthly or yearly fee, a member's membership and its paid
periods, and what the membership gave back per purchase."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _percent() -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class Plan(models.Model):
    """What a member can buy: a fee per period and what it grants. The discount is given at the
    till by the POS; the cashback is credited to the wallet per purchase; bonus points come
    from an earning rule whose audience is the plan's tier."""

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        YEARLY = "yearly", _("yearly")

    code = models.SlugField(max_length=40, unique=True)
    names = models.JSONField(default=dict, help_text="name per language: fa, he, en")
    period = models.CharField(max_length=8, choices=Period.choices)
    fee = models.BigIntegerField(help_text="minor units per period")
    currency = models.CharField(max_length=3)
    tier = models.ForeignKey(
        "tiers.Tier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discount_percent = _percent()
    cashback_percent = _percent()
    bonus_rule = models.ForeignKey(
        "rules.EarningRule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="an earning rule for the plan's tier (its audience)",
    )
    gift_reward = models.ForeignKey(
        "rewards.Reward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="a reward given free once per paid period",
    )
    grace_days = models.PositiveSmallIntegerField(default=7)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(fee__gt=0), name="plan_fee_gt_0")]

    def __str__(self) -> str:
        return self.code

    @property
    def months(self) -> int:
        return 12 if self.period == self.Period.YEARLY else 1

    def name(self, language: str) -> str:
        names = self.names or {}
        return names.get(language) or names.get("fa") or names.get("en") or self.code


LIVE_STATUSES = ("pending", "active", "grace")


class Membership(models.Model):
    """A member's membership of a plan. Pending until the first payment; each payment adds one
    period counted from the first period's start (``anchor``), so month-end days do not drift."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for payment")
        ACTIVE = "active", _("active")
        GRACE = "grace", _("renewal due")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    auto_renew = models.BooleanField(default=True)
    anchor = models.DateField(null=True, blank=True, help_text="first period's start date")
    periods_paid = models.PositiveIntegerField(default=0)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    expiring_warned_for = models.DateTimeField(
        null=True, blank=True, help_text="the period end the member was warned about"
    )
    chosen_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=LIVE_STATUSES),
                name="membership_one_live_per_member",
            )
        ]
        indexes = [models.Index(fields=["status", "period_end"], name="membership_due")]

    def __str__(self) -> str:
        return f"{self.plan.code} #{self.pk}"


class MembershipPayment(models.Model):
    """One paid period. ``(source, reference)`` is unique: a retry finds the first payment."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="payments")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    paid_at = models.DateTimeField()
    store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=64, help_text="store:<code> or api:<key>")
    reference = models.CharField(max_length=64)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    actor = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"], name="membership_payment_reference"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="membership_payment_gt_0"),
        ]


class MembershipBenefit(models.Model):
    """What the membership gave on one purchase: the plan's discount (given by the POS), its
    cashback (credited here) and the bonus points the plan's rule awarded."""

    purchase = models.OneToOneField(
        "purchases.Purchase", on_delete=models.PROTECT, related_name="membership_benefit"
    )
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="benefits")
    discount = models.BigIntegerField(default=0)
    cashback = models.BigIntegerField(default=0)
    bonus_points = models.BigIntegerField(default=0)
    cashback_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)


class MembershipGift(models.Model):
    """The plan's free gift for one paid period: the voucher it became."""

    payment = models.OneToOneField(MembershipPayment, on_delete=models.PROTECT, related_name="gift")
    voucher = models.ForeignKey("rewards.Voucher", on_delete=models.PROTECT, related_name="+")
