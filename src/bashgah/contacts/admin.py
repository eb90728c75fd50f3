from django.contrib import admin

from bashgah.contacts.models import ContactState


@admin.register(ContactState)
class ContactStateAdmin(admin.ModelAdmin):
    list_display = ("member", "channel", "last_verified_at", "stale_since", "stale_reason")
    list_filter = ("channel",)
    readonly_fields = [f.name for f in ContactState._meta.fields]
