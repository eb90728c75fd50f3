"""Property: any sequence of enrol, earn, return, adjust, redeem and expire keeps every
transaction balanced and every balance equal to the sum of its entries and >= 0."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bashgah.core import config_cache
from bashgah.core.errors import ApplicationError
from bashgah.ledger.models import Account, Lot, Transaction
from bashgah.ledger.selectors import ledger_verify
from bashgah.ledger.services import (
    points_adjust,
    points_debit,
    points_expire,
    system_account_cache_clear,
)
from bashgah.purchases.services import LineInput, ReturnLineInput, purchase_record, purchase_return
from bashgah.purchases.services.join import member_join
from bashgah.rules.services import rule_create

pytestmark = pytest.mark.django_db

line = st.tuples(
    st.sampled_from(["dairy", "bakery", "drinks"]), st.integers(1, 5), st.integers(0, 900_000)
)
operation = st.one_of(
    st.tuples(st.just("enrol")),
    st.tuples(
        st.just("earn"),
        st.integers(0, 4),
        st.lists(line, min_size=1, max_size=4),
        st.integers(0, 500),
    ),
    st.tuples(st.just("return"), st.integers(0, 20), st.integers(1, 4), st.integers(0, 5)),
    st.tuples(st.just("adjust"), st.integers(0, 4), st.integers(-300, 300)),
    st.tuples(st.just("redeem"), st.integers(0, 4), st.integers(1, 400)),
    st.tuples(st.just("expire"), st.integers(0, 4)),
)


def _check() -> None:
    assert ledger_verify() == []
    assert not Account.objects.filter(kind="member_points", balance__lt=0).exists()
    assert not Lot.objects.filter(remaining__lt=0).exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=25))
@example(
    operations=[  # every kind of operation at least once, spent points returned (debt)
        ("enrol",),
        ("earn", 1, [("dairy", 2, 500_000), ("bakery", 1, 90_000)], 400),
        ("earn", 0, [("drinks", 1, 300_000)], 0),
        ("redeem", 1, 100),
        ("return", 0, 1, 1),
        ("adjust", 0, 40),
        ("adjust", 1, -10),
        ("expire", 1),
        ("return", 0, 1, 0),
        ("earn", 1, [("dairy", 1, 800_000)], 0),
        ("return", 2, 1, 0),
        ("expire", 0),
    ]
)
def test_any_sequence_keeps_the_ledger_sound(store, operations):
    now = timezone.now()
    system_account_cache_clear()  # each example rolls back what it created
    config_cache.invalidate()
    with transaction.atomic():
        rule_create(
            name="base",
            type="points_per_amount",
            params={"points": 1, "per_amount": 10_000},
            activate=True,
        )
        rule_create(
            name="dairy",
            type="category_multiplier",
            params={"categories": ["dairy"], "multiplier": "1.5"},
            activate=True,
        )
        rule_create(name="welcome", type="signup", params={"points": 25}, activate=True)
        members = [member_join(phone="09120000000").member]
        purchases = []
        for step, op in enumerate(operations):
            kind = op[0]
            try:
                with transaction.atomic():
                    if kind == "enrol":
                        members.append(member_join(phone=f"0912{len(members):07d}").member)
                    elif kind == "earn":
                        _kind, who, lines, days_ago = op
                        items = [
                            LineInput(sku=f"s{i}", category=c, quantity=q, unit_price=p)
                            for i, (c, q, p) in enumerate(lines)
                        ]
                        result = purchase_record(
                            source="prop",
                            external_id=f"p{step}",
                            member=members[who % len(members)],
                            store=store,
                            lines=items,
                            total=sum(i.quantity * i.unit_price for i in items),
                            currency="IRR",
                            paid_at=now - dt.timedelta(days=days_ago),
                        )
                        purchases.append(result.purchase)
                    elif kind == "return" and purchases:
                        _kind, which, line_number, quantity = op
                        purchase = purchases[which % len(purchases)]
                        lines = (
                            None
                            if quantity == 0
                            else [ReturnLineInput(line=line_number, quantity=quantity)]
                        )
                        purchase_return(
                            source="prop", external_id=f"r{step}", purchase=purchase, lines=lines
                        )
                    elif kind == "adjust" and op[2]:
                        points_adjust(
                            member=members[op[1] % len(members)],
                            points=op[2],
                            reason="test",
                            actor="prop",
                        )
                    elif kind == "redeem":
                        points_debit(
                            member=members[op[1] % len(members)],
                            points=op[2],
                            kind=Transaction.Kind.REDEEM,
                        )
                    elif kind == "expire":
                        points_expire(member=members[op[1] % len(members)])
            except ApplicationError:
                pass  # refused operations must leave no trace; the check below proves it
            _check()
        transaction.set_rollback(True)
