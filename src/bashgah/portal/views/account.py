"""The member's own data: profile, consent to messages, a copy of everything, leaving."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bashgah.core.calendars import local_date
from bashgah.core.errors import ApplicationError
from bashgah.members.consent import consent_current, consent_history, consent_set
from bashgah.members.models import ConsentRecord, Member
from bashgah.members.services import member_profile_check, member_update
from bashgah.portal.export import export_csv, export_json, member_export
from bashgah.portal.forms import PROFILE_FIELDS, ProfileForm
from bashgah.portal.views.common import (
    MEMBER_KEY,
    PENDING_REDEEM_KEY,
    language,
    member_required,
    page_context,
)
from bashgah.purchases.services import member_leave_club
from bashgah.rewards.models import Voucher


def _check_the_rest(form: ProfileForm) -> None:
    """Show the service's verdict on the fields that did parse, next to the parse errors."""
    parsed = {name for name in PROFILE_FIELDS if name not in form.errors}
    try:
        member_profile_check(profile=form.profile(), fields=parsed)
    except ApplicationError as error:
        for field, problem in error.details.items():
            if field in parsed:
                form.add_error(field, str(problem))


@require_http_methods(["GET", "POST"])
@member_required
def profile(request: HttpRequest, member: Member) -> HttpResponse:
    lang = language()
    if request.method == "GET":
        form = ProfileForm(initial=ProfileForm.initial_for(member, lang), reader_language=lang)
        return render(request, "portal/profile.html", page_context("profile", form=form))
    form = ProfileForm(request.POST, reader_language=lang)
    if not form.is_valid():
        _check_the_rest(form)
    else:
        before = member.language
        try:
            member_update(member=member, profile=form.profile(), fields=set(PROFILE_FIELDS))
        except ApplicationError as error:
            for field, problem in error.details.items():
                form.add_error(field if field in PROFILE_FIELDS else None, str(problem))
        else:
            response = redirect("portal:profile")
            if member.language != before:
                # Read the portal in the language just chosen, as the switcher would.
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    member.language,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
                translation.activate(member.language)
            messages.success(request, _("Your details are saved."))
            return response
    context = page_context("profile", form=form, error=_("Please correct the marked fields."))
    return render(request, "portal/profile.html", context, status=422)


@require_http_methods(["GET", "POST"])
@member_required
def privacy(request: HttpRequest, member: Member) -> HttpResponse:
    if request.method == "POST":
        changed = 0
        for channel in ConsentRecord.Channel.values:
            wanted = request.POST.get(f"consent_{channel}") == "on"
            if consent_set(member=member, channel=channel, granted=wanted, source="portal"):
                changed += 1
        if changed:
            messages.success(request, _("Your choices are saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("portal:privacy")
    context = page_context(
        "privacy",
        member=member,
        consent=consent_current(member=member),
        history=consent_history(member=member)[:20],
    )
    return render(request, "portal/privacy.html", context)


def _download(content: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    day = local_date(timezone.now()).isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-club-data-{day}.{extension}"'
    return response


@require_GET
@member_required
def data_json(request: HttpRequest, member: Member) -> HttpResponse:
    document = member_export(member=member, language=language())
    return _download(export_json(document), "application/json; charset=utf-8", "json")


@require_GET
@member_required
def data_csv(request: HttpRequest, member: Member) -> HttpResponse:
    document = member_export(member=member, language=language())
    return _download(export_csv(document), "text/csv; charset=utf-8", "csv")


@require_http_methods(["GET", "POST"])
@member_required
def leave(request: HttpRequest, member: Member) -> HttpResponse:
    open_vouchers = Voucher.objects.filter(
        member=member, status=Voucher.Status.ISSUED, expires_at__gt=timezone.now()
    ).count()
    context = page_context("privacy", member=member, open_vouchers=open_vouchers)
    if request.method == "GET":
        return render(request, "portal/leave.html", context)
    if request.POST.get("confirm") != "yes":
        context["error"] = _("Tick the box to confirm that you want to leave.")
        return render(request, "portal/leave.html", context, status=422)
    try:
        member_leave_club(member=member, source="portal")
    except ApplicationError as error:
        context["error"] = str(error.message)
        return render(request, "portal/leave.html", context, status=error.status)
    for key in (MEMBER_KEY, PENDING_REDEEM_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()
    return render(request, "portal/left.html", page_context("left"))
