from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bashgah.ledger.models import Entry, Transaction


class EntryInline(admin.TabularInline):
    model = Entry
    fields = ("account", "amount", "lot")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    """Read-only: the ledger is corrected only by new transactions (adjustments)."""

    list_display = ("id", "created_at", "member", "kind", "points", "debt", "reason")
    list_filter = ("kind",)
    search_fields = ("member__phone", "member__card_number", "reference_id")
    inlines = [EntryInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Transaction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
