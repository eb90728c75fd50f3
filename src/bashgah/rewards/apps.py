from django.apps import AppConfig


class RewardsConfig(AppConfig):
    name = "bashgah.rewards"
    label = "rewards"
    default_auto_field = "django.db.models.BigAutoField"
