"""Survey results: response rate, NPS and satisfaction with confidence intervals, choice
tallies, broken down by the tier and home store members had when the survey was sent; the list
of surveys and how a survey's sample is (or would be) sized."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from bashgah.surveys.models import Answer, Invitation, Question, Survey
from bashgah.surveys.services import survey_population
from bashgah.surveys.stats import Interval, SamplePlan, mean_interval, nps_interval, sample_plan


@dataclass(frozen=True, slots=True)
class QuestionResult:
    position: int
    kind: str
    prompts: dict[str, str]
    answered: int
    nps: Interval | None = None
    mean: Interval | None = None
    tallies: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupResult:
    key: str  # tier code or store code; "" when the member had none
    invited: int
    responded: int
    response_rate: float  # percent
    nps: Interval | None
    satisfaction: Interval | None


@dataclass(frozen=True, slots=True)
class SurveyResults:
    survey: Survey
    population: int
    invited: int
    responded: int
    response_rate: float  # percent
    confidence: float
    questions: list[QuestionResult]
    by_tier: list[GroupResult]
    by_store: list[GroupResult]
    by_lifecycle: list[GroupResult]  # new, active, loyal, at risk, lost when sent


def _rate(responded: int, invited: int) -> float:
    return round(100 * responded / invited, 1) if invited else 0.0


def survey_results(*, survey: Survey) -> SurveyResults:
    confidence = float(survey.confidence)
    questions = list(survey.questions.order_by("position"))
    invitations = list(
        Invitation.objects.filter(survey=survey).select_related("store").order_by("pk")
    )
    answers = list(
        Answer.objects.filter(invitation__survey=survey).values_list(
            "invitation_id", "question_id", "score", "choice"
        )
    )
    scores: dict[int, dict[int, int]] = defaultdict(dict)  # question -> invitation -> score
    choices: dict[int, list[int]] = defaultdict(list)
    counts: dict[int, int] = defaultdict(int)
    for invitation_id, question_id, score, choice in answers:
        counts[question_id] += 1
        if score is not None:
            scores[question_id][invitation_id] = score
        if choice is not None:
            choices[question_id].append(choice)
    results = []
    for question in questions:
        values = list(scores[question.pk].values())
        results.append(
            QuestionResult(
                position=question.position,
                kind=question.kind,
                prompts=question.prompts,
                answered=counts[question.pk],
                nps=nps_interval(values, confidence=confidence)
                if question.kind == Question.Kind.NPS
                else None,
                mean=mean_interval(values, confidence=confidence)
                if question.kind == Question.Kind.SATISFACTION
                else None,
                tallies=tuple(
                    choices[question.pk].count(index) for index in range(len(question.choices))
                )
                if question.kind == Question.Kind.CHOICE
                else (),
            )
        )
    nps_question = next((q for q in questions if q.kind == Question.Kind.NPS), None)
    satisfaction_question = next(
        (q for q in questions if q.kind == Question.Kind.SATISFACTION), None
    )

    def groups(key_of: Callable[[Invitation], str]) -> list[GroupResult]:
        members: dict[str, list[Invitation]] = defaultdict(list)
        for invitation in invitations:
            members[key_of(invitation)].append(invitation)
        out = []
        for key in sorted(members):
            group = members[key]
            responded = sum(1 for invitation in group if invitation.answered_at is not None)

            def of(question: Question | None, group: list[Invitation] = group) -> list[int]:
                if question is None:
                    return []
                given = scores[question.pk]
                return [given[i.pk] for i in group if i.pk in given]

            out.append(
                GroupResult(
                    key=key,
                    invited=len(group),
                    responded=responded,
                    response_rate=_rate(responded, len(group)),
                    nps=nps_interval(of(nps_question), confidence=confidence),
                    satisfaction=mean_interval(of(satisfaction_question), confidence=confidence),
                )
            )
        return out

    responded = sum(1 for invitation in invitations if invitation.answered_at is not None)
    return SurveyResults(
        survey=survey,
        population=survey.population_size or 0,
        invited=len(invitations),
        responded=responded,
        response_rate=_rate(responded, len(invitations)),
        confidence=confidence,
        questions=results,
        by_tier=groups(lambda invitation: invitation.tier_code),
        by_store=groups(lambda invitation: invitation.store.code if invitation.store else ""),
        by_lifecycle=groups(lambda invitation: invitation.lifecycle),
    )


def survey_sample_plan(*, survey: Survey) -> SamplePlan:
    """How many members the survey asks, and why. A sent survey answers from what it stored
    when it was sent; a draft (saved or not: only its audience and sampling fields are read)
    from the population it would reach now. Raises ValidationFailed for an invalid audience."""
    population = survey.population_size
    if population is None:
        population = len(survey_population(survey=survey))
    return sample_plan(
        population=population,
        confidence=float(survey.confidence),
        margin=float(survey.margin),
        min_fraction=float(survey.min_fraction),
    )


def surveys_list() -> QuerySet[Survey]:
    """Every survey, newest first, annotated with ``question_count``, ``invited`` and
    ``responded``."""
    invitations = Invitation.objects.filter(survey=OuterRef("pk")).values("survey")
    answered = invitations.filter(answered_at__isnull=False)
    return Survey.objects.annotate(
        question_count=Count("questions", distinct=True),
        invited=Coalesce(Subquery(invitations.annotate(n=Count("pk")).values("n")), 0),
        responded=Coalesce(Subquery(answered.annotate(n=Count("pk")).values("n")), 0),
    ).order_by("-created_at", "-pk")
