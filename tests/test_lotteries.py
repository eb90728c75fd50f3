"""Lotteries: entries from purchases (net of returns), amounts and points; a commit-reveal draw
that anyone can recompute from the published data; winners told."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from bashgah.cli import main
from bashgah.core import sms
from bashgah.core.errors import InsufficientPoints, ValidationFailed
from bashgah.events.models import OutboxEvent
from bashgah.ledger.models import Transaction
from bashgah.ledger.selectors import points_summary
from bashgah.ledger.services import points_credit
from bashgah.lotteries import draw
from bashgah.lotteries.models import Lottery, LotteryPointsEntry
from bashgah.lotteries.selectors import lottery_entry_of, lottery_published, lottery_verify
from bashgah.lotteries.services import (
    EntryRequestReused,
    LotteryNotOpen,
    LotteryWrongState,
    NotInLotteryAudience,
    PrizeInput,
    lottery_close,
    lottery_draw,
    lottery_entries_buy,
    lottery_schedule,
)
from bashgah.purchases.services import ReturnLineInput, purchase_return
from bashgah.stores.services import store_create
from tests.conftest import ledger_is_sound

pytestmark = pytest.mark.django_db

NOW = timezone.now()
START = NOW - dt.timedelta(days=10)
END = NOW + dt.timedelta(hours=1)
AFTER = END + dt.timedelta(seconds=1)


def schedule(**overrides):
    options = {
        "names": {"fa": "قرعه‌کشی تابستان", "en": "Summer draw", "he": "הגרלת הקיץ"},
        "entry_start": START,
        "entry_end": END,
        "prizes": [
            PrizeInput(names={"fa": "سفر", "en": "a trip", "he": "טיול"}, count=1),
            PrizeInput(names={"fa": "کارت هدیه", "en": "a gift card", "he": "כרטיס מתנה"}, count=2),
        ],
        "entries_per_purchase": 1,
    }
    options.update(overrides)
    return lottery_schedule(**options)


def line(amount):
    return ("item", "general", 1, amount)


def tickets(lottery, member):
    entrant = lottery_entry_of(lottery=lottery, member=member)
    return entrant.tickets if entrant else 0


# --- commit-reveal and verification ------------------------------------------------------------


@pytest.fixture
def drawn(make_member, buy, django_capture_on_commit_callbacks):
    members = [make_member() for _ in range(6)]
    for number, member in enumerate(members):
        for _ in range(number + 1):
            buy(member, line(100_000), at=NOW - dt.timedelta(days=2))
    lottery = schedule()
    assert lottery_published(lottery=lottery)["seed"] is None
    lottery_close(lottery=lottery, at=AFTER)
    sms.OUTBOX.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lottery_draw(lottery=lottery, at=AFTER)
    lottery.refresh_from_db()
    return lottery, members


def test_published_data_alone_verifies_the_draw(drawn):
    lottery, _members = drawn
    published = json.loads(json.dumps(lottery_published(lottery=lottery)))
    assert published["status"] == "drawn"
    assert len(published["entries"]) == 6 and len(published["winners"]) == 3
    assert hashlib.sha256(bytes.fromhex(published["seed"])).hexdigest() == published["commitment"]
    assert draw.verify_published(published) == []
    assert lottery_verify(lottery=lottery) == []


def test_an_independent_reimplementation_from_the_docs_agrees(drawn):
    """docs/lottery-verification.md, followed by hand with nothing but the standard library."""
    lottery, _members = drawn
    published = lottery_published(lottery=lottery)
    seed = bytes.fromhex(published["seed"])
    canonical = json.dumps(
        sorted(published["entries"], key=lambda e: e["id"]),
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=True,
    )
    entries_hash = hashlib.sha256(canonical.encode()).hexdigest()
    assert entries_hash == published["entries_hash"]
    remaining = sorted(published["entries"], key=lambda e: e["id"])
    winners = []
    for round_number in range(sum(p["count"] for p in published["prizes"])):
        total = sum(e["tickets"] for e in remaining)
        mac = hmac.new(seed, f"{entries_hash}:{round_number}".encode(), hashlib.sha256)
        ticket = int(mac.hexdigest(), 16) % total
        for index, entry in enumerate(remaining):
            ticket -= entry["tickets"]
            if ticket < 0:
                winners.append(remaining.pop(index)["id"])
                break
    assert winners == [w["id"] for w in published["winners"]]


def test_the_seed_stays_secret_until_the_draw(make_member, buy):
    buy(make_member(), line(100_000), at=NOW - dt.timedelta(days=1))
    lottery = lottery_close(lottery=schedule(), at=AFTER)
    page = lottery_published(lottery=lottery)
    assert page["seed"] is None and page["winners"] is None
    assert page["entries_hash"] == draw.entries_hash_of(
        [draw.Entry(e["id"], e["tickets"]) for e in page["entries"]]
    )
    assert lottery_verify(lottery=lottery) != []  # not drawn yet


@pytest.mark.parametrize(
    "tamper",
    [
        lambda p: p.update(seed=("00" if p["seed"][:2] != "00" else "11") + p["seed"][2:]),
        lambda p: p["entries"][0].update(tickets=p["entries"][0]["tickets"] + 1),
        lambda p: p["entries"].pop(),
        lambda p: p["winners"].reverse(),
        lambda p: p["winners"][0].update(id=p["entries"][0]["id"] + "x"),
        lambda p: p["prizes"][0].update(count=2),
        lambda p: p.update(commitment="0" * 64),
        lambda p: p.pop("seed"),
    ],
    ids=[
        "seed",
        "tickets",
        "entrant-removed",
        "winner-order",
        "winner",
        "prize-count",
        "commitment",
        "missing",
    ],
)
def test_tampering_is_detected(drawn, tamper):
    lottery, _members = drawn
    published = copy.deepcopy(lottery_published(lottery=lottery))
    tamper(published)
    assert draw.verify_published(published) != []


def test_cli_verifies_a_drawn_lottery_and_fails_on_a_changed_seed(drawn, tmp_path, capsys):
    lottery, _members = drawn
    assert main(["lottery", "verify", str(lottery.pk)]) == 0
    published = tmp_path / "published.json"
    published.write_text(json.dumps(lottery_published(lottery=lottery)))
    assert main(["lottery", "verify", "--json", str(published)]) == 0
    Lottery.objects.filter(pk=lottery.pk).update(seed="ab" * 32)
    assert main(["lottery", "verify", str(lottery.pk)]) == 1
    assert "commitment" in capsys.readouterr().out


def test_draw_algorithm_is_fixed():
    """A known answer: changing the algorithm breaks every published draw's verification."""
    entries = [draw.Entry("a", 1), draw.Entry("b", 5), draw.Entry("c", 10), draw.Entry("d", 0)]
    seed = bytes(range(32))
    assert draw.commitment_of(seed) == hashlib.sha256(seed).hexdigest()
    winners = draw.draw_winners(seed=seed, entries=entries, count=4)
    assert sorted(winners) == ["a", "b", "c"]  # d has no tickets; nobody wins twice
    assert winners == draw.draw_winners(seed=seed, entries=list(reversed(entries)), count=4)


