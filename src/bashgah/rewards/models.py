"""Rewards a member buys with points, the vouchers that prove it, and coupon campaigns."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Reward(models.Model):
    class Type(models.TextChoices):
        FIXED_DISCOUNT = "fixed_discount", _("fixed discount")
        PERCENT_DISCOUNT = "percent_discount", _("percent discount")
        FREE_PRODUCT = "free_product", _("free product")
        PHYSICAL_GIFT = "physical_gift", _("gift")
        MOBILE_TOPUP = "mobile_topup", _("mobile top-up")
        CASHBACK = "cashback", _("wallet credit")
        DONATION = "donation", _("donation")

    code = models.SlugField(max_length=40, unique=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    names = models.JSONField(default=dict, help_text="name per language: fa, he, en")
    descriptions = models.JSONField(default=dict, blank=True)
    image = models.FileField(upload_to="rewards/", blank=True)
    points_cost = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    value = models.BigIntegerField(
        default=0, help_text="minor units: the discount, top-up, credit or donation amount"
    )
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    max_discount = models.BigIntegerField(null=True, blank=True, help_text="cap, minor units")
    sku = models.CharField(max_length=64, blank=True, help_text="the free product")
    stock = models.PositiveIntegerField(null=True, blank=True, help_text="empty: unlimited")
    per_member_limit = models.PositiveIntegerField(null=True, blank=True)
    per_member_period_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="the limit counts over this many days; empty: ever"
    )
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    tiers = models.JSONField(default=list, blank=True, help_text="tier codes; empty: everyone")
    voucher_valid_days = models.PositiveIntegerField(default=30)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reward_value_gte_0"),
        ]

    def __str__(self) -> str:
        return self.code

    def name(self, language: str) -> str:
        names = self.names or {}
        return names.get(language) or names.get("fa") or names.get("en") or self.code


class Voucher(models.Model):
    """What a redemption gives the member: a code the till consumes once."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("ready to use")
        USED = "used", _("used")
        CANCELLED = "cancelled", _("cancelled, points returned")
        EXPIRED = "expired", _("expired")
        FULFILLED = "fulfilled", _("fulfilled")  # top-ups, donations, wallet credit: no till

    code = models.CharField(max_length=32, unique=True)
    reward = models.ForeignKey(Reward, on_delete=models.PROTECT, related_name="vouchers")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="vouchers")
    points_cost = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    redeem_transaction = models.ForeignKey(
        "ledger.Transaction", on_delete=models.PROTECT, related_name="+"
    )
    refund_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    used_reference = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, default="api")
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member", "reward", "issued_at"], name="voucher_member_reward"),
            models.Index(
                fields=["expires_at"], name="voucher_open_expiry", condition=Q(status="issued")
            ),
        ]


class CouponCampaign(models.Model):
    """A batch of coupon codes with one set of conditions: generated, or imported."""

    class Kind(models.TextChoices):
        SINGLE_USE = "single_use", _("each code once")
        PER_MEMBER = "per_member", _("each code for one member, once")
        MULTI_USE = "multi_use", _("shared codes, limited uses")

    class Benefit(models.TextChoices):
        FIXED_DISCOUNT = "fixed_discount", _("fixed discount")
        PERCENT_DISCOUNT = "percent_discount", _("percent discount")
        BONUS_POINTS = "bonus_points", _("bonus points")

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    benefit = models.CharField(max_length=20, choices=Benefit.choices)
    value = models.BigIntegerField(default=0, help_text="discount (minor units) or points")
    percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    max_discount = models.BigIntegerField(null=True, blank=True)
    minimum_basket = models.BigIntegerField(default=0)
    categories = models.JSONField(default=list, blank=True, help_text="empty: any basket")
    uses_per_code = models.PositiveIntegerField(default=1)
    uses_per_member = models.PositiveIntegerField(default=1)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Coupon(models.Model):
    campaign = models.ForeignKey(CouponCampaign, on_delete=models.CASCADE, related_name="coupons")
    code = models.CharField(max_length=40, unique=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uses = models.PositiveIntegerField(default=0)
    max_uses = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(uses__lte=F("max_uses")), name="coupon_uses_limit"),
        ]


class CouponUse(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="use_records")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=64, help_text="the till's purchase id")
    discount = models.BigIntegerField(default=0)
    points = models.BigIntegerField(default=0)
    used_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coupon", "store", "reference"], name="coupon_use_once_per_purchase"
            ),
        ]
        indexes = [models.Index(fields=["coupon", "member"], name="coupon_use_member")]


class GiftCard(models.Model):
    """A card holding money on its own ledger account; spendable in parts until it expires."""

    code = models.CharField(max_length=32, unique=True)
    account = models.OneToOneField("ledger.Account", on_delete=models.PROTECT, related_name="+")
    initial_amount = models.BigIntegerField()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    issued_store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class GiftCardUse(models.Model):
    """One payment with a gift card; a till asking again for the same purchase gets the same
    answer."""

    card = models.ForeignKey(GiftCard, on_delete=models.PROTECT, related_name="uses")
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=64)
    amount = models.BigIntegerField()
    transaction = models.ForeignKey(
        "ledger.Transaction", on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["card", "store", "reference"], name="giftcard_use_once_per_purchase"
            ),
        ]


class WalletPayment(models.Model):
    """A payment from a member's wallet at a till, once per till purchase."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=64)
    amount = models.BigIntegerField()
    transaction = models.ForeignKey(
        "ledger.Transaction", on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["store", "reference"], name="wallet_payment_once_per_purchase"
            ),
        ]
