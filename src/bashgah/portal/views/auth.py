"""Signing in with a code texted to the member's phone, and joining the club.

Whether a number belongs to a member is never told: a stranger's number gets the same "we have
sent a code" page as a member's (but no text message), and joining with a member's number sends
that member a sign-in code instead. The phone travels in POST bodies and the session only,
never in a URL. Codes are limited per phone (members.otp, and here for numbers that are not
members) and per client address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.core.calendars import InvalidDate, parse_date
from bashgah.core.errors import ApplicationError, ValidationFailed
from bashgah.core.phone import normalize_phone
from bashgah.members.models import Member
from bashgah.members.otp import (
    ISSUE_WINDOW_SECONDS,
    MAX_ISSUES_PER_WINDOW,
    CodeRejected,
    TooManyCodes,
    otp_issue,
    otp_verify,
)
from bashgah.members.services import AlreadyMember, ProfileInput
from bashgah.portal.views.common import (
    IP_MAX_CODE_GUESSES,
    IP_MAX_CODE_REQUESTS,
    MEMBER_KEY,
    PENDING_PHONE_KEY,
    PENDING_REDEEM_KEY,
    client_ip,
    error_fields,
    language,
    limit_reached,
    masked_phone,
    page_context,
    signed_in_member,
)
from bashgah.purchases.services import JoinResult, member_join

LOGIN_PURPOSE = "portal-login"


def _login_page(request: HttpRequest, status: int = 200, **extra: object) -> HttpResponse:
    return render(request, "portal/login.html", page_context("login", **extra), status=status)


def _too_many(request: HttpRequest, template: str, **extra: object) -> HttpResponse:
    message = str(TooManyCodes.default_message)
    return render(request, template, page_context("login", error=message, **extra), status=429)


def _send_code(request: HttpRequest, phone: str) -> HttpResponse | None:
    """Text a sign-in code to ``phone`` if it belongs to a member; remember the phone in the
    session either way. Returns an error page when a limit is reached, else None."""
    if limit_reached("phone-codes", phone, MAX_ISSUES_PER_WINDOW, ISSUE_WINDOW_SECONDS):
        return _too_many(request, "portal/login.html")
    member = Member.objects.filter(phone=phone, status=Member.Status.ACTIVE).first()
    if member is not None:
        try:
            otp_issue(member=member, purpose=LOGIN_PURPOSE)
        except TooManyCodes:
            return _too_many(request, "portal/login.html")
    request.session[PENDING_PHONE_KEY] = phone
    return None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if signed_in_member(request) is not None:
        return redirect("portal:card")
    return _login_page(request)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if signed_in_member(request) is not None:
            return redirect("portal:card")
        return _login_page(request)
    raw = request.POST.get("phone", "")
    if limit_reached("ip-codes", client_ip(request), IP_MAX_CODE_REQUESTS):
        return _too_many(request, "portal/login.html", phone=raw)
    try:
        phone = normalize_phone(raw)
    except ValidationFailed as error:
        return _login_page(request, 422, phone=raw, errors={"phone": str(error.message)})
    refused = _send_code(request, phone)
    if refused is not None:
        return refused
    return redirect("portal:login_code")


@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PENDING_PHONE_KEY)
    if not phone:
        return redirect("portal:login")
    context = page_context("login", sent_to=masked_phone(phone))
    if request.method == "GET":
        return render(request, "portal/code.html", context)
    if limit_reached("ip-guesses", client_ip(request), IP_MAX_CODE_GUESSES):
        return _too_many(request, "portal/code.html", sent_to=masked_phone(phone))
    member = Member.objects.filter(phone=phone, status=Member.Status.ACTIVE).first()
    try:
        if member is None:
            raise CodeRejected()  # the same answer a member gets for a wrong code
        otp_verify(member=member, purpose=LOGIN_PURPOSE, code=request.POST.get("code", ""))
    except CodeRejected as error:
        return render(
            request, "portal/code.html", {**context, "error": str(error.message)}, status=422
        )
    request.session.cycle_key()  # a new session id at sign-in: no fixation
    request.session.pop(PENDING_PHONE_KEY, None)
    request.session.pop(PENDING_REDEEM_KEY, None)
    request.session[MEMBER_KEY] = member.pk
    return redirect("portal:card")


@require_POST
def login_resend(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PENDING_PHONE_KEY)
    if not phone:
        return redirect("portal:login")
    if limit_reached("ip-codes", client_ip(request), IP_MAX_CODE_REQUESTS):
        return _too_many(request, "portal/code.html", sent_to=masked_phone(phone))
    refused = _send_code(request, phone)
    if refused is not None:
        return refused
    return redirect("portal:login_code")


def _join_page(request: HttpRequest, status: int = 200, **extra: object) -> HttpResponse:
    return render(request, "portal/join.html", page_context("join", **extra), status=status)


class Joined(Protocol):
    @property
    def member(self) -> Member: ...


Joiner = Callable[[str, ProfileInput], Joined]  # (phone, profile) -> who joined


def _member_join(phone: str, profile: ProfileInput) -> JoinResult:
    return member_join(phone=phone, profile=profile, source="portal")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if signed_in_member(request) is not None:
        return redirect("portal:card")
    if request.method == "GET":
        return _join_page(request, phone=request.session.get(PENDING_PHONE_KEY, ""))
    return join_submit(request, _member_join)


def join_submit(
    request: HttpRequest,
    joiner: Joiner,
    template: str = "portal/join.html",
    **extra: object,
) -> HttpResponse:
    """Check the posted join form, join through ``joiner`` and text a sign-in code; the pages
    of a refusal are ``template`` with ``extra`` in their context."""

    def page(status: int, **more: object) -> HttpResponse:
        return render(request, template, page_context("join", **extra, **more), status=status)

    data = request.POST
    form = {
        "phone": data.get("phone", ""),
        "first_name": data.get("first_name", ""),
        "last_name": data.get("last_name", ""),
        "birth_date": data.get("birth_date", ""),
    }
    if limit_reached("ip-codes", client_ip(request), IP_MAX_CODE_REQUESTS):
        return _too_many(request, template, form=form, **extra)
    errors: dict[str, str] = {}
    phone = ""
    try:
        phone = normalize_phone(form["phone"])
    except ValidationFailed as error:
        errors["phone"] = str(error.message)
    birth_date = None
    if form["birth_date"].strip():
        calendar = "jalali" if language() == "fa" else "gregorian"
        try:
            birth_date = parse_date(form["birth_date"], calendar=calendar)
        except InvalidDate as error:
            errors["birth_date"] = str(error.message)
    if not form["first_name"].strip():
        errors["first_name"] = _("Tell us your first name.")
    if errors:
        return page(422, form=form, errors=errors)
    profile = ProfileInput(
        first_name=form["first_name"],
        last_name=form["last_name"],
        birth_date=birth_date,
        language=language(),
    )
    if limit_reached("phone-codes", phone, MAX_ISSUES_PER_WINDOW, ISSUE_WINDOW_SECONDS):
        return _too_many(request, template, form=form, **extra)
    try:
        with transaction.atomic():
            joined = joiner(phone, profile)
            otp_issue(member=joined.member, purpose=LOGIN_PURPOSE)
    except AlreadyMember:
        # Say nothing about it: the member gets a sign-in code, the page looks the same.
        member = Member.objects.filter(phone=phone, status=Member.Status.ACTIVE).first()
        if member is not None:
            try:
                otp_issue(member=member, purpose=LOGIN_PURPOSE)
            except TooManyCodes:
                return _too_many(request, template, form=form, **extra)
    except TooManyCodes:
        return _too_many(request, template, form=form, **extra)
    except ApplicationError as error:
        return page(422, form=form, errors=error_fields(error), error=str(error.message))
    request.session[PENDING_PHONE_KEY] = phone
    return redirect("portal:login_code")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    # Only the member's keys go: a staff sign-in in the same browser stays.
    for key in (MEMBER_KEY, PENDING_PHONE_KEY, PENDING_REDEEM_KEY):
        request.session.pop(key, None)
    request.session.cycle_key()
    return redirect("portal:login")