# --- winners -----------------------------------------------------------------------------------


def test_winners_are_told_by_sms_in_their_language_and_an_event(drawn):
    _lottery, members = drawn
    won = OutboxEvent.objects.filter(topic="lottery.won").order_by("pk")
    assert [e.payload["prize"] for e in won] == [1, 2, 2]
    winner_ids = {e.payload["member_id"] for e in won}
    assert len(winner_ids) == 3
    phones = {m.phone for m in members if m.pk in winner_ids}
    assert {message.phone for message in sms.OUTBOX} == phones
    assert all("قرعه‌کشی تابستان" in message.text for message in sms.OUTBOX)  # members are fa


def test_no_entries_means_no_winners(django_capture_on_commit_callbacks):
    lottery = schedule()
    lottery_close(lottery=lottery, at=AFTER)
    sms.OUTBOX.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lottery = lottery_draw(lottery=lottery, at=AFTER)
    assert lottery_published(lottery=lottery)["winners"] == []
    assert lottery_verify(lottery=lottery) == [] and sms.OUTBOX == []


def test_states_run_in_order(make_member):
    lottery = schedule()
    with pytest.raises(LotteryWrongState):
        lottery_close(lottery=lottery, at=NOW)  # the window is still open
    with pytest.raises(LotteryWrongState):
        lottery_draw(lottery=lottery, at=AFTER)
    lottery_close(lottery=lottery, at=AFTER)
    with pytest.raises(LotteryWrongState):
        lottery_close(lottery=lottery, at=AFTER)


