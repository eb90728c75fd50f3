"""The daily jobs: expiry oldest first with reasons, warnings once, safe to run twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from bashgah.cli import main
from bashgah.events.models import OutboxEvent
from bashgah.jobs import run_daily
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.rewards.models import Reward
from bashgah.rewards.services.redeem import reward_redeem
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def give(member, points, *, expires_in_days, earned_days_ago=400):
    return points_credit(
        member=member,
        points=points,
        kind=Transaction.Kind.EARN,
        at=NOW - dt.timedelta(days=earned_days_ago),
        expires_at=NOW + dt.timedelta(days=expires_in_days),
    )


def test_daily_expires_warns_and_is_safe_to_repeat(make_member):
    first, second = make_member(), make_member()
    give(first, 70, expires_in_days=-1)
    give(first, 30, expires_in_days=10)
    give(second, 5, expires_in_days=-30)
    give(second, 8, expires_in_days=100)
    run = run_daily(at=NOW)
    assert (run.points_expired_members, run.points_expired) == (2, 75)
    assert run.points_warnings == 1
    warning = OutboxEvent.objects.get(topic="points.expiring")
    assert warning.payload["member_id"] == first.pk and warning.payload["points"] == 30
    assert points_summary(member=first).balance == 30
    history = Transaction.objects.filter(member=first, kind="expire").get()
    assert history.explanation[0]["code"] == "expired_lot"
    again = run_daily(at=NOW)
    assert (again.points_expired, again.points_warnings) == (0, 0)
    assert OutboxEvent.objects.filter(topic="points.expiring").count() == 1
    assert ledger_is_sound()


def test_voucher_warnings_once(member):
    give(member, 500, expires_in_days=300)
    reward = Reward.objects.create(
        code="tea", type="free_product", points_cost=100, sku="tea", voucher_valid_days=5
    )
    reward_redeem(member=member, reward=reward)
    assert run_daily(at=NOW).voucher_warnings == 1
    assert run_daily(at=NOW).voucher_warnings == 0
    assert OutboxEvent.objects.filter(topic="voucher.expiring").count() == 1


def test_daily_command(member, capsys):
    give(member, 10, expires_in_days=-1)
    assert main(["daily"]) == 0
    assert "points expired: 10 from 1 members" in capsys.readouterr().out
