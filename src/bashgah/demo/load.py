"""Writing the demo club, only through the domain services, and the credentials to try it.

Every point in the demo is earned the way a real one is: the plan's purchases go through
``purchase_record`` with their past times, returns through ``purchase_return`` and the staff
corrections through ``points_adjust``, so the ledger, statistics and tiers agree by
construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bashgah.api.keys import api_key_create, api_key_revoke
from bashgah.api.models import ApiKey
from bashgah.core.errors import Conflict
from bashgah.demo import data
from bashgah.demo.plan import SEED, DemoPlan, MemberPlan, PurchasePlan, ReturnPlan, demo_plan
from bashgah.demo.talk import demo_talk
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_adjust
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.purchases.services import member_join, purchase_record, purchase_return
from bashgah.rules.evaluator import RuleSpec
from bashgah.rules.models import EarningRule
from bashgah.rules.services import active_rule_specs, rule_create
from bashgah.staff.models import StaffProfile
from bashgah.staff.services import staff_create
from bashgah.stores.models import Store
from bashgah.stores.selectors import store_by_code
from bashgah.stores.services import store_create
from bashgah.tiers.models import Tier
from bashgah.tiers.services import tier_policy

DEMO_MEMBERS = 400
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "bashgah-demo"  # noqa: S105 - printed by `bashgah demo`; a local demo only
TILL_KEY_NAME = "demo-till"
SOURCE = "demo"  # how the demo's members joined and who rang up their purchases
CHUNK = 250  # events per database transaction


class DemoRefused(Conflict):
    code = "demo_refused"
    default_message = _(
        "This database already holds a club, so the demo was not loaded into it. "
        "Start the demo on an empty database: bashgah demo --reset"
    )


@dataclass(frozen=True, slots=True)
class DemoCredentials:
    username: str
    password: str
    api_key: str  # plain text, shown once: only its hash is stored


@dataclass(frozen=True, slots=True)
class DemoSummary:
    loaded: bool  # False when the demo was already there and nothing was written
    members: int = 0
    purchases: int = 0
    returns: int = 0
    adjustments: int = 0


def load_demo(
    *, progress: bool = False, members: int = DEMO_MEMBERS, seed: int = SEED
) -> DemoSummary:
    """Build the demo club: three branches, three tiers, the earning rules, ``members`` members
    and about eight months of their purchases and returns.

    Idempotent: a loaded demo is recognised and left alone. A load that was interrupted
    resumes where it stopped when called again with the same ``members`` and ``seed``: the
    plan is fixed by them and by the time the branches were created. A database holding any
    other club is refused (DemoRefused) and nothing is written.
    """
    if members < 1:
        raise ValueError("the demo needs at least one member")
    if _is_loaded():
        return DemoSummary(loaded=False)
    _refuse_other_clubs()
    with transaction.atomic():
        stores = _stores()
        _tiers()
        _rules()
    plan = demo_plan(members=members, end=stores[data.MAIN_STORE].created_at, seed=seed)
    joined = _replay(plan, stores=stores, progress=progress)
    demo_talk(seed=seed, end=stores[data.MAIN_STORE].created_at)
    adjusted = _adjust(plan, members=joined)
    _staff_user()
    return DemoSummary(
        loaded=True,
        members=len(plan.members),
        purchases=len(plan.purchases),
        returns=len(plan.returns),
        adjustments=adjusted,
    )


def demo_credentials() -> DemoCredentials:
    """The staff login and a fresh till key for the main branch; older demo keys are revoked
    so exactly one is live."""
    store = store_by_code(code=data.MAIN_STORE)
    with transaction.atomic():
        for key in ApiKey.objects.filter(name=TILL_KEY_NAME, revoked_at__isnull=True):
            api_key_revoke(key=key)
        _key, plain = api_key_create(name=TILL_KEY_NAME, store=store)
    _staff_user()
    return DemoCredentials(username=DEMO_USERNAME, password=DEMO_PASSWORD, api_key=plain)


def _is_loaded() -> bool:
    """The staff corrections are written last, in one transaction: they mark a whole demo."""
    reasons = [reason for _store, _points, reason in data.ADJUSTMENTS]
    return Transaction.objects.filter(kind=Transaction.Kind.ADJUST, reason__in=reasons).exists()


def _refuse_other_clubs() -> None:
    codes = [store.code for store in data.STORES]
    has_demo_stores = Store.objects.filter(code__in=codes).exists()
    if Store.objects.exclude(code__in=codes).exists() or (
        not has_demo_stores and Member.objects.exists()
    ):
        raise DemoRefused()


def _stores() -> dict[str, Store]:
    stores = {
        store.code: store
        for store in Store.objects.filter(code__in=[store.code for store in data.STORES])
    }
    for store in data.STORES:
        if store.code not in stores:
            stores[store.code] = store_create(code=store.code, name=store.name, city=store.city)
    return stores


def _tiers() -> None:
    """There is no tier service yet: the rows are plain data, the policy the default one."""
    tier_policy()
    existing = set(Tier.objects.values_list("code", flat=True))
    for tier in data.TIERS:
        if tier.code not in existing:
            Tier.objects.create(
                code=tier.code,
                rank=tier.rank,
                threshold=tier.threshold,
                labels=tier.labels,
                points_multiplier=tier.points_multiplier,
                discount_percent=tier.discount_percent,
                cashback_percent=tier.cashback_percent,
            )


def _rules() -> None:
    existing = set(EarningRule.objects.values_list("name", flat=True))
    for rule in data.RULES:
        if rule["name"] not in existing:
            rule_create(activate=True, **rule)


@dataclass(slots=True)
class _Replay:
    """What the replay remembers between events: the members and the purchases to return."""

    stores: dict[str, Store]
    rules: list[RuleSpec]
    members: dict[int, Member]
    returned: set[str]  # receipts that a later return needs
    purchases: dict[str, Purchase]

    def apply(self, event: MemberPlan | PurchasePlan | ReturnPlan) -> None:
        if isinstance(event, MemberPlan):
            self.join(event)
        elif isinstance(event, PurchasePlan):
            self.purchase(event)
        else:
            self.give_back(event)

    def join(self, event: MemberPlan) -> None:
        if event.number in self.members:  # joined in an interrupted earlier load
            return
        self.members[event.number] = member_join(
            phone=event.phone,
            profile=event.profile,
            store=self.stores[event.store],
            source=SOURCE,
            at=event.joined_at,
        ).member

    def purchase(self, event: PurchasePlan) -> None:
        result = purchase_record(
            source=f"store:{event.store}",
            external_id=event.receipt,
            member=self.members[event.member],
            store=self.stores[event.store],
            lines=list(event.lines),
            total=event.total,
            currency=settings.BASHGAH["CURRENCY"],
            paid_at=event.paid_at,
            actor=SOURCE,
            rules=self.rules,
        )
        if event.receipt in self.returned:
            self.purchases[event.receipt] = result.purchase

    def give_back(self, event: ReturnPlan) -> None:
        purchase_return(
            source=f"store:{event.store}",
            external_id=event.external_id,
            purchase=self.purchases[event.receipt],
            lines=list(event.lines) if event.lines is not None else None,
            returned_at=event.returned_at,
            actor=SOURCE,
        )


def _replay(plan: DemoPlan, *, stores: dict[str, Store], progress: bool) -> dict[int, Member]:
    """Write the plan's events in time order, a chunk per transaction; events already written
    by an interrupted load are recognised (members by phone, the rest by their ids)."""
    by_phone = {
        member.phone: member
        for member in Member.objects.filter(
            phone__in=[person.phone_e164 for person in plan.members]
        )
    }
    replay = _Replay(
        stores=stores,
        rules=active_rule_specs(),
        members={
            person.number: by_phone[person.phone_e164]
            for person in plan.members
            if person.phone_e164 in by_phone
        },
        returned={event.receipt for event in plan.returns},
        purchases={},
    )
    timeline = plan.timeline()
    with _progress_bar(enabled=progress, total=len(timeline)) as advance:
        for start in range(0, len(timeline), CHUNK):
            chunk = timeline[start : start + CHUNK]
            with transaction.atomic():
                for event in chunk:
                    replay.apply(event)
            advance(len(chunk))
    return replay.members


def _adjust(plan: DemoPlan, *, members: dict[int, Member]) -> int:
    """The staff corrections; a deduction never takes more than the member could spend."""
    written = 0
    with transaction.atomic():
        for adjustment in plan.adjustments:
            member = members[adjustment.member]
            points = adjustment.points
            if points < 0:
                available = points_summary(member=member, at=adjustment.at).available
                points = -min(-points, max(available, 0))
            if points:
                points_adjust(
                    member=member,
                    points=points,
                    reason=adjustment.reason,
                    actor=DEMO_USERNAME,
                    at=adjustment.at,
                )
                written += 1
    return written


DEMO_STAFF = (("cashier", "cashier"), ("manager", "manager"), ("analyst", "analyst"))


def _staff_user() -> None:
    """The owner (``admin``, also the Django admin) and one person per other role, all with
    the demo password; the cashier works at the main branch."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=DEMO_USERNAME).exists():
        owner = user_model.objects.create_superuser(
            username=DEMO_USERNAME, email="admin@example.com", password=DEMO_PASSWORD
        )
        StaffProfile.objects.create(user=owner, role=StaffProfile.Role.OWNER)
    main = Store.objects.filter(code=data.MAIN_STORE).first()
    for username, role in DEMO_STAFF:
        if not user_model.objects.filter(username=username).exists():
            staff_create(
                username=username, password=DEMO_PASSWORD, role=role, stores=[main] if main else []
            )


@contextmanager
def _progress_bar(*, enabled: bool, total: int) -> Iterator[Callable[[int], None]]:
    if not enabled:
        yield lambda _count: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as bar:
        task = bar.add_task("Demo club: members, purchases, returns", total=total)
        yield lambda count: bar.advance(task, count)
