"""The pure earning-rule evaluator: ``(purchase context, rules) -> awards with explanations``.

No database, no clock, no settings: everything it needs arrives in the context, so live accrual,
the member's "why did I get these points" and the what-if simulator all give the same answer.

Evaluation order:
1. Rules outside their dates or audience are dropped.
2. The base rate: the highest-priority ``points_per_amount`` rule gives base points for the
   basket (rounded once, for the basket, as the rule says) shared over the lines by amount.
3. The tier's own points multiplier (a tier benefit) adds to the base points.
4. Bonus rules by priority (highest first; ties by id). Each applicable rule adds its award;
   an applicable rule that is not stackable ends the walk: lower-priority rules give nothing.
   Multipliers add ``base × (multiplier − 1)`` over the lines they cover, rounded down.
5. Per-rule daily and monthly caps, then the club's earning caps, trim the awards (the
   lowest-priority award first, the base last); a trimmed award says so.

Every award carries its points per purchase line, so a return reverses exactly what each
returned line earned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

import jdatetime

from bashgah.rules import schemas as s


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    category: str
    quantity: int
    unit_price: int  # minor units
    discount: int = 0  # minor units of this line paid with points: they earn nothing

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price - self.discount


@dataclass(frozen=True, slots=True)
class MemberFacts:
    tier_code: str | None = None
    tier_labels: Mapping[str, str] = field(default_factory=dict)
    tier_multiplier: Decimal = Decimal(1)
    birth_date: dt.date | None = None
    purchases_before: int = 0  # purchases recorded before this one
    birthday_bonus_years: frozenset[int] = frozenset()  # calendar years already rewarded
    earned_today_by_rule: Mapping[int, int] = field(default_factory=dict)
    earned_month_by_rule: Mapping[int, int] = field(default_factory=dict)
    earned_today: int = 0  # purchase points today, all rules
    earned_month: int = 0
    segment_ids: frozenset[int] = frozenset()  # saved segments the member is in


@dataclass(frozen=True, slots=True)
class PurchaseContext:
    lines: Sequence[Line]
    local_time: dt.datetime  # the purchase time in the club's time zone
    member: MemberFacts
    currency: str = "IRR"
    calendar: str = "jalali"  # birthdays and months are counted in this calendar

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: int
    params: s.RuleParams
    labels: s.Labels = field(default_factory=s.Labels)
    priority: int = 0
    is_stackable: bool = True
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    audience_tiers: frozenset[str] = frozenset()
    audience_segments: frozenset[int] = frozenset()
    daily_cap: int | None = None
    monthly_cap: int | None = None
    label_texts: Mapping[str, str] = field(default_factory=dict)  # labels as a plain dict

    def is_live(
        self, at: dt.datetime, tier_code: str | None, segment_ids: frozenset[int] = frozenset()
    ) -> bool:
        if self.starts_at and at < self.starts_at:
            return False
        if self.ends_at and at >= self.ends_at:
            return False
        if self.audience_segments and not (self.audience_segments & segment_ids):
            return False
        return not self.audience_tiers or (tier_code in self.audience_tiers)


@dataclass(frozen=True, slots=True)
class Award:
    rule_id: int | None  # None for the tier benefit
    code: str  # explanation message code
    points: int
    line_points: tuple[int, ...]  # this award's points per purchase line; sums to ``points``
    params: Mapping[str, Any] = field(default_factory=dict)

    def explanation(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "points": self.points,
            "rule_id": self.rule_id,
            "params": dict(self.params),
        }


def allocate(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """Share ``total`` over ``weights`` by largest remainder: exact, deterministic."""
    if not weights:
        return ()
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights = [1] * len(weights)
        weight_sum = len(weights)
    shares = [total * weight // weight_sum for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for index in remainders[: total - sum(shares)]:
        shares[index] += 1
    return tuple(shares)


_ROUNDING = {"down": ROUND_DOWN, "nearest": ROUND_HALF_UP, "up": ROUND_CEILING}


def _labels(spec: RuleSpec) -> dict[str, str]:
    return dict(spec.label_texts) if spec.label_texts else spec.labels.model_dump()


def _base(context: PurchaseContext, spec: RuleSpec) -> Award | None:
    params = spec.params
    assert isinstance(params, s.PointsPerAmount)
    weights = [
        0 if line.category in params.exclude_categories else line.amount for line in context.lines
    ]
    eligible = sum(weights)
    points = int(
        (Decimal(eligible) * params.points / params.per_amount).quantize(
            Decimal(1), rounding=_ROUNDING[params.rounding]
        )
    )
    if points <= 0:
        return None
    return Award(
        rule_id=spec.id,
        code="base_rate",
        points=points,
        line_points=allocate(points, weights),
        params={
            "rate_points": params.points,
            "per_amount": params.per_amount,
            "currency": context.currency,
            "labels": _labels(spec),
        },
    )


def _extra(
    base: Sequence[int], covered: Sequence[bool], multiplier: Decimal
) -> tuple[int, tuple[int, ...]]:
    covered_base = [points if cover else 0 for points, cover in zip(base, covered, strict=True)]
    extra = int((Decimal(sum(covered_base)) * (multiplier - 1)).to_integral_value(ROUND_DOWN))
    return extra, allocate(extra, covered_base) if extra > 0 else tuple(0 for _ in base)


def _birthday_window(context: PurchaseContext, params: s.Birthday) -> int | None:
    """The calendar year of the birthday this purchase celebrates, or None."""
    birth = context.member.birth_date
    if birth is None:
        return None
    today = context.local_time.date()
    if context.calendar == "jalali":
        j_birth = jdatetime.date.fromgregorian(date=birth)
        j_today = jdatetime.date.fromgregorian(date=today)
        year, month, day = j_today.year, j_birth.month, j_birth.day
        if params.window == "month":
            return year if j_today.month == month else None
        try:
            anniversary = jdatetime.date(year, month, day).togregorian()
        except ValueError:  # 30 Esfand in a common year
            anniversary = jdatetime.date(year, month, day - 1).togregorian()
    else:
        year = today.year
        if params.window == "month":
            return year if today.month == birth.month else None
        try:
            anniversary = birth.replace(year=year)
        except ValueError:  # 29 February in a common year
            anniversary = dt.date(year, 2, 28)
    reach = 0 if params.window == "day" else 3
    return year if abs((today - anniversary).days) <= reach else None


def _bonus(context: PurchaseContext, spec: RuleSpec, base: Sequence[int]) -> Award | None:
    params = spec.params
    lines = context.lines
    amounts = [line.amount for line in lines]
    labels = _labels(spec)
    member = context.member
    code = params.type
    extra_params: dict[str, Any] = {"labels": labels}

    if isinstance(params, s.CategoryMultiplier):
        covered = [params.matches(sku=line.sku, category=line.category) for line in lines]
        points, shares = _extra(base, covered, params.multiplier)
        extra_params["multiplier"] = str(params.multiplier.normalize())
    elif isinstance(params, s.TimeWindow):
        local = context.local_time
        if params.weekdays and local.weekday() not in params.weekdays:
            return None
        if not params.hour_from <= local.hour < params.hour_to:
            return None
        points, shares = _extra(base, [True] * len(lines), params.multiplier)
        extra_params["multiplier"] = str(params.multiplier.normalize())
    elif isinstance(params, s.TierMultiplier):
        multiplier = params.multipliers.get(member.tier_code or "")
        if multiplier is None:
            return None
        points, shares = _extra(base, [True] * len(lines), multiplier)
        extra_params.update(multiplier=str(multiplier.normalize()), tier=dict(member.tier_labels))
    elif isinstance(params, s.ProductBonus):
        shares = tuple(
            params.points_per_unit * line.quantity
            if params.matches(sku=line.sku, category=line.category)
            else 0
            for line in lines
        )
        points = sum(shares)
    elif isinstance(params, s.MinimumBasket):
        if context.total < params.minimum_amount:
            return None
        points, shares = params.points, allocate(params.points, amounts)
        extra_params.update(minimum_amount=params.minimum_amount, currency=context.currency)
    elif isinstance(params, s.NthVisit):
        visit = member.purchases_before + 1
        if visit % params.every:
            return None
        points, shares = params.points, allocate(params.points, amounts)
        extra_params["visit"] = visit
    elif isinstance(params, s.FirstPurchase):
        if member.purchases_before:
            return None
        points, shares = params.points, allocate(params.points, amounts)
    elif isinstance(params, s.Birthday):
        year = _birthday_window(context, params)
        if year is None or year in member.birthday_bonus_years:
            return None
        points, shares = params.points, allocate(params.points, amounts)
        extra_params["year"] = year
    else:  # base rates, signup and caps are not purchase bonuses
        return None
    if points <= 0:
        return None
    return Award(
        rule_id=spec.id, code=code, points=points, line_points=tuple(shares), params=extra_params
    )


def _trim(award: Award, keep: int, cap_params: Mapping[str, Any]) -> Award:
    if keep >= award.points:
        return award
    keep = max(keep, 0)
    return replace(
        award,
        points=keep,
        line_points=allocate(keep, award.line_points),
        params={**award.params, "capped": dict(cap_params)},
    )


def _apply_rule_caps(
    awards: list[Award], rules: Mapping[int, RuleSpec], member: MemberFacts
) -> list[Award]:
    capped = []
    for award in awards:
        spec = rules.get(award.rule_id) if award.rule_id is not None else None
        if spec is not None:
            if spec.daily_cap is not None:
                room = spec.daily_cap - member.earned_today_by_rule.get(spec.id, 0)
                award = _trim(award, room, {"period": "day", "cap": spec.daily_cap})
            if spec.monthly_cap is not None:
                room = spec.monthly_cap - member.earned_month_by_rule.get(spec.id, 0)
                award = _trim(award, room, {"period": "month", "cap": spec.monthly_cap})
        capped.append(award)
    return capped


def _apply_earning_caps(
    awards: list[Award], caps: Iterable[s.EarningCap], member: MemberFacts
) -> list[Award]:
    for cap in caps:
        for period, limit, earned in (
            ("day", cap.per_day, member.earned_today),
            ("month", cap.per_month, member.earned_month),
        ):
            if limit is None:
                continue
            room = max(limit - earned, 0)
            # Trim from the lowest-priority award backwards; the base rate goes last.
            trimmed: list[Award] = []
            for award in awards:
                keep = min(award.points, room)
                room -= keep
                trimmed.append(_trim(award, keep, {"period": period, "cap": limit}))
            awards = trimmed
    return awards


def evaluate_purchase(context: PurchaseContext, rules: Sequence[RuleSpec]) -> list[Award]:
    """Awards for one purchase, in the order they were decided; zero-point awards dropped."""
    at = context.local_time
    live = sorted(
        (
            rule
            for rule in rules
            if rule.is_live(at, context.member.tier_code, context.member.segment_ids)
        ),
        key=lambda rule: (-rule.priority, rule.id),
    )
    awards: list[Award] = []
    base_rules = [rule for rule in live if isinstance(rule.params, s.PointsPerAmount)]
    base_award = _base(context, base_rules[0]) if base_rules else None
    base = base_award.line_points if base_award else tuple(0 for _ in context.lines)
    if base_award:
        awards.append(base_award)
    if context.member.tier_multiplier > 1 and base_award:
        points, shares = _extra(base, [True] * len(base), context.member.tier_multiplier)
        if points:
            awards.append(
                Award(
                    rule_id=None,
                    code="tier_benefit",
                    points=points,
                    line_points=shares,
                    params={
                        "multiplier": str(context.member.tier_multiplier.normalize()),
                        "tier": dict(context.member.tier_labels),
                    },
                )
            )
    for rule in live:
        award = _bonus(context, rule, base)
        if award is None:
            continue
        awards.append(award)
        if not rule.is_stackable:
            break
    by_id = {rule.id: rule for rule in live}
    awards = _apply_rule_caps(awards, by_id, context.member)
    caps = [rule.params for rule in live if isinstance(rule.params, s.EarningCap)]
    awards = _apply_earning_caps(awards, caps, context.member)
    return [award for award in awards if award.points > 0]


def evaluate_signup(
    *, at: dt.datetime, rules: Sequence[RuleSpec], tier_code: str | None = None
) -> list[Award]:
    """Awards for joining the club: every live signup rule, by priority, until an exclusive one."""
    awards = []
    live = sorted(
        (rule for rule in rules if rule.is_live(at, tier_code)),
        key=lambda rule: (-rule.priority, rule.id),
    )
    for rule in live:
        if isinstance(rule.params, s.Signup):
            awards.append(
                Award(
                    rule_id=rule.id,
                    code="signup",
                    points=rule.params.points,
                    line_points=(),
                    params={"labels": _labels(rule)},
                )
            )
            if not rule.is_stackable:
                break
    return awards
