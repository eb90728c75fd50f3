"""The portal pages behind shared links: a friend's invitation (/r/<code>) and a survey
(/s/<token>), and the daily job's contact re-verification."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from bashgah.core import sms
from bashgah.jobs import run_daily
from bashgah.ledger.selectors import points_summary
from bashgah.members.consent import consent_set
from bashgah.members.models import Member
from bashgah.members.services import ProfileInput
from bashgah.purchases.services import member_join
from bashgah.referrals.models import Referral
from bashgah.referrals.services import referral_code_ensure
from bashgah.surveys.models import Answer, Invitation
from bashgah.surveys.services import QuestionInput, survey_create, survey_send
from tests.test_portal import _forget_counts, browser, last_code, send, text

__all__ = ["_forget_counts", "send"]  # fixtures used here

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer(member: Member) -> Member:
    return member


@pytest.fixture
def code(referrer: Member) -> str:
    return referral_code_ensure(member=referrer).code


# --- /r/<code> ----------------------------------------------------------------------------


def test_a_valid_code_shows_who_invited_and_the_join_form(referrer, code):
    response = browser("en").get(f"/r/{code}")
    assert response.status_code == 200
    page = text(response)
    assert "سارا" in page and "a friend of yours, invited you" in page
    assert "احمدی" not in page and referrer.phone not in page  # only the first name
    assert f'name="referral_code" value="{code}"' in page and 'id="join-form"' in page


def test_a_code_in_lower_case_with_dashes_still_resolves(referrer, code):
    response = browser("en").get(f"/r/{code[:4].lower()}-{code[4:].lower()}")
    assert response.status_code == 200 and "سارا" in text(response)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_mistyped_code_says_so_and_offers_the_normal_join(referrer, code, language):
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = browser(language).get(f"/r/{wrong}")
    assert response.status_code == 422
    page = text(response)
    assert 'id="referral-problem"' in page and 'href="/join/"' in page
    assert 'id="join-form"' not in page and "سارا" not in page
    if language == "en":
        assert "This invitation code is mistyped" in page


def test_an_unknown_code_says_so(db):
    from bashgah.referrals.services import _new_code

    response = browser("en").get(f"/r/{_new_code()}")
    assert response.status_code == 404
    assert "No club member has this invitation code." in text(response)
    assert 'href="/join/"' in text(response)


def test_joining_through_the_link_records_the_referral_and_signs_in_by_code(referrer, code, send):
    client = browser("en")
    response = send(
        client, f"/r/{code}", {"referral_code": code, "phone": "09351112233", "first_name": "Ali"}
    )
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    newcomer = Member.objects.get(phone="+989351112233")
    referral = Referral.objects.get(newcomer=newcomer)
    assert referral.referrer == referrer and referral.code == code
    assert newcomer.source == "portal" and newcomer.first_name == "Ali"
    assert client.post("/login/code/", {"code": last_code()})["Location"] == "/card/"


def test_join_errors_on_the_referral_page_keep_the_invitation(referrer, code, send):
    response = send(browser("en"), f"/r/{code}", {"referral_code": code, "phone": "12"})
    assert response.status_code == 422
    page = text(response)
    assert 'id="phone-error"' in page and 'id="first_name-error"' in page
    assert f'value="{code}"' in page and "سارا" in page
    assert not Referral.objects.exists()


def test_the_referrers_own_number_gets_a_sign_in_code_and_no_referral(referrer, code, send):
    response = send(browser("en"), f"/r/{code}", {"phone": referrer.phone, "first_name": "X"})
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    assert not Referral.objects.exists()
    assert [m.phone for m in sms.OUTBOX] == [referrer.phone]


# --- /s/<token> ---------------------------------------------------------------------------

QUESTIONS = [
    QuestionInput(kind="nps", prompts={"en": "Would you recommend us?", "fa": "پیشنهاد می‌کنید؟"}),
    QuestionInput(kind="satisfaction", prompts={"en": "How happy are you?", "fa": "چقدر راضی؟"}),
    QuestionInput(
        kind="choice",
        prompts={"en": "Which branch?", "fa": "کدام شعبه؟"},
        choices=[{"en": "north", "fa": "شمال"}, {"en": "south", "fa": "جنوب"}],
        is_required=False,
    ),
    QuestionInput(kind="text", prompts={"en": "Anything else?"}, is_required=False),
]


@pytest.fixture
def token(member: Member, django_capture_on_commit_callbacks: Any) -> str:
    consent_set(member=member, channel="sms", granted=True, source="test")
    survey = survey_create(
        titles={"en": "Quick one", "fa": "نظرسنجی"}, questions=QUESTIONS, points_reward=50
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = survey_send(survey=survey)
    return result.tokens[member.pk]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fa", ["نظرسنجی", "پیشنهاد می‌کنید؟", "شمال", "۱۰"]), ("en", ["Quick one", "north"])],
)
def test_the_survey_renders_in_the_page_language(token, language, expected):
    response = browser(language).get(f"/s/{token}")
    assert response.status_code == 200
    page = text(response)
    assert f'<html lang="{language}"' in page
    for words in expected:
        assert words in page
    assert page.count('type="radio" name="q1"') == 11 and page.count('name="q2"') == 5
    assert "<textarea" in page and response["Cache-Control"] == "private, no-store"


def test_answering_once_credits_points_and_a_second_time_is_refused(member, token):
    client = browser("en")
    before = points_summary(member=member)
    response = client.post(f"/s/{token}", {"q1": "9", "q2": "4", "q3": "1", "q4": "great"})
    assert response.status_code == 200 and 'id="survey-thanks"' in text(response)
    assert "50 points are added" in text(response)
    invitation = Invitation.objects.get()
    assert invitation.answered_at is not None
    assert sorted(Answer.objects.values_list("question__position", "score", "choice", "text")) == [
        (1, 9, None, ""),
        (2, 4, None, ""),
        (3, None, 1, ""),
        (4, None, None, "great"),
    ]
    after = points_summary(member=member)
    assert (after.available + after.pending) - (before.available + before.pending) == 50
    again = client.post(f"/s/{token}", {"q1": "9", "q2": "4"})
    assert again.status_code == 409 and "already been used" in text(again)
    assert client.get(f"/s/{token}").status_code == 409
    assert Answer.objects.count() == 4


def test_survey_errors_are_shown_next_to_the_fields(token):
    response = browser("en").post(f"/s/{token}", {"q1": "11", "q2": ""})
    assert response.status_code == 422
    page = text(response)
    assert 'id="q1-error"' in page and 'id="q2-error"' in page and 'id="q3-error"' not in page
    assert Invitation.objects.get().answered_at is None


def test_an_unknown_survey_link_says_so(db):
    response = browser("en").get("/s/not-a-real-token")
    assert response.status_code == 404 and "This survey link is not valid." in text(response)


# --- the daily job ------------------------------------------------------------------------


def test_run_daily_reports_reverification_requests(db, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - dt.timedelta(days=400)
    member_join(phone="09121110002", profile=ProfileInput(), at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_daily()
    assert (run.reverify.phone, run.reverify.email, run.reverify.skipped) == (1, 0, 0)
    assert "re-verification asked: 1 phones, 0 emails, 0 skipped" in run.report()
    assert run_daily().reverify.phone == 0
