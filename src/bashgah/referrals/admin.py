from django.contrib import admin

from bashgah.referrals.models import Referral, ReferralProgram, ReferralReward


@admin.register(ReferralProgram)
class ReferralProgramAdmin(admin.ModelAdmin):
    list_display = ("is_active", "referrer_points", "newcomer_points", "minimum_purchase")


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ("referrer", "newcomer", "status", "reason", "joined_at")
    list_filter = ("status", "reason")
    readonly_fields = [f.name for f in Referral._meta.fields]


@admin.register(ReferralReward)
class ReferralRewardAdmin(admin.ModelAdmin):
    list_display = ("referral", "outcome", "reason", "qualified_at", "decided_at")
    readonly_fields = [f.name for f in ReferralReward._meta.fields]
