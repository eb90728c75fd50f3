"""Staff pages of lotteries and surveys through the Django test client: scheduling a lottery
(its commitment shown at once), closing it (the entry list hash), drawing it (winners, the seed
revealed, the draw verified, and the published page verifies with the same algorithm); writing
a survey, previewing how many members it asks and why, sending it, and reading its results.
Each write is audited, bad input is explained and changes nothing, and the wrong role is
refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bashgah.backoffice.forms.surveys import NPS_PROMPT
from bashgah.core.calendars import club_zone
from bashgah.events.models import OutboxEvent
from bashgah.lotteries import draw
from bashgah.lotteries.models import Lottery
from bashgah.lotteries.services import PrizeInput, lottery_schedule
from bashgah.members.consent import consent_set
from bashgah.surveys.models import Invitation, Question, Survey
from bashgah.surveys.services import QuestionInput, survey_answer, survey_create, survey_send
from tests.test_backoffice_programs import (
    ANALYST,
    CASHIER,
    MANAGER,
    OWNER,
    _quick,  # noqa: F401 (an autouse fixture)
    audits,
    client_for,
    element,
    staff,  # noqa: F401 (a fixture)
    text_of,
)

# every test has one person per role (the fixture from tests/test_backoffice_programs.py)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("staff")]


def local_day(days_from_today: int) -> dt.date:
    return (timezone.now().astimezone(club_zone()) + dt.timedelta(days=days_from_today)).date()


def typed(day: dt.date) -> str:
    return day.strftime("%Y/%m/%d")


# --- lotteries -------------------------------------------------------------------------------


def lottery_form(**fields: Any) -> dict[str, Any]:
    return {
        "name_fa": "قرعه‌کشی تابستان",
        "name_en": "Summer draw",
        "first_day": typed(local_day(-5)),
        "last_day": typed(local_day(-1)),
        "entries_per_purchase": "1",
        "amount_per_entry": "",
        "points_per_entry": "",
        "prize_1_fa": "سفر",
        "prize_1_en": "a trip",
        "prize_1_count": "1",
        "prize_2_en": "a mug",
        "prize_2_count": "۲",
        **fields,
    }


def test_a_lottery_is_scheduled_closed_drawn_and_verified_from_the_pages(
    make_member, buy, tiers, django_capture_on_commit_callbacks
):
    members = [make_member() for _ in range(4)]
    for number, member in enumerate(members):
        for _ in range(number + 1):
            buy(member, ("item", "general", 1, 100_000), at=timezone.now() - dt.timedelta(days=3))
    client = client_for(MANAGER)

    created = client.post(reverse("backoffice:engagement_lottery_create"), lottery_form())

    assert created.status_code == 302, text_of(created)
    lottery = Lottery.objects.get()
    assert created["Location"] == reverse("backoffice:engagement_lottery", args=[lottery.pk])
    assert lottery.names == {"fa": "قرعه‌کشی تابستان", "he": "", "en": "Summer draw"}
    assert [(p.position, p.names["en"], p.count) for p in lottery.prizes.all()] == [
        (1, "a trip", 1),
        (2, "a mug", 2),
    ]
    assert lottery.entry_end.astimezone(club_zone()).date() == local_day(0)  # the day after
    html = text_of(client.get(created["Location"]))
    assert element(html, "lottery-commitment") == lottery.commitment
    assert 'id="lottery-seed"' not in html and lottery.seed not in html
    (scheduled,) = audits("lottery.schedule")
    assert scheduled.after["commitment"] == lottery.commitment

    client.post(reverse("backoffice:engagement_lottery_close", args=[lottery.pk]))
    lottery.refresh_from_db()
    assert lottery.status == "closed"
    html = text_of(client.get(created["Location"]))
    assert element(html, "lottery-entries-hash") == lottery.entries_hash
    assert "4 entrants with 10 tickets" in html
    assert lottery.seed not in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:engagement_lottery_draw", args=[lottery.pk]))
    lottery.refresh_from_db()
    assert lottery.status == "drawn"
    html = text_of(client_for(ANALYST).get(created["Location"]))
    assert element(html, "lottery-seed") == lottery.seed
    assert 'id="lottery-verified"' in html
    assert html.count('<code class="ltr">') == 3  # three winners, by published id
    assert f"bashgah lottery verify {lottery.pk}" in element(html, "lottery-verify-hint")
    assert [entry.action for entry in audits("lottery.close") + audits("lottery.draw")] == [
        "lottery.close",
        "lottery.draw",
    ]
    assert audits("lottery.draw")[0].after["seed"] == lottery.seed

    published = client.get(f"/api/v1/lotteries/{lottery.pk}").json()
    assert draw.verify_published(published) == []


def test_entries_cannot_close_before_the_period_ends():
    client = client_for(OWNER)
    client.post(
        reverse("backoffice:engagement_lottery_create"),
        lottery_form(last_day=typed(local_day(3))),
    )
    lottery = Lottery.objects.get()
    html = text_of(client.get(reverse("backoffice:engagement_lottery", args=[lottery.pk])))
    assert 'id="lottery-close"' not in html and 'id="lottery-closes-later"' in html

    response = client.post(reverse("backoffice:engagement_lottery_close", args=[lottery.pk]))

    assert response.status_code == 302
    lottery.refresh_from_db()
    assert (lottery.status, lottery.entries_hash) == ("scheduled", "")
    assert audits("lottery.close") == []
    html = text_of(client.get(response["Location"]))
    assert "Entries close at the end of the entry period." in html
    response = client.post(reverse("backoffice:engagement_lottery_draw", args=[lottery.pk]))
    assert "The lottery cannot do this in its current state." in text_of(
        client.get(response["Location"])
    )
    assert audits("lottery.draw") == []


@pytest.mark.parametrize(
    ("language", "fields", "field", "message"),
    [
        ("en", {"name_fa": "", "name_en": ""}, "name_fa", "Give a name in at least one of"),
        (
            "en",
            {"first_day": typed(local_day(2)), "last_day": typed(local_day(0))},
            "last_day",
            "The period must end after it starts.",
        ),
        ("en", {"last_day": "1404/13/40"}, "last_day", "This is not a valid date."),
        ("en", {"entries_per_purchase": "0"}, "entries_per_purchase", "Say how entries are"),
        ("en", {"prize_2_en": "", "prize_2_count": "3"}, "prize_2_fa", "Give a name"),
        ("en", {"prize_1_count": "0"}, "prize_1_count", "Between 1 and 10,000 winners."),
        ("en", {"audience_tiers": ["platinum"]}, "audience_tiers", "Select a valid choice."),
        ("fa", {"last_day": "فردا"}, "last_day", "تاریخ"),
    ],
)
def test_bad_lotteries_are_explained_and_change_nothing(tiers, language, fields, field, message):
    response = client_for(OWNER, language).post(
        reverse("backoffice:engagement_lottery_create"), lottery_form(**fields)
    )
    assert response.status_code == 422
    html = text_of(response)
    assert message in element(html, f"id_{field}_error"), html
    assert 'id="form-errors"' in html
    assert Lottery.objects.count() == 0 and audits("lottery.schedule") == []
    assert not OutboxEvent.objects.filter(topic="lottery.scheduled").exists()


def test_a_lottery_for_an_audience_with_points_entries(tiers, store):
    response = client_for(OWNER).post(
        reverse("backoffice:engagement_lottery_create"),
        lottery_form(
            entries_per_purchase="",
            amount_per_entry="۲۰٬۰۰۰",  # Toman
            points_per_entry="50",
            audience_tiers=["gold", "silver"],
            audience_stores=[store.code],
            audience_active_from=typed(local_day(-30)),
        ),
    )
    assert response.status_code == 302, text_of(response)
    lottery = Lottery.objects.get()
    assert (lottery.entries_per_purchase, lottery.amount_per_entry, lottery.points_per_entry) == (
        0,
        200_000,
        50,
    )
    assert lottery.audience["tiers"] == ["gold", "silver"]
    assert lottery.audience["stores"] == [store.code]
    html = text_of(client_for(OWNER).get(response["Location"]))
    assert "Tiers: Gold, Silver" in html and "Home branches: شعبه ونک" in html
    assert "one per 20,000 Toman spent" in html and "one per 50 points spent" in html


def test_only_program_editors_run_a_lottery():
    now = timezone.now()
    lottery = lottery_schedule(
        names={"en": "Past"},
        entry_start=now - dt.timedelta(days=2),
        entry_end=now - dt.timedelta(days=1),
        prizes=[PrizeInput(names={"en": "a trip"}, count=1)],
        entries_per_purchase=1,
    )
    for role in (ANALYST, CASHIER):
        response = client_for(role).post(
            reverse("backoffice:engagement_lottery_close", args=[lottery.pk])
        )
        assert response.status_code == 403
    lottery.refresh_from_db()
    assert lottery.status == "scheduled"
    assert client_for(ANALYST).get(reverse("backoffice:engagement_lotteries")).status_code == 200


def test_the_lottery_list_in_persian():
    client_for(OWNER).post(reverse("backoffice:engagement_lottery_create"), lottery_form())
    lottery = Lottery.objects.get()
    html = text_of(client_for(OWNER, "fa").get(reverse("backoffice:engagement_lotteries")))
    row = html.split(f'id="lottery-{lottery.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "قرعه‌کشی تابستان" in row
    assert '<td class="num">۳</td>' in row  # three winners to draw


# --- surveys ---------------------------------------------------------------------------------


def survey_form(**fields: Any) -> dict[str, Any]:
    return {
        "title_fa": "نظر شما",
        "title_en": "Your opinion",
        "has_nps": "on",
        "nps_prompt_en": "Would you recommend us?",
        "nps_prompt_fa": "ما را پیشنهاد می‌کنید؟",
        "has_satisfaction": "on",
        "satisfaction_prompt_en": "How happy are you?",
        "q1_kind": "choice",
        "q1_required": "on",
        "q1_prompt_en": "Which branch do you visit?",
        "q1_choices_en": "Vanak\nShiraz\n",
        "q1_choices_fa": "ونک\nشیراز",
        "q2_kind": "",
        "q3_kind": "text",
        "q3_prompt_en": "Anything else?",
        "margin": "10",
        "confidence": "0.95",
        "min_fraction": "0",
        "points_reward": "۲۰",
        **fields,
    }


@pytest.fixture
def consenting(make_member) -> list[Any]:
    members = [make_member() for _ in range(12)]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    return members


def test_a_survey_is_written_previewed_sent_and_read(consenting, tiers):
    client = client_for(MANAGER)
    form = client.get(reverse("backoffice:engagement_survey_create")).context["form"]
    with translation.override("he"):  # the standard questions come ready in each language
        assert form["nps_prompt_he"].value() == translation.gettext(NPS_PROMPT)

    preview = client.post(reverse("backoffice:engagement_survey_sample"), survey_form())
    html = text_of(preview)
    # n0 = 1.96² · 0.25 / 0.1² = 96.04 -> 97; for N = 12: 10.8 -> 11
    assert element(html, "sample-size") == "11 of 12 members"
    assert "a very large audience needs 97 answers" in html
    assert "an audience of 12 needs 11" in html
    assert Survey.objects.count() == 0  # a preview saves nothing

    created = client.post(reverse("backoffice:engagement_survey_create"), survey_form())
    assert created.status_code == 302, text_of(created)
    survey = Survey.objects.get()
    assert (survey.status, survey.margin, survey.confidence, survey.points_reward) == (
        "draft",
        Decimal("0.100"),
        Decimal("0.950"),
        20,
    )
    questions = list(survey.questions.all())
    assert [q.kind for q in questions] == ["nps", "satisfaction", "choice", "text"]
    assert questions[0].prompts == {
        "fa": "ما را پیشنهاد می‌کنید؟",
        "he": "",
        "en": "Would you recommend us?",
    }
    assert questions[2].choices == [{"en": "Vanak", "fa": "ونک"}, {"en": "Shiraz", "fa": "شیراز"}]
    (entry,) = audits("survey.create")
    assert entry.after["questions"] == ["nps", "satisfaction", "choice", "text"]

    page = text_of(client.get(created["Location"]))
    assert element(page, "sample-size") == "11 of 12 members"
    assert 'id="survey-send"' in page

    sent = client.post(reverse("backoffice:engagement_survey_send", args=[survey.pk]))
    assert sent.status_code == 302
    survey.refresh_from_db()
    assert (survey.status, survey.sample_size, survey.population_size) == ("sent", 11, 12)
    assert Invitation.objects.filter(survey=survey).count() == 11
    (entry,) = audits("survey.send")
    assert (entry.after["population"], entry.after["sample"]) == (12, 11)
    assert "The survey is sent to 11 of 12 members." in text_of(client.get(sent["Location"]))
    again = client.post(reverse("backoffice:engagement_survey_send", args=[survey.pk]))
    assert "already been sent" in text_of(client.get(again["Location"]))
    assert (
        Invitation.objects.filter(survey=survey).count() == 11 and len(audits("survey.send")) == 1
    )


def test_survey_results_with_intervals_and_breakdowns(consenting, tiers, buy):
    for member in consenting[:6]:
        buy(member)  # their home branch is where they bought
    survey = survey_create(
        titles={"en": "Quick"},
        questions=[
            QuestionInput(kind="nps", prompts={"en": "Recommend?"}),
            QuestionInput(kind="satisfaction", prompts={"en": "Happy?"}),
            QuestionInput(
                kind="choice",
                prompts={"en": "Which?"},
                choices=[{"en": "Tea"}, {"en": "Coffee"}],
            ),
        ],
        margin=Decimal("0.5"),
        min_fraction=Decimal(1),
    )
    tokens = survey_send(survey=survey).tokens
    scores = [10, 10, 9, 8, 7, 3]
    for (_member, token), score in zip(sorted(tokens.items()), scores, strict=False):
        survey_answer(token=token, answers={1: score, 2: 4 if score > 8 else 2, 3: score % 2})

    html = text_of(
        client_for(ANALYST).get(reverse("backoffice:engagement_survey", args=[survey.pk]))
    )

    assert element(html, "survey-asked") == "12"
    assert element(html, "survey-answered") == "6"
    assert element(html, "survey-rate") == "50.0%"
    # 3 promoters, 1 detractor of 6: NPS 33.3
    assert element(html, "result-1-nps").startswith("NPS 33.3 (from ")
    assert element(html, "result-2-mean").startswith("3.00 of 5 (from ")
    assert "Tea: 3" in html and "Coffee: 3" in html
    assert 'id="by-tier"' in html and 'id="by-store"' in html
    assert "شعبه ونک" in html.split('id="by-store"', 1)[1]
    assert "95% confidence intervals" in html
    fa = text_of(
        client_for(ANALYST, "fa").get(reverse("backoffice:engagement_survey", args=[survey.pk]))
    )
    assert element(fa, "survey-rate") == "۵۰٫۰%" or element(fa, "survey-rate") == "۵۰.۰%"


@pytest.mark.parametrize(
    ("language", "fields", "field", "message"),
    [
        ("en", {"title_fa": "", "title_en": ""}, "title_fa", "Give a title in at least one"),
        ("en", {"q1_choices_fa": "ونک"}, "q1_choices_fa", "the same number of answers"),
        ("en", {"q1_choices_en": "Vanak", "q1_choices_fa": ""}, "q1_choices_fa", "2 to 20"),
        ("en", {"q3_prompt_en": ""}, "q3_prompt_fa", "Give the question in at least one"),
        ("en", {"margin": "0"}, "margin", "greater than or equal to 0.5"),
        ("en", {"min_fraction": "5"}, "min_fraction", "Either 0 or a share from 0.1 to 1"),
        ("en", {"confidence": "0.5"}, "confidence", "Select a valid choice."),
        ("en", {"audience_stores": ["nowhere"]}, "audience_stores", "Select a valid choice."),
        ("fa", {"points_reward": "-1"}, "points_reward", "بزرگتر و یا مساوی 0"),
    ],
)
def test_bad_surveys_are_explained_and_change_nothing(language, fields, field, message):
    response = client_for(OWNER, language).post(
        reverse("backoffice:engagement_survey_create"), survey_form(**fields)
    )
    assert response.status_code == 422
    html = text_of(response)
    assert message in element(html, f"id_{field}_error"), html
    assert Survey.objects.count() == Question.objects.count() == 0
    assert audits("survey.create") == []


def test_no_question_at_all_is_refused():
    response = client_for(OWNER).post(
        reverse("backoffice:engagement_survey_create"),
        survey_form(has_nps="", has_satisfaction="", q1_kind="", q3_kind=""),
    )
    assert response.status_code == 422
    assert "A survey has 1 to 50 questions." in text_of(response)
    assert Survey.objects.count() == 0


def test_the_sample_preview_explains_a_floor_and_an_empty_audience(consenting, tiers):
    client = client_for(OWNER)
    html = text_of(
        client.post(
            reverse("backoffice:engagement_survey_sample"),
            survey_form(margin="50", min_fraction="50"),
        )
    )
    # the margin alone needs 4 of 12; half of 12 is 6
    assert element(html, "sample-size") == "6 of 12 members"
    assert "The margin alone needs 4 members, but you asked for a share" in html
    html = text_of(
        client.post(
            reverse("backoffice:engagement_survey_sample"), survey_form(audience_tiers=["gold"])
        )
    )
    assert element(html, "sample-size") == "0 of 0 members"
    assert "Nobody in this audience can be asked" in html
    html = text_of(
        client.post(reverse("backoffice:engagement_survey_sample"), survey_form(margin="x"))
    )
    assert 'id="sample-problems"' in html and "Margin of error" in html


def test_only_program_editors_send_surveys(consenting):
    survey = survey_create(
        titles={"en": "Quick"}, questions=[QuestionInput(kind="nps", prompts={"en": "?"})]
    )
    for role in (ANALYST, CASHIER):
        response = client_for(role).post(
            reverse("backoffice:engagement_survey_send", args=[survey.pk])
        )
        assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.status == "draft" and Invitation.objects.count() == 0
    html = text_of(
        client_for(ANALYST).get(reverse("backoffice:engagement_survey", args=[survey.pk]))
    )
    assert element(html, "sample-size") == "12 of 12 members"
    assert 'id="survey-send"' not in html
