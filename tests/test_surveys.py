"""Surveys: sample sizes, a reproducible sample, single-use links, points once, results with
confidence intervals by tier and store."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from bashgah.core import sms
from bashgah.core.errors import ValidationFailed
from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.members.consent import consent_set
from bashgah.stores.services import store_create
from bashgah.surveys.models import Answer, Invitation, Survey
from bashgah.surveys.selectors import survey_results
from bashgah.surveys.services import (
    AlreadyAnswered,
    InvitationNotFound,
    QuestionInput,
    SurveyAlreadySent,
    survey_answer,
    survey_by_token,
    survey_create,
    survey_population,
    survey_send,
)
from bashgah.surveys.stats import mean_interval, nps_interval, sample_size
from tests.conftest import ledger_is_sound

# --- statistics (no database) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "confidence", "margin", "floor", "expected"),
    [
        (10_000, 0.95, 0.05, 0, 370),
        (500, 0.95, 0.05, 0, 218),
        (1_000_000, 0.99, 0.03, 0, 1_840),
        (30, 0.95, 0.05, 0, 28),
        (5, 0.95, 0.05, 0, 5),
        (0, 0.95, 0.05, 0, 0),
        (100_000, 0.95, 0.05, 0.1, 10_000),  # the formula gives 383: the 10 % floor wins
        (1_000, 0.95, 0.10, 0.1, 100),  # 88 by the formula
        (500, 0.95, 0.05, 0.1, 218),  # the formula gives more than 10 %
    ],
)
def test_sample_sizes(population, confidence, margin, floor, expected):
    size = sample_size(
        population=population, confidence=confidence, margin=margin, min_fraction=floor
    )
    assert size == expected


def test_nps_with_its_interval_on_a_fixed_data_set():
    scores = [10, 10, 10, 9, 8, 7, 6, 5, 0, 10]  # 5 promoters, 2 passives, 3 detractors
    result = nps_interval(scores, confidence=0.95)
    assert (result.value, result.low, result.high, result.n) == (20.0, -34.0, 74.0, 10)
    assert nps_interval([10] * 4).value == 100.0 and nps_interval([10] * 4).high == 100.0
    assert nps_interval([]) is None


def test_satisfaction_mean_with_its_interval():
    result = mean_interval([5, 4, 4, 3, 5], confidence=0.95)
    assert (result.value, result.low, result.high) == (4.2, 3.47, 4.93)
    assert mean_interval([4]).low == 4.0


# --- sending and answering ---------------------------------------------------------------------

QUESTIONS = [
    QuestionInput(
        kind="nps", prompts={"en": "Would you recommend us?", "fa": "ما را پیشنهاد می‌کنید؟"}
    ),
    QuestionInput(kind="satisfaction", prompts={"en": "How happy are you?"}),
    QuestionInput(
        kind="choice",
        prompts={"en": "Which branch?"},
        choices=[{"en": "north"}, {"en": "south"}],
        is_required=False,
    ),
    QuestionInput(kind="text", prompts={"en": "Anything else?"}, is_required=False),
]


@pytest.fixture
def consenting(make_member):
    def make(count, **profile):
        members = []
        for _ in range(count):
            member = make_member(**profile)
            consent_set(member=member, channel="sms", granted=True, source="test")
            members.append(member)
        return members

    return make


def send(survey, capture):
    sms.OUTBOX.clear()
    with capture(execute=True):
        return survey_send(survey=survey)


@pytest.mark.django_db
def test_sample_is_reproducible_from_the_stored_seed(
    consenting, make_member, django_capture_on_commit_callbacks
):
    members = consenting(30)
    make_member()  # no SMS consent: not in the population
    survey = survey_create(titles={"en": "How are we doing?"}, questions=QUESTIONS)
    result = send(survey, django_capture_on_commit_callbacks)
    survey.refresh_from_db()
    assert (result.population, result.sample) == (30, 28)
    assert (survey.population_size, survey.sample_size, survey.status) == (30, 28, "sent")
    expected = sorted(random.Random(survey.sample_seed).sample(sorted(m.pk for m in members), 28))
    assert sorted(Invitation.objects.values_list("member_id", flat=True)) == expected
    assert (
        len(sms.OUTBOX) == 28 and OutboxEvent.objects.filter(topic="survey.invited").count() == 28
    )
    assert all("/s/" in message.text for message in sms.OUTBOX)
    with pytest.raises(SurveyAlreadySent):
        survey_send(survey=survey)


@pytest.mark.django_db
def test_links_are_long_hashed_and_single_use(consenting, django_capture_on_commit_callbacks):
    consenting(3)
    survey = survey_create(titles={"en": "Quick one"}, questions=QUESTIONS, points_reward=50)
    result = send(survey, django_capture_on_commit_callbacks)
    member_id, token = next(iter(result.tokens.items()))
    assert len(token) >= 43  # 256 bits, URL-safe base64
    assert any(m.text.endswith(f"/s/{token}") for m in sms.OUTBOX)
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert survey_by_token(token=token).member_id == member_id
    answered = survey_answer(token=token, answers={1: 9, 2: 4, 3: 1, 4: "great"})
    assert answered.points == 50
    with pytest.raises(AlreadyAnswered):
        survey_answer(token=token, answers={1: 9, 2: 4})
    with pytest.raises(AlreadyAnswered):
        survey_by_token(token=token)
    with pytest.raises(InvitationNotFound):
        survey_by_token(token=token[:-1] + ("A" if token[-1] != "A" else "B"))
    member = answered.invitation.member
    assert points_summary(member=member).balance == 50
    assert Transaction.objects.filter(member=member, kind=Transaction.Kind.BONUS).count() == 1
    assert Answer.objects.count() == 4
    assert ledger_is_sound()


@pytest.mark.django_db
def test_bad_answers_change_nothing(consenting, django_capture_on_commit_callbacks):
    consenting(1)
    survey = survey_create(titles={"en": "Q"}, questions=QUESTIONS, points_reward=10)
    token = next(iter(send(survey, django_capture_on_commit_callbacks).tokens.values()))
    with pytest.raises(ValidationFailed) as error:
        survey_answer(token=token, answers={1: 11, 3: 5, 9: 1})
    assert set(error.value.details) == {"answers.1", "answers.2", "answers.3", "answers.9"}
    assert Answer.objects.count() == 0
    assert Invitation.objects.get().answered_at is None
    assert Transaction.objects.filter(kind=Transaction.Kind.BONUS).count() == 0


@pytest.mark.django_db
def test_audience_filters_the_population(consenting, store, tiers, buy):
    north = store_create(code="north", name="شمال")
    members = consenting(3)
    buy(members[0])  # home store: tehran-1 (their latest purchase)
    from bashgah.members.models import Member

    Member.objects.filter(pk=members[1].pk).update(enrolled_store=north)
    survey = survey_create(
        titles={"en": "T"}, questions=QUESTIONS, audience={"stores": ["tehran-1"]}
    )
    assert survey_population(survey=survey) == [members[0].pk]
    with pytest.raises(ValidationFailed):
        survey_create(titles={"en": "T"}, questions=QUESTIONS, audience={"tiers": ["platinum"]})
    with pytest.raises(ValidationFailed) as error:
        survey_create(
            titles={},
            questions=[QuestionInput(kind="choice", prompts={"en": "?"}, choices=[{"en": "a"}])],
            confidence=Decimal("1.5"),
        )
    assert set(error.value.details) == {"titles", "questions.1.choices", "confidence"}
    assert Survey.objects.count() == 1


@pytest.mark.django_db
def test_results_with_rates_and_intervals_by_tier_and_store(
    consenting, tiers, buy, django_capture_on_commit_callbacks
):
    members = consenting(10)
    for member in members[:5]:
        buy(member)  # home store tehran-1; the rest enrolled nowhere
    from bashgah.audiences.services import audiences_recompute
    from bashgah.segments.models import MemberScore

    audiences_recompute()
    MemberScore.objects.filter(member__in=members[5:]).update(lifecycle="at_risk")
    survey = survey_create(titles={"en": "R"}, questions=QUESTIONS)
    tokens = send(survey, django_capture_on_commit_callbacks).tokens
    assert len(tokens) == 10
    scores = dict(zip([m.pk for m in members], [10, 10, 10, 9, 8, 7, 6, 5, 0, 10], strict=True))
    for member in members[:8]:
        survey_answer(
            token=tokens[member.pk], answers={1: scores[member.pk], 2: 4, 3: member.pk % 2}
        )
    results = survey_results(survey=survey)
    assert (results.invited, results.responded, results.response_rate) == (10, 8, 80.0)
    nps = results.questions[0].nps
    assert (nps.value, nps.n) == (25.0, 8)  # 4 promoters, 2 passives, 2 detractors of 8
    assert results.questions[1].mean.value == 4.0
    assert sum(results.questions[2].tallies) == 8
    assert [(g.key, g.invited, g.responded) for g in results.by_tier] == [("bronze", 10, 8)]
    assert [(g.key, g.invited, g.responded) for g in results.by_lifecycle] == [
        ("at_risk", 5, 3),
        ("new", 5, 5),
    ]
    by_store = {g.key: g for g in results.by_store}
    assert (by_store["tehran-1"].invited, by_store["tehran-1"].responded) == (5, 5)
    assert by_store["tehran-1"].nps.value == 80.0  # 10, 10, 10, 9, 8
    assert (by_store[""].invited, by_store[""].responded, by_store[""].response_rate) == (
        5,
        3,
        60.0,
    )


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_survey_create_send_answer_results(
    staff_api, api, consenting, django_capture_on_commit_callbacks
):
    members = consenting(2)
    body = {
        "titles": {"en": "API survey"},
        "questions": [{"kind": "nps", "prompts": {"en": "Recommend?"}}],
        "points_reward": 20,
    }
    assert api.post("/surveys", body).status_code == 403
    created = staff_api.post("/surveys", body, key="S1")
    assert created.status_code == 201, created.json()
    assert staff_api.post("/surveys", body, key="S1").json() == created.json()
    assert Survey.objects.count() == 1
    survey_id = created.json()["id"]
    sms.OUTBOX.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff_api.post(f"/surveys/{survey_id}/send", {})
    assert sent.json()["sample"] == 2 and len(sms.OUTBOX) == 2
    token = sms.OUTBOX[0].text.rsplit("/s/", 1)[1]
    first = api.post(f"/survey-answers/{token}", {"answers": {"1": 10}}, key="A1")
    again = api.post(f"/survey-answers/{token}", {"answers": {"1": 10}}, key="A1")
    assert first.status_code == 200 and again.json() == first.json() == {
        "survey": survey_id,
        "points": 20,
    }
    assert api.post(f"/survey-answers/{token}", {"answers": {"1": 10}}, key="A2").json()[
        "error"
    ] == ("survey_already_answered")
    assert Transaction.objects.filter(kind=Transaction.Kind.BONUS).count() == 1
    assert sum(points_summary(member=m).balance for m in members) == 20
    results = staff_api.get(f"/surveys/{survey_id}/results").json()
    assert (results["invited"], results["responded"], results["response_rate"]) == (2, 1, 50.0)
    assert results["questions"][0]["nps"]["value"] == 100.0
    assert api.get(f"/surveys/{survey_id}/results").status_code == 403
