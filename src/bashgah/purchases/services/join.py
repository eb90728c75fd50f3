"""Joining the club: the member, their accounts, the entry tier and the signup bonus, at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bashgah.ledger.lock_objects import member_accounts_create
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import points_credit
from bashgah.members.models import Member
from bashgah.members.services import ProfileInput, member_enrol
from bashgah.purchases.services.earning import expiry_for
from bashgah.rules.evaluator import Award, evaluate_signup
from bashgah.rules.services import active_rule_specs
from bashgah.stores.models import Store
from bashgah.tiers.services import member_tier_start


@dataclass(frozen=True, slots=True)
class JoinResult:
    member: Member
    awards: list[Award]
    points: int


def member_join(
    *,
    phone: str,
    profile: ProfileInput | None = None,
    store: Store | None = None,
    source: str = "api",
    at: dt.datetime | None = None,
) -> JoinResult:
    at = at or timezone.now()
    with transaction.atomic():
        member = member_enrol(
            phone=phone, profile=profile, store=store, source=source, enrolled_at=at
        )
        member_accounts_create(member=member)
        member_tier_start(member=member, at=at)
        awards = evaluate_signup(at=at, rules=active_rule_specs())
        points = sum(award.points for award in awards)
        if points:
            points_credit(
                member=member,
                points=points,
                kind=Transaction.Kind.BONUS,
                explanation=[award.explanation() for award in awards],
                expires_at=expiry_for(at),
                at=at,
                actor=source,
            )
    return JoinResult(member=member, awards=awards, points=points)
