"""Pages behind the links members receive: a friend's invitation (``/r/<code>``) and a survey
(``/s/<token>``). Neither needs a signed-in member: the code names only who invited, and the
survey token is the proof of who answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from bashgah.core.errors import ApplicationError
from bashgah.members.models import Member
from bashgah.members.services import AlreadyMember, ProfileInput
from bashgah.portal.views.auth import join_submit
from bashgah.portal.views.common import language, page_context, signed_in_member
from bashgah.referrals.selectors import referral_resolve
from bashgah.referrals.services import ReferralJoinResult, SelfReferral, referral_join
from bashgah.surveys.models import Invitation, Question
from bashgah.surveys.services import survey_answer, survey_by_token

NO_STORE = "private, no-store"

# --- /r/<code>: joining with a friend's invitation ------------------------------------------


@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, code: str) -> HttpResponse:
    if signed_in_member(request) is not None:
        return redirect("portal:card")
    if request.method == "POST":
        code = request.POST.get("referral_code") or code
    try:
        referrer = referral_resolve(code=code)
    except ApplicationError as error:
        context = page_context("join", problem=str(error.message))
        return render(request, "portal/referral.html", context, status=error.status)
    extra: dict[str, Any] = {"referrer_name": referrer.first_name, "code": code}
    if request.method == "GET":
        return render(request, "portal/referral.html", page_context("join", **extra))

    def joiner(phone: str, profile: ProfileInput) -> ReferralJoinResult:
        try:
            return referral_join(phone=phone, code=code, profile=profile, source="portal")
        except SelfReferral:
            # The referrer's own number: a sign-in code, as for any member, and not a word.
            raise AlreadyMember() from None

    return join_submit(request, joiner, "portal/referral.html", **extra)


# --- /s/<token>: answering a survey ---------------------------------------------------------

SCALE_RANGES: dict[str, range] = {
    Question.Kind.NPS: range(0, 11),
    Question.Kind.SATISFACTION: range(1, 6),
}


def _reader_language(request: HttpRequest, member: Member) -> str:
    """The language the reader chose on this site, else the member's own."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in {"fa", "he", "en"}:
        return chosen
    return member.language if member.language in {"fa", "he", "en"} else language()


def _posted(request: HttpRequest, questions: list[Question]) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for question in questions:
        raw = request.POST.get(f"q{question.position}", "").strip()
        if question.kind == Question.Kind.TEXT or not raw:
            answers[question.position] = raw
        else:
            try:
                answers[question.position] = int(raw)
            except ValueError:
                answers[question.position] = raw  # the service says what is wrong with it
    return answers


def _items(
    questions: list[Question], lang: str, given: dict[int, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    items = []
    for question in questions:
        options: list[tuple[int, str]] = []
        if question.kind in SCALE_RANGES:
            options = [(n, str(n)) for n in SCALE_RANGES[question.kind]]
        elif question.kind == Question.Kind.CHOICE:
            options = [
                (n, labels.get(lang) or labels.get("fa") or labels.get("en") or str(n + 1))
                for n, labels in enumerate(question.choices)
            ]
        items.append(
            {
                "question": question,
                "name": f"q{question.position}",
                "prompt": question.prompt(lang),
                "options": options,
                "value": given.get(question.position, ""),
                "error": errors.get(f"answers.{question.position}", ""),
            }
        )
    return items


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation: Invitation = survey_by_token(token=token)
    except ApplicationError as error:
        response = render(
            request,
            "portal/survey.html",
            page_context("survey", problem=str(error.message)),
            status=error.status,
        )
        response.headers["Cache-Control"] = NO_STORE
        return response
    lang = _reader_language(request, invitation.member)
    with translation.override(lang):
        response = _survey_page(request, token, invitation, lang)
    response.headers["Cache-Control"] = NO_STORE
    return response


def _survey_page(
    request: HttpRequest, token: str, invitation: Invitation, lang: str
) -> HttpResponse:
    survey = invitation.survey
    questions = list(survey.questions.order_by("position"))
    context = page_context("survey", title=survey.title(lang), points=survey.points_reward)
    given: dict[int, Any] = {}
    if request.method == "POST":
        given = _posted(request, questions)
        try:
            result = survey_answer(token=token, answers=given)
        except ApplicationError as error:
            errors = {str(key): str(value) for key, value in error.details.items()}
            if not errors:  # used or withdrawn meanwhile: nothing to correct
                context["problem"] = str(error.message)
                return render(request, "portal/survey.html", context, status=error.status)
            context.update(
                items=_items(questions, lang, given, errors),
                error=str(error.message),
                token=token,
            )
            return render(request, "portal/survey.html", context, status=422)
        context.update(done=True, earned=result.points)
        return render(request, "portal/survey.html", context)
    context.update(items=_items(questions, lang, given, {}), token=token)
    return render(request, "portal/survey.html", context)
