"""The ledger: accounts, balanced append-only transactions, entries and lots, for two assets
that never mix: points, and money in the club's currency (wallet credit and gift cards).

Invariants (checked by ``bashgah ledger verify`` and, on PostgreSQL, by triggers):
- every transaction's entries sum to zero for each asset;
- entries and transactions are never updated or deleted;
- a member or gift-card account's cached ``balance`` equals the sum of its entries;
- every entry on a lot-holding account (points, wallet, gift card) names a lot: a credit creates
  it, a debit consumes it, so ``lot.remaining`` equals the sum of the lot's entries and the
  balance equals the sum of the account's lots;
- those balances are ``>= 0`` and debt balances ``<= 0`` (database check constraints).

System account balances are not cached: a cached system balance would be one hot row every
earn in the club had to update. They are summed from entries when needed.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Which account kinds hold lots, owe, belong to a member, or count money rather than points.
LOT_KINDS = ("member_points", "member_wallet", "gift_card")
DEBT_KINDS = ("member_debt", "wallet_debt")
SYSTEM_KINDS = ("system", "system_money")
MEMBER_KINDS = ("member_points", "member_debt", "member_wallet", "wallet_debt")
MONEY_KINDS = ("member_wallet", "wallet_debt", "gift_card", "system_money")


class Account(models.Model):
    class Kind(models.TextChoices):
        # points
        MEMBER_POINTS = "member_points", _("member points")
        MEMBER_DEBT = "member_debt", _("member points debt")
        SYSTEM = "system", _("system")
        # money, in the club's currency, minor units
        MEMBER_WALLET = "member_wallet", _("member wallet")
        WALLET_DEBT = "wallet_debt", _("member wallet debt")
        GIFT_CARD = "gift_card", _("gift card")
        SYSTEM_MONEY = "system_money", _("system (money)")

    code = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    balance = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LOT_KINDS, balance__gte=0)
                | Q(kind__in=DEBT_KINDS, balance__lte=0)
                | Q(kind__in=SYSTEM_KINDS),
                name="account_balance_sign",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MEMBER_KINDS, member__isnull=False)
                | (~Q(kind__in=MEMBER_KINDS) & Q(member__isnull=True)),
                name="account_member_iff_member_kind",
            ),
            models.UniqueConstraint(
                fields=["member", "kind"],
                condition=Q(member__isnull=False),
                name="account_one_per_member_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Transaction(models.Model):
    class Kind(models.TextChoices):
        EARN = "earn", _("points earned")
        BONUS = "bonus", _("bonus points")
        RETURN = "return", _("points reversed for a return")
        REDEEM = "redeem", _("points spent")
        REFUND = "refund", _("points returned")
        EXPIRE = "expire", _("points expired")
        ADJUST = "adjust", _("adjustment by staff")
        CASHBACK = "cashback", _("cashback to the wallet")
        WALLET_PAY = "wallet_pay", _("paid from the wallet")
        CONVERT = "convert", _("points turned into wallet credit")
        GIFT_CARD_ISSUE = "giftcard_issue", _("gift card issued")
        GIFT_CARD_SPEND = "giftcard_spend", _("paid with a gift card")
        GIFT_CARD_EXPIRE = "giftcard_expire", _("gift card expired")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_transactions",
        help_text="empty only for an anonymous gift card's transactions",
    )
    points = models.BigIntegerField(help_text="net change of the member's points balance")
    debt = models.BigIntegerField(default=0, help_text="net change of the member's debt")
    explanation = models.JSONField(default=list)
    reason = models.CharField(max_length=300, blank=True)
    reference_type = models.CharField(max_length=32, blank=True)
    reference_id = models.CharField(max_length=64, blank=True)
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    actor = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["member", "-created_at", "-id"], name="ledger_tx_member_time"),
            models.Index(fields=["reference_type", "reference_id"], name="ledger_tx_reference"),
        ]


class Lot(models.Model):
    """Points earned together, spendable from ``available_at`` and void after ``expires_at``."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lots")
    origin = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="lots")
    points = models.BigIntegerField()
    remaining = models.BigIntegerField()
    available_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=F("points")),
                name="lot_remaining_within_points",
            ),
        ]
        indexes = [
            models.Index(
                fields=["account", "expires_at", "id"],
                name="lot_open_by_expiry",
                condition=Q(remaining__gt=0),
            ),
            models.Index(
                fields=["expires_at"], name="lot_open_expiry", condition=Q(remaining__gt=0)
            ),
        ]


class Entry(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )

    class Meta:
        verbose_name_plural = "entries"
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="entry_amount_nonzero"),
        ]
