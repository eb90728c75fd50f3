"""Staff pages through the Django test client: sign-in, lockout, TOTP, roles, the cashier."""

from __future__ import annotations

import time

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client

from bashgah.core.models import AuditEntry
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.rewards.models import Reward
from bashgah.rewards.services.redeem import reward_redeem
from bashgah.staff.services import staff_create, totp_begin, totp_confirm

pytestmark = pytest.mark.django_db
PASSWORD = "a long demo password 1405"


@pytest.fixture(autouse=True)
def _no_lockouts():
    # Only this test's keys: on Redis, clear() would wipe the other workers' too.
    cache.delete_many(
        [f"login:fail:user:{name}" for name in ("sara", "ali")] + ["login:fail:ip:127.0.0.1"]
    )


@pytest.fixture
def cashier(store):
    return staff_create(username="sara", password=PASSWORD, role="cashier", stores=[store])


def signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/staff/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_password_is_hashed_with_argon2(cashier):
    assert cashier.user.password.startswith("argon2")


def test_wrong_password_then_lockout(cashier):
    client = Client()
    for _ in range(5):
        assert (
            client.post("/staff/login/", {"username": "sara", "password": "x"}).status_code == 401
        )
    locked = client.post("/staff/login/", {"username": "sara", "password": PASSWORD})
    assert locked.status_code == 429


def test_totp_second_step(cashier):
    uri = totp_begin(profile=cashier)
    secret = pyotp.parse_uri(uri).secret
    totp_confirm(profile=cashier, code=pyotp.TOTP(secret).now())
    client = Client()
    first = client.post("/staff/login/", {"username": "sara", "password": PASSWORD})
    assert first.status_code == 200 and b'name="code"' in first.content
    assert client.get("/staff/cashier/").status_code == 302  # not signed in yet
    wrong = client.post("/staff/login/code/", {"code": "000000"})
    assert wrong.status_code == 401
    ok = client.post("/staff/login/code/", {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get("/staff/cashier/").status_code == 200


def test_anonymous_is_sent_to_sign_in(db):
    response = Client().get("/staff/cashier/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_analyst_cannot_use_the_cashier_screen(store):
    staff_create(username="ali", password=PASSWORD, role="analyst")
    assert signed_in("ali").get("/staff/cashier/").status_code == 403


def test_cashier_enrols_buys_uses_a_voucher_and_returns(cashier, base_rule, store):
    client = signed_in("sara")
    page = client.get("/staff/cashier/")
    assert page.status_code == 200
    assert (
        "Content-Security-Policy" in page.headers
        and "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    )
    not_found = client.post("/staff/cashier/find/", {"q": "۰۹۳۵ ۱۱۱ ۲۲۳۳"})
    assert b'id="enrol"' in not_found.content
    enrolled = client.post(
        "/staff/cashier/enrol/", {"phone": "09351112233", "first_name": "Reza", "token": "t1"}
    )
    assert enrolled.status_code == 200 and b'id="member"' in enrolled.content
    member = Member.objects.get(phone="+989351112233")
    drawn = f"{int(time.time() * 1000)}.abc"  # as the screen draws it: when, and a random part
    form = {
        "token": drawn,
        "category_0": "dairy",
        "qty_0": "2",
        "price_0": "۴۵٬۰۰۰",  # Toman, as the screen shows prices
        "points_to_spend": "0",
    }
    bought = client.post(f"/staff/cashier/{member.pk}/purchase/", form)
    assert bought.status_code == 200 and b'id="receipt"' in bought.content
    again = client.post(f"/staff/cashier/{member.pk}/purchase/", form)  # double click
    assert again.status_code == 200
    assert Purchase.objects.count() == 1
    assert points_summary(member=member).balance == 90
    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    reward = Reward.objects.create(
        code="off", type="fixed_discount", points_cost=100, value=200_000
    )
    voucher = reward_redeem(member=member, reward=reward)
    used = client.post(
        f"/staff/cashier/{member.pk}/voucher/",
        {"token": "t3", "code": voucher.code.lower(), "basket_total": "90000"},
    )
    assert b'id="voucher-result"' in used.content
    purchase = Purchase.objects.get()
    returned = client.post(f"/staff/cashier/{member.pk}/return/{purchase.pk}/", {"token": "t4"})
    assert returned.status_code == 200
    assert points_summary(member=member).balance == 0
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"member.enrol", "purchase.record", "voucher.use", "purchase.return"} <= actions


def test_cashier_sees_errors_and_nothing_is_written(cashier, store):
    client = signed_in("sara")
    bad = client.post("/staff/cashier/enrol/", {"phone": "12345", "token": "x"})
    assert bad.status_code == 422
    assert Member.objects.count() == 0


def test_a_cashier_turns_on_the_second_step_from_the_account_page(cashier):
    client = signed_in("sara")
    assert b'id="totp-off"' in client.get("/staff/account/").content
    client.post("/staff/account/", {"action": "begin"})
    page = client.get("/staff/account/")
    assert b'id="totp-qr"' in page.content and b"<svg" in page.content
    cashier.refresh_from_db()
    wrong = client.post("/staff/account/", {"action": "confirm", "code": "000000"})
    assert b'id="code-error"' in wrong.content
    client.post(
        "/staff/account/", {"action": "confirm", "code": pyotp.TOTP(cashier.totp_secret).now()}
    )
    cashier.refresh_from_db()
    assert cashier.totp_enabled
    assert b'id="totp-on"' in client.get("/staff/account/").content
    again = Client()
    first = again.post("/staff/login/", {"username": "sara", "password": PASSWORD})
    assert b'name="code"' in first.content  # sign-in now asks for the code
