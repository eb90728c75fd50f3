"""Real concurrent connections on PostgreSQL: no overdraw, no lost update, no double record."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from bashgah.core.errors import InsufficientPoints
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit, points_debit
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.purchases.services import LineInput, purchase_record
from tests.conftest import ApiClient, ledger_is_sound

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads, each on its own database connection, released at
    the same moment by a barrier. Returns each result or the exception it raised."""
    barrier = threading.Barrier(count)

    def job(index: int) -> Any:
        try:
            barrier.wait()
            return work(index)
        except Exception as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(job, range(count)))


def test_fifty_concurrent_debits_never_overdraw(member):
    points_credit(member=member, points=1000, kind=Transaction.Kind.EARN)

    def debit(_index: int) -> Transaction:
        fresh = Member.objects.get(pk=member.pk)
        return points_debit(member=fresh, points=30, kind=Transaction.Kind.REDEEM)

    results = run_together(50, debit)
    succeeded = [r for r in results if isinstance(r, Transaction)]
    refused = [r for r in results if isinstance(r, InsufficientPoints)]
    assert len(succeeded) == 33 and len(refused) == 17, results
    assert points_summary(member=member).balance == 1000 - 33 * 30
    assert connection.vendor == "postgresql"
    assert ledger_is_sound()


def test_fifty_concurrent_credits_lose_no_update(member):
    run_together(
        50,
        lambda i: points_credit(
            member=Member.objects.get(pk=member.pk), points=7, kind=Transaction.Kind.EARN
        ),
    )
    assert points_summary(member=member).balance == 350
    assert ledger_is_sound()


def test_concurrent_retries_of_one_purchase_record_it_once(member, store, base_rule):
    paid_at = timezone.now()

    def record(_index: int) -> Any:
        return purchase_record(
            source="pos",
            external_id="same-1",
            member=Member.objects.get(pk=member.pk),
            store=store,
            lines=[LineInput(sku="milk", category="dairy", quantity=1, unit_price=500_000)],
            total=500_000,
            currency="IRR",
            paid_at=paid_at,
        )

    results = run_together(10, record)
    assert all(not isinstance(r, Exception) for r in results), results
    assert Purchase.objects.count() == 1
    assert sum(not r.replayed for r in results) == 1
    assert points_summary(member=member).balance == 50
    assert ledger_is_sound()


def test_concurrent_requests_with_one_idempotency_key_answer_alike(member, base_rule, api_key):
    body = {
        "external_id": "T-9",
        "member": member.card_number,
        "total": 300_000,
        "currency": "IRR",
        "paid_at": timezone.now().isoformat(),
        "lines": [{"sku": "cheese", "category": "dairy", "quantity": 1, "unit_price": 300_000}],
    }

    def post(_index: int) -> Any:
        response = ApiClient(api_key[1]).post("/purchases", body, key="same-key")
        return response.status_code, response.json()

    results = run_together(8, post)
    assert {status for status, _body in results} == {201}, results
    assert len({str(body) for _status, body in results}) == 1
    assert Purchase.objects.count() == 1
    assert ledger_is_sound()


def test_concurrent_purchases_of_one_member_count_visits_exactly(member, store, base_rule):
    from bashgah.rules.services import rule_create

    rule_create(
        name="every 5th",
        type="nth_visit",
        params={"every": 5, "points": 1000},
        labels={"en": "5th"},
        activate=True,
    )

    def record(index: int) -> Any:
        return purchase_record(
            source="pos",
            external_id=f"v-{index}",
            member=Member.objects.get(pk=member.pk),
            store=store,
            lines=[LineInput(sku="tea", category="drinks", quantity=1, unit_price=100_000)],
            total=100_000,
            currency="IRR",
            paid_at=timezone.now(),
        )

    results = run_together(10, record)
    assert all(not isinstance(r, Exception) for r in results), results
    bonuses = sum(1 for r in results for a in r.awards if a.code == "nth_visit")
    assert bonuses == 2  # visits 5 and 10, whatever order the threads ran in
    member.stats.refresh_from_db()
    assert member.stats.purchase_count == 10
    assert ledger_is_sound()


def test_concurrent_adjustments_with_one_key_adjust_once(member, staff_key):
    """Adjustments have no domain id of their own: only the idempotency record stops a twin."""

    def post(_index: int) -> Any:
        response = ApiClient(staff_key[1]).post(
            f"/members/{member.pk}/adjustments", {"points": 40, "reason": "gift"}, key="adj-1"
        )
        return response.status_code, response.json()

    results = run_together(6, post)
    assert {status for status, _body in results} == {201}, results
    assert len({str(body) for _status, body in results}) == 1
    assert Transaction.objects.filter(kind=Transaction.Kind.ADJUST).count() == 1
    assert points_summary(member=member).balance == 40
    assert ledger_is_sound()


def test_twenty_concurrent_redemptions_against_a_hundred_points(member):
    from bashgah.rewards.models import Reward, Voucher
    from bashgah.rewards.services.redeem import reward_redeem

    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    reward = Reward.objects.create(code="tea", type="free_product", points_cost=30, sku="tea")

    def redeem(_index: int) -> Any:
        return reward_redeem(member=Member.objects.get(pk=member.pk), reward=reward)

    results = run_together(20, redeem)
    issued = [r for r in results if isinstance(r, Voucher)]
    refused = [r for r in results if isinstance(r, InsufficientPoints)]
    assert (len(issued), len(refused)) == (3, 17), results
    assert points_summary(member=member).balance == 10
    assert ledger_is_sound()


def test_one_voucher_at_five_tills_is_used_once(member, store):
    from bashgah.rewards.models import Reward
    from bashgah.rewards.services.redeem import VoucherNotUsable, reward_redeem, voucher_consume

    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    reward = Reward.objects.create(code="off", type="fixed_discount", points_cost=50, value=100_000)
    voucher = reward_redeem(member=member, reward=reward)
    results = run_together(
        5,
        lambda i: voucher_consume(
            code=voucher.code, store=store, reference=f"till-{i}", basket_total=10**6
        ),
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert sum(isinstance(r, VoucherNotUsable) for r in results) == 4


def test_multi_use_coupon_is_never_over_used(store):
    from bashgah.rewards.models import Coupon, CouponUse
    from bashgah.rewards.services.coupons import (
        CouponNotApplicable,
        coupon_apply,
        coupon_campaign_create,
        coupons_import,
    )

    shared = coupon_campaign_create(
        name="flyer", kind="multi_use", benefit="fixed_discount", value=1000, uses_per_code=3
    )
    coupons_import(campaign=shared, codes=["FLYER"])
    results = run_together(
        10,
        lambda i: coupon_apply(
            code="FLYER", store=store, reference=f"t{i}", total=5000, categories=[]
        ),
    )
    assert sum(isinstance(r, CouponNotApplicable) for r in results) == 7
    assert CouponUse.objects.count() == 3 and Coupon.objects.get().uses == 3
