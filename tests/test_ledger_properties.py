"""Property: any sequence of enrolments, purchases (some paid partly with points, earning tier
cashback), returns, adjustments, point spending, reward redemptions, voucher cancellations,
conversions to wallet credit, wallet payments, gift cards and expiry keeps every transaction
balanced for each asset and every balance equal to the sum of its entries and never negative."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bashgah.core import config_cache
from bashgah.core.errors import ApplicationError
from bashgah.ledger.models import LOT_KINDS, Account, Lot, Transaction
from bashgah.ledger.selectors import ledger_verify
from bashgah.ledger.services import (
    points_adjust,
    points_debit,
    points_expire,
    system_account_cache_clear,
)
from bashgah.ledger.services.money import points_to_wallet
from bashgah.purchases.services import LineInput, ReturnLineInput, purchase_record, purchase_return
from bashgah.purchases.services.join import member_join
from bashgah.rewards.models import Reward, Voucher
from bashgah.rewards.services.money import giftcard_issue, giftcard_spend, wallet_pay
from bashgah.rewards.services.redeem import reward_redeem, voucher_cancel, voucher_consume
from bashgah.rules.services import rule_create
from bashgah.tiers.models import Tier

pytestmark = pytest.mark.django_db

who = st.integers(0, 4)
line = st.tuples(
    st.sampled_from(["dairy", "bakery", "drinks"]), st.integers(1, 5), st.integers(0, 900_000)
)
operation = st.one_of(
    st.tuples(st.just("enrol")),
    st.tuples(
        st.just("earn"),
        who,
        st.lists(line, min_size=1, max_size=4),
        st.integers(0, 500),
        st.integers(0, 300),
    ),
    st.tuples(st.just("return"), st.integers(0, 20), st.integers(1, 4), st.integers(0, 5)),
    st.tuples(st.just("adjust"), who, st.integers(-300, 300)),
    st.tuples(st.just("spend"), who, st.integers(1, 400)),
    st.tuples(st.just("expire"), who),
    st.tuples(st.just("reward"), who, st.sampled_from(["tea", "cash", "gift"])),
    st.tuples(st.just("voucher"), st.integers(0, 20), st.sampled_from(["cancel", "use"])),
    st.tuples(st.just("convert"), who, st.integers(1, 200)),
    st.tuples(st.just("wallet_pay"), who, st.integers(1, 300_000)),
    st.tuples(st.just("giftcard"), st.integers(1, 1_000_000), st.integers(1, 1_200_000)),
)


def _check() -> None:
    assert ledger_verify() == []
    assert not Account.objects.filter(kind__in=LOT_KINDS, balance__lt=0).exists()
    assert not Lot.objects.filter(remaining__lt=0).exists()


def _club() -> None:
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
    Tier.objects.create(code="base", rank=0, threshold=0, cashback_percent=Decimal(1))
    Tier.objects.create(
        code="vip",
        rank=1,
        threshold=3_000_000,
        cashback_percent=Decimal(3),
        points_multiplier=Decimal("1.5"),
    )
    Reward.objects.create(code="tea", type="free_product", points_cost=40, sku="tea")
    Reward.objects.create(code="cash", type="cashback", points_cost=60, value=50_000)
    Reward.objects.create(code="gift", type="physical_gift", points_cost=30, stock=2)


def _apply(op: tuple, step: int, ctx: dict) -> None:
    members, purchases, store, now = ctx["members"], ctx["purchases"], ctx["store"], ctx["now"]
    kind = op[0]
    member = members[op[1] % len(members)] if len(op) > 1 and isinstance(op[1], int) else None
    if kind == "enrol":
        members.append(member_join(phone=f"0912{len(members):07d}").member)
    elif kind == "earn":
        _kind, _who, lines, days_ago, points = op
        items = [
            LineInput(sku=f"s{i}", category=c, quantity=q, unit_price=p)
            for i, (c, q, p) in enumerate(lines)
        ]
        purchases.append(
            purchase_record(
                source="prop",
                external_id=f"p{step}",
                member=member,
                store=store,
                lines=items,
                total=sum(i.quantity * i.unit_price for i in items),
                currency="IRR",
                paid_at=now - dt.timedelta(days=days_ago),
                points_to_spend=points,
            ).purchase
        )
    elif kind == "return" and purchases:
        _kind, which, line_number, quantity = op
        lines = None if quantity == 0 else [ReturnLineInput(line=line_number, quantity=quantity)]
        purchase_return(
            source="prop",
            external_id=f"r{step}",
            purchase=purchases[which % len(purchases)],
            lines=lines,
        )
    elif kind == "adjust" and op[2]:
        points_adjust(member=member, points=op[2], reason="test", actor="prop")
    elif kind == "spend":
        points_debit(member=member, points=op[2], kind=Transaction.Kind.REDEEM)
    elif kind == "expire":
        points_expire(member=member, at=now + dt.timedelta(days=400))
    elif kind == "reward":
        reward_redeem(member=member, reward=Reward.objects.get(code=op[2]), store=store)
    elif kind == "voucher":
        vouchers = list(Voucher.objects.order_by("pk"))
        if vouchers:
            voucher = vouchers[op[1] % len(vouchers)]
            if op[2] == "cancel":
                voucher_cancel(voucher=voucher, actor="prop")
            else:
                voucher_consume(
                    code=voucher.code, store=store, reference=f"v{step}", basket_total=100_000
                )
    elif kind == "convert":
        points_to_wallet(member=member, points=op[2])
    elif kind == "wallet_pay":
        wallet_pay(member=member, amount=op[2], store=store, reference=f"w{step}")
    elif kind == "giftcard":
        card = giftcard_issue(amount=op[1], store=store)
        giftcard_spend(card=card, amount=op[2], store=store, reference=f"g{step}")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=25))
@example(
    operations=[  # every kind of operation at least once; spent points returned (debt)
        ("enrol",),
        ("earn", 1, [("dairy", 2, 500_000), ("bakery", 1, 90_000)], 400, 0),
        ("earn", 0, [("drinks", 1, 300_000)], 0, 0),
        ("spend", 0, 20),
        ("return", 0, 1, 1),
        ("adjust", 0, 40),
        ("adjust", 1, -10),
        ("expire", 1),
        ("return", 0, 1, 0),
        ("earn", 1, [("dairy", 1, 8_000_000)], 0, 0),
        ("reward", 1, "cash"),
        ("reward", 1, "tea"),
        ("voucher", 1, "cancel"),
        ("reward", 1, "gift"),
        ("voucher", 2, "use"),
        ("convert", 1, 50),
        ("wallet_pay", 1, 60_000),
        ("earn", 1, [("bakery", 2, 400_000)], 0, 200),
        ("return", 3, 1, 1),
        ("return", 2, 1, 0),
        ("giftcard", 500_000, 200_000),
    ]
)
def test_any_sequence_keeps_the_ledger_sound(store, operations):
    system_account_cache_clear()  # each example rolls back what it created
    config_cache.invalidate()
    with transaction.atomic():
        _club()
        ctx = {
            "members": [member_join(phone="09120000000").member],
            "purchases": [],
            "store": store,
            "now": timezone.now(),
        }
        for step, op in enumerate(operations):
            try:
                with transaction.atomic():
                    _apply(op, step, ctx)
            except ApplicationError:
                pass  # refused operations must leave no trace; the check below proves it
            _check()
        transaction.set_rollback(True)
    config_cache.invalidate()
