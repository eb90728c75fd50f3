from django.apps import AppConfig


class TiersConfig(AppConfig):
    name = "bashgah.tiers"
    label = "tiers"
    default_auto_field = "django.db.models.BigAutoField"
