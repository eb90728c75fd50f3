"""``import_purchases_csv``: the bulk import behind ``bashgah import-purchases``."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import IntegrityError, connection, connections
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from bashgah.core.errors import ValidationFailed
from bashgah.events.models import OutboxEvent
from bashgah.ledger.bulk import table_rows_estimate, tables_analyze
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.members.models import MemberStats
from bashgah.purchases.imports.batches import BatchOutcome, ImportSetup, batch_import, batches
from bashgah.purchases.imports.planning import Plan, PlannedPurchase, plan_purchases
from bashgah.purchases.imports.reading import read_purchases_csv
from bashgah.purchases.imports.summary import ImportSummary
from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseLine, PurchaseSettlement
from bashgah.rules.models import BirthdayBonus
from bashgah.tiers.models import MemberTier, QualifyingActivity, TierChange

DEFAULT_BATCH_SIZE = 5_000  # purchases per database transaction
MAX_WORKERS = 4

Batch = dict[int, list[PlannedPurchase]]


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )
    with progress:
        yield progress


def _import_batch(batch: Batch, setup: ImportSetup) -> BatchOutcome:
    """One batch; if another writer recorded one of its purchase ids meanwhile (the unique
    constraint refuses the whole batch), try again once: that purchase is then skipped."""
    try:
        return batch_import(purchases=batch, setup=setup)
    except IntegrityError:
        return batch_import(purchases=batch, setup=setup)


def default_workers() -> int:
    """Processes to import with: one per CPU (at most four) on PostgreSQL. One on SQLite (a
    single writer) and inside a caller's transaction, whose rows other connections cannot see
    and whose fate the import must share."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


# What a batch writes or reads by index; their statistics keep the plans sound as they grow.
TABLES = (
    Purchase, PurchaseLine, PurchaseAward, PurchaseSettlement, Transaction, Entry, Lot, Account,
    QualifyingActivity, OutboxEvent, BirthdayBonus, MemberStats, MemberTier, TierChange,
)  # fmt: skip
ANALYZE_EVERY_AT_LEAST = 20_000  # purchases


class _Statistics:
    """Planner statistics for the tables the import fills, refreshed as autovacuum would (if it
    runs at all): first for tables never analyzed, then each time the import has written as
    many purchases as the table had at the last refresh."""

    def __init__(self) -> None:
        tables_analyze(TABLES, if_never=True)
        self.since = 0
        self.due = max(ANALYZE_EVERY_AT_LEAST, table_rows_estimate(Purchase))

    def imported(self, count: int) -> None:
        self.since += count
        if self.since >= self.due:
            tables_analyze(TABLES)
            self.since = 0
            self.due = max(ANALYZE_EVERY_AT_LEAST, table_rows_estimate(Purchase))


# Set before the worker processes fork, so they inherit the plan instead of receiving it.
_shared: tuple[list[Batch], ImportSetup] | None = None


def _worker_start() -> None:
    """A worker never uses (nor closes) a connection its parent had open: it opens its own."""
    for wrapper in connections.all(initialized_only=True):
        wrapper.connection = None


def _work(index: int) -> tuple[int, BatchOutcome]:
    assert _shared is not None
    work, setup = _shared
    return sum(len(group) for group in work[index].values()), _import_batch(work[index], setup)


def _run(work: list[Batch], setup: ImportSetup, workers: int) -> Iterator[tuple[int, BatchOutcome]]:
    """Each batch's size and outcome, as batches finish. With several workers, each is a forked
    process with its own database connection; batches hold disjoint members, so they never
    wait for each other's locks."""
    global _shared
    if workers <= 1 or len(work) <= 1:
        for batch in work:
            yield sum(len(group) for group in batch.values()), _import_batch(batch, setup)
        return
    connections.close_all()  # a forked process must not share its parent's connection
    _shared = (work, setup)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(work)), initializer=_worker_start) as pool:
            yield from pool.imap_unordered(_work, range(len(work)))
    finally:
        _shared = None


def import_purchases_csv(
    path: Path,
    *,
    source: str = "csv",
    progress: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
) -> ImportSummary:
    """Import the purchases in a CSV file (format: docs/csv-import.md) with the same accounting
    as ``purchase_record``: each member's purchases in paid_at order, a batch of members per
    database transaction. A re-run skips what is already recorded under ``source``; bad rows
    are reported by line number and the rest is imported. ``workers``: see
    ``default_workers``; a crash loses at most the batches in progress, one per worker."""
    if not source.strip() or len(source) > 64:
        raise ValidationFailed(details={"source": _("Give a source of at most 64 characters.")})
    if batch_size < 1:
        raise ValidationFailed(details={"batch_size": _("The batch size must be at least 1.")})
    started = time.monotonic()
    workers = default_workers() if workers is None else workers
    with _progress(progress) as bar:
        size = path.stat().st_size if path.is_file() else 0
        reading_task = bar.add_task(_("Reading"), total=size or None)
        reading, file_error = read_purchases_csv(
            path, on_progress=lambda done: bar.update(reading_task, completed=done)
        )
        rows_read = reading.rows_read
        plan = plan_purchases(reading) if file_error is None else Plan(by_member={}, count=0)
        if file_error is not None:
            plan.errors.append(file_error)
        del reading  # the plan holds what is still needed
        setup = ImportSetup.load(source=source, actor=f"import:{source}"[:120])
        import_task = bar.add_task(_("Importing"), total=plan.count)
        outcome = BatchOutcome()
        statistics = _Statistics()
        for count, done in _run(list(batches(plan.by_member, batch_size)), setup, workers):
            outcome.add(done)
            bar.advance(import_task, count)
            statistics.imported(done.imported)
    elapsed = time.monotonic() - started
    return ImportSummary(
        file=str(path),
        source=source,
        rows_read=rows_read,
        purchases_imported=outcome.imported,
        purchases_skipped=outcome.skipped,
        purchases_rejected=plan.purchases_rejected + outcome.purchases_rejected,
        rows_rejected=plan.rows_rejected + outcome.rows_rejected,
        points_awarded=outcome.points,
        elapsed_seconds=elapsed,
        rows_per_second=rows_read / elapsed if elapsed > 0 else 0.0,
        errors=sorted([*plan.errors, *outcome.errors], key=lambda error: error.line),
    )
