from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    name = "bashgah.purchases"
    label = "purchases"
    default_auto_field = "django.db.models.BigAutoField"
