from django.contrib import admin, messages

from bashgah.api.keys import api_key_create
from bashgah.api.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "store", "scope", "created_at", "revoked_at")
    fields = ("name", "store", "scope", "revoked_at")
    readonly_fields = ("revoked_at",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, plain = api_key_create(name=obj.name, store=obj.store, scope=obj.scope)
        obj.pk = key.pk
        messages.warning(request, f"API key (shown once, copy it now): {plain}")
