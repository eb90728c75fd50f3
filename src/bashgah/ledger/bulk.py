"""Ledger writes in bulk, for imports: the same balanced transactions, lots and entries as
``ledger.services.points_credit``, written thousands at a time.

On PostgreSQL rows go in through ``COPY`` (psycopg 3) with ids reserved from the tables'
sequences beforehand, so rows can name each other before they are written; on SQLite through
``bulk_create`` with ids reserved from ``sqlite_sequence``. The database guards are the same as
for single writes: the deferred zero-sum trigger and the balance check constraints.

Everything here expects to run inside ``transaction.atomic`` with the members' accounts locked
by ``member_accounts_lock_many`` for the whole transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.db.models import Count, F

from bashgah.ledger.lock_objects import member_accounts_create, member_money_lock
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.ledger.services import Reference, system_account_id
from bashgah.members.models import Member

SQLITE_INSERT_BATCH = 500


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(str(model._meta.db_table))


def ids_reserve(model: type[models.Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys of ``model``'s table; no other writer will be given them.

    PostgreSQL: ``nextval`` of the table's sequence (the ids may have gaps when others insert at
    the same time). SQLite: the writer holds the database lock for its whole transaction, so
    moving ``sqlite_sequence`` forward reserves the range; AUTOINCREMENT never hands it out again.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [_table(model), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = _table(model)
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {quoted}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0)
        if row:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count]
            )
        return list(range(start + 1, start + count + 1))


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field[Any, Any]]:
    """The model fields named by ``fields`` (attribute names such as ``member_id``). Refuses a row
    shape that leaves out a column the table needs: model defaults are applied by Django when it
    builds an object, never by the table itself, so COPY would write NULL."""
    by_name = {column.attname: column for column in model._meta.concrete_fields}
    missing = [
        name
        for name, column in by_name.items()
        if name not in fields and not column.null and not column.primary_key
    ]
    if missing:
        raise ValueError(f"{model.__name__}: give {', '.join(missing)}")
    return [by_name[name] for name in fields]


def rows_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in the order of ``fields``, attribute names such as
    ``member_id``) into ``model``'s table; JSON columns take Python values. Returns the count."""
    columns = _columns(model, fields)
    json_indexes = [i for i, column in enumerate(columns) if isinstance(column, models.JSONField)]
    count = 0
    if _is_postgres():
        names = ", ".join(connection.ops.quote_name(str(column.column)) for column in columns)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        with (
            connection.wrap_database_errors,  # as Django's own errors: IntegrityError …
            raw.cursor() as cursor,
            cursor.copy(f"COPY {_table(model)} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                if json_indexes:
                    row = list(row)
                    for index in json_indexes:
                        row[index] = dumps(row[index])
                copy.write_row(row)
                count += 1
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= SQLITE_INSERT_BATCH:
            model._default_manager.bulk_create(batch)
            count += len(batch)
            batch = []
    model._default_manager.bulk_create(batch)
    return count + len(batch)


def balances_add(deltas: dict[int, int]) -> None:
    """Move cached account balances by ``deltas`` (account id -> change), in one statement on
    PostgreSQL. The balance sign checks apply as for any update."""
    changes = {account_id: delta for account_id, delta in deltas.items() if delta}
    if not changes:
        return
    if _is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_table(Account)} AS a SET balance = a.balance + v.delta "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, delta) WHERE a.id = v.id",
                [list(changes), list(changes.values())],
            )
        return
    for account_id, delta in sorted(changes.items()):
        Account.objects.filter(pk=account_id).update(balance=F("balance") + delta)


def tables_analyze(tables: Iterable[type[models.Model]], *, if_never: bool = False) -> None:
    """Refresh PostgreSQL's planner statistics of ``tables`` (all, or with ``if_never`` only
    those never analyzed), as its manual advises after bulk loading. Without statistics the
    plans cached for foreign-key checks and the ledger's balance trigger can scan whole tables
    for every row written. A no-op elsewhere."""
    if not _is_postgres():
        return
    names = [str(model._meta.db_table) for model in tables]
    with connection.cursor() as cursor:
        if if_never:
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
                "AND last_analyze IS NULL AND last_autoanalyze IS NULL",
                [names],
            )
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")


