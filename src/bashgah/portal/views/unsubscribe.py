"""``/unsubscribe/<token>``: the link in every email's footer and List-Unsubscribe header.

Opening the link shows a button (mail scanners open links, and must not unsubscribe anyone);
pressing it, or a mail provider's RFC 8058 one-click POST
(``List-Unsubscribe=One-Click``), withdraws the member's email consent. The signed token is
the proof of who asks, so the POST needs no CSRF token and no sign-in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from bashgah.core.errors import ApplicationError
from bashgah.members.models import Member
from bashgah.messaging.services import email_unsubscribe, unsubscribe_member
from bashgah.portal.views.common import language, page_context

NO_STORE = "private, no-store"


def masked_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}…@{domain}" if domain else ""


def _reader_language(request: HttpRequest, member: Member) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in {"fa", "he", "en"}:
        return chosen
    return member.language if member.language in {"fa", "he", "en"} else language()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        member = unsubscribe_member(token=token)
    except ApplicationError as error:
        context = page_context("unsubscribe", problem=str(error.message))
        response = render(request, "portal/unsubscribe.html", context, status=error.status)
    else:
        with translation.override(_reader_language(request, member)):
            done = False
            if request.method == "POST":
                email_unsubscribe(token=token)
                done = True
            context = page_context(
                "unsubscribe", done=done, email=masked_email(member.email), token=token
            )
            response = render(request, "portal/unsubscribe.html", context)
    response.headers["Cache-Control"] = NO_STORE
    return response
