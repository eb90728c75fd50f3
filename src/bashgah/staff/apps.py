from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "bashgah.staff"
    label = "staff"
    default_auto_field = "django.db.models.BigAutoField"
