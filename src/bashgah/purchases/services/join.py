"""Joining the club (the member, their accounts, the entry tier and the signup bonus, at once)
and leaving it under the club's points policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bashgah.ledger.lock_objects import member_accounts_create, member_accounts_lock
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import points_credit, points_debit
from bashgah.members.models import Member
from bashgah.members.services import ProfileInput, member_enrol, member_leave
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


def member_leave_club(
    *, member: Member, source: str = "portal", at: dt.datetime | None = None
) -> Member:
    """Leave the club under its points policy (``BASHGAH["LEAVE_POINTS_POLICY"]``):

    - ``keep`` (the default): the ledger is left as it is; the points stay on the books but no
      one can spend them, since a member who has left can neither redeem nor be found at a till.
    - ``forfeit``: every point still held leaves through an expiry transaction, so it stops
      counting as the club's liability at once.

    Either way the personal data is erased by ``members.services.member_leave`` in the same
    transaction, and the ledger stays balanced."""
    at = at or timezone.now()
    policy = settings.BASHGAH.get("LEAVE_POINTS_POLICY", "keep")
    with transaction.atomic():
        if policy == "forfeit":
            accounts = member_accounts_lock(member=member)
            held = accounts.points.balance
            if held > 0 and member.status == Member.Status.ACTIVE:
                points_debit(
                    member=member,
                    points=held,
                    kind=Transaction.Kind.EXPIRE,
                    sink="expired",
                    explanation=[
                        {
                            "code": "expired_lot",
                            "points": -held,
                            "params": {"expired_at": at.isoformat()},
                        }
                    ],
                    reason="member left the club",
                    allow_debt=True,  # pending points go too; the balance covers them exactly
                    actor=source,
                    at=at,
                    accounts=accounts,
                )
        return member_leave(member=member, source=source, at=at)
