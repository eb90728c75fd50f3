"""Lottery writes: schedule (commit to a secret seed), sell entries for points, close (freeze
and publish the entry list), draw (pick winners, reveal the seed, tell the winners).

Entries from purchases are computed at close from the purchases in the window, net of
returns, rather than counted live from ``purchase.recorded`` events: a return after the
purchase then needs no second handler, and the frozen count is exact. Returns recorded after
close do not change a frozen list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.audiences.filters import audience_members, audience_parse
from bashgah.core.errors import Conflict, NotFound, ValidationFailed
from bashgah.core.sms import send_sms
from bashgah.events.services import event_emit, events_emit
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_debit
from bashgah.lotteries import draw
from bashgah.lotteries.lock_objects import lottery_lock
from bashgah.lotteries.models import (
    Lottery,
    LotteryEntrant,
    LotteryPointsEntry,
    LotteryPrize,
    LotteryWinner,
)
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.stores.models import Store

LANGUAGES = ("fa", "he", "en")
MAX_ENTRIES_PER_REQUEST = 10_000


class LotteryNotFound(NotFound):
    code = "lottery_not_found"
    default_message = gettext_lazy("There is no such lottery.")


class LotteryNotOpen(Conflict):
    code = "lottery_not_open"
    default_message = gettext_lazy("This lottery is not open for entries now.")


class LotteryWrongState(Conflict):
    code = "lottery_wrong_state"
    default_message = gettext_lazy("The lottery cannot do this in its current state.")


class NotInLotteryAudience(Conflict):
    code = "not_in_lottery_audience"
    default_message = gettext_lazy("This lottery is not open to this member.")


class EntryRequestReused(Conflict):
    code = "entry_request_reused"
    default_message = gettext_lazy(
        "This request was already used to buy a different number of entries."
    )


@dataclass(frozen=True, slots=True)
class PrizeInput:
    names: dict[str, str]
    count: int


def lottery_get(*, lottery_id: int) -> Lottery:
    try:
        return Lottery.objects.get(pk=lottery_id)
    except Lottery.DoesNotExist:
        raise LotteryNotFound(details={"lottery_id": lottery_id}) from None


def _check_names(names: dict[str, str], field: str, errors: dict[str, str]) -> None:
    if not isinstance(names, dict) or not any(
        isinstance(names.get(language), str) and names[language].strip() for language in LANGUAGES
    ):
        errors[field] = _("Give a name in at least one of fa, he or en.")
    elif any(len(str(value)) > 200 for value in names.values()):
        errors[field] = _("A name has at most 200 characters.")


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lottery_schedule(
    *,
    names: dict[str, str],
    entry_start: dt.datetime,
    entry_end: dt.datetime,
    prizes: list[PrizeInput],
    audience: dict[str, Any] | None = None,
    entries_per_purchase: int = 0,
    amount_per_entry: int = 0,
    points_per_entry: int = 0,
    at: dt.datetime | None = None,
) -> Lottery:
    """Create a lottery and commit to its draw: a fresh 256-bit seed is stored and only its
    SHA-256 is published until the draw."""
    at = at or timezone.now()
    errors: dict[str, str] = {}
    _check_names(names, "names", errors)
    if timezone.is_naive(entry_start) or timezone.is_naive(entry_end):
        errors["entry_end"] = _("Give the time with its time zone.")
    elif entry_end <= entry_start:
        errors["entry_end"] = _("The period must end after it starts.")
    for name, value in (
        ("entries_per_purchase", entries_per_purchase),
        ("amount_per_entry", amount_per_entry),
        ("points_per_entry", points_per_entry),
    ):
        if not _whole(value) or value < 0:
            errors[name] = _("A whole number, zero or more.")
    if not errors and not (entries_per_purchase or amount_per_entry or points_per_entry):
        errors["entries_per_purchase"] = _(
            "Say how entries are earned: per purchase, per amount spent or with points."
        )
    if not prizes:
        errors["prizes"] = _("A lottery needs at least one prize.")
    for number, prize in enumerate(prizes, start=1):
        _check_names(prize.names, f"prizes.{number}.names", errors)
        if not _whole(prize.count) or not 1 <= prize.count <= 10_000:
            errors[f"prizes.{number}.count"] = _("Between 1 and 10,000 winners.")
    if errors:
        raise ValidationFailed(_("The lottery has errors; nothing was saved."), details=errors)
    parsed = audience_parse(audience)
    seed = secrets.token_bytes(32)
    with transaction.atomic():
        lottery = Lottery.objects.create(
            names=names,
            entry_start=entry_start,
            entry_end=entry_end,
            audience=parsed.model_dump(mode="json"),
            entries_per_purchase=entries_per_purchase,
            amount_per_entry=amount_per_entry,
            points_per_entry=points_per_entry,
            seed=seed.hex(),
            commitment=draw.commitment_of(seed),
            created_at=at,
        )
        LotteryPrize.objects.bulk_create(
            LotteryPrize(lottery=lottery, position=number, names=prize.names, count=prize.count)
            for number, prize in enumerate(prizes, start=1)
        )
        event_emit(
            topic="lottery.scheduled",
            aggregate_type="lottery",
            aggregate_id=lottery.pk,
            payload={"lottery_id": lottery.pk, "commitment": lottery.commitment},
        )
    return lottery


def _in_audience(lottery: Lottery, member: Member) -> bool:
    audience = audience_parse(lottery.audience)
    return audience_members(audience).filter(pk=member.pk).exists()


def _entries_explanation(lottery: Lottery, entries: int) -> list[dict[str, Any]]:
    labels = {}
    for language in LANGUAGES:
        with translation.override(language):
            labels[language] = _("%(entries)d entries in the lottery %(lottery)s") % {
                "entries": entries,
                "lottery": lottery.name(language),
            }
    return [{"code": "reward", "points": 0, "params": {"labels": labels}}]


@dataclass(frozen=True, slots=True)
class EntriesBought:
    record: LotteryPointsEntry
    replayed: bool


def lottery_entries_buy(
    *,
    lottery: Lottery,
    member: Member,
    entries: int,
    request_id: str,
    at: dt.datetime | None = None,
) -> EntriesBought:
    """Spend ``points_per_entry × entries`` points for entries. ``request_id`` (the caller's
    idempotency key) makes a retry return the first result instead of spending again."""
    at = at or timezone.now()
    request_id = (request_id or "").strip()
    errors: dict[str, str] = {}
    if not request_id or len(request_id) > 200:
        errors["request_id"] = _("Give a request id of at most 200 characters.")
    if not _whole(entries) or not 1 <= entries <= MAX_ENTRIES_PER_REQUEST:
        errors["entries"] = _("Between 1 and 10,000 entries.")
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        lottery = lottery_lock(lottery_id=lottery.pk)
        existing = LotteryPointsEntry.objects.filter(
            lottery=lottery, member=member, request_id=request_id
        ).first()
        if existing is not None:
            if existing.entries != entries:
                raise EntryRequestReused(details={"request_id": request_id})
            return EntriesBought(record=existing, replayed=True)
        if not lottery.points_per_entry:
            raise LotteryNotOpen(_("Entries to this lottery are not sold for points."))
        if lottery.status != Lottery.Status.SCHEDULED or not (
            lottery.entry_start <= at < lottery.entry_end
        ):
            raise LotteryNotOpen()
        if not _in_audience(lottery, member):
            raise NotInLotteryAudience()
        points = entries * lottery.points_per_entry
        tx = points_debit(
            member=member,
            points=points,
            kind=Transaction.Kind.REDEEM,
            explanation=_entries_explanation(lottery, entries),
            reason=f"lottery {lottery.pk}",
            reference=Reference(type="lottery", id=str(lottery.pk)),
            at=at,
        )
        record = LotteryPointsEntry.objects.create(
            lottery=lottery,
            member=member,
            request_id=request_id,
            entries=entries,
            points=points,
            ledger_transaction=tx,
            created_at=at,
        )
        event_emit(
            topic="lottery.entries_bought",
            aggregate_type="lottery",
            aggregate_id=lottery.pk,
            payload={"lottery_id": lottery.pk, "member_id": member.pk, "entries": entries},
        )
    return EntriesBought(record=record, replayed=False)


def pseudonym_for(*, lottery_id: int, member_id: int) -> str:
    """The member's published id in one lottery: a keyed hash, so the list names nobody, and a
    member's ids in two lotteries cannot be linked. The portal shows a member their own."""
    message = f"bashgah-lottery:{lottery_id}:member:{member_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:20]


