from django.apps import AppConfig


class AudiencesConfig(AppConfig):
    name = "bashgah.audiences"
    label = "audiences"
    default_auto_field = "django.db.models.BigAutoField"
