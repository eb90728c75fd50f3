"""One batch of the import: the purchases of a few hundred members, recorded in one database
transaction exactly as ``purchase_record`` would record them one by one (see ``state`` for what
is kept in memory, ``writing`` for the rows). The members' ledger accounts stay locked for the
whole batch, so a live purchase, return or redemption of one of them waits for the batch
instead of interleaving.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from bashgah.core.calendars import club_zone
from bashgah.ledger.bulk import LockedAccounts, ids_reserve, member_accounts_lock_many
from bashgah.members.models import Member
from bashgah.members.services import MemberHasLeft
from bashgah.purchases.imports.planning import PlannedPurchase, chunks
from bashgah.purchases.imports.state import ImportSetup, states_load
from bashgah.purchases.imports.summary import RowError
from bashgah.purchases.imports.writing import Recorded, ledger_post, purchases_write, stats_add
from bashgah.purchases.models import Purchase
from bashgah.purchases.services.earning import PurchaseIdReused, purchase_earning
from bashgah.purchases.services.settlement import cashback_for
from bashgah.tiers.services import tier_reevaluate


@dataclass(slots=True)
class BatchOutcome:
    imported: int = 0
    skipped: int = 0
    points: int = 0
    purchases_rejected: int = 0
    rows_rejected: int = 0
    errors: list[RowError] = field(default_factory=list)

    def reject(self, purchase: PlannedPurchase, message: str) -> None:
        self.purchases_rejected += 1
        self.rows_rejected += len(purchase.line_numbers)
        self.errors.extend(
            RowError(line=line, message=message, external_id=purchase.external_id)
            for line in purchase.line_numbers
        )

    def add(self, other: BatchOutcome) -> None:
        self.imported += other.imported
        self.skipped += other.skipped
        self.points += other.points
        self.purchases_rejected += other.purchases_rejected
        self.rows_rejected += other.rows_rejected
        self.errors += other.errors


def _existing(source: str, purchases: list[PlannedPurchase]) -> dict[str, str]:
    """Payload hashes of the purchases already recorded under the same ids."""
    found: dict[str, str] = {}
    external_ids = [purchase.external_id for purchase in purchases]
    for chunk in chunks(external_ids):
        found.update(
            Purchase.objects.filter(source=source, external_id__in=chunk).values_list(
                "external_id", "payload_hash"
            )
        )
    return found


def batch_import(
    *, purchases: dict[int, list[PlannedPurchase]], setup: ImportSetup
) -> BatchOutcome:
    """Record the purchases of these members (each member's in paid_at order) in one
    transaction. Purchases already recorded under the same id are skipped; a different purchase
    under an id already used, or a member who has left, is rejected."""
    with transaction.atomic():
        outcome = BatchOutcome()
        accounts = member_accounts_lock_many(member_ids=purchases)
        members = Member.objects.in_bulk(list(purchases))
        existing = _existing(setup.source, [p for group in purchases.values() for p in group])
        todo: dict[int, list[PlannedPurchase]] = {}
        digests: dict[str, str] = {}
        for member_id, group in sorted(purchases.items()):
            for purchase in group:
                found = existing.get(purchase.external_id)
                member = members.get(member_id)
                digest = digests[purchase.external_id] = purchase.digest()
                if found == digest:
                    outcome.skipped += 1
                elif found is not None:
                    outcome.reject(purchase, str(PurchaseIdReused.default_message))
                elif member is None or member.status != Member.Status.ACTIVE:
                    outcome.reject(purchase, str(MemberHasLeft.default_message))
                else:
                    todo.setdefault(member_id, []).append(purchase)
        if todo:
            _record(
                todo={pk: todo[pk] for pk in sorted(todo)},
                members={pk: members[pk] for pk in todo},
                digests=digests,
                accounts=accounts,
                setup=setup,
                outcome=outcome,
            )
        return outcome


def _record(
    *,
    todo: dict[int, list[PlannedPurchase]],
    members: dict[int, Member],
    digests: dict[str, str],
    accounts: dict[int, LockedAccounts],
    setup: ImportSetup,
    outcome: BatchOutcome,
) -> None:
    states = states_load(members, todo, setup)
    zone = club_zone()
    purchase_ids = iter(ids_reserve(Purchase, sum(len(group) for group in todo.values())))
    recorded: list[Recorded] = []
    for member_id, group in todo.items():
        state = states[member_id]
        for purchase in group:
            local_time = purchase.paid_at.astimezone(zone)
            earning = purchase_earning(
                lines=purchase.lines,
                local_time=local_time,
                facts=state.facts_for(local_time.date(), setup),
                currency=purchase.currency,
                rules=setup.rules,
            )
            # the tier the member has when they pay gives the cashback (settle_purchase)
            cashback = cashback_for(net=purchase.total, tier=state.tier)
            state.record(purchase, earning, setup)
            recorded.append(Recorded(purchase, next(purchase_ids), earning, cashback))
    ledger_post(recorded, accounts, setup.actor)
    purchases_write(recorded, digests, setup.source, timezone.now())
    stats_add(todo)
    for state in states.values():
        for at in state.reevaluate_at:  # as live: at the purchase that changes the tier
            tier_reevaluate(member=state.member, at=at)
    outcome.imported += len(recorded)
    outcome.points += sum(item.earning.points for item in recorded)


def batches(
    by_member: dict[int, list[PlannedPurchase]], size: int
) -> Iterable[dict[int, list[PlannedPurchase]]]:
    """Members in id order, whole: about ``size`` purchases a batch, so a member's purchases are
    never split and a crash loses at most the batch in progress."""
    batch: dict[int, list[PlannedPurchase]] = {}
    count = 0
    for member_id in sorted(by_member):
        batch[member_id] = by_member[member_id]
        count += len(by_member[member_id])
        if count >= size:
            yield batch
            batch, count = {}, 0
    if batch:
        yield batch


__all__ = ["BatchOutcome", "ImportSetup", "batch_import", "batches"]
