from django.apps import AppConfig


class LotteriesConfig(AppConfig):
    name = "bashgah.lotteries"
    label = "lotteries"
    default_auto_field = "django.db.models.BigAutoField"
