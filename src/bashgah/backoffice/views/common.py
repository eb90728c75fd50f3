"""What every staff page shares: the capability check, the client address, error display."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bashgah.core.errors import ApplicationError
from bashgah.staff.permissions import can, capabilities


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def staff_required(
    capability: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed-in staff with ``capability``; others get the sign-in page or a 403 page."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                return render(
                    request, "backoffice/forbidden.html", nav_context(request), status=403
                )
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]  # read by tests
        return wrapper

    return decorate


def nav_context(request: HttpRequest) -> dict[str, Any]:
    return {"caps": capabilities(request.user)}


def error_context(error: ApplicationError) -> dict[str, Any]:
    return {"error": error.message, "error_details": {k: str(v) for k, v in error.details.items()}}