def table_rows_estimate(model: type[models.Model]) -> int:
    """PostgreSQL's estimate of the rows in ``model``'s table (0 if unknown or elsewhere)."""
    if not _is_postgres():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [_table(model)])
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0


@dataclass(slots=True)
class LockedAccounts:
    """A member's ledger accounts, locked for the caller's transaction. ``credits_post`` keeps
    the balances current in memory as it plans each credit. The wallet accounts are None until
    the member's first wallet credit creates them (see ``wallet_accounts_ensure``)."""

    member_id: int
    points_id: int
    points_balance: int
    debt_id: int
    debt_balance: int  # <= 0: minus the points the member owes
    wallet_id: int | None = None
    wallet_balance: int = 0
    wallet_debt_id: int | None = None
    wallet_debt_balance: int = 0  # <= 0: minus the money the member owes


def member_accounts_lock_many(*, member_ids: Iterable[int]) -> dict[int, LockedAccounts]:
    """Lock every ledger account of many members at once, in primary-key order (the order every
    single-member writer locks in, so a batch and a live purchase queue instead of
    deadlocking). Points accounts missing for a member are created first, as for one member."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    complete = set(
        Account.objects.filter(
            member_id__in=ids, kind__in=[Account.Kind.MEMBER_POINTS, Account.Kind.MEMBER_DEBT]
        )
        .values("member_id")
        .annotate(kinds=Count("pk"))
        .filter(kinds=2)
        .values_list("member_id", flat=True)
    )
    for member_id in ids:
        if member_id not in complete:
            member_accounts_create(member=Member(pk=member_id))
    rows = (
        Account.objects.select_for_update()
        .filter(member_id__in=ids)
        .order_by("pk")
        .values_list("pk", "member_id", "kind", "balance")
    )
    found: dict[int, dict[str, tuple[int, int]]] = {}
    for pk, member_id, kind, balance in rows:
        found.setdefault(member_id, {})[kind] = (pk, balance)
    locked = {}
    for member_id, by_kind in found.items():
        points_id, points_balance = by_kind[Account.Kind.MEMBER_POINTS]
        debt_id, debt_balance = by_kind[Account.Kind.MEMBER_DEBT]
        accounts = LockedAccounts(member_id, points_id, points_balance, debt_id, debt_balance)
        if Account.Kind.MEMBER_WALLET in by_kind and Account.Kind.WALLET_DEBT in by_kind:
            accounts.wallet_id, accounts.wallet_balance = by_kind[Account.Kind.MEMBER_WALLET]
            accounts.wallet_debt_id, accounts.wallet_debt_balance = by_kind[
                Account.Kind.WALLET_DEBT
            ]
        locked[member_id] = accounts
    return locked


def wallet_accounts_ensure(accounts: LockedAccounts) -> None:
    """Create (and lock) the member's wallet accounts on their first wallet credit, as
    ``wallet_credit`` does; the member's other accounts are already locked."""
    if accounts.wallet_id is not None:
        return
    wallet, debt = member_money_lock(member=Member(pk=accounts.member_id))
    accounts.wallet_id, accounts.wallet_balance = wallet.pk, wallet.balance
    accounts.wallet_debt_id, accounts.wallet_debt_balance = debt.pk, debt.balance


@dataclass(frozen=True, slots=True)
class BulkCredit:
    """One ``points_credit`` (or, with ``wallet``, one ``wallet_credit``) to make: the same
    arguments, for a member whose accounts the caller has locked. ``amount`` is points, or
    minor units of money for the wallet."""

    member_id: int
    amount: int
    kind: str
    explanation: list[dict[str, Any]]
    at: dt.datetime
    wallet: bool = False
    reference: Reference = field(default_factory=Reference)
    available_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None  # points only: money in the wallet does not expire
    actor: str = ""
    reason: str = ""
    source: str = ""  # the system account it comes from: "issued" / "wallet_cashback" if empty


# fmt: off
TRANSACTION_FIELDS = (
    "id", "kind", "member_id", "points", "debt", "explanation", "reason", "reference_type",
    "reference_id", "reverses_id", "actor", "created_at",
)
LOT_FIELDS = (
    "id", "account_id", "origin_id", "points", "remaining", "available_at", "expires_at",
)
# fmt: on
ENTRY_FIELDS = ("transaction_id", "account_id", "amount", "lot_id")


