"""Survey writes: create, send to a reproducible random sample, answer through a single-use
link (with optional points, once per invitation)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.audiences.filters import audience_members, audience_parse
from bashgah.core.errors import Conflict, NotFound, ValidationFailed
from bashgah.core.sms import send_sms
from bashgah.events.services import event_emit, events_emit
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_credit
from bashgah.members.models import ConsentRecord, Member
from bashgah.segments.models import MemberScore
from bashgah.surveys.models import Answer, Invitation, Question, Survey
from bashgah.surveys.stats import sample_size

LANGUAGES = ("fa", "he", "en")
MAX_QUESTIONS = 50
MAX_TEXT = 2000
MIN_FRACTION = Decimal("0.1")
SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "satisfaction": (1, 5)}
# Rendered through the labels the credit carries (fa, he, en), see ``_thanks_explanation``.
ANSWERED_CODE = "survey_answered"


class SurveyNotFound(NotFound):
    code = "survey_not_found"
    default_message = gettext_lazy("There is no such survey.")


class InvitationNotFound(NotFound):
    code = "survey_link_not_found"
    default_message = gettext_lazy("This survey link is not valid.")


class AlreadyAnswered(Conflict):
    code = "survey_already_answered"
    default_message = gettext_lazy("This survey link has already been used. Thank you!")


class SurveyAlreadySent(Conflict):
    code = "survey_already_sent"
    default_message = gettext_lazy("This survey has already been sent.")


@dataclass(frozen=True, slots=True)
class QuestionInput:
    kind: str
    prompts: dict[str, str]
    choices: list[dict[str, str]] = field(default_factory=list)
    is_required: bool = True


def survey_get(*, survey_id: int) -> Survey:
    try:
        return Survey.objects.get(pk=survey_id)
    except Survey.DoesNotExist:
        raise SurveyNotFound(details={"survey_id": survey_id}) from None


def _has_text(labels: Any) -> bool:
    return isinstance(labels, dict) and any(
        isinstance(labels.get(language), str) and labels[language].strip() for language in LANGUAGES
    )


def _check_question(number: int, question: QuestionInput, errors: dict[str, str]) -> None:
    prefix = f"questions.{number}"
    if question.kind not in Question.Kind.values:
        errors[f"{prefix}.kind"] = _("Choose nps, satisfaction, choice or text.")
    if not _has_text(question.prompts):
        errors[f"{prefix}.prompts"] = _("Give the question in at least one of fa, he or en.")
    if question.kind == Question.Kind.CHOICE and not (
        2 <= len(question.choices) <= 20 and all(_has_text(c) for c in question.choices)
    ):
        errors[f"{prefix}.choices"] = _("A choice question needs 2 to 20 named answers.")


def survey_create(
    *,
    titles: dict[str, str],
    questions: list[QuestionInput],
    audience: dict[str, Any] | None = None,
    confidence: Decimal = Decimal("0.95"),
    margin: Decimal = Decimal("0.05"),
    min_fraction: Decimal = Decimal(0),
    points_reward: int = 0,
    at: dt.datetime | None = None,
) -> Survey:
    """A draft survey. The sample is sized for ±``margin`` at ``confidence``; with
    ``min_fraction`` (at least 10 %) it is also at least that share of the audience."""
    errors: dict[str, str] = {}
    if not _has_text(titles):
        errors["titles"] = _("Give a title in at least one of fa, he or en.")
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        errors["questions"] = _("A survey has 1 to 50 questions.")
    for number, question in enumerate(questions[:MAX_QUESTIONS], start=1):
        _check_question(number, question, errors)
    if not Decimal("0.5") <= Decimal(confidence) <= Decimal("0.999"):
        errors["confidence"] = _("A confidence level between 0.5 and 0.999, e.g. 0.95.")
    if not Decimal("0.005") <= Decimal(margin) <= Decimal("0.5"):
        errors["margin"] = _("A margin of error between 0.005 and 0.5, e.g. 0.05.")
    if Decimal(min_fraction) != 0 and not MIN_FRACTION <= Decimal(min_fraction) <= 1:
        errors["min_fraction"] = _("Either 0 or a share from 0.1 to 1 (10 to 100 percent).")
    if not isinstance(points_reward, int) or isinstance(points_reward, bool) or points_reward < 0:
        errors["points_reward"] = _("A whole number, zero or more.")
    if errors:
        raise ValidationFailed(_("The survey has errors; nothing was saved."), details=errors)
    parsed = audience_parse(audience)
    with transaction.atomic():
        survey = Survey.objects.create(
            titles=titles,
            audience=parsed.model_dump(mode="json"),
            confidence=Decimal(confidence),
            margin=Decimal(margin),
            min_fraction=Decimal(min_fraction),
            points_reward=points_reward,
            created_at=at or timezone.now(),
        )
        Question.objects.bulk_create(
            Question(
                survey=survey,
                position=number,
                kind=question.kind,
                prompts=question.prompts,
                choices=question.choices,
                is_required=question.is_required,
            )
            for number, question in enumerate(questions, start=1)
        )
    return survey


def survey_population(*, survey: Survey) -> list[int]:
    """Member ids, ascending, that the survey may reach: in the audience, with a phone, and
    with SMS consent now (an invitation is not a service message)."""
    latest_sms = (
        ConsentRecord.objects.filter(member=OuterRef("pk"), channel=ConsentRecord.Channel.SMS)
        .order_by("-recorded_at", "-id")
        .values("granted")[:1]
    )
    members = (
        audience_members(audience_parse(survey.audience))
        .filter(phone__isnull=False)
        .annotate(sms_consent=Subquery(latest_sms))
        .filter(Q(sms_consent=True))
    )
    return sorted(members.values_list("pk", flat=True))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
    base = settings.BASHGAH.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/s/{token}"


@dataclass(frozen=True, slots=True)
class SendResult:
    survey: Survey
    population: int
    sample: int
    tokens: dict[int, str]  # member id -> token; shown nowhere but the member's SMS


def survey_send(*, survey: Survey, at: dt.datetime | None = None) -> SendResult:
    """Sample the population reproducibly (``random.Random(seed).sample`` over the ascending
    member ids, the seed stored), create one single-use link per sampled member, and text it."""
    at = at or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != Survey.Status.DRAFT:
            raise SurveyAlreadySent()
        population = survey_population(survey=survey)
        size = sample_size(
            population=len(population),
            confidence=float(survey.confidence),
            margin=float(survey.margin),
            min_fraction=float(survey.min_fraction),
        )
        seed = secrets.randbits(63)
        chosen = sorted(random.Random(seed).sample(population, size))
        members = {
            member.pk: member
            for member in audience_members(audience_parse({}))
            .filter(pk__in=chosen)
            .select_related("tier_state__tier")
        }
        lifecycle = dict(
            MemberScore.objects.filter(member_id__in=chosen).values_list("member_id", "lifecycle")
        )
        tokens = {member_id: secrets.token_urlsafe(32) for member_id in chosen}
        Invitation.objects.bulk_create(
            Invitation(
                survey=survey,
                member_id=member_id,
                token_hash=token_hash(tokens[member_id]),
                tier_code=_tier_code(members[member_id]),
                lifecycle=lifecycle.get(member_id, ""),
                store_id=getattr(members[member_id], "home_store_id", None),
                sent_at=at,
            )
            for member_id in chosen
        )
        survey.status = Survey.Status.SENT
        survey.sample_seed = seed
        survey.population_size = len(population)
        survey.sample_size = size
        survey.sent_at = at
        survey.save(
            update_fields=["status", "sample_seed", "population_size", "sample_size", "sent_at"]
        )
        # The token stays out of the outbox: whoever reads events must not be able to answer.
        events_emit(
            [
                (
                    "survey.invited",
                    "survey",
                    survey.pk,
                    {"survey_id": survey.pk, "member_id": member_id},
                )
                for member_id in chosen
            ]
        )
        messages = [_invitation_text(survey, members[m], tokens[m]) for m in chosen]
        transaction.on_commit(lambda: _send_all(messages))
    return SendResult(survey=survey, population=len(population), sample=size, tokens=tokens)


def _send_all(messages: list[tuple[str, str]]) -> None:
    for phone, text in messages:
        send_sms(phone=phone, text=text)


def _tier_code(member: Member) -> str:
    state = getattr(member, "tier_state", None)
    return state.tier.code if state is not None else ""


def _invitation_text(survey: Survey, member: Member, token: str) -> tuple[str, str]:
    with translation.override(member.language):
        if survey.points_reward:
            text = _(
                "%(club)s asks: %(survey)s. Answer in a minute and get %(points)d points: %(link)s"
            )
        else:
            text = _("%(club)s asks: %(survey)s. Answer in a minute: %(link)s")
        text = text % {
            "club": settings.BASHGAH["CLUB_NAME"],
            "survey": survey.title(member.language),
            "points": survey.points_reward,
            "link": survey_link(token),
        }
    return member.phone or "", text


def survey_by_token(*, token: str) -> Invitation:
    """The invitation behind a link, with its survey and questions, if it is still unused."""
    invitation = (
        Invitation.objects.select_related("survey", "member")
        .filter(token_hash=token_hash((token or "").strip()))
        .first()
    )
    if invitation is None:
        raise InvitationNotFound()
    if invitation.answered_at is not None:
        raise AlreadyAnswered()
    return invitation


def _clean_answers(questions: list[Question], given: dict[int, Any]) -> list[Answer]:
    errors: dict[str, str] = {}
    by_position = {question.position: question for question in questions}
    for position in given:
        if position not in by_position:
            errors[f"answers.{position}"] = _("There is no such question.")
    answers: list[Answer] = []
    for question in questions:
        key = f"answers.{question.position}"
        value = given.get(question.position)
        if value is None or value == "":
            if question.is_required:
                errors[key] = _("Please answer this question.")
            continue
        answer = Answer(question=question)
        if question.kind in SCALES:
            low, high = SCALES[question.kind]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                errors[key] = _("Choose a whole number from %(low)d to %(high)d.") % {
                    "low": low,
                    "high": high,
                }
            answer.score = value
        elif question.kind == Question.Kind.CHOICE:
            if not isinstance(value, int) or not 0 <= value < len(question.choices):
                errors[key] = _("Choose one of the answers.")
            answer.choice = value
        else:
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                errors[key] = _("Write at most 2,000 characters.")
            answer.text = str(value).strip()
        answers.append(answer)
    if errors:
        raise ValidationFailed(_("Some answers need another look."), details=errors)
    return answers


@dataclass(frozen=True, slots=True)
class AnswerResult:
    invitation: Invitation
    points: int


def survey_answer(
    *, token: str, answers: dict[int, Any], at: dt.datetime | None = None
) -> AnswerResult:
    """Record the answers of one link, once: the link is spent by a conditional UPDATE, so two
    submissions at once record one and the other is told it was used. The optional points are
    credited in the same transaction, so they too come once per invitation."""
    at = at or timezone.now()
    invitation = survey_by_token(token=token)
    survey = invitation.survey
    cleaned = _clean_answers(list(survey.questions.order_by("position")), answers)
    with transaction.atomic():
        spent = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=at
        )
        if not spent:
            raise AlreadyAnswered()
        invitation.answered_at = at
        for answer in cleaned:
            answer.invitation = invitation
        Answer.objects.bulk_create(cleaned)
        points = survey.points_reward if invitation.member.status == Member.Status.ACTIVE else 0
        if points:
            invitation.points_transaction = points_credit(
                member=invitation.member,
                points=points,
                kind=Transaction.Kind.BONUS,
                explanation=_thanks_explanation(survey, points),
                reason=f"survey {survey.pk}",
                reference=Reference(type="survey_invitation", id=str(invitation.pk)),
                at=at,
            )
            invitation.save(update_fields=["points_transaction"])
        event_emit(
            topic="survey.answered",
            aggregate_type="survey",
            aggregate_id=survey.pk,
            payload={"survey_id": survey.pk, "member_id": invitation.member_id, "points": points},
        )
    return AnswerResult(invitation=invitation, points=points)


def _thanks_explanation(survey: Survey, points: int) -> list[dict[str, Any]]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = _("Thank you for answering the survey %(survey)s") % {
                "survey": survey.title(language)
            }
    return [{"code": ANSWERED_CODE, "points": points, "params": {"labels": labels}}]
