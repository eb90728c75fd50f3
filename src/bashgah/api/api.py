"""The REST API: one NinjaAPI, one error format ``{error, message, details}``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from bashgah.api.auth import AUTH
from bashgah.api.routers import members, memberships, purchases, referrals, rewards
from bashgah.api.routers.audiences import router as audiences_router
from bashgah.api.routers.engagement import router as engagement_router
from bashgah.api.routers.messaging import router as messaging_router
from bashgah.api.routers.webhooks import router as webhooks_router
from bashgah.core.errors import ApplicationError

api = NinjaAPI(
    title="Bashgah API",
    version="1",
    description=(
        "Loyalty club API for points of sale and shops. Authenticate with "
        "`Authorization: Bearer <key>` or `X-API-Key`. Every write needs an `Idempotency-Key` "
        "header: a retry with the same key and body returns the first response; the same key "
        "with another body is a 409. Amounts are integers in minor units. Errors are "
        "`{error, message, details}`, with messages in the language of `Accept-Language` "
        "(fa, he, en)."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/v1", members.router)
api.add_router("/v1", purchases.router)
api.add_router("/v1", rewards.router)
api.add_router("/v1", referrals.router)
api.add_router("/v1", engagement_router)
api.add_router("/v1", memberships.router)
api.add_router("/v1", messaging_router)
api.add_router("/v1", webhooks_router)
api.add_router("/v1", audiences_router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: dict
) -> HttpResponse:
    return api.create_response(
        request, {"error": code, "message": message, "details": details}, status=status
    )


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    details = {
        key: str(value) if not isinstance(value, int | list | dict | None) else value
        for key, value in exc.details.items()
    }
    return _error(request, exc.status, exc.code, str(exc.message), details)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        details[".".join(location) or "body"] = item.get("msg", "")
    return _error(request, 422, "invalid", _("Some of the data is not valid."), details)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthorized", _("A valid API key is required."), {})


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."), {})


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc), {})