def entries_from_purchases(lottery: Lottery) -> dict[int, int]:
    """Tickets per member id earned by purchases in the window, net of returns: a fully
    returned purchase earns nothing, a partly returned one counts what was kept."""
    if not (lottery.entries_per_purchase or lottery.amount_per_entry):
        return {}
    audience = audience_parse(lottery.audience)
    purchases = Purchase.objects.filter(
        paid_at__gte=lottery.entry_start,
        paid_at__lt=lottery.entry_end,
        total__gt=F("returned_amount"),
        member__in=audience_members(audience).values("pk"),
    )
    if audience.stores:
        purchases = purchases.filter(store__in=Store.objects.filter(code__in=audience.stores))
    tickets: dict[int, int] = defaultdict(int)
    if lottery.entries_per_purchase:
        for member_id, count in (
            purchases.values("member_id").annotate(n=Count("pk")).values_list("member_id", "n")
        ):
            tickets[member_id] += count * lottery.entries_per_purchase
    if lottery.amount_per_entry:
        per_amount = purchases.values("member_id").annotate(
            n=Sum((F("total") - F("returned_amount")) / lottery.amount_per_entry)
        )
        for member_id, count in per_amount.values_list("member_id", "n"):
            tickets[member_id] += int(count or 0)
    return {member_id: count for member_id, count in tickets.items() if count > 0}


