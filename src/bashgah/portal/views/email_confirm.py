"""``/contacts/confirm/<token>``: the link in the email that asks a member to confirm their
address (``contacts.contact_reverify_request``). Opening it is the proof: the mail reached the
mailbox, whoever or whatever opened it there."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bashgah.contacts.services import contact_email_confirm
from bashgah.core.errors import ApplicationError
from bashgah.portal.views.common import page_context


@require_GET
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        contact_email_confirm(token=token)
    except ApplicationError as error:
        context = page_context("confirm", problem=str(error.message))
        response = render(request, "portal/email_confirmed.html", context, status=error.status)
    else:
        response = render(request, "portal/email_confirmed.html", page_context("confirm"))
    response.headers["Cache-Control"] = "private, no-store"
    return response
