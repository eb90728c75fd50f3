"""Segments: running statistics, the RFM/lifecycle recompute, saved segments and their use as an
earning rule's audience. Runs on SQLite and PostgreSQL (the recompute is raw SQL on both)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from bashgah.audiences.query import definition_members
from bashgah.audiences.selectors import lifecycle_counts, segment_count, segment_export_csv
from bashgah.audiences.services import (
    audiences_recompute,
    segment_archive,
    segment_create,
    segment_refresh,
    segment_update,
)
from bashgah.core.errors import ValidationFailed
from bashgah.members.consent import consent_set
from bashgah.members.models import MemberStats
from bashgah.members.services import ProfileInput
from bashgah.purchases.services import ReturnLineInput, member_join, purchase_return
from bashgah.rules.services import rule_create
from bashgah.segments.definitions import definition_parse
from bashgah.segments.models import MemberScore, Segment, SegmentMember
from bashgah.segments.services import segment_policy_update
from bashgah.stores.services import store_create

NOW = timezone.now().replace(microsecond=0)


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def stats(member) -> MemberStats:
    return MemberStats.objects.get(member=member)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- running statistics -------------------------------------------------------------------


def test_each_purchase_updates_window_and_home_store(member, buy, store):
    other = store_create(code="shiraz-1", name="شیراز", city="شیراز")
    buy(member, ("a", "dairy", 2, 100_000), at=days_ago(3))
    figures = stats(member)
    assert (figures.window_purchases, figures.window_spend) == (1, 200_000)
    assert figures.last_store_id == store.pk
    # An older purchase recorded later counts but does not move the home store.
    from bashgah.purchases.services import LineInput, purchase_record

    purchase_record(
        source="test", external_id="old-1", member=member, store=other,
        lines=[LineInput(sku="b", category="bread", quantity=1, unit_price=50_000)],
        total=50_000, currency="IRR", paid_at=days_ago(10),
    )  # fmt: skip
    figures = stats(member)
    assert (figures.purchase_count, figures.window_purchases, figures.window_spend) == (
        2, 2, 250_000,
    )  # fmt: skip
    assert figures.last_store_id == store.pk


def test_purchase_older_than_the_window_counts_only_in_totals(member, buy):
    buy(member, ("a", "dairy", 1, 100_000), at=days_ago(400))
    figures = stats(member)
    assert (figures.purchase_count, figures.total_spend) == (1, 100_000)
    assert (figures.window_purchases, figures.window_spend) == (0, 0)


def test_returns_take_spend_out_of_the_window(member, buy):
    result = buy(member, ("a", "dairy", 2, 100_000), ("b", "bread", 1, 50_000), at=days_ago(2))
    purchase_return(
        source="test", external_id="r1", purchase=result.purchase,
        lines=[ReturnLineInput(line=1, quantity=1)],
    )  # fmt: skip
    assert (stats(member).window_purchases, stats(member).window_spend) == (1, 150_000)
    purchase_return(source="test", external_id="r2", purchase=result.purchase)
    assert (stats(member).window_purchases, stats(member).window_spend) == (0, 0)


# --- recompute ----------------------------------------------------------------------------


def test_recompute_rebases_the_window_exactly_and_is_idempotent(member, buy, settings):
    buy(member, ("a", "dairy", 1, 300_000), at=days_ago(100))
    buy(member, ("a", "dairy", 1, 100_000), at=days_ago(5))
    assert stats(member).window_spend == 400_000
    settings.BASHGAH = {**settings.BASHGAH, "SEGMENT_WINDOW_DAYS": 30}
    run = audiences_recompute(at=NOW)
    assert (stats(member).window_purchases, stats(member).window_spend) == (1, 100_000)
    assert run.window_changed == 1
    again = audiences_recompute(at=NOW)
    assert (again.window_changed, again.scores_written) == (0, 0)


def test_rfm_quintiles_share_scores_on_ties_and_skip_non_buyers(make_member, buy):
    spend = [100_000, 200_000, 300_000, 400_000, 500_000, 500_000]
    members = [make_member() for _ in spend]
    for index, (who, amount) in enumerate(zip(members, spend, strict=True)):
        buy(who, ("a", "dairy", 1, amount), at=days_ago(60 - index))
    idle = make_member()
    audiences_recompute(at=NOW)
    scores = {s.member_id: s for s in MemberScore.objects.all()}
    assert [scores[m.pk].monetary for m in members] == [1, 2, 3, 4, 5, 5]
    assert [scores[m.pk].recency for m in members] == [1, 2, 3, 4, 5, 5]
    assert scores[members[0].pk].frequency == 5  # everyone bought once: one tie, top score
    assert (scores[idle.pk].recency, scores[idle.pk].frequency, scores[idle.pk].monetary) == (
        0, 0, 0,
    )  # fmt: skip
    assert scores[members[-1].pk].rfm == "555"


def test_lifecycle_states_follow_the_policy(buy, store):
    segment_policy_update(new_days=30, at_risk_days=60, lost_days=180, loyal_purchases=3)

    def join(days: int, phone: str):
        return member_join(phone=phone, at=days_ago(days)).member

    new = join(10, "09120000001")
    active = join(100, "09120000002")
    buy(active, at=days_ago(20))
    loyal = join(100, "09120000003")
    for day in (5, 15, 25):
        buy(loyal, at=days_ago(day))
    at_risk = join(200, "09120000004")
    buy(at_risk, at=days_ago(90))
    lost = join(400, "09120000005")
    buy(lost, at=days_ago(300))
    never_recent = join(45, "09120000006")
    never_old = join(365, "09120000007")
    audiences_recompute(at=NOW)
    state = dict(MemberScore.objects.values_list("member_id", "lifecycle"))
    assert state == {
        new.pk: "new", active.pk: "active", loyal.pk: "loyal", at_risk.pk: "at_risk",
        lost.pk: "lost", never_recent.pk: "at_risk", never_old.pk: "lost",
    }  # fmt: skip
    counts = {c.state: c.members for c in lifecycle_counts()}
    assert counts == {"new": 1, "active": 1, "loyal": 1, "at_risk": 2, "lost": 2}


def test_policy_refuses_nonsense_and_changes_nothing(db):
    with pytest.raises(ValidationFailed) as error:
        segment_policy_update(new_days=30, at_risk_days=90, lost_days=60, loyal_purchases=0)
    assert set(error.value.details) == {"lost_days", "loyal_purchases"}


def test_leavers_lose_their_scores(member, buy):
    from bashgah.purchases.services import member_leave_club

    buy(member)
    audiences_recompute(at=NOW)
    member_leave_club(member=member)
    audiences_recompute(at=NOW)
    assert not MemberScore.objects.filter(member=member).exists()


# --- definitions and filters --------------------------------------------------------------


def test_definition_errors_name_each_field():
    with pytest.raises(ValidationFailed) as error:
        definition_parse(
            {"window_spend": {"min": 10, "max": 5}, "colour": "red", "birthday_months": [13]}
        )
    assert set(error.value.details) == {"window_spend", "colour", "birthday_months"}


def test_unknown_tier_is_refused_and_nothing_saved(db, tiers):
    with pytest.raises(ValidationFailed) as error:
        segment_create(name="VIP", definition={"tiers": ["platinum"]})
    assert "tiers" in error.value.details
    assert Segment.objects.count() == 0


def test_duplicate_name_is_refused(db):
    segment_create(name="All", definition={})
    with pytest.raises(ValidationFailed):
        segment_create(name="All", definition={"genders": ["female"]})


@pytest.fixture
def crowd(make_member, buy, store, tiers, base_rule):
    """A handful of members that differ in one thing each."""
    shiraz = store_create(code="shiraz-1", name="شیراز", city="شیراز")
    people = {
        "woman_tehran": make_member(gender="female", city="تهران", birth_date=dt.date(1990, 4, 5)),
        "man_shiraz": make_member(gender="male", city="شیراز", birth_date=dt.date(2001, 12, 25)),
        "english": make_member(language="en"),
        "idle": make_member(),
    }
    buy(people["woman_tehran"], ("cheese", "dairy", 1, 6_000_000), at=days_ago(2))
    from bashgah.purchases.services import LineInput, purchase_record

    purchase_record(
        source="test", external_id="shiraz-1", member=people["man_shiraz"], store=shiraz,
        lines=[LineInput(sku="bread", category="bakery", quantity=2, unit_price=100_000)],
        total=200_000, currency="IRR", paid_at=days_ago(40),
    )  # fmt: skip
    buy(people["english"], ("tea", "drinks", 1, 50_000), at=days_ago(200))
    consent_set(member=people["english"], channel="sms", granted=True, source="portal")
    audiences_recompute(at=NOW)
    return people


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ({}, {"woman_tehran", "man_shiraz", "english", "idle"}),
        ({"tiers": ["silver"]}, {"woman_tehran"}),
        ({"lifecycle": ["new"]}, {"woman_tehran", "man_shiraz", "english", "idle"}),
        ({"window_spend": {"min": 100_000}}, {"woman_tehran", "man_shiraz"}),
        ({"total_spend": {"max": 100_000}}, {"english", "idle"}),
        ({"window_purchases": {"min": 1, "max": 1}}, {"woman_tehran", "man_shiraz", "english"}),
        ({"days_since_purchase": {"min": 30}}, {"man_shiraz", "english"}),
        ({"days_since_purchase": {"max": 30}}, {"woman_tehran"}),
        ({"never_purchased": True}, {"idle"}),
        ({"categories": ["bakery", "drinks"]}, {"man_shiraz", "english"}),
        ({"categories": ["bakery", "drinks"], "categories_within_days": 60}, {"man_shiraz"}),
        ({"points_balance": {"min": 100}}, {"woman_tehran"}),
        ({"genders": ["male"]}, {"man_shiraz"}),
        ({"cities": ["تهران"]}, {"woman_tehran"}),
        ({"consent": ["sms"]}, {"english"}),
        ({"stores": ["shiraz-1"]}, {"man_shiraz"}),
        ({"languages": ["en"]}, {"english"}),
        ({"age": {"min": 30}}, {"woman_tehran"}),
        ({"monetary_scores": [5]}, {"woman_tehran"}),
        ({"genders": ["female"], "cities": ["شیراز"]}, set()),
    ],
)
def test_each_filter(crowd, definition, expected):
    found = ids(definition_members(definition_parse(definition), at=NOW))
    assert found == {crowd[name].pk for name in expected}
    assert segment_count(definition_parse(definition), at=NOW) == len(expected)


@pytest.mark.parametrize(
    ("calendar", "months", "born"),
    [
        # 5 April 1990 is 16 Farvardin 1369; 25 December 2001 is 4 Dey 1380.
        ("jalali", [1], "woman_tehran"),
        ("jalali", [10], "man_shiraz"),
        ("gregorian", [4], "woman_tehran"),
        ("gregorian", [12], "man_shiraz"),
    ],
)
def test_birthday_month_in_the_club_calendar(crowd, settings, calendar, months, born):
    settings.BASHGAH = {**settings.BASHGAH, "CALENDAR": calendar}
    found = ids(definition_members(definition_parse({"birthday_months": months}), at=NOW))
    assert found == {crowd[born].pk}


def test_jalali_month_edges_are_exact(make_member, settings):
    settings.BASHGAH = {**settings.BASHGAH, "CALENDAR": "jalali"}
    # 1 Farvardin 1403 = 20 March 2024; 29 Esfand 1402 = 19 March 2024.
    first_day = make_member(birth_date=dt.date(2024, 3, 20))
    last_day_before = make_member(birth_date=dt.date(2024, 3, 19))
    farvardin = ids(definition_members(definition_parse({"birthday_months": [1]}), at=NOW))
    esfand = ids(definition_members(definition_parse({"birthday_months": [12]}), at=NOW))
    assert first_day.pk in farvardin and last_day_before.pk not in farvardin
    assert last_day_before.pk in esfand


# --- saved segments -----------------------------------------------------------------------


def test_saved_segment_is_filled_refreshed_and_archived(crowd, buy):
    segment = segment_create(name="Bakery fans", definition={"categories": ["bakery"]})
    assert segment.member_count == 1
    assert ids_of(segment) == {crowd["man_shiraz"].pk}
    buy(crowd["idle"], ("bread", "bakery", 1, 10_000))
    refresh = segment_refresh(segment=segment)
    assert (refresh.added, refresh.removed, refresh.count) == (1, 0, 2)
    segment_update(segment=segment, definition={"categories": ["dairy"]})
    assert ids_of(segment) == {crowd["woman_tehran"].pk}
    segment_archive(segment=segment)
    assert ids_of(segment) == set()
    with pytest.raises(ValidationFailed):
        segment_update(segment=segment, name="again")


def ids_of(segment: Segment) -> set[int]:
    return set(SegmentMember.objects.filter(segment=segment).values_list("member_id", flat=True))


def test_csv_export(crowd):
    rows = list(
        csv.reader(
            io.StringIO("".join(segment_export_csv(definition_parse({"genders": ["female"]}))))
        )
    )
    assert rows[0][:3] == ["member_id", "card_number", "first_name"]
    assert len(rows) == 2 and rows[1][0] == str(crowd["woman_tehran"].pk)
    assert rows[1][7] == "silver" and rows[1][11] == "6000000"


# --- segments as an earning rule's audience ----------------------------------------------


def test_double_points_for_a_segment(crowd, buy):
    segment = segment_create(name="Shiraz", definition={"stores": ["shiraz-1"]})
    rule_create(
        name="Shiraz week", type="time_window", params={"multiplier": "2"},
        audience_segments=[segment.pk], activate=True,
    )  # fmt: skip
    inside = buy(crowd["man_shiraz"], ("x", "dairy", 1, 1_000_000))
    outside = buy(crowd["english"], ("x", "dairy", 1, 1_000_000))
    assert inside.points == 2 * outside.points
    assert [a.code for a in outside.awards] == ["base_rate"]


def test_rule_audience_must_name_live_segments(db):
    from bashgah.rules.services import InvalidRule

    with pytest.raises(InvalidRule) as error:
        rule_create(
            name="x", type="time_window", params={"multiplier": "2"},
            audience_segments=[9999],
        )  # fmt: skip
    assert "audience_segments" in error.value.details


def test_profile_of_the_fixture_is_valid():
    # The crowd fixture passes language through the profile; keep that assumption checked.
    assert "language" in ProfileInput.__dataclass_fields__
