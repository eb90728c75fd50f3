from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import ApplicationError
from bashgah.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from bashgah.webhooks.services import (
    webhook_delivery_redeliver,
    webhook_event_types_check,
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_rotate_secret,
    webhook_subscription_update,
    webhook_url_check,
)


class SubscriptionForm(forms.ModelForm):
    """Edits go through the services, which validate and raise; the form shows their
    message on the field it concerns."""

    url = forms.URLField(max_length=2000, assume_scheme="https")

    class Meta:
        model = WebhookSubscription
        fields = ("url", "event_types", "description", "store", "is_active")

    def clean(self):
        data = super().clean() or {}
        checks = (
            ("url", lambda: webhook_url_check(url=data.get("url") or "")),
            ("event_types", lambda: webhook_event_types_check(event_types=_types(data))),
        )
        for field, check in checks:
            if field in self.errors:
                continue
            try:
                check()
            except ApplicationError as error:
                self.add_error(field, str(error.message))
        return data


def _types(data: dict) -> list[str]:
    value = data.get("event_types")
    return [str(item) for item in value] if isinstance(value, list) else []


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = (
        "url",
        "event_types",
        "store",
        "is_active",
        "disabled_reason",
        "consecutive_failures",
        "last_success_at",
        "created_at",
    )
    list_filter = ("is_active",)
    readonly_fields = ("disabled_at", "disabled_reason", "consecutive_failures", "failing_since")
    actions = ("rotate_secret",)

    def save_model(self, request, obj, form, change):
        actor = f"admin:{request.user.get_username()}"
        data = form.cleaned_data
        try:
            if change:
                webhook_subscription_update(
                    subscription=WebhookSubscription.objects.get(pk=obj.pk),
                    url=data["url"],
                    event_types=_types(data),
                    description=data["description"],
                    store=data["store"],
                    is_active=data["is_active"],
                    actor=actor,
                )
                return
            created = webhook_subscription_create(
                url=data["url"],
                event_types=_types(data),
                description=data["description"],
                store=data["store"],
                is_active=data["is_active"],
                actor=actor,
            )
        except ApplicationError as error:  # the form checked first; a race is all that is left
            messages.error(request, str(error.message))
            return
        obj.pk = created.subscription.pk
        messages.warning(
            request,
            _("Signing secret (shown once, copy it now): %(secret)s") % {"secret": created.secret},
        )

    def delete_model(self, request, obj):
        webhook_subscription_delete(subscription=obj, actor=f"admin:{request.user.get_username()}")

    def delete_queryset(self, request, queryset):
        for subscription in queryset:
            self.delete_model(request, subscription)

    @admin.action(description=_("Rotate the signing secret (the old one works 24 more hours)"))
    def rotate_secret(self, request, queryset):
        for subscription in queryset:
            rotated = webhook_subscription_rotate_secret(
                subscription=subscription, actor=f"admin:{request.user.get_username()}"
            )
            messages.warning(
                request,
                _("New signing secret for %(url)s (shown once): %(secret)s")
                % {"url": subscription.url, "secret": rotated.secret},
            )


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ("number", "attempted_at", "response_status", "error", "duration_ms", "succeeded")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only; staff can only ask for a delivery to be sent again."""

    list_display = (
        "public_id",
        "topic",
        "subscription",
        "status",
        "attempts",
        "response_status",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", "topic")
    search_fields = ("public_id",)
    inlines = (AttemptInline,)
    actions = ("redeliver",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again (same delivery id)"))
    def redeliver(self, request, queryset):
        for delivery in queryset:
            try:
                webhook_delivery_redeliver(delivery=delivery)
            except ApplicationError as error:
                messages.error(request, f"{delivery.public_id}: {error.message}")
