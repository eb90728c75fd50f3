"""What ``purchase_record`` reads about a member before each purchase (purchase count,
birthday bonuses, recent awards for caps, tier and tier qualification), read once per batch and
then kept current in memory, so each purchase of the batch sees the ones before it."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from bashgah.core.calendars import add_months, club_zone
from bashgah.members.models import Member, MemberStats
from bashgah.purchases.imports.planning import PlannedPurchase
from bashgah.purchases.models import PurchaseAward
from bashgah.purchases.services.earning import (
    Earning,
    facts_from,
    month_start,
    rules_need_birthdays,
    rules_need_caps,
    rules_need_segments,
)
from bashgah.rules.evaluator import MemberFacts, RuleSpec
from bashgah.rules.models import BirthdayBonus
from bashgah.rules.services import active_rule_specs
from bashgah.segments.models import SegmentMember
from bashgah.tiers.models import MemberTier, QualifyingActivity, Tier, TierPolicy
from bashgah.tiers.selectors import tier_for_value, tier_policy, tiers_ordered


def window_start(at: dt.datetime, policy: TierPolicy) -> dt.datetime:
    """Where the tier qualification window ending at ``at`` begins (as in tiers.selectors)."""
    day = add_months(at.date(), -policy.window_months)
    return at.replace(year=day.year, month=day.month, day=day.day)


@dataclass(frozen=True, slots=True)
class ImportSetup:
    """What stays the same for a whole import: the rules in force when it started, the tiers."""

    source: str
    actor: str
    rules: list[RuleSpec]
    needs_caps: bool
    needs_birthdays: bool
    needs_segments: bool
    tiers: list[Tier]
    policy: TierPolicy

    @classmethod
    def load(cls, *, source: str, actor: str) -> ImportSetup:
        rules = active_rule_specs()
        return cls(
            source=source,
            actor=actor,
            rules=rules,
            needs_caps=rules_need_caps(rules),
            needs_birthdays=rules_need_birthdays(rules),
            needs_segments=rules_need_segments(rules),
            tiers=tiers_ordered(),
            policy=tier_policy(),
        )


class Activity:
    """Tier-qualifying values over time, summed over any window in O(log n): ``add`` in time
    order only (a batch adds its members' purchases in paid_at order)."""

    __slots__ = ("prefix", "times")

    def __init__(self) -> None:
        self.times: list[dt.datetime] = []
        self.prefix: list[int] = [0]  # prefix[i] = sum of the first i values

    def add(self, at: dt.datetime, value: int) -> None:
        self.times.append(at)
        self.prefix.append(self.prefix[-1] + value)

    def between(self, after: dt.datetime, until: dt.datetime) -> int:
        """The sum over ``after < time <= until``."""
        low, high = bisect_right(self.times, after), bisect_right(self.times, until)
        return self.prefix[high] - self.prefix[low] if high > low else 0


@dataclass(slots=True)
class MemberState:
    """What ``purchase_record`` would read about a member before each purchase, kept current."""

    member: Member
    purchases_before: int = 0
    birthday_years: set[int] = field(default_factory=set)
    segment_ids: frozenset[int] = frozenset()
    recent_awards: dict[tuple[int | None, dt.date], int] = field(default_factory=dict)
    has_tier_state: bool = False
    tier: Tier | None = None
    below_since: dt.datetime | None = None
    recorded_activity: Activity = field(default_factory=Activity)  # before this batch
    new_activity: Activity = field(default_factory=Activity)  # this batch's purchases
    # when ``tier_reevaluate`` changes something (a first tier, an upgrade, a grace ended):
    # the batch calls it at each of these moments, so changes are dated as live ones are
    reevaluate_at: list[dt.datetime] = field(default_factory=list)

    def facts_for(self, local_date: dt.date, setup: ImportSetup) -> MemberFacts:
        # keyed by rule id, and None for the tier benefit, as member_facts reads them
        by_rule_today: dict[Any, int] = {}
        by_rule_month: dict[Any, int] = {}
        if setup.needs_caps:  # as member_facts: awards from the month start on, by rule
            since = month_start(local_date)
            for (rule_id, day), points in self.recent_awards.items():
                if day >= since:
                    by_rule_month[rule_id] = by_rule_month.get(rule_id, 0) + points
                    by_rule_today[rule_id] = by_rule_today.get(rule_id, 0) + (
                        points if day == local_date else 0
                    )
        wants_birthday = self.member.birth_date is not None and setup.needs_birthdays
        return facts_from(
            tier=self.tier,
            birth_date=self.member.birth_date,
            purchases_before=self.purchases_before,
            birthday_years=frozenset(self.birthday_years) if wants_birthday else frozenset(),
            by_rule_today=by_rule_today,
            by_rule_month=by_rule_month,
            segment_ids=self.segment_ids,
        )

    def qualification(self, at: dt.datetime, policy: TierPolicy) -> int:
        """As ``tiers.selectors.qualification`` at ``at``: the window ending then."""
        after = window_start(at, policy)
        value = self.recorded_activity.between(after, at) + self.new_activity.between(after, at)
        return max(value, 0)

    def record(self, purchase: PlannedPurchase, earning: Earning, setup: ImportSetup) -> None:
        """Move on as the purchase's rows will, then as ``tier_reevaluate`` at its time would."""
        self.purchases_before += 1
        self.birthday_years |= earning.birthday_years()
        if setup.needs_caps:
            for award in earning.awards:
                key = (award.rule_id, earning.local_date)
                self.recent_awards[key] = self.recent_awards.get(key, 0) + award.points
        spend = setup.policy.basis == TierPolicy.Basis.SPEND
        self.new_activity.add(purchase.paid_at, purchase.total if spend else earning.points)
        if not setup.tiers:
            return
        changed = False
        if not self.has_tier_state:
            self.has_tier_state, self.tier, changed = True, setup.tiers[0], True
        assert self.tier is not None
        earned = tier_for_value(setup.tiers, self.qualification(purchase.paid_at, setup.policy))
        if earned is not None and earned.rank > self.tier.rank:
            self.tier, self.below_since, changed = earned, None, True
        elif self.below_since and earned is not None and earned.rank >= self.tier.rank:
            self.below_since, changed = None, True
        if changed:
            self.reevaluate_at.append(purchase.paid_at)


def states_load(
    members: dict[int, Member],
    purchases: dict[int, list[PlannedPurchase]],
    setup: ImportSetup,
) -> dict[int, MemberState]:
    ids = list(members)
    states = {pk: MemberState(member=member) for pk, member in members.items()}
    for member_id, count in MemberStats.objects.filter(member_id__in=ids).values_list(
        "member_id", "purchase_count"
    ):
        states[member_id].purchases_before = count
    if setup.needs_segments:
        segments: dict[int, set[int]] = {}
        for member_id, segment_id in SegmentMember.objects.filter(member_id__in=ids).values_list(
            "member_id", "segment_id"
        ):
            segments.setdefault(member_id, set()).add(segment_id)
        for member_id, found in segments.items():
            states[member_id].segment_ids = frozenset(found)
    if setup.needs_birthdays:
        born = [pk for pk, member in members.items() if member.birth_date is not None]
        for member_id, year in BirthdayBonus.objects.filter(member_id__in=born).values_list(
            "member_id", "year"
        ):
            states[member_id].birthday_years.add(year)
    if setup.needs_caps:
        zone = club_zone()
        since = min(
            month_start(purchase.paid_at.astimezone(zone).date())
            for member_id in ids
            for purchase in purchases[member_id]
        )
        rows = (
            PurchaseAward.objects.filter(member_id__in=ids, local_date__gte=since)
            .values("member_id", "rule_id", "local_date")
            .annotate(total=Sum("points"))
            .values_list("member_id", "rule_id", "local_date", "total")
        )
        for member_id, rule_id, day, points in rows:
            states[member_id].recent_awards[(rule_id, day)] = points
    if setup.tiers:
        _tiers_load(states, purchases, setup)
    return states


def _tiers_load(
    states: dict[int, MemberState],
    purchases: dict[int, list[PlannedPurchase]],
    setup: ImportSetup,
) -> None:
    ids = list(states)
    by_id = {tier.pk: tier for tier in setup.tiers}
    for member_id, tier_id, below_since in MemberTier.objects.filter(member_id__in=ids).values_list(
        "member_id", "tier_id", "below_since"
    ):
        state = states[member_id]
        state.has_tier_state, state.below_since = True, below_since
        state.tier = by_id.get(tier_id) or Tier.objects.get(pk=tier_id)
    since = min(
        window_start(purchase.paid_at, setup.policy)
        for member_id in ids
        for purchase in purchases[member_id]
    )
    basis = "spend" if setup.policy.basis == TierPolicy.Basis.SPEND else "points"
    for member_id, occurred_at, value in (
        QualifyingActivity.objects.filter(member_id__in=ids, occurred_at__gt=since)
        .order_by("member_id", "occurred_at", "pk")
        .values_list("member_id", "occurred_at", basis)
    ):
        states[member_id].recorded_activity.add(occurred_at, value)
