"""Refuse to serve in production with development defaults."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from bashgah.settings import INSECURE_SECRET_KEY


def insecure_setting_problems() -> list[str]:
    if settings.DEBUG:
        return []
    problems = []
    if settings.SECRET_KEY == INSECURE_SECRET_KEY or len(settings.SECRET_KEY) < 32:
        problems.append("SECRET_KEY is unset or shorter than 32 characters")
    if "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS contains '*'")
    return problems


def assert_secure_settings() -> None:
    problems = insecure_setting_problems()
    if problems:
        raise ImproperlyConfigured(
            "Refusing to start with DEBUG off: "
            + "; ".join(problems)
            + ". Set them in the environment (see README, 'Configuration')."
        )
