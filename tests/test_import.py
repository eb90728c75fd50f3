"""``bashgah import-purchases``: a CSV import records exactly what ``purchase_record`` would,
once, reporting bad rows by line number and importing the rest."""

from __future__ import annotations

import csv
import datetime as dt
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import jdatetime
import pytest
from django.db import connections
from django.utils import timezone, translation

from bashgah.cli import main as cli_main
from bashgah.core.calendars import club_zone
from bashgah.core.digits import to_persian_digits
from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Account, Entry, Lot, Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_debit
from bashgah.members.models import Member, MemberStats
from bashgah.members.services import ProfileInput
from bashgah.purchases.imports import ImportSummary, RowError, import_purchases_csv
from bashgah.purchases.models import Purchase, PurchaseAward, PurchaseLine, PurchaseSettlement
from bashgah.purchases.services import LineInput, member_join, purchase_record, purchase_return
from bashgah.rules.models import BirthdayBonus
from bashgah.rules.services import rule_create
from bashgah.stores.models import Store
from bashgah.tiers.models import MemberTier, QualifyingActivity, Tier, TierChange
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db
HEADER = ["external_id", "member", "store", "paid_at", "sku", "category", "quantity", "unit_price"]
NOW = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def write_csv(path: Path, rows: list[list[Any]], *, header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def club_rules(base_rule: Any) -> list[Any]:
    """A club with a bit of everything the evaluator knows, so the comparison means something."""
    specs: list[dict[str, Any]] = [
        {
            "name": "dairy x2",
            "type": "category_multiplier",
            "priority": 9,
            "params": {"categories": ["dairy"], "multiplier": "2"},
            "daily_cap": 150,
        },
        {
            "name": "tv bonus",
            "type": "product_bonus",
            "priority": 8,
            "params": {"skus": ["tv"], "points_per_unit": 40},
        },
        {
            "name": "big basket",
            "type": "minimum_basket",
            "priority": 7,
            "params": {"minimum_amount": 3_000_000, "points": 25},
        },
        {
            "name": "every 3rd",
            "type": "nth_visit",
            "priority": 6,
            "params": {"every": 3, "points": 15},
        },
        {"name": "welcome", "type": "first_purchase", "priority": 5, "params": {"points": 30}},
        {
            "name": "birthday",
            "type": "birthday",
            "priority": 4,
            "params": {"points": 100, "window": "month"},
        },
        {
            "name": "silver extra",
            "type": "tier_multiplier",
            "priority": 3,
            "params": {"multipliers": {"silver": "1.5", "gold": "2"}},
        },
        {
            "name": "mornings",
            "type": "time_window",
            "priority": 2,
            "params": {"multiplier": "1.5", "hour_from": 8, "hour_to": 11},
        },
        {"name": "cap", "type": "earning_cap", "params": {"per_day": 700, "per_month": 5_000}},
    ]
    return [base_rule] + [
        rule_create(labels={"en": spec["name"], "fa": spec["name"]}, activate=True, **spec)
        for spec in specs
    ]


@dataclass
class Buy:
    external_id: str
    paid_at: dt.datetime
    lines: list[tuple[str, str, int, int]]  # sku, category, quantity, unit price


def _history(rng: random.Random, prefix: str, count: int) -> list[Buy]:
    """Purchases over the last 40 days: several on one day (caps), mornings (time window), big
    ones (tier upgrades mid-history), multi-line baskets."""
    catalogue = [
        ("milk", "dairy", 90_000),
        ("cheese", "dairy", 350_000),
        ("bread", "bakery", 60_000),
        ("tv", "electronics", 4_000_000),
        ("cable", "electronics", 150_000),
    ]
    buys = []
    for number in range(count):
        day = NOW - dt.timedelta(days=rng.choice([40, 30, 30, 30, 20, 12, 5, 5, 1]))
        paid_at = day.astimezone(club_zone()).replace(
            hour=rng.choice([9, 10, 15, 20]), minute=rng.randrange(60), second=number
        )
        lines = []
        for _line in range(rng.randint(1, 4)):
            sku, category, price = rng.choice(catalogue)
            lines.append((sku, category, rng.randint(1, 3), price))
        buys.append(Buy(f"{prefix}-{number}", min(paid_at, NOW), lines))
    return buys


def _birth_date_this_month(years: int) -> dt.date:
    today = jdatetime.date.fromgregorian(date=(NOW - dt.timedelta(days=5)).date())
    return jdatetime.date(today.year - years, today.month, min(today.day, 29)).togregorian()


def _join_with_debt(phone: str, store: Store, debt: int) -> Member:
    """A member who spent points that a return then took back: they owe ``debt`` points."""
    member = member_join(phone=phone).member
    purchase = purchase_record(
        source=f"setup-{phone}",
        external_id="debt",
        member=member,
        store=store,
        lines=[LineInput(sku="x", category="x", quantity=1, unit_price=debt * 10_000)],
        total=debt * 10_000,
        currency="IRR",
        paid_at=NOW - dt.timedelta(days=60),
    ).purchase
    points_debit(member=member, points=debt, kind=Transaction.Kind.REDEEM)
    purchase_return(source=f"setup-{phone}", external_id="return", purchase=purchase)
    assert points_summary(member=member).debt == debt
    return member


def _twins(store: Store) -> list[tuple[Member, Member, str]]:
    """Pairs of members alike in everything that earns points: one for the import (with the
    reference the file uses for them), one for purchase_record."""
    pairs = []
    for index, profile in enumerate(
        [
            ProfileInput(),
            ProfileInput(birth_date=_birth_date_this_month(30)),
            ProfileInput(birth_date=dt.date(1990, 1, 1)),
            ProfileInput(),
            None,  # owes points
        ]
    ):
        phones = (f"0912555{index:04d}", f"0912666{index:04d}")
        if profile is None:
            imported, live = (_join_with_debt(phone, store, 40) for phone in phones)
        else:
            imported, live = (member_join(phone=phone, profile=profile).member for phone in phones)
        reference = [
            phones[0],
            to_persian_digits(phones[0]),
            imported.card_number,
            str(imported.pk),
            phones[0][1:],
        ][index]
        pairs.append((imported, live, reference))
    return pairs


def _csv_rows(buys: dict[str, list[Buy]], store: Store, rng: random.Random) -> list[list[Any]]:
    """The lines of all purchases, shuffled: a purchase's lines are rarely next to each other,
    and the file is in no particular time order. A purchase's lines are numbered in the order
    the file gives them, so each Buy takes that order too."""
    rows: list[list[Any]] = []
    by_id: dict[str, Buy] = {}
    for reference, member_buys in buys.items():
        for buy in member_buys:
            by_id[buy.external_id] = buy
            for sku, category, quantity, price in buy.lines:
                rows.append(
                    [
                        buy.external_id,
                        reference,
                        store.code,
                        buy.paid_at.isoformat(),
                        sku,
                        category,
                        quantity,
                        price,
                    ]
                )
    rng.shuffle(rows)
    for buy in by_id.values():
        buy.lines = []
    for row in rows:
        external_id, _member, _store, _at, sku, category, quantity, price = row
        by_id[external_id].lines.append((sku, category, quantity, price))
    return rows


def _record_live(member: Member, store: Store, buys: list[Buy]) -> None:
    for buy in sorted(buys, key=lambda b: b.paid_at):
        lines = [LineInput(sku=s, category=c, quantity=q, unit_price=p) for s, c, q, p in buy.lines]
        purchase_record(
            source="live",
            external_id=buy.external_id,
            member=member,
            store=store,
            lines=lines,
            total=sum(line.quantity * line.unit_price for line in lines),
            currency="IRR",
            paid_at=buy.paid_at,
        )


def picture(member: Member) -> dict[str, Any]:
    """Everything the earn loop leaves behind for a member, without ids that must differ."""
    purchases = list(Purchase.objects.filter(member=member).order_by("paid_at", "external_id"))
    accounts = dict(Account.objects.filter(member=member).values_list("kind", "balance"))
    earns = Transaction.objects.filter(member=member, kind=Transaction.Kind.EARN)
    stats = MemberStats.objects.get(member=member)
    events = OutboxEvent.objects.filter(
        topic__in=["purchase.recorded", "points.earned", "tier.changed"],
        payload__member_id=member.pk,
    )
    return {
        "balances": accounts,
        "tier": MemberTier.objects.get(member=member).tier.code,
        "purchases": [
            (
                p.external_id,
                p.total,
                p.points,
                p.paid_at,
                p.payload_hash != "",
                p.earn_transaction is not None,
                [
                    (ln.number, ln.sku, ln.quantity, ln.unit_price, ln.points)
                    for ln in PurchaseLine.objects.filter(purchase=p).order_by("number")
                ],
                [
                    (a.code, a.rule_id, a.points, a.line_points, a.params, a.local_date)
                    for a in PurchaseAward.objects.filter(purchase=p).order_by("pk")
                ],
            )
            for p in purchases
        ],
        "settlements": [
            (
                s.purchase.external_id,
                s.cashback,
                s.points_paid,
                s.line_discounts,
                s.line_points_paid,
                s.cashback_transaction is not None,
            )
            for s in PurchaseSettlement.objects.filter(purchase__member=member).order_by(
                "purchase__paid_at", "purchase__external_id"
            )
        ],
        "wallet transactions": [
            (tx.kind, tx.points, tx.explanation, tx.created_at, tx.reference_type)
            for tx in Transaction.objects.filter(
                member=member, kind=Transaction.Kind.CASHBACK
            ).order_by("created_at", "pk")
        ],
        "wallet lots": list(
            Lot.objects.filter(account__member=member, account__kind=Account.Kind.MEMBER_WALLET)
            .order_by("origin__created_at", "pk")
            .values_list("points", "remaining", "available_at", "expires_at")
        ),
        "tier changes": [  # joining is dated when the twins joined, microseconds apart
            (old, new, reason, None if reason == "join" else at)
            for old, new, reason, at in TierChange.objects.filter(member=member)
            .order_by("changed_at", "pk")
            .values_list("from_tier__code", "to_tier__code", "reason", "changed_at")
        ],
        "earn transactions": [
            (tx.points, tx.debt, tx.explanation, tx.created_at, tx.reference_type)
            for tx in earns.order_by("created_at", "pk")
        ],
        "lots": list(
            Lot.objects.filter(account__member=member, origin__kind=Transaction.Kind.EARN)
            .order_by("origin__created_at", "pk")
            .values_list("points", "remaining", "available_at", "expires_at")
        ),
        "entries": sorted(
            Entry.objects.filter(transaction__member=member, transaction__kind="earn")
            .values_list("account__kind", "account__code", "amount")
            .order_by()
        ),
        "stats": (
            stats.purchase_count,
            stats.total_spend,
            stats.first_purchase_at,
            stats.last_purchase_at,
        ),
        "birthdays": sorted(BirthdayBonus.objects.filter(member=member).values_list("year")),
        "qualifying": sorted(
            QualifyingActivity.objects.filter(member=member).values_list(
                "spend", "points", "occurred_at"
            )
        ),
        "events": sorted(
            (
                e.topic,
                tuple(
                    sorted(
                        (k, v)
                        for k, v in e.payload.items()
                        if k not in {"member_id", "purchase_id"}
                    )
                ),
            )
            for e in events
        ),
    }


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Compare two pictures; accounts are named after the member, entries by kind."""
    a, b = dict(a), dict(b)
    a["entries"] = sorted((kind, code.split(":")[0], n) for kind, code, n in a["entries"])
    b["entries"] = sorted((kind, code.split(":")[0], n) for kind, code, n in b["entries"])
    for key in a:
        assert a[key] == b[key], key


def test_import_records_exactly_what_purchase_record_would(
    tmp_path: Path, store: Store, club_rules: list[Any], tiers: list[Tier]
) -> None:
    _compare_with_purchase_record(tmp_path, store, workers=None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_record_the_same(
    tmp_path: Path, store: Store, club_rules: list[Any], tiers: list[Tier]
) -> None:
    _compare_with_purchase_record(tmp_path, store, workers=2)


def _compare_with_purchase_record(tmp_path: Path, store: Store, workers: int | None) -> None:
    rng = random.Random(20)
    pairs = _twins(store)
    histories = [_history(rng, f"P{index}", 12) for index in range(len(pairs))]
    path = write_csv(
        tmp_path / "purchases.csv",
        _csv_rows(
            {reference: buys for (_i, _l, reference), buys in zip(pairs, histories, strict=True)},
            store,
            rng,
        ),
    )

    # several batches (members are never split), on one connection or several
    summary = import_purchases_csv(path, batch_size=2, workers=workers)
    for (_imported, live, _reference), buys in zip(pairs, histories, strict=True):
        _record_live(live, store, buys)

    assert summary.errors == []
    assert summary.purchases_imported == sum(len(buys) for buys in histories)
    assert summary.rows_read == sum(len(b.lines) for buys in histories for b in buys)
    assert summary.points_awarded == sum(p.points for p in Purchase.objects.filter(source="csv"))
    for imported, live, _reference in pairs:
        _same(picture(imported), picture(live))
    awarded = Counter(
        PurchaseAward.objects.filter(purchase__source="csv").values_list("code", flat=True)
    )
    for code in (
        "base_rate",
        "category_multiplier",
        "product_bonus",
        "minimum_basket",
        "nth_visit",
        "first_purchase",
        "birthday",
        "tier_benefit",
        "tier_multiplier",
        "time_window",
    ):
        assert awarded[code], f"no {code} award: the comparison does not cover it"
    capped = PurchaseAward.objects.filter(purchase__source="csv", params__has_key="capped")
    assert capped.exists(), "no award was capped: the comparison does not cover caps"
    upgrades = TierChange.objects.filter(member__in=[i for i, _l, _r in pairs], reason="upgrade")
    assert upgrades.count() >= 2, "too few upgrades: the comparison does not cover tiers"
    cashback = PurchaseSettlement.objects.filter(purchase__source="csv", cashback__gt=0)
    assert cashback.exists(), "no cashback: the comparison does not cover settlements"
    assert ledger_is_sound()


def test_a_member_owing_points_settles_the_debt_first(
    tmp_path: Path, store: Store, base_rule: Any
) -> None:
    member = _join_with_debt("09121000001", store, 40)
    path = write_csv(
        tmp_path / "p.csv",
        [
            [
                "D1",
                "09121000001",
                store.code,
                (NOW - dt.timedelta(days=1)).isoformat(),
                "tv",
                "e",
                1,
                1_000_000,
            ],
        ],
    )

    summary = import_purchases_csv(path)

    assert summary.points_awarded == 100
    after = points_summary(member=member)
    assert (after.balance, after.debt) == (60, 0)
    tx = Purchase.objects.get(external_id="D1").earn_transaction
    assert tx is not None and (tx.points, tx.debt) == (60, 40)
    assert tx.explanation[-1] == {"code": "debt_settled", "points": -40, "params": {"debt": 40}}
    assert ledger_is_sound()


def _table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Purchase,
            PurchaseLine,
            PurchaseAward,
            Transaction,
            Entry,
            Lot,
            QualifyingActivity,
            OutboxEvent,
            BirthdayBonus,
        )
    }


def test_a_rerun_imports_nothing_twice(
    tmp_path: Path, store: Store, base_rule: Any, make_member: Callable[..., Member]
) -> None:
    member = make_member("09121000002")
    at = (NOW - dt.timedelta(days=2)).isoformat()
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["R1", "09121000002", store.code, at, "milk", "dairy", 2, 450_000],
            ["R2", "09121000002", store.code, at, "bread", "bakery", 1, 300_000],
            ["R1", "09121000002", store.code, at, "bread", "bakery", 1, 300_000],
        ],
    )
    first = import_purchases_csv(path)
    counts, balance = _table_counts(), points_summary(member=member).balance

    again = import_purchases_csv(path)

    assert (first.purchases_imported, first.purchases_skipped) == (2, 0)
    assert (again.purchases_imported, again.purchases_skipped, again.points_awarded) == (0, 2, 0)
    assert again.errors == []
    assert _table_counts() == counts
    assert points_summary(member=member).balance == balance == 150
    assert MemberStats.objects.get(member=member).purchase_count == 2


def test_an_id_already_used_for_another_purchase_is_rejected(
    tmp_path: Path, store: Store, base_rule: Any, make_member: Callable[..., Member]
) -> None:
    make_member("09121000003")
    at = (NOW - dt.timedelta(days=2)).isoformat()
    row = ["X1", "09121000003", store.code, at, "milk", "dairy", 1, 100_000]
    import_purchases_csv(write_csv(tmp_path / "a.csv", [row]))
    changed = write_csv(tmp_path / "b.csv", [[*row[:6], 2, 100000]])

    summary = import_purchases_csv(changed)

    assert summary.errors == [
        RowError(2, "This purchase id was already recorded with different details.", "X1")
    ]
    assert (summary.purchases_imported, summary.purchases_rejected) == (0, 1)
    assert Purchase.objects.get(external_id="X1").total == 100_000


def test_a_purchase_recorded_meanwhile_by_another_writer_is_skipped(
    tmp_path: Path,
    store: Store,
    base_rule: Any,
    make_member: Callable[..., Member],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_member("09121000009")
    at = (NOW - dt.timedelta(days=2)).isoformat()
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["M1", "09121000009", store.code, at, "milk", "dairy", 1, 100_000],
            ["M2", "09121000009", store.code, at, "milk", "dairy", 1, 200_000],
        ],
    )
    import_purchases_csv(
        write_csv(
            tmp_path / "first.csv",
            [["M1", "09121000009", store.code, at, "milk", "dairy", 1, 100_000]],
        )
    )
    from bashgah.purchases.imports import batches

    real = batches._existing
    calls = Counter[str]()

    def blind_once(source: str, purchases: list[Any]) -> dict[str, str]:
        calls["existing"] += 1  # the first look misses M1, as if it were recorded just after
        return {} if calls["existing"] == 1 else real(source, purchases)

    monkeypatch.setattr(batches, "_existing", blind_once)
    summary = import_purchases_csv(path)

    assert calls["existing"] == 2  # the unique constraint refused the batch; the retry skipped
    assert (summary.purchases_imported, summary.purchases_skipped) == (1, 1)
    assert Purchase.objects.filter(external_id="M1").count() == 1
    assert ledger_is_sound()


def test_bad_rows_are_reported_by_line_and_the_rest_is_imported(
    tmp_path: Path, store: Store, base_rule: Any, make_member: Callable[..., Member]
) -> None:
    make_member("09121000004")
    left = make_member("09121000005")
    Member.objects.filter(pk=left.pk).update(status=Member.Status.LEFT)
    phone, code = "09121000004", store.code
    at = (NOW - dt.timedelta(days=1)).isoformat()
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["G1", phone, code, at, "milk", "dairy", 2, 450_000],  # 2
            ["B1", "09120000000", code, at, "milk", "dairy", 1, 100_000],  # 3 unknown member
            ["B2", phone, "nowhere", at, "milk", "dairy", 1, 100_000],  # 4 unknown store
            ["B3", phone, code, at, "milk", "dairy", "two", 100_000],  # 5 bad number
            ["B4", phone, code, future, "milk", "dairy", 1, 100_000],  # 6 in the future
            ["B5", phone, code, at, "milk", "dairy", -2, 100_000],  # 7 negative quantity
            ["G2", phone, code, at, "bread", "bakery", 1, 300_000],  # 8
            ["B6", phone, code, at, "milk", "dairy", 1, 100_000],  # 9 good row of a bad purchase
            ["G2", phone, code, at, "eggs", "dairy", 1, 200_000],  # 10
            ["B6", phone, code, at, "cheese", "dairy", 1, "1.5"],  # 11 bad unit price
            ["", phone, code, at, "milk", "dairy", 1, 100_000],  # 12 no purchase id
            ["B7", phone, code, "yesterday", "milk", "dairy", 1, 100_000],  # 13 bad time
            ["B8", phone, code],  # 14 too few fields
            [],  # 15 blank: ignored
            ["B9", phone, code, at, "", "dairy", 1, 100_000],  # 16 no SKU
            ["B10", "09121000005", code, at, "milk", "dairy", 1, 100_000],  # 17 member left
            [
                "B6",
                "09121000005",
                code,
                at,
                "milk",
                "dairy",
                1,
                100_000,
            ],  # 18 other member, same id
        ],
    )

    summary = import_purchases_csv(path)

    assert [(e.line, e.message) for e in summary.errors] == [
        (3, "No club member matches 09120000000."),
        (4, "There is no store with the code nowhere."),
        (5, "Quantity must be a whole number above zero."),
        (6, "The purchase time is in the future."),
        (7, "Quantity must be a whole number above zero."),
        (11, "Unit price must be a whole number of minor units, zero or more."),
        (12, "Give the purchase id (external_id) on every row."),
        (13, "Give the time in ISO 8601, such as 2025-03-21T14:30:00+03:30."),
        (14, "This row has 3 fields; the header has 8."),
        (16, "Each line needs a SKU (at most 64 characters)."),
        (17, "This member has left the club."),
        (18, "All rows of purchase B6 must have the same member; this row's differs from line 9."),
    ]
    assert (summary.rows_read, summary.purchases_imported, summary.purchases_rejected) == (
        16,
        2,
        10,
    )
    assert summary.rows_rejected == 13  # B6 has three rows; the row without an id counts too
    assert sorted(Purchase.objects.values_list("external_id", flat=True)) == ["G1", "G2"]
    assert Purchase.objects.get(external_id="G2").total == 500_000
    report = summary.report()
    assert "Imported 2 purchases" in report
    assert "  line 3: No club member matches 09120000000." in report
    assert "rejected: 10 purchases, 13 rows" in report
    assert ledger_is_sound()


def test_the_report_lists_the_first_twenty_bad_rows() -> None:
    errors = [RowError(line, "bad") for line in range(2, 40)]
    summary = ImportSummary("f.csv", "csv", 38, 0, 0, 38, 38, 0, 1.0, 38.0, errors)

    report = summary.report()

    assert "Bad rows (20 of 38 shown)" in report
    assert "  line 21: bad" in report and "line 22:" not in report


def test_members_by_persian_digits_card_or_id_and_times_in_club_time(
    tmp_path: Path, store: Store, base_rule: Any, make_member: Callable[..., Member]
) -> None:
    sara = make_member("09121234567")
    reza = make_member("09351234567")
    path = write_csv(
        tmp_path / "p.csv",
        [
            [
                "F1",
                "۰۹۱۲ ۱۲۳ ۴۵۶۷",
                store.code,
                "۲۰۲۵-۰۳-۲۱T۱۰:۰۰:۰۰+۰۳:۳۰",
                "milk",
                "dairy",
                "۲",
                "۴۵۰۰۰۰",
                "",
            ],
            [
                "F2",
                reza.card_number,
                store.code,
                "2025-03-22 10:00",
                "milk",
                "dairy",
                1,
                100_000,
                "",
            ],
            [
                "F3",
                str(reza.pk),
                store.code,
                "2025-03-23T10:00:00Z",
                "milk",
                "dairy",
                1,
                100_000,
                "IRR",
            ],
            [
                "F4",
                "+989351234567",
                store.code,
                "2025-03-24T10:00:00+03:30",
                "milk",
                "dairy",
                1,
                100_000,
                "irr",
            ],
        ],
        header=[*HEADER, "currency"],
    )

    summary = import_purchases_csv(path)

    assert summary.errors == []
    purchases = {p.external_id: p for p in Purchase.objects.all()}
    assert purchases["F1"].member_id == sara.pk and purchases["F1"].total == 900_000
    assert {purchases[k].member_id for k in ("F2", "F3", "F4")} == {reza.pk}
    assert purchases["F2"].paid_at == dt.datetime(2025, 3, 22, 10, tzinfo=club_zone())
    assert purchases["F3"].paid_at == dt.datetime(2025, 3, 23, 10, tzinfo=dt.UTC)
    assert purchases["F4"].currency == "IRR"


def test_a_file_without_the_columns_imports_nothing(tmp_path: Path, store: Store) -> None:
    path = write_csv(tmp_path / "p.csv", [["1", "2"]], header=["id", "member"])

    summary = import_purchases_csv(path)

    assert summary.rows_read == 0 and summary.purchases_imported == 0
    assert [e.line for e in summary.errors] == [1]
    assert "missing: external_id, store, paid_at" in summary.errors[0].message


def test_bytes_that_are_not_utf8_reject_their_row_only(
    tmp_path: Path, store: Store, base_rule: Any, make_member: Callable[..., Member]
) -> None:
    make_member("09121000006")
    at = (NOW - dt.timedelta(days=1)).isoformat()
    path = tmp_path / "p.csv"
    path.write_bytes(
        (",".join(HEADER) + "\n").encode()
        + f"U1,09121000006,{store.code},{at},milk,dairy,1,100000\n".encode()
        + f"U2,09121000006,{store.code},{at},m\xe9lk,dairy,1,100000\n".encode("latin-1")
    )

    summary = import_purchases_csv(path)

    assert [(e.line, e.message) for e in summary.errors] == [
        (3, "This row is not valid UTF-8 text.")
    ]
    assert summary.purchases_imported == 1


def test_the_cli_imports_and_reports(
    tmp_path: Path,
    store: Store,
    base_rule: Any,
    make_member: Callable[..., Member],
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_member("09121000007")
    at = (NOW - dt.timedelta(days=1)).isoformat()
    good = write_csv(
        tmp_path / "good.csv", [["C1", "09121000007", store.code, at, "milk", "dairy", 1, 500_000]]
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        [
            ["C2", "09121000007", store.code, at, "milk", "dairy", 1, 500_000],
            ["C3", "09121000007", store.code, at, "milk", "dairy", "x", 500_000],
        ],
    )

    assert cli_main(["import-purchases", str(good), "--quiet"]) == 0
    assert "Imported 1 purchases" in capsys.readouterr().out
    assert cli_main(["import-purchases", str(good), "--quiet"]) == 0
    assert "already imported, skipped: 1 purchases" in capsys.readouterr().out
    assert cli_main(["import-purchases", str(bad), "--quiet", "--source", "shop"]) == 1
    out = capsys.readouterr().out
    assert "line 3: " in out and "Imported 1 purchases" in out
    assert (
        cli_main(["import-purchases", str(bad), "--quiet", "--source", "shop", "--allow-errors"])
        == 0
    )
    assert Purchase.objects.filter(source="shop").count() == 1
    assert Purchase.objects.filter(source="csv").count() == 1
    assert ledger_is_sound()


@pytest.mark.django_db(transaction=True)
def test_a_crash_loses_one_batch_and_a_rerun_resumes(
    tmp_path: Path, store: Store, base_rule: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = [member_join(phone=f"0912777{i:04d}").member for i in range(6)]
    at = NOW - dt.timedelta(days=3)
    rows = [
        [
            f"K{m}-{n}",
            f"0912777{m:04d}",
            store.code,
            (at + dt.timedelta(hours=n)).isoformat(),
            "milk",
            "dairy",
            1,
            200_000 * (n + 1),
        ]
        for m in range(6)
        for n in range(3)
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    from bashgah.purchases.imports import service

    real = service.batch_import
    calls = Counter[str]()

    def crash_on_the_second_batch(**kwargs: Any) -> Any:
        calls["batch"] += 1
        if calls["batch"] == 2:
            raise RuntimeError("power cut")
        return real(**kwargs)

    monkeypatch.setattr(service, "batch_import", crash_on_the_second_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        import_purchases_csv(path, batch_size=6, workers=1)  # two members a batch
    assert Purchase.objects.count() == 6  # the first batch only
    monkeypatch.undo()

    summary = import_purchases_csv(path, batch_size=6)

    assert (summary.purchases_skipped, summary.purchases_imported) == (6, 12)
    for member in members:
        stats = MemberStats.objects.get(member=member)
        assert stats.purchase_count == 3 == Purchase.objects.filter(member=member).count()
        assert points_summary(member=member).balance == 20 + 40 + 60
    assert ledger_is_sound()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_live_purchases_during_an_import_wait_for_its_batch(
    tmp_path: Path, store: Store, base_rule: Any, tiers: list[Tier]
) -> None:
    members = [member_join(phone=f"0912888{i:04d}").member for i in range(4)]
    at = NOW - dt.timedelta(days=3)
    rows = [
        [
            f"I{m}-{n}",
            f"0912888{m:04d}",
            store.code,
            (at + dt.timedelta(minutes=n)).isoformat(),
            "tv",
            "electronics",
            1,
            1_000_000,
        ]
        for m in range(4)
        for n in range(40)
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    start = threading.Barrier(3)

    def live(index: int) -> None:
        try:
            start.wait()
            for n in range(10):
                purchase_record(
                    source="live",
                    external_id=f"L{index}-{n}",
                    member=Member.objects.get(pk=members[n % 4].pk),
                    store=store,
                    lines=[
                        LineInput(
                            sku="tv", category="electronics", quantity=1, unit_price=1_000_000
                        )
                    ],
                    total=1_000_000,
                    currency="IRR",
                    paid_at=timezone.now(),
                )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=live, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    start.wait()
    summary = import_purchases_csv(path, batch_size=40)
    for thread in threads:
        thread.join()

    assert summary.purchases_imported == 160
    assert Purchase.objects.filter(source="live").count() == 20
    for member in members:
        count = Purchase.objects.filter(member=member).count()
        assert count == 40 + Purchase.objects.filter(member=member, source="live").count()
        assert count == MemberStats.objects.get(member=member).purchase_count
        assert count == QualifyingActivity.objects.filter(member=member).count()
        assert points_summary(member=member).balance == sum(
            Purchase.objects.filter(member=member).values_list("points", flat=True)
        )
        assert MemberTier.objects.get(member=member).tier.code == "gold"
    assert ledger_is_sound()


def test_tier_upgrades_mid_file_apply_to_the_next_purchases(
    tmp_path: Path,
    store: Store,
    base_rule: Any,
    tiers: list[Tier],
    make_member: Callable[..., Member],
) -> None:
    make_member("09121000008")
    at = NOW - dt.timedelta(days=3)
    path = write_csv(
        tmp_path / "p.csv",
        [
            [
                "T2",
                "09121000008",
                store.code,
                (at + dt.timedelta(hours=1)).isoformat(),
                "tv",
                "e",
                1,
                1_000_000,
            ],
            ["T1", "09121000008", store.code, at.isoformat(), "tv", "e", 1, 5_000_000],
        ],
    )

    import_purchases_csv(path)

    points = dict(Purchase.objects.values_list("external_id", "points"))
    assert points == {"T1": 500, "T2": 125}  # T1 reached silver (1.25×), in paid_at order
    assert MemberTier.objects.get(member__phone="+989121000008").tier.code == "silver"
    assert OutboxEvent.objects.filter(topic="tier.changed").count() == 1
    assert Decimal(tiers[1].points_multiplier) == Decimal("1.25")
