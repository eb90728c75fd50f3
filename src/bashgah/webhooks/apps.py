from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "bashgah.webhooks"
    label = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"
