from django.db import models
from django.db.models import F, Q


class Purchase(models.Model):
    """A purchase as the POS reported it. ``(source, external_id)`` is unique: a retry finds the
    first record instead of making a second."""

    source = models.CharField(max_length=64)
    external_id = models.CharField(max_length=64)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="purchases")
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="purchases")
    total = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    paid_at = models.DateTimeField()
    points = models.BigIntegerField(default=0, help_text="points awarded")
    returned_amount = models.BigIntegerField(default=0)
    points_reversed = models.BigIntegerField(default=0)
    earn_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payload_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="purchase_source_id"),
            models.CheckConstraint(condition=Q(total__gte=0), name="purchase_total_gte_0"),
            models.CheckConstraint(
                condition=Q(returned_amount__lte=F("total")), name="purchase_not_over_returned"
            ),
        ]
        indexes = [models.Index(fields=["member", "-paid_at"], name="purchase_member_time")]


class PurchaseLine(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveSmallIntegerField(help_text="1-based position in the purchase")
    sku = models.CharField(max_length=64)
    category = models.CharField(max_length=64, blank=True)
    quantity = models.PositiveIntegerField()
    unit_price = models.BigIntegerField()
    points = models.BigIntegerField(default=0, help_text="points this line earned, all awards")
    returned_quantity = models.PositiveIntegerField(default=0)
    points_reversed = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["purchase", "number"], name="purchase_line_number"),
            models.CheckConstraint(
                condition=Q(returned_quantity__lte=F("quantity")), name="line_not_over_returned"
            ),
        ]

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price


class PurchaseAward(models.Model):
    """What a rule gave for a purchase, with its points per line and its explanation."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="awards")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        "rules.EarningRule", null=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=32)
    points = models.BigIntegerField()
    line_points = models.JSONField()
    params = models.JSONField(default=dict)
    local_date = models.DateField(help_text="purchase date in the club's time zone, for caps")

    class Meta:
        indexes = [models.Index(fields=["member", "local_date"], name="award_member_date")]


class Return(models.Model):
    source = models.CharField(max_length=64)
    external_id = models.CharField(max_length=64)
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="returns")
    amount = models.BigIntegerField()
    points_reversed = models.BigIntegerField()
    ledger_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payload_hash = models.CharField(max_length=64)
    returned_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="return_source_id"),
        ]


class ReturnLine(models.Model):
    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(PurchaseLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    amount = models.BigIntegerField()
    points = models.BigIntegerField()


class PurchaseSettlement(models.Model):
    """How a purchase was paid and paid back beyond its earned points: points spent as a
    discount at the till, and tier cashback to the wallet. Returns reverse both in proportion.
    Only purchases with either have a row."""

    purchase = models.OneToOneField(Purchase, on_delete=models.CASCADE, related_name="settlement")
    points_paid = models.BigIntegerField(default=0)
    discount = models.BigIntegerField(default=0, help_text="minor units the points paid")
    line_discounts = models.JSONField(default=list)
    line_points_paid = models.JSONField(default=list)
    points_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cashback = models.BigIntegerField(default=0)
    cashback_transaction = models.ForeignKey(
        "ledger.Transaction", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    points_refunded = models.BigIntegerField(default=0)
    cashback_reversed = models.BigIntegerField(default=0)
