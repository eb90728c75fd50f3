"""Large redemptions need the code texted to the member; codes are limited every way."""

from __future__ import annotations

import re

import pytest

from bashgah.core import sms
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import points_credit
from bashgah.members.models import OneTimeCode
from bashgah.members.otp import CodeRejected, TooManyCodes, otp_issue, otp_verify
from bashgah.rewards.models import Reward, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean(settings):
    from django.core.cache import cache

    # Member ids restart with each test; forget earlier tests' counts (only this worker's keys).
    cache.delete_many(
        [f"otp:{what}:{pk}:redeem" for pk in range(1, 100) for what in ("issued", "guesses")]
    )
    sms.OUTBOX.clear()
    settings.BASHGAH = {**settings.BASHGAH, "REDEEM_OTP_THRESHOLD": 1000}


def sent_code() -> str:
    return re.search(r"\d{6}", sms.OUTBOX[-1].text).group()


def test_big_redemption_needs_the_texted_code(api, member, django_capture_on_commit_callbacks):
    points_credit(member=member, points=5000, kind=Transaction.Kind.EARN)
    Reward.objects.create(code="tv", type="physical_gift", points_cost=1000, stock=3)
    refused = api.post(f"/members/{member.pk}/redemptions", {"reward": "tv"})
    assert refused.status_code == 403 and refused.json()["error"] == "otp_required"
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post(f"/members/{member.pk}/redemption-codes", {})
    assert sent.status_code == 201 and sent.json()["sent_to"] == "…4567"
    assert sms.OUTBOX[-1].phone == member.phone and "کد باشگاه" in sms.OUTBOX[-1].text
    assert OneTimeCode.objects.get().code_hash != sent_code()
    wrong = api.post(f"/members/{member.pk}/redemptions", {"reward": "tv", "otp": "000000"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "otp_invalid"
    ok = api.post(f"/members/{member.pk}/redemptions", {"reward": "tv", "otp": sent_code()})
    assert ok.status_code == 201, ok.json()
    again = api.post(f"/members/{member.pk}/redemptions", {"reward": "tv", "otp": sent_code()})
    assert again.status_code == 422  # a code works once
    assert Voucher.objects.count() == 1


def test_wrong_guesses_lock_the_code_even_though_each_request_rolls_back(member):
    otp_issue(member=member, purpose="redeem")
    for _ in range(5):
        with pytest.raises(CodeRejected):
            otp_verify(member=member, purpose="redeem", code="111111")
    record = OneTimeCode.objects.get()
    with pytest.raises(CodeRejected) as locked:
        otp_verify(member=member, purpose="redeem", code="doesn't matter")
    assert locked.value.code == "otp_locked"
    assert record.used_at is None


def test_codes_are_rate_limited(member):
    for _ in range(3):
        otp_issue(member=member, purpose="redeem")
    with pytest.raises(TooManyCodes):
        otp_issue(member=member, purpose="redeem")


@pytest.mark.redis
def test_guess_counts_are_shared_through_redis(member, settings):
    """With REDIS_URL set every app server counts the same guesses: a second process's
    connection sees the first one's count."""
    import redis
    from django.core.cache import caches

    otp_issue(member=member, purpose="redeem")
    for _ in range(2):
        with pytest.raises(CodeRejected):
            otp_verify(member=member, purpose="redeem", code="111111")
    other = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])  # this worker's database
    key = caches["default"].make_key(f"otp:guesses:{member.pk}:redeem")
    assert int(other.get(key)) == 2
    assert "Redis" in type(caches["default"]).__name__
