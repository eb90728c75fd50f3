"""What each staff role may do. Pages and services ask for a capability, never a role."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from bashgah.staff.models import StaffProfile
from bashgah.stores.models import Store

CASHIER = "cashier"  # find members, record purchases and returns, vouchers, enrol
MEMBERS_VIEW = "members.view"  # the member directory and a member's page
MEMBERS_ADJUST = "members.adjust"  # manual point adjustments
PROGRAM_EDIT = "program.edit"  # rules, tiers, rewards, stores, API keys; running the programs
# The engagement programs and their results: referrals, paid memberships, lotteries, surveys,
# the stale-contacts report. Changing them (settings, plans, draws, sending) is PROGRAM_EDIT.
ENGAGEMENT_VIEW = "engagement.view"
# Segments, campaigns and automations are club-wide. Reading them (lists, the lifecycle picture,
# a campaign's results) is CAMPAIGNS_VIEW; building segments, exporting their members, writing,
# sending and switching campaigns is CAMPAIGNS; the lifecycle thresholds and recomputing every
# segment at once are the owner's (AUDIENCES_MANAGE).
CAMPAIGNS_VIEW = "campaigns.view"
CAMPAIGNS = "campaigns.edit"
AUDIENCES_MANAGE = "audiences.manage"
DASHBOARD_VIEW = "dashboard.view"
STAFF_MANAGE = "staff.manage"
ACCOUNT = "account"  # one's own account: the second factor

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    StaffProfile.Role.OWNER: frozenset(
        {
            CASHIER,
            MEMBERS_VIEW,
            MEMBERS_ADJUST,
            PROGRAM_EDIT,
            ENGAGEMENT_VIEW,
            CAMPAIGNS_VIEW,
            CAMPAIGNS,
            AUDIENCES_MANAGE,
            DASHBOARD_VIEW,
            STAFF_MANAGE,
            ACCOUNT,
        }
    ),
    StaffProfile.Role.MANAGER: frozenset(
        {
            CASHIER,
            MEMBERS_VIEW,
            MEMBERS_ADJUST,
            PROGRAM_EDIT,
            ENGAGEMENT_VIEW,
            CAMPAIGNS_VIEW,
            CAMPAIGNS,
            DASHBOARD_VIEW,
            ACCOUNT,
        }
    ),
    StaffProfile.Role.CASHIER: frozenset({CASHIER, MEMBERS_VIEW, ACCOUNT}),
    StaffProfile.Role.ANALYST: frozenset(
        {MEMBERS_VIEW, ENGAGEMENT_VIEW, CAMPAIGNS_VIEW, DASHBOARD_VIEW, ACCOUNT}
    ),
}


def profile_of(user: AbstractBaseUser | AnonymousUser) -> StaffProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.staff  # type: ignore[attr-defined]
    except StaffProfile.DoesNotExist:
        return None


def capabilities(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    profile = profile_of(user)
    return ROLE_CAPABILITIES.get(profile.role, frozenset()) if profile else frozenset()


def can(user: AbstractBaseUser | AnonymousUser, capability: str) -> bool:
    return capability in capabilities(user)


def stores_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Store]:
    """The branches the user works in: every active store for an owner."""
    profile = profile_of(user)
    if profile is None:
        return Store.objects.none()
    if profile.role == StaffProfile.Role.OWNER:
        return Store.objects.filter(is_active=True)
    return profile.stores.filter(is_active=True)
