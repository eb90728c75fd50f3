from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from bashgah.core.errors import ValidationFailed
from bashgah.rules.models import EarningRule
from bashgah.rules.services import RULE_FIELDS, rule_activate, rule_pause, rule_validate


class EarningRuleForm(forms.ModelForm):
    class Meta:
        model = EarningRule
        fields = [name for name in RULE_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            rule_validate({name: data.get(name) for name in RULE_FIELDS})
        except ValidationFailed as error:
            for field, message in error.details.items():
                target = field.split(".")[0]
                self.add_error(target if target in self.fields else None, f"{field}: {message}")
        return data


@admin.register(EarningRule)
class EarningRuleAdmin(admin.ModelAdmin):
    form = EarningRuleForm
    list_display = ("name", "type", "status", "priority", "is_stackable", "starts_at", "ends_at")
    list_filter = ("status", "type")
    actions = ["activate", "pause"]

    @admin.action(description="Activate (after validation)")
    def activate(self, request: HttpRequest, queryset: QuerySet[EarningRule]) -> None:
        for rule in queryset:
            try:
                rule_activate(rule=rule)
            except ValidationFailed as error:
                messages.error(request, f"{rule}: {error.message} {error.details}")

    @admin.action(description="Pause")
    def pause(self, request: HttpRequest, queryset: QuerySet[EarningRule]) -> None:
        for rule in queryset:
            rule_pause(rule=rule)
