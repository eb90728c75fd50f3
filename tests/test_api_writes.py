"""Every write endpoint: same key twice gives the first answer once; other body is a 409."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bashgah.core import config_cache
from bashgah.ledger.models import Transaction
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase, Return

pytestmark = pytest.mark.django_db


def purchase_body(member: Member, external_id: str = "P-1", quantity: int = 2) -> dict:
    return {
        "external_id": external_id,
        "member": member.card_number,
        "lines": [
            {"sku": "milk", "category": "dairy", "quantity": quantity, "unit_price": 500_000}
        ],
        "total": quantity * 500_000,
        "currency": "IRR",
        "paid_at": timezone.now().isoformat(),
    }


def twice(client, path, body, other_body, counter, *, method="post"):
    send = getattr(client, method)
    first = send(path, body, key="same")
    second = send(path, body, key="same")
    assert first.status_code in (200, 201), first.json()
    assert (second.status_code, second.json()) == (first.status_code, first.json())
    count = counter()
    conflict = send(path, other_body, key="same")
    assert conflict.status_code == 409
    assert conflict.json()["error"] == "idempotency_key_reused"
    assert counter() == count
    return first.json()


def test_enrol_same_key_twice(api):
    twice(api, "/members", {"phone": "09121111111"}, {"phone": "09122222222"}, Member.objects.count)
    assert Member.objects.count() == 1


def test_update_same_key_twice(api, member):
    twice(
        api,
        f"/members/{member.pk}",
        {"city": "شیراز"},
        {"city": "یزد"},
        lambda: Member.objects.filter(city="یزد").count(),
        method="patch",
    )
    member.refresh_from_db()
    assert member.city == "شیراز"


def test_purchase_same_key_twice(api, member, base_rule):
    twice(
        api,
        "/purchases",
        purchase_body(member),
        purchase_body(member, quantity=3),
        Purchase.objects.count,
    )
    assert Purchase.objects.count() == 1
    assert Transaction.objects.filter(kind="earn").count() == 1


def test_return_same_key_twice(api, member, base_rule):
    api.post("/purchases", purchase_body(member))
    one = {"external_id": "RET-1", "lines": [{"line": 1, "quantity": 1}]}
    two = {"external_id": "RET-1", "lines": [{"line": 1, "quantity": 2}]}
    answer = twice(api, "/purchases/P-1/returns", one, two, Return.objects.count)
    assert answer["points_reversed"] == 50
    assert Transaction.objects.filter(kind="return").count() == 1


def test_adjustment_same_key_twice_and_staff_only(api, staff_api, member):
    refused = api.post(f"/members/{member.pk}/adjustments", {"points": 5, "reason": "gift"})
    assert refused.status_code == 403
    answer = twice(
        staff_api,
        f"/members/{member.pk}/adjustments",
        {"points": 5, "reason": "gift"},
        {"points": 6, "reason": "gift"},
        Transaction.objects.count,
    )
    assert answer["balance"]["balance"] == 5
    assert answer["explanations"] == ["Adjustment by the club: gift"]


def test_purchase_query_count(api, member, base_rule, tiers, django_assert_max_num_queries):
    from bashgah.rules.services import rule_create

    rule_create(
        name="dairy",
        type="category_multiplier",
        params={"categories": ["dairy"], "multiplier": "2"},
        activate=True,
    )
    rule_create(name="cap", type="earning_cap", params={"per_day": 10_000}, activate=True)
    # Two warm-ups: after another test flushed the tables, the first re-creates the system
    # accounts (an id made in a transaction is not cached), the second caches their ids.
    api.post("/purchases", purchase_body(member, "warm-up"))
    api.post("/purchases", purchase_body(member, "warm-up-2"))
    config_cache.invalidate()  # both measured requests start cold, however slow the machine
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/purchases", purchase_body(member, "P-2"))
    assert response.status_code == 201
    # auth, idempotency, member, rules, facts, the writes, the receipt: a fixed number,
    # independent of the number of lines or rules
    assert len(queries) <= 40, "\n".join(q["sql"][:120] for q in queries)
    many_lines = purchase_body(member, "P-3")
    many_lines["lines"] = [
        {"sku": f"s{i}", "category": "dairy", "quantity": 1, "unit_price": 10_000}
        for i in range(30)
    ]
    many_lines["total"] = 300_000
    config_cache.invalidate()
    with CaptureQueriesContext(connection) as more:
        assert api.post("/purchases", many_lines).status_code == 201
    assert len(more) == len(queries)


def test_errors_are_translated(api, member):
    body = purchase_body(member)
    body["total"] = 1
    fa = api.post("/purchases", body, language="fa").json()
    he = api.post("/purchases", body, language="he").json()
    en = api.post("/purchases", body, language="en").json()
    assert en["message"] == "The purchase has errors; nothing was recorded."
    assert fa["message"] != en["message"] and he["message"] != en["message"]
    assert fa["error"] == he["error"] == en["error"] == "invalid_purchase"


def test_schema_errors_are_json_422(api, member):
    response = api.post("/purchases", {"external_id": "x"})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid"
    assert "lines" in response.json()["details"]


def test_unknown_member(api):
    response = api.post("/members/lookup", {"query": "09350000000"})
    assert response.status_code == 404
    assert response.json()["error"] == "member_not_found"


def test_openapi_and_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/purchases" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