# --- entries -----------------------------------------------------------------------------------


def test_entries_per_purchase_net_of_returns_inside_the_window(make_member, buy):
    kept, returned, partly, early = (make_member() for _ in range(4))
    buy(kept, line(100_000), at=NOW - dt.timedelta(days=1))
    buy(kept, line(50_000), at=NOW - dt.timedelta(days=2))
    gone = buy(returned, line(100_000), at=NOW - dt.timedelta(days=1))
    purchase_return(source="test", external_id="r1", purchase=gone.purchase)
    half = buy(partly, ("a", "x", 1, 60_000), ("b", "x", 1, 40_000), at=NOW - dt.timedelta(days=1))
    purchase_return(
        source="test",
        external_id="r2",
        purchase=half.purchase,
        lines=[ReturnLineInput(line=1, quantity=1)],
    )
    buy(early, line(100_000), at=START - dt.timedelta(seconds=1))
    lottery = lottery_close(lottery=schedule(entries_per_purchase=2), at=AFTER)
    assert [tickets(lottery, m) for m in (kept, returned, partly, early)] == [4, 0, 2, 0]


def test_entries_per_amount_count_what_was_kept(make_member, buy):
    big, partly = make_member(), make_member()
    buy(big, line(250_000), at=NOW - dt.timedelta(days=1))  # 2 entries
    buy(big, line(99_999), at=NOW - dt.timedelta(days=1))  # 0: each purchase on its own
    half = buy(
        partly, ("a", "x", 1, 200_000), ("b", "x", 1, 100_000), at=NOW - dt.timedelta(days=1)
    )
    purchase_return(
        source="test",
        external_id="r3",
        purchase=half.purchase,
        lines=[ReturnLineInput(line=1, quantity=1)],
    )
    lottery = lottery_close(
        lottery=schedule(entries_per_purchase=0, amount_per_entry=100_000), at=AFTER
    )
    assert (tickets(lottery, big), tickets(lottery, partly)) == (2, 1)


def test_audience_by_store_counts_only_that_stores_purchases(make_member, buy, store):
    other = store_create(code="shiraz-1", name="شیراز")
    here, there = make_member(), make_member()
    buy(here, line(100_000), at=NOW - dt.timedelta(days=1))
    from bashgah.purchases.services import LineInput, purchase_record

    purchase_record(
        source="test",
        external_id="elsewhere",
        member=there,
        store=other,
        lines=[LineInput(sku="x", quantity=1, unit_price=100_000)],
        total=100_000,
        currency="IRR",
        paid_at=NOW - dt.timedelta(days=1),
    )
    lottery = lottery_close(lottery=schedule(audience={"stores": [store.code]}), at=AFTER)
    assert (tickets(lottery, here), tickets(lottery, there)) == (1, 0)


def test_entries_bought_with_points_once_per_request(member):
    points_credit(member=member, points=1000, kind=Transaction.Kind.EARN)
    lottery = schedule(entries_per_purchase=0, points_per_entry=100)
    first = lottery_entries_buy(lottery=lottery, member=member, entries=3, request_id="req-1")
    again = lottery_entries_buy(lottery=lottery, member=member, entries=3, request_id="req-1")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.record.pk == first.record.pk
    assert points_summary(member=member).balance == 700
    with pytest.raises(EntryRequestReused):
        lottery_entries_buy(lottery=lottery, member=member, entries=4, request_id="req-1")
    tx = first.record.ledger_transaction
    assert tx.points == -300 and "Summer draw" in tx.explanation[0]["params"]["labels"]["en"]
    lottery_entries_buy(lottery=lottery, member=member, entries=2, request_id="req-2")
    lottery = lottery_close(lottery=lottery, at=AFTER)
    assert tickets(lottery, member) == 5
    assert ledger_is_sound()


