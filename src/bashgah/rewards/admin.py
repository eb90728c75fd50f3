from django.contrib import admin

from bashgah.rewards.models import CouponCampaign, GiftCard, Reward, Voucher


@admin.register(Reward)
class RewardAdmin(admin.ModelAdmin):
    list_display = ("code", "type", "points_cost", "value", "stock", "is_active", "valid_until")
    list_filter = ("type", "is_active")
    search_fields = ("code",)


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    """Read-only: vouchers change only through redemption, the till and cancellation."""

    list_display = ("code", "reward", "member", "status", "issued_at", "expires_at", "used_at")
    list_filter = ("status", "reward")
    search_fields = ("code", "member__phone", "member__card_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CouponCampaign)
class CouponCampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "benefit", "value", "percent", "valid_until", "is_active")


@admin.register(GiftCard)
class GiftCardAdmin(admin.ModelAdmin):
    list_display = ("code", "initial_amount", "issued_store", "issued_at", "expires_at")
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
