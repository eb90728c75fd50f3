"""Membership reads for the staff pages: plans with their members, members' memberships, a
member's live membership at the till, and value-back per plan (what memberships returned
against the fees paid for them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from bashgah.members.models import Member
from bashgah.memberships.models import (
    LIVE_STATUSES,
    Membership,
    MembershipBenefit,
    MembershipPayment,
    Plan,
)
from bashgah.rewards.models import Reward
from bashgah.rules.models import EarningRule


def plans_with_members() -> QuerySet[Plan]:
    """Every plan, offered ones first, annotated with ``live`` (pending, active or in grace)
    and ``paying`` (active or in grace) memberships."""
    return (
        Plan.objects.select_related("tier", "bonus_rule", "gift_reward")
        .annotate(
            live=Count("memberships", filter=Q(memberships__status__in=LIVE_STATUSES)),
            paying=Count(
                "memberships",
                filter=Q(
                    memberships__status__in=(Membership.Status.ACTIVE, Membership.Status.GRACE)
                ),
            ),
        )
        .order_by("-is_active", "fee", "code")
    )


def plans_offered() -> list[Plan]:
    """The plans a member may choose now, cheapest first."""
    return list(Plan.objects.filter(is_active=True).order_by("fee", "code"))


def bonus_rules_offered() -> list[EarningRule]:
    """Earning rules a plan may name for its bonus points: not archived, with an audience of
    tiers (``plan_create`` checks it is the plan's tier)."""
    rules = EarningRule.objects.exclude(status=EarningRule.Status.ARCHIVED).order_by("name")
    return [rule for rule in rules if rule.audience_tiers]


def gift_rewards_offered() -> list[Reward]:
    """Rewards a plan may give free every period: those offered in the catalog."""
    return list(Reward.objects.filter(is_active=True).order_by("points_cost", "code"))


def memberships_list(*, status: str = "", plan_code: str = "") -> QuerySet[Membership]:
    """Members' memberships, soonest period end first (those without one last), optionally of
    one status or plan."""
    memberships = Membership.objects.select_related("member", "plan").order_by(
        "period_end", "-chosen_at", "-pk"
    )
    if status:
        memberships = memberships.filter(status=status)
    if plan_code:
        memberships = memberships.filter(plan__code=plan_code)
    return memberships


def membership_live_of(*, member: Member) -> Membership | None:
    """The member's membership that is waiting for payment, running or in grace (at most one,
    by a partial unique index)."""
    return (
        Membership.objects.select_related("plan")
        .filter(member=member, status__in=LIVE_STATUSES)
        .first()
    )


@dataclass(frozen=True, slots=True)
class PlanValueBack:
    """What one plan's memberships returned against their fees, in minor units of the plan's
    currency. Bonus points are valued at the club's ``POINT_VALUE``."""

    plan: Plan
    members: int  # memberships ever paid for
    fees_paid: int
    discount: int
    cashback: int
    bonus_points: int
    bonus_points_value: int

    @property
    def returned(self) -> int:
        return self.discount + self.cashback + self.bonus_points_value

    @property
    def net(self) -> int:
        """What members got beyond what they paid (negative: the fees were more)."""
        return self.returned - self.fees_paid

    @property
    def percent_returned(self) -> int | None:
        """Value returned as a whole percentage of the fees, None before any fee."""
        return self.returned * 100 // self.fees_paid if self.fees_paid else None


def plans_value_back() -> list[PlanValueBack]:
    """Value-back per plan, summed over all its memberships and periods: two aggregate
    queries (payments, benefits) whatever the number of plans."""
    fees: dict[int, dict[str, Any]] = {
        row["membership__plan"]: dict(row)
        for row in MembershipPayment.objects.values("membership__plan")
        .annotate(total=Sum("amount"), members=Count("membership", distinct=True))
        .order_by()
    }
    benefits: dict[int, dict[str, Any]] = {
        row["membership__plan"]: dict(row)
        for row in MembershipBenefit.objects.values("membership__plan")
        .annotate(
            discount=Sum("discount"), cashback=Sum("cashback"), bonus_points=Sum("bonus_points")
        )
        .order_by()
    }
    point_value = settings.BASHGAH["POINT_VALUE"]
    rows = []
    for plan in Plan.objects.order_by("-is_active", "fee", "code"):
        paid = fees.get(plan.pk, {})
        given = benefits.get(plan.pk, {})
        bonus_points = given.get("bonus_points") or 0
        rows.append(
            PlanValueBack(
                plan=plan,
                members=paid.get("members") or 0,
                fees_paid=paid.get("total") or 0,
                discount=given.get("discount") or 0,
                cashback=given.get("cashback") or 0,
                bonus_points=bonus_points,
                bonus_points_value=bonus_points * point_value,
            )
        )
    return rows