@dataclass(slots=True)
class _Plan:
    credit: BulkCredit
    settled: int  # debt paid off first
    credited: int  # what becomes a lot
    owner_id: int  # the points or wallet account
    debt_id: int
    source_id: int


def _plan(credit: BulkCredit, locked: LockedAccounts) -> _Plan:
    """Settle the debt first, as the single-credit services do, and move the balances on."""
    if not isinstance(credit.amount, int) or credit.amount <= 0:
        raise ValueError(f"a credit must be a positive whole number, not {credit.amount!r}")
    if credit.wallet:
        wallet_accounts_ensure(locked)
        assert locked.wallet_id is not None and locked.wallet_debt_id is not None
        settled = min(credit.amount, -locked.wallet_debt_balance)
        locked.wallet_debt_balance += settled
        locked.wallet_balance += credit.amount - settled
        owner_id, debt_id = locked.wallet_id, locked.wallet_debt_id
    else:
        settled = min(credit.amount, -locked.debt_balance)
        locked.debt_balance += settled
        locked.points_balance += credit.amount - settled
        owner_id, debt_id = locked.points_id, locked.debt_id
    source = credit.source or ("wallet_cashback" if credit.wallet else "issued")
    return _Plan(credit, settled, credit.amount - settled, owner_id, debt_id,
                 system_account_id(source))  # fmt: skip


def _settled_note(plan: _Plan) -> dict[str, Any]:
    if plan.credit.wallet:
        return {"code": "wallet_debt_settled", "points": 0, "params": {"amount": plan.settled}}
    return {"code": "debt_settled", "points": -plan.settled, "params": {"debt": plan.settled}}


def credits_post(
    *, credits: Sequence[BulkCredit], accounts: dict[int, LockedAccounts]
) -> list[int]:
    """Post ``credits`` in order, each as ``points_credit`` (or ``wallet_credit``) would: a debt
    the member owes is settled first and the explanation says so, the rest becomes a lot with
    its pending and expiry dates. ``accounts`` are the members' locked accounts, as
    ``member_accounts_lock_many`` returned them; their balances move on in memory as credits are
    planned, so a member's later credits see the earlier ones. Returns each transaction's id."""
    plans = [_plan(credit, accounts[credit.member_id]) for credit in credits]
    transaction_ids = ids_reserve(Transaction, len(plans))
    lot_ids = iter(ids_reserve(Lot, sum(1 for plan in plans if plan.credited)))
    transactions: list[tuple[Any, ...]] = []
    lots: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    deltas: dict[int, int] = {}
    for plan, tx_id in zip(plans, transaction_ids, strict=True):
        credit = plan.credit
        explanation = (
            [*credit.explanation, _settled_note(plan)] if plan.settled else credit.explanation
        )
        points, debt = (0, 0) if credit.wallet else (plan.credited, plan.settled)
        transactions.append((
            tx_id, credit.kind, credit.member_id, points, debt, explanation, credit.reason,
            credit.reference.type, credit.reference.id, None, credit.actor, credit.at,
        ))  # fmt: skip
        entries.append((tx_id, plan.source_id, -credit.amount, None))
        if plan.settled:
            entries.append((tx_id, plan.debt_id, plan.settled, None))
            deltas[plan.debt_id] = deltas.get(plan.debt_id, 0) + plan.settled
        if plan.credited:
            lot_id = next(lot_ids)
            lots.append((
                lot_id, plan.owner_id, tx_id, plan.credited, plan.credited,
                max(credit.available_at or credit.at, credit.at),
                None if credit.wallet else credit.expires_at,
            ))  # fmt: skip
            entries.append((tx_id, plan.owner_id, plan.credited, lot_id))
            deltas[plan.owner_id] = deltas.get(plan.owner_id, 0) + plan.credited
    rows_insert(Transaction, TRANSACTION_FIELDS, transactions)
    rows_insert(Lot, LOT_FIELDS, lots)
    rows_insert(Entry, ENTRY_FIELDS, entries)
    balances_add(deltas)
    return transaction_ids
