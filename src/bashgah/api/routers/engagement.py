"""Engagement: lotteries (public page data, entries for points, staff scheduling and draws) and
surveys (staff create/send/results, answers by single-use link)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from bashgah.api import presenters as present
from bashgah.api import schemas as s
from bashgah.api.auth import api_key_of, require_staff
from bashgah.api.idempotency import idempotent
from bashgah.ledger.selectors import points_summary
from bashgah.lotteries.selectors import lottery_published
from bashgah.lotteries.services import (
    PrizeInput,
    lottery_close,
    lottery_draw,
    lottery_entries_buy,
    lottery_get,
    lottery_schedule,
)
from bashgah.members.selectors import member_get
from bashgah.surveys.selectors import GroupResult, survey_results
from bashgah.surveys.services import (
    QuestionInput,
    survey_answer,
    survey_create,
    survey_get,
    survey_send,
)
from bashgah.surveys.stats import Interval

router = Router(tags=["engagement"])
ERRORS = s.ERRORS


# --- lotteries ---------------------------------------------------------------------------------


class PrizeIn(Schema):
    names: dict[str, str]
    count: int = 1


class LotteryIn(Schema):
    names: dict[str, str]
    entry_start: dt.datetime
    entry_end: dt.datetime
    prizes: list[PrizeIn]
    audience: dict[str, Any] = {}
    entries_per_purchase: int = 0
    amount_per_entry: int = Field(0, description="one entry per this many minor units")
    points_per_entry: int = Field(0, description="0: entries are not sold for points")


class LotteryOut(Schema):
    lottery_id: int
    status: str
    names: dict[str, str]
    entry_start: str
    entry_end: str
    commitment: str = Field(description="SHA-256 of the secret seed, published at scheduling")
    algorithm: str
    prizes: list[dict[str, Any]]
    entries_hash: str | None = Field(description="SHA-256 of the entry list, once closed")
    entries: list[dict[str, Any]] | None = Field(description="pseudonymous ids and tickets")
    seed: str | None = Field(description="revealed after the draw (hex)")
    winners: list[dict[str, Any]] | None


class EntriesIn(Schema):
    member: int
    entries: int


class EntriesOut(Schema):
    lottery_id: int
    member: int
    entries: int
    points: int
    replayed: bool
    balance: s.BalanceOut


def lottery_out(lottery_id: int) -> LotteryOut:
    return LotteryOut(**lottery_published(lottery=lottery_get(lottery_id=lottery_id)))


@router.get(
    "/lotteries/{lottery_id}",
    response={200: LotteryOut, 404: s.ErrorOut},
    auth=None,
    summary="A lottery's public page: commitment, then entry list and hash, then seed and winners",
)
def lottery_page(request: HttpRequest, lottery_id: int) -> LotteryOut:
    return lottery_out(lottery_id)


@router.post(
    "/lotteries",
    response={201: LotteryOut, **ERRORS},
    summary="Schedule a lottery (staff): commits to a secret seed",
)
@idempotent(status=201)
def lottery_create(request: HttpRequest, payload: LotteryIn) -> LotteryOut:
    require_staff(request)
    lottery = lottery_schedule(
        names=payload.names,
        entry_start=payload.entry_start,
        entry_end=payload.entry_end,
        prizes=[PrizeInput(names=p.names, count=p.count) for p in payload.prizes],
        audience=payload.audience,
        entries_per_purchase=payload.entries_per_purchase,
        amount_per_entry=payload.amount_per_entry,
        points_per_entry=payload.points_per_entry,
    )
    return lottery_out(lottery.pk)


@router.post(
    "/lotteries/{lottery_id}/close",
    response={200: LotteryOut, **ERRORS},
    summary="Close entries and publish the entry list (staff)",
)
@idempotent()
def lottery_close_entries(request: HttpRequest, lottery_id: int) -> LotteryOut:
    require_staff(request)
    lottery_close(lottery=lottery_get(lottery_id=lottery_id))
    return lottery_out(lottery_id)


@router.post(
    "/lotteries/{lottery_id}/draw",
    response={200: LotteryOut, **ERRORS},
    summary="Draw the winners, reveal the seed, tell the winners (staff)",
)
@idempotent()
def lottery_run_draw(request: HttpRequest, lottery_id: int) -> LotteryOut:
    require_staff(request)
    lottery_draw(lottery=lottery_get(lottery_id=lottery_id))
    return lottery_out(lottery_id)


@router.post(
    "/lotteries/{lottery_id}/entries",
    response={201: EntriesOut, **ERRORS},
    summary="Buy entries with the member's points",
)
@idempotent(status=201)
def lottery_buy(request: HttpRequest, lottery_id: int, payload: EntriesIn) -> EntriesOut:
    key = api_key_of(request)
    member = member_get(member_id=payload.member)
    bought = lottery_entries_buy(
        lottery=lottery_get(lottery_id=lottery_id),
        member=member,
        entries=payload.entries,
        request_id=f"api:{key.pk}:{request.headers.get('Idempotency-Key', '')}",
    )
    return EntriesOut(
        lottery_id=lottery_id,
        member=member.pk,
        entries=bought.record.entries,
        points=bought.record.points,
        replayed=bought.replayed,
        balance=present.balance_out(points_summary(member=member)),
    )


# --- surveys -----------------------------------------------------------------------------------


class QuestionIn(Schema):
    kind: str = Field(description="nps, satisfaction, choice or text")
    prompts: dict[str, str]
    choices: list[dict[str, str]] = []
    is_required: bool = True


class SurveyIn(Schema):
    titles: dict[str, str]
    questions: list[QuestionIn]
    audience: dict[str, Any] = {}
    confidence: Decimal = Decimal("0.95")
    margin: Decimal = Decimal("0.05")
    min_fraction: Decimal = Field(Decimal(0), description="0, or at least 0.1 of the audience")
    points_reward: int = 0


class SurveyOut(Schema):
    id: int
    status: str
    titles: dict[str, str]
    population: int | None
    sample: int | None
    sample_seed: int | None


class AnswerIn(Schema):
    answers: dict[int, int | str] = Field(description="question position -> score, choice or text")


class AnswerOut(Schema):
    survey: int
    points: int


class IntervalOut(Schema):
    value: float
    low: float
    high: float
    n: int


class GroupOut(Schema):
    key: str
    invited: int
    responded: int
    response_rate: float
    nps: IntervalOut | None
    satisfaction: IntervalOut | None


class QuestionResultOut(Schema):
    position: int
    kind: str
    prompts: dict[str, str]
    answered: int
    nps: IntervalOut | None
    mean: IntervalOut | None
    tallies: list[int]


class ResultsOut(Schema):
    survey: SurveyOut
    invited: int
    responded: int
    response_rate: float
    confidence: float
    questions: list[QuestionResultOut]
    by_tier: list[GroupOut]
    by_store: list[GroupOut] = Field(description="by the member's home store when sent")
    by_lifecycle: list[GroupOut] = Field(description="by lifecycle state (new … lost) when sent")


def survey_out(survey_id: int) -> SurveyOut:
    survey = survey_get(survey_id=survey_id)
    return SurveyOut(
        id=survey.pk,
        status=survey.status,
        titles=survey.titles,
        population=survey.population_size,
        sample=survey.sample_size,
        sample_seed=survey.sample_seed,
    )


def _interval(value: Interval | None) -> IntervalOut | None:
    return (
        IntervalOut(value=value.value, low=value.low, high=value.high, n=value.n) if value else None
    )


def _group(group: GroupResult) -> GroupOut:
    return GroupOut(
        key=group.key,
        invited=group.invited,
        responded=group.responded,
        response_rate=group.response_rate,
        nps=_interval(group.nps),
        satisfaction=_interval(group.satisfaction),
    )


@router.post("/surveys", response={201: SurveyOut, **ERRORS}, summary="Create a survey (staff)")
@idempotent(status=201)
def survey_new(request: HttpRequest, payload: SurveyIn) -> SurveyOut:
    require_staff(request)
    survey = survey_create(
        titles=payload.titles,
        questions=[
            QuestionInput(
                kind=q.kind, prompts=q.prompts, choices=q.choices, is_required=q.is_required
            )
            for q in payload.questions
        ],
        audience=payload.audience,
        confidence=payload.confidence,
        margin=payload.margin,
        min_fraction=payload.min_fraction,
        points_reward=payload.points_reward,
    )
    return survey_out(survey.pk)


@router.post(
    "/surveys/{survey_id}/send",
    response={200: SurveyOut, **ERRORS},
    summary="Send the survey to a random sample of its audience (staff)",
)
@idempotent()
def survey_dispatch(request: HttpRequest, survey_id: int) -> SurveyOut:
    require_staff(request)
    survey_send(survey=survey_get(survey_id=survey_id))
    return survey_out(survey_id)


@router.post(
    "/survey-answers/{token}",
    response={200: AnswerOut, **ERRORS},
    summary="Answer a survey with the single-use token from its link (/s/<token>)",
)
@idempotent()
def survey_respond(request: HttpRequest, token: str, payload: AnswerIn) -> AnswerOut:
    result = survey_answer(token=token, answers=dict(payload.answers))
    return AnswerOut(survey=result.invitation.survey_id, points=result.points)


@router.get(
    "/surveys/{survey_id}/results",
    response={200: ResultsOut, **ERRORS},
    summary="Response rate, NPS and satisfaction with confidence intervals, by tier and store",
)
def survey_report(request: HttpRequest, survey_id: int) -> ResultsOut:
    require_staff(request)
    results = survey_results(survey=survey_get(survey_id=survey_id))
    return ResultsOut(
        survey=survey_out(survey_id),
        invited=results.invited,
        responded=results.responded,
        response_rate=results.response_rate,
        confidence=results.confidence,
        questions=[
            QuestionResultOut(
                position=q.position,
                kind=q.kind,
                prompts=q.prompts,
                answered=q.answered,
                nps=_interval(q.nps),
                mean=_interval(q.mean),
                tallies=list(q.tallies),
            )
            for q in results.questions
        ],
        by_tier=[_group(g) for g in results.by_tier],
        by_store=[_group(g) for g in results.by_store],
        by_lifecycle=[_group(g) for g in results.by_lifecycle],
    )