def test_buying_entries_fails_cleanly(member, make_member, tiers):
    points_credit(member=member, points=250, kind=Transaction.Kind.EARN)
    lottery = schedule(points_per_entry=100)
    with pytest.raises(InsufficientPoints):
        lottery_entries_buy(lottery=lottery, member=member, entries=3, request_id="r")
    with pytest.raises(LotteryNotOpen):
        lottery_entries_buy(lottery=lottery, member=member, entries=1, request_id="r", at=AFTER)
    gold_only = schedule(points_per_entry=100, audience={"tiers": ["gold"]})
    with pytest.raises(NotInLotteryAudience):
        lottery_entries_buy(lottery=gold_only, member=member, entries=1, request_id="r")
    with pytest.raises(LotteryNotOpen):  # this one sells no entries
        lottery_entries_buy(lottery=schedule(), member=member, entries=1, request_id="r")
    assert points_summary(member=member).balance == 250
    assert LotteryPointsEntry.objects.count() == 0


def test_scheduling_validates_everything():
    with pytest.raises(ValidationFailed) as error:
        lottery_schedule(
            names={},
            entry_start=END,
            entry_end=START,
            prizes=[PrizeInput(names={"en": "x"}, count=0)],
            audience={"tiers": ["nope"]},
        )
    assert set(error.value.details) == {"names", "entry_end", "prizes.1.count"}
    with pytest.raises(ValidationFailed) as error:
        schedule(audience={"tiers": ["nope"], "colour": "red"})
    assert "colour" in error.value.details
    assert Lottery.objects.count() == 0


# --- API ---------------------------------------------------------------------------------------


def test_api_lottery_lifecycle_and_public_page(staff_api, api, member, buy, client):
    body = {
        "names": {"en": "Spring draw"},
        "entry_start": START.isoformat(),
        "entry_end": END.isoformat(),
        "prizes": [{"names": {"en": "a bike"}, "count": 1}],
        "entries_per_purchase": 1,
        "points_per_entry": 10,
    }
    first = staff_api.post("/lotteries", body, key="L1")
    assert first.status_code == 201, first.json()
    assert staff_api.post("/lotteries", body, key="L1").json() == first.json()
    assert Lottery.objects.count() == 1
    assert api.post("/lotteries", body).status_code == 403  # a till key may not schedule
    lottery_id = first.json()["lottery_id"]
    page = client.get(f"/api/v1/lotteries/{lottery_id}").json()  # no API key needed
    assert page["commitment"] == first.json()["commitment"] and page["seed"] is None
    points_credit(member=member, points=100, kind=Transaction.Kind.EARN)
    bought = api.post(
        f"/lotteries/{lottery_id}/entries", {"member": member.pk, "entries": 2}, key="E"
    )
    again = api.post(
        f"/lotteries/{lottery_id}/entries", {"member": member.pk, "entries": 2}, key="E"
    )
    assert bought.status_code == 201 and again.json() == bought.json()
    assert bought.json()["balance"]["balance"] == 80
    other = api.post(
        f"/lotteries/{lottery_id}/entries", {"member": member.pk, "entries": 3}, key="E"
    )
    assert other.status_code == 409
    assert LotteryPointsEntry.objects.count() == 1
    assert points_summary(member=member).balance == 80
    Lottery.objects.filter(pk=lottery_id).update(entry_end=timezone.now())
    assert staff_api.post(f"/lotteries/{lottery_id}/close", {}).json()["entries_hash"]
    drawn = staff_api.post(f"/lotteries/{lottery_id}/draw", {})
    assert drawn.status_code == 200
    published = client.get(f"/api/v1/lotteries/{lottery_id}").json()
    assert published["seed"] and draw.verify_published(published) == []
    assert published["winners"][0]["id"] == published["entries"][0]["id"]  # the only entrant
