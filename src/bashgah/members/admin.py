from django.contrib import admin

from bashgah.members.models import Member, MemberStats


class MemberStatsInline(admin.StackedInline):
    model = MemberStats
    can_delete = False
    readonly_fields = ("purchase_count", "total_spend", "first_purchase_at", "last_purchase_at")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("card_number", "phone", "first_name", "last_name", "status", "enrolled_at")
    list_filter = ("status", "language", "gender", "enrolled_store")
    search_fields = ("phone", "card_number", "first_name", "last_name", "email")
    readonly_fields = ("phone", "card_number", "qr_token", "status", "enrolled_at", "left_at")
    inlines = [MemberStatsInline]

    def has_add_permission(self, request):
        return False  # members join through the enrolment service (API, cashier screen)

    def has_delete_permission(self, request, obj=None):
        return False
