"""The demo club behind ``bashgah demo``: built through the services, sound, loaded once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from bashgah.api.models import ApiKey
from bashgah.core.phone import normalize_phone
from bashgah.demo import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DemoRefused,
    data,
    demo_credentials,
    load,
    load_demo,
)
from bashgah.demo.plan import demo_plan
from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Entry, Transaction
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase, PurchaseLine, Return
from bashgah.rules.models import EarningRule
from bashgah.stores.models import Store
from bashgah.stores.services import store_create
from bashgah.tiers.models import MemberTier, Tier
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db

MEMBERS = 15  # a small club keeps the tests fast; the real demo has 400


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _row_counts() -> dict[str, int]:
    models: list[type[Model]] = [
        Store,
        Tier,
        EarningRule,
        Member,
        Purchase,
        PurchaseLine,
        Return,
        Transaction,
        Entry,
        MemberTier,
        OutboxEvent,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_club_is_built_through_the_services():
    summary = load_demo(members=MEMBERS)

    assert summary.loaded
    assert sorted(Store.objects.values_list("code", flat=True)) == sorted(
        store.code for store in data.STORES
    )
    assert list(Tier.objects.values_list("code", flat=True)) == ["bronze", "silver", "gold"]
    # the club's rules, and the demo campaign's bonus period for the members it told
    assert (
        EarningRule.objects.filter(status=EarningRule.Status.ACTIVE).count() == len(data.RULES) + 1
    )
    from bashgah.campaigns.models import Campaign
    from bashgah.segments.models import MemberScore, Segment

    assert Segment.objects.filter(kind="dynamic", member_count__gt=0).count() == 4
    assert MemberScore.objects.count() == Member.objects.filter(status="active").count()
    assert Campaign.objects.filter(kind="campaign", status="sent").count() == 1
    assert Campaign.objects.filter(kind="automation", status="active").count() == 5
    assert Member.objects.count() == MEMBERS
    assert Purchase.objects.count() == summary.purchases > 100
    assert Return.objects.count() == summary.returns >= 2
    assert MemberTier.objects.filter(tier__rank__gt=0).exists()
    assert summary.adjustments == Transaction.objects.filter(kind=Transaction.Kind.ADJUST).count()
    assert summary.adjustments >= 2
    assert Transaction.objects.filter(kind=Transaction.Kind.BONUS).count() == MEMBERS  # signup
    assert ledger_is_sound()


def test_returns_are_both_partial_and_full():
    load_demo(members=MEMBERS)

    returned = Purchase.objects.filter(returned_amount__gt=0)
    whole = [p for p in returned if p.returned_amount == p.total]
    partial = [p for p in returned if 0 < p.returned_amount < p.total]
    assert whole and partial
    assert all(p.points_reversed <= p.points for p in returned)


def test_a_second_load_adds_nothing():
    load_demo(members=MEMBERS)
    before = _row_counts()

    again = load_demo(members=MEMBERS)
    bigger = load_demo(members=MEMBERS * 2)

    assert not again.loaded and not bigger.loaded
    assert _row_counts() == before


def test_an_interrupted_load_resumes_where_it_stopped(monkeypatch):
    applied = 0
    apply = load._Replay.apply

    def apply_then_fail(self, event):
        nonlocal applied
        if applied == 90:
            raise KeyboardInterrupt
        applied += 1
        apply(self, event)

    monkeypatch.setattr(load, "CHUNK", 40)
    monkeypatch.setattr(load._Replay, "apply", apply_then_fail)
    with pytest.raises(KeyboardInterrupt):
        load_demo(members=MEMBERS)
    written = Member.objects.count() + Purchase.objects.count()
    assert 0 < written <= 80  # two chunks of 40 were committed, the third was rolled back
    monkeypatch.setattr(load._Replay, "apply", apply)

    summary = load_demo(members=MEMBERS)

    assert summary.loaded
    assert Member.objects.count() == MEMBERS
    assert Purchase.objects.count() == summary.purchases
    assert Return.objects.count() == summary.returns
    assert ledger_is_sound()


def test_the_credentials_open_the_api_and_the_admin():
    load_demo(members=MEMBERS)
    first = Member.objects.order_by("pk").first()
    assert first is not None

    credentials = demo_credentials()
    response = Client().get(
        f"/api/v1/members/{first.pk}/points",
        headers={"Authorization": f"Bearer {credentials.api_key}"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["balance"] >= 0
    user = get_user_model().objects.get(username=DEMO_USERNAME)
    assert user.is_superuser and user.is_staff
    assert credentials.username == DEMO_USERNAME
    assert user.check_password(credentials.password) and credentials.password == DEMO_PASSWORD


def test_new_credentials_revoke_the_old_till_key():
    load_demo(members=MEMBERS)
    old = demo_credentials()

    new = demo_credentials()

    live = ApiKey.objects.filter(name=load.TILL_KEY_NAME, revoked_at__isnull=True)
    assert live.count() == 1
    assert live.get().store.code == data.MAIN_STORE
    headers = {"Authorization": f"Bearer {old.api_key}"}
    assert Client().get("/api/v1/members/1/points", headers=headers).status_code == 401
    assert new.api_key != old.api_key
    assert get_user_model().objects.filter(username=DEMO_USERNAME).count() == 1


def test_a_database_with_another_club_is_refused():
    store_create(code="my-shop", name="فروشگاه من", city="تبریز")

    with pytest.raises(DemoRefused):
        load_demo(members=MEMBERS)

    assert list(Store.objects.values_list("code", flat=True)) == ["my-shop"]
    assert Member.objects.count() == Tier.objects.count() == EarningRule.objects.count() == 0


def test_the_plan_is_deterministic_and_believable():
    end = timezone.now()

    plan = demo_plan(members=60, end=end)

    assert plan == demo_plan(members=60, end=end)
    assert len({person.phone for person in plan.members}) == 60
    assert all(normalize_phone(p.phone) == p.phone_e164 for p in plan.members)
    joined = {person.number: person.joined_at for person in plan.members}
    assert all(joined[p.member] < p.paid_at < end for p in plan.purchases)
    assert all(1 <= len(p.lines) <= 6 for p in plan.purchases)
    paid = {p.receipt: p.paid_at for p in plan.purchases}
    assert all(paid[r.receipt] < r.returned_at < end for r in plan.returns)
    assert {line.category for p in plan.purchases for line in p.lines} <= set(data.CATEGORIES)
    assert {person.habit for person in plan.members} >= {"loyal", "regular", "occasional"}
