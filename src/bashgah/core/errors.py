"""Application errors: every rejection a user can see, with a stable code and a translated message.

Services raise these; the API maps them to ``{"error", "message", "details"}`` with ``status``.
Messages are lazy translations so they render in the caller's language at response time.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    code = "error"
    status = 400
    default_message: str | Promise = _("The request could not be completed.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.details = details or {}
        super().__init__(str(self.message))


class ValidationFailed(ApplicationError):
    code = "invalid"
    status = 422
    default_message = _("Some of the data is not valid.")


class NotFound(ApplicationError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class Conflict(ApplicationError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state.")


class InsufficientPoints(ApplicationError):
    code = "insufficient_points"
    status = 409
    default_message = _("Not enough points.")


class PermissionDenied(ApplicationError):
    code = "forbidden"
    status = 403
    default_message = _("You are not allowed to do this.")
