from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "bashgah.memberships"
    label = "memberships"
    default_auto_field = "django.db.models.BigAutoField"
