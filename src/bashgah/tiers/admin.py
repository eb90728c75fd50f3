from django.contrib import admin

from bashgah.tiers.models import Tier, TierPolicy


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "rank",
        "threshold",
        "points_multiplier",
        "discount_percent",
        "cashback_percent",
    )


@admin.register(TierPolicy)
class TierPolicyAdmin(admin.ModelAdmin):
    list_display = ("basis", "window_months", "grace_days")
