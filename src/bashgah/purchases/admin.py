from django.contrib import admin

from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseLine


class LineInline(admin.TabularInline):
    model = PurchaseLine
    fields = (
        "number",
        "sku",
        "category",
        "quantity",
        "unit_price",
        "points",
        "returned_quantity",
        "points_reversed",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False


class AwardInline(admin.TabularInline):
    model = PurchaseAward
    fields = ("code", "rule", "points", "line_points")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Purchase)
class PurchaseAdmin(admin.ModelAdmin):
    """Read-only: purchases come from the tills; returns go through the API."""

    list_display = (
        "external_id",
        "store",
        "member",
        "total",
        "points",
        "paid_at",
        "returned_amount",
    )
    list_filter = ("store",)
    search_fields = ("external_id", "member__phone", "member__card_number")
    inlines = [LineInline, AwardInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Purchase._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
