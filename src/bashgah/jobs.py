"""Scheduled work, in one place: ``bashgah daily`` (cron, or Celery beat in production) runs it.

Each job is a service that is safe to run twice and picks up where a crashed run stopped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from bashgah.contacts.services import ReverifyRun, contacts_reverify_due
from bashgah.ledger.services import points_expire_due, points_expiry_warn
from bashgah.memberships.services import MembershipReview, memberships_review
from bashgah.rewards.services.money import giftcards_expire
from bashgah.rewards.services.redeem import vouchers_expire, vouchers_expiry_warn
from bashgah.tiers.services import ReviewSummary, tier_review


@dataclass(frozen=True, slots=True)
class DailyRun:
    points_expired_members: int
    points_expired: int
    vouchers_expired: int
    gift_cards_expired: int
    points_warnings: int
    voucher_warnings: int
    tiers: ReviewSummary
    memberships: MembershipReview
    reverify: ReverifyRun

    def report(self) -> str:
        return (
            f"points expired: {self.points_expired} from {self.points_expired_members} members; "
            f"vouchers expired: {self.vouchers_expired}; gift cards expired: "
            f"{self.gift_cards_expired}; expiry warnings: {self.points_warnings} members, "
            f"{self.voucher_warnings} vouchers; tier review: {self.tiers.reviewed} reviewed, "
            f"{self.tiers.upgraded} up, {self.tiers.downgraded} down; memberships: "
            f"{self.memberships.warned} warned, {self.memberships.grace_started} in grace, "
            f"{self.memberships.expired} expired; re-verification asked: "
            f"{self.reverify.phone} phones, {self.reverify.email} emails, "
            f"{self.reverify.skipped} skipped"
        )


def run_daily(*, at: dt.datetime | None = None) -> DailyRun:
    at = at or timezone.now()
    days = settings.BASHGAH["EXPIRY_WARNING_DAYS"]
    expired = points_expire_due(at=at)
    return DailyRun(
        points_expired_members=expired.members,
        points_expired=expired.points,
        vouchers_expired=vouchers_expire(at=at),
        gift_cards_expired=giftcards_expire(at=at),
        points_warnings=points_expiry_warn(days=days, at=at),
        voucher_warnings=vouchers_expiry_warn(days=days, at=at),
        memberships=memberships_review(at=at),
        tiers=tier_review(at=at),
        reverify=contacts_reverify_due(at=at),
    )
