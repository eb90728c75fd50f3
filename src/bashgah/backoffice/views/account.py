"""One's own account: turning on the authenticator-app second step."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bashgah.backoffice.views.common import nav_context, staff_required
from bashgah.core.audit import audit_record
from bashgah.core.errors import ValidationFailed
from bashgah.core.qr import qr_svg
from bashgah.staff.permissions import ACCOUNT, profile_of
from bashgah.staff.services import totp_begin, totp_confirm

SETUP = "staff_totp_setup_uri"


@require_http_methods(["GET", "POST"])
@staff_required(ACCOUNT)
def security(request: HttpRequest) -> HttpResponse:
    profile = profile_of(request.user)
    assert profile is not None
    context = {**nav_context(request), "nav": "account", "profile": profile}
    if request.method == "POST" and request.POST.get("action") == "begin":
        request.session[SETUP] = totp_begin(profile=profile)
        return redirect("backoffice:account")
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:
            totp_confirm(profile=profile, code=request.POST.get("code") or "")
        except ValidationFailed as error:
            context["error"] = error.details.get("code", error.message)
        else:
            request.session.pop(SETUP, None)
            messages.success(request, _("The second step is on: sign-ins now ask for a code."))
            return redirect("backoffice:account")
    if request.method == "POST" and request.POST.get("action") == "disable":
        profile.totp_enabled = False
        profile.totp_secret = ""
        profile.save(update_fields=["totp_enabled", "totp_secret"])
        audit_record(
            actor=request.user,
            action="staff.totp_disabled",
            object_type="user",
            object_id=profile.user_id,
        )
        messages.success(request, _("The second step is off."))
        return redirect("backoffice:account")
    uri = request.session.get(SETUP)
    if uri and not profile.totp_enabled:
        context["setup_qr"] = qr_svg(uri, label=_("Scan with your authenticator app"))
        context["setup_secret"] = profile.totp_secret
    return render(request, "backoffice/account.html", context)