def lottery_close(*, lottery: Lottery, at: dt.datetime | None = None) -> Lottery:
    """Freeze the entry list and publish it with its hash. Only after the entry window."""
    at = at or timezone.now()
    with transaction.atomic():
        lottery = lottery_lock(lottery_id=lottery.pk)
        if lottery.status != Lottery.Status.SCHEDULED:
            raise LotteryWrongState(details={"status": lottery.status})
        if at < lottery.entry_end:
            raise LotteryWrongState(_("Entries close at the end of the entry period."))
        from_purchases = entries_from_purchases(lottery)
        from_points: dict[int, int] = dict(
            LotteryPointsEntry.objects.filter(lottery=lottery, member__status=Member.Status.ACTIVE)
            .values("member_id")
            .annotate(n=Sum("entries"))
            .values_list("member_id", "n")
        )
        entrants = [
            LotteryEntrant(
                lottery=lottery,
                member_id=member_id,
                pseudonym=pseudonym_for(lottery_id=lottery.pk, member_id=member_id),
                tickets=from_purchases.get(member_id, 0) + from_points.get(member_id, 0),
                tickets_from_purchases=from_purchases.get(member_id, 0),
                tickets_from_points=from_points.get(member_id, 0),
            )
            for member_id in sorted(set(from_purchases) | set(from_points))
        ]
        LotteryEntrant.objects.bulk_create(entrants)
        published = [draw.Entry(id=e.pseudonym, tickets=e.tickets) for e in entrants]
        lottery.entries = [
            {"id": entry.id, "tickets": entry.tickets}
            for entry in sorted(published, key=lambda entry: entry.id)
        ]
        lottery.entries_hash = draw.entries_hash_of(published)
        lottery.status = Lottery.Status.CLOSED
        lottery.closed_at = at
        lottery.save(update_fields=["entries", "entries_hash", "status", "closed_at"])
        event_emit(
            topic="lottery.closed",
            aggregate_type="lottery",
            aggregate_id=lottery.pk,
            payload={
                "lottery_id": lottery.pk,
                "entrants": len(entrants),
                "entries_hash": lottery.entries_hash,
            },
        )
    return lottery


def lottery_draw(*, lottery: Lottery, at: dt.datetime | None = None) -> Lottery:
    """Draw the winners from the frozen list, reveal the seed, and tell each winner (an outbox
    event, and an SMS in their language after commit)."""
    at = at or timezone.now()
    with transaction.atomic():
        lottery = lottery_lock(lottery_id=lottery.pk)
        if lottery.status != Lottery.Status.CLOSED:
            raise LotteryWrongState(details={"status": lottery.status})
        prizes = list(lottery.prizes.order_by("position"))
        slots = [prize for prize in prizes for _ in range(prize.count)]
        entries = [draw.Entry(id=item["id"], tickets=item["tickets"]) for item in lottery.entries]
        drawn = draw.draw_winners(
            seed=bytes.fromhex(lottery.seed), entries=entries, count=len(slots)
        )
        by_pseudonym = {
            entrant.pseudonym: entrant
            for entrant in LotteryEntrant.objects.filter(lottery=lottery).select_related("member")
        }
        winners = [
            LotteryWinner(
                lottery=lottery, round=number, entrant=by_pseudonym[pseudonym], prize=slots[number]
            )
            for number, pseudonym in enumerate(drawn)
        ]
        LotteryWinner.objects.bulk_create(winners)
        lottery.status = Lottery.Status.DRAWN
        lottery.drawn_at = at
        lottery.save(update_fields=["status", "drawn_at"])
        events_emit(
            [
                (
                    "lottery.won",
                    "lottery",
                    lottery.pk,
                    {
                        "lottery_id": lottery.pk,
                        "member_id": winner.entrant.member_id,
                        "round": winner.round,
                        "prize": winner.prize.position,
                        "prize_names": winner.prize.names,
                    },
                )
                for winner in winners
            ]
            + [
                (
                    "lottery.drawn",
                    "lottery",
                    lottery.pk,
                    {"lottery_id": lottery.pk, "seed": lottery.seed, "winners": len(winners)},
                )
            ]
        )
        messages = [_winner_message(lottery, winner) for winner in winners]
        transaction.on_commit(lambda: _send_all(messages))
    return lottery


def _winner_message(lottery: Lottery, winner: LotteryWinner) -> tuple[str, str] | None:
    member = winner.entrant.member
    if not member.phone or member.status != Member.Status.ACTIVE:
        return None
    with translation.override(member.language):
        text = _("Congratulations! You won %(prize)s in %(lottery)s. We will be in touch.") % {
            "prize": winner.prize.name(member.language),
            "lottery": lottery.name(member.language),
        }
    return member.phone, text


def _send_all(messages: list[tuple[str, str] | None]) -> None:
    for message in messages:
        if message is not None:
            send_sms(phone=message[0], text=message[1])
