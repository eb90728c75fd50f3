"""Returns reverse exactly what was recorded, proportionally, and never overdraw."""

from __future__ import annotations

import pytest

from bashgah.core.errors import ValidationFailed
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_debit
from bashgah.purchases.models import PurchaseLine
from bashgah.purchases.services import ReturnLineInput, purchase_return
from bashgah.purchases.services.returns import NothingToReturn, ReturnIdReused
from bashgah.rules.services import rule_pause
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db


def test_partial_returns_add_up_to_exactly_what_the_line_earned(member, base_rule, buy):
    # 3 units x 33,333 = 99,999 Rial -> 9 points on one line
    result = buy(member, ("tea", "beverages", 3, 33_333))
    assert result.points == 9
    purchase = result.purchase
    steps = [
        purchase_return(
            source="t",
            external_id=f"r{i}",
            purchase=purchase,
            lines=[ReturnLineInput(line=1, quantity=1)],
        )
        for i in range(3)
    ]
    assert [step.points_reversed for step in steps] == [3, 3, 3]
    assert points_summary(member=member).balance == 0
    with pytest.raises(NothingToReturn):
        purchase_return(source="t", external_id="r9", purchase=purchase)
    assert ledger_is_sound()


def test_return_uses_recorded_points_not_todays_rules(member, base_rule, buy):
    purchase = buy(member, ("milk", "dairy", 1, 1_000_000)).purchase  # 100 points
    rule_pause(rule=base_rule)  # today's rules would give nothing
    result = purchase_return(source="t", external_id="r1", purchase=purchase)
    assert result.points_reversed == 100


def test_returning_spent_points_records_a_debt_and_never_goes_negative(member, base_rule, buy):
    purchase = buy(member, ("milk", "dairy", 1, 1_000_000)).purchase
    points_debit(member=member, points=80, kind=Transaction.Kind.REDEEM)
    result = purchase_return(source="t", external_id="r1", purchase=purchase)
    assert (result.points_reversed, result.debt) == (100, 80)
    summary = points_summary(member=member)
    assert (summary.balance, summary.debt) == (0, 80)
    tx = result.return_record.ledger_transaction
    assert [item["code"] for item in tx.explanation] == ["return", "debt_recorded"]
    buy(member, ("milk", "dairy", 1, 1_000_000))  # 100 new points settle the 80 owed first
    summary = points_summary(member=member)
    assert (summary.balance, summary.debt) == (20, 0)
    assert ledger_is_sound()


def test_over_return_is_rejected_with_nothing_changed(member, base_rule, buy):
    purchase = buy(member, ("milk", "dairy", 2, 100_000), ("bread", "bakery", 1, 50_000)).purchase
    with pytest.raises(ValidationFailed) as error:
        purchase_return(
            source="t",
            external_id="r1",
            purchase=purchase,
            lines=[ReturnLineInput(line=1, quantity=3), ReturnLineInput(line=7, quantity=1)],
        )
    assert set(error.value.details) == {"lines.1", "lines.7"}
    assert not PurchaseLine.objects.filter(returned_quantity__gt=0).exists()
    assert points_summary(member=member).balance == 25


def test_return_id_retry_and_reuse(member, base_rule, buy):
    purchase = buy(member, ("milk", "dairy", 2, 100_000)).purchase
    lines = [ReturnLineInput(line=1, quantity=1)]
    first = purchase_return(source="t", external_id="r1", purchase=purchase, lines=lines)
    again = purchase_return(source="t", external_id="r1", purchase=purchase, lines=lines)
    assert again.replayed and again.return_record.pk == first.return_record.pk
    assert points_summary(member=member).balance == 10
    with pytest.raises(ReturnIdReused):
        purchase_return(
            source="t",
            external_id="r1",
            purchase=purchase,
            lines=[ReturnLineInput(line=1, quantity=2)],
        )


def test_member_statistics_follow_returns(member, base_rule, buy):
    purchase = buy(member, ("milk", "dairy", 2, 100_000)).purchase
    member.stats.refresh_from_db()
    assert (member.stats.purchase_count, member.stats.total_spend) == (1, 200_000)
    purchase_return(
        source="t", external_id="r1", purchase=purchase, lines=[ReturnLineInput(line=1, quantity=1)]
    )
    member.stats.refresh_from_db()
    assert (member.stats.purchase_count, member.stats.total_spend) == (1, 100_000)
    purchase_return(source="t", external_id="r2", purchase=purchase)
    member.stats.refresh_from_db()
    assert (member.stats.purchase_count, member.stats.total_spend) == (0, 0)
