"""Signing in: password (Argon2), lockout after repeated failures, optional TOTP step."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bashgah.backoffice.views.common import client_ip
from bashgah.staff.permissions import profile_of
from bashgah.staff.services import (
    LockedOut,
    login_check_allowed,
    login_failed,
    login_succeeded,
    totp_check,
)

PENDING = "staff_pending_user"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/staff/"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    context = {"next": _next(request)}
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip()
        ip = client_ip(request)
        try:
            login_check_allowed(username=username, ip=ip)
        except LockedOut as error:
            return render(
                request,
                "backoffice/login.html",
                {**context, "error": error.message, "username": username},
                status=429,
            )
        user = authenticate(request, username=username, password=request.POST.get("password"))
        if user is None or profile_of(user) is None:
            login_failed(username=username, ip=ip)
            return render(
                request,
                "backoffice/login.html",
                {**context, "error": _("Wrong username or password."), "username": username},
                status=401,
            )
        login_succeeded(username=username, ip=ip)
        profile = profile_of(user)
        if profile is not None and profile.totp_enabled:
            request.session[PENDING] = user.pk
            return render(request, "backoffice/login_totp.html", context)
        login(request, user)
        return redirect(context["next"])
    return render(request, "backoffice/login.html", context)


@require_http_methods(["POST"])
def login_totp_view(request: HttpRequest) -> HttpResponse:
    context = {"next": _next(request)}
    user_id = request.session.get(PENDING)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    profile = profile_of(user) if user else None
    ip = client_ip(request)
    if user is None or profile is None:
        return redirect("backoffice:login")
    try:
        login_check_allowed(username=user.get_username(), ip=ip)
    except LockedOut as error:
        return render(
            request, "backoffice/login_totp.html", {**context, "error": error.message}, status=429
        )
    if not totp_check(profile=profile, code=request.POST.get("code") or ""):
        login_failed(username=user.get_username(), ip=ip)
        return render(
            request,
            "backoffice/login_totp.html",
            {**context, "error": _("The code is wrong or has expired.")},
            status=401,
        )
    del request.session[PENDING]
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(context["next"])


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("backoffice:login")
