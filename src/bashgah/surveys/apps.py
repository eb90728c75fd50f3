from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "bashgah.surveys"
    label = "surveys"
    default_auto_field = "django.db.models.BigAutoField"
