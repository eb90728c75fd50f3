"""The pure evaluator: no database, exact numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bashgah.rules import schemas
from bashgah.rules.evaluator import (
    Line,
    MemberFacts,
    PurchaseContext,
    RuleSpec,
    allocate,
    evaluate_purchase,
    evaluate_signup,
)

TEHRAN = ZoneInfo("Asia/Tehran")
FRIDAY_NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=TEHRAN)  # a Friday


def rule(rule_id: int, priority: int = 0, stackable: bool = True, **params) -> RuleSpec:
    return RuleSpec(
        id=rule_id,
        params=schemas.RULE_PARAMS.validate_python(params),
        priority=priority,
        is_stackable=stackable,
        labels=schemas.Labels(fa="لبنیات", en="dairy"),
    )


BASE = rule(1, type="points_per_amount", points=1, per_amount=10_000)
MILK = Line(sku="milk", category="dairy", quantity=2, unit_price=450_000)
BREAD = Line(sku="bread", category="bakery", quantity=1, unit_price=300_000)


def ctx(*lines: Line, at: dt.datetime = FRIDAY_NOON, **facts) -> PurchaseContext:
    return PurchaseContext(
        lines=list(lines) or [MILK, BREAD], local_time=at, member=MemberFacts(**facts)
    )


def test_base_rate_rounds_once_for_the_basket_and_shares_by_amount():
    awards = evaluate_purchase(ctx(Line("a", "x", 1, 15_000), Line("b", "y", 1, 15_000)), [BASE])
    assert [(a.code, a.points, a.line_points) for a in awards] == [("base_rate", 3, (2, 1))]


@pytest.mark.parametrize(("rounding", "points"), [("down", 1), ("nearest", 2), ("up", 2)])
def test_base_rate_rounding(rounding, points):
    spec = rule(1, type="points_per_amount", points=1, per_amount=10_000, rounding=rounding)
    assert evaluate_purchase(ctx(Line("a", "x", 1, 15_000)), [spec])[0].points == points


def test_category_multiplier_adds_extra_on_matching_lines_only():
    dairy = rule(2, type="category_multiplier", categories=["dairy"], multiplier="2")
    awards = evaluate_purchase(ctx(), [BASE, dairy])
    assert [(a.code, a.points, a.line_points) for a in awards] == [
        ("base_rate", 120, (90, 30)),
        ("category_multiplier", 90, (90, 0)),
    ]


def test_exclusive_rule_stops_lower_priority_rules():
    high = rule(
        2, priority=10, stackable=False, type="minimum_basket", minimum_amount=1_000_000, points=50
    )
    low = rule(3, priority=1, type="first_purchase", points=100)
    awards = evaluate_purchase(ctx(), [BASE, high, low])
    assert [a.code for a in awards] == ["base_rate", "minimum_basket"]


def test_exclusive_rule_that_does_not_apply_blocks_nothing():
    high = rule(
        2, priority=10, stackable=False, type="minimum_basket", minimum_amount=9_000_000, points=50
    )
    low = rule(3, priority=1, type="first_purchase", points=100)
    assert [a.code for a in evaluate_purchase(ctx(), [BASE, high, low])] == [
        "base_rate",
        "first_purchase",
    ]


def test_time_window_weekday_and_hours():
    friday = rule(2, type="time_window", multiplier="1.5", weekdays=[4], hour_from=10, hour_to=14)
    assert evaluate_purchase(ctx(), [BASE, friday])[1].points == 60
    saturday = FRIDAY_NOON + dt.timedelta(days=1)
    assert len(evaluate_purchase(ctx(at=saturday), [BASE, friday])) == 1
    evening = FRIDAY_NOON.replace(hour=14)
    assert len(evaluate_purchase(ctx(at=evening), [BASE, friday])) == 1


def test_tier_benefit_and_tier_multiplier_rule():
    awards = evaluate_purchase(ctx(tier_code="gold", tier_multiplier=Decimal("1.5")), [BASE])
    assert [(a.code, a.points) for a in awards] == [("base_rate", 120), ("tier_benefit", 60)]
    promo = rule(2, type="tier_multiplier", multipliers={"silver": "2"})
    assert [a.points for a in evaluate_purchase(ctx(tier_code="silver"), [BASE, promo])] == [
        120,
        120,
    ]
    assert len(evaluate_purchase(ctx(tier_code="bronze"), [BASE, promo])) == 1


def test_product_bonus_per_unit():
    bonus = rule(2, type="product_bonus", skus=["milk"], points_per_unit=7)
    assert evaluate_purchase(ctx(), [BASE, bonus])[1].line_points == (14, 0)


def test_nth_visit_and_first_purchase():
    tenth = rule(2, type="nth_visit", every=10, points=100)
    first = rule(3, type="first_purchase", points=40)
    assert [a.code for a in evaluate_purchase(ctx(purchases_before=9), [BASE, tenth, first])] == [
        "base_rate",
        "nth_visit",
    ]
    assert [a.code for a in evaluate_purchase(ctx(purchases_before=0), [BASE, tenth, first])] == [
        "base_rate",
        "first_purchase",
    ]


def test_birthday_month_in_jalali_calendar_once_a_year():
    # Born 1991-08-05 = 14 Mordad 1370; 2026-08-10 is 19 Mordad 1405 (same Jalali month).
    birthday = rule(2, type="birthday", points=200, window="month")
    at = dt.datetime(2026, 8, 10, 10, tzinfo=TEHRAN)
    facts = {"birth_date": dt.date(1991, 8, 5)}
    awards = evaluate_purchase(ctx(at=at, **facts), [BASE, birthday])
    assert awards[1].code == "birthday"
    assert awards[1].params["year"] == 1405
    rewarded = evaluate_purchase(
        ctx(at=at, birthday_bonus_years=frozenset({1405}), **facts), [BASE, birthday]
    )
    assert [a.code for a in rewarded] == ["base_rate"]
    # 2026-07-22 is 31 Tir 1405, a Gregorian-same-ish date but another Jalali month.
    before = dt.datetime(2026, 7, 22, 10, tzinfo=TEHRAN)
    assert len(evaluate_purchase(ctx(at=before, **facts), [BASE, birthday])) == 1


def test_birthday_week_gregorian():
    week = rule(2, type="birthday", points=200, window="week")
    facts = {"birth_date": dt.date(1990, 3, 10)}
    near = PurchaseContext(
        lines=[MILK],
        local_time=dt.datetime(2027, 3, 13, tzinfo=TEHRAN),
        member=MemberFacts(**facts),
        calendar="gregorian",
    )
    far = PurchaseContext(
        lines=[MILK],
        local_time=dt.datetime(2027, 3, 14, tzinfo=TEHRAN),
        member=MemberFacts(**facts),
        calendar="gregorian",
    )
    assert [a.code for a in evaluate_purchase(near, [BASE, week])] == ["base_rate", "birthday"]
    assert [a.code for a in evaluate_purchase(far, [BASE, week])] == ["base_rate"]


def test_rule_daily_cap_trims_and_says_so():
    capped = RuleSpec(
        id=2,
        params=schemas.RULE_PARAMS.validate_python({"type": "first_purchase", "points": 100}),
        daily_cap=30,
    )
    awards = evaluate_purchase(ctx(earned_today_by_rule={2: 10}), [BASE, capped])
    assert awards[1].points == 20
    assert awards[1].params["capped"] == {"period": "day", "cap": 30}


def test_earning_cap_trims_lowest_priority_first():
    cap = rule(9, type="earning_cap", per_day=150)
    dairy = rule(2, type="category_multiplier", categories=["dairy"], multiplier="2")
    awards = evaluate_purchase(ctx(earned_today=0), [BASE, dairy, cap])
    assert [(a.code, a.points) for a in awards] == [("base_rate", 120), ("category_multiplier", 30)]
    assert sum(awards[1].line_points) == 30
    assert evaluate_purchase(ctx(earned_today=150), [BASE, dairy, cap]) == []


def test_rules_outside_dates_or_audience_do_not_apply():
    later = RuleSpec(
        id=2,
        params=schemas.RULE_PARAMS.validate_python({"type": "first_purchase", "points": 5}),
        starts_at=FRIDAY_NOON + dt.timedelta(hours=1),
    )
    gold_only = RuleSpec(
        id=3,
        params=schemas.RULE_PARAMS.validate_python({"type": "first_purchase", "points": 5}),
        audience_tiers=frozenset({"gold"}),
    )
    assert [
        a.code for a in evaluate_purchase(ctx(tier_code="silver"), [BASE, later, gold_only])
    ] == ["base_rate"]


def test_signup_awards():
    spec = rule(5, type="signup", points=50)
    assert [a.points for a in evaluate_signup(at=FRIDAY_NOON, rules=[BASE, spec])] == [50]


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**9), min_size=1, max_size=30))
def test_allocate_is_exact(total, weights):
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)
    if sum(weights):
        assert all(share == 0 for share, weight in zip(shares, weights, strict=True) if weight == 0)


@given(
    st.lists(
        st.tuples(
            st.integers(1, 20), st.integers(0, 5_000_000), st.sampled_from(["dairy", "bakery", "x"])
        ),
        min_size=1,
        max_size=10,
    )
)
def test_every_award_shares_its_points_over_the_lines(lines):
    dairy = rule(2, type="category_multiplier", categories=["dairy"], multiplier="2.5")
    context = ctx(*[Line(f"s{i}", cat, q, p) for i, (q, p, cat) in enumerate(lines)])
    for award in evaluate_purchase(context, [BASE, dairy]):
        assert sum(award.line_points) == award.points > 0
        assert len(award.line_points) == len(lines)


def test_invalid_parameters_are_rejected():
    with pytest.raises(ValueError, match="multiplier"):
        schemas.RULE_PARAMS.validate_python(
            {"type": "category_multiplier", "categories": ["x"], "multiplier": "0.5"}
        )
    with pytest.raises(ValueError, match="category or SKU"):
        schemas.RULE_PARAMS.validate_python({"type": "category_multiplier", "multiplier": "2"})
