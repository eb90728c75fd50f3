"""From drafts to planned purchases: members and stores looked up in bulk, every purchase
checked by the same ``validate_purchase`` the live earn loop uses. A purchase with any bad row
is rejected whole, with a message on each of its bad rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.core.cards import is_valid_card_number, token_from_qr_payload
from bashgah.core.digits import to_ascii_digits
from bashgah.core.phone import InvalidPhone, normalize_phone
from bashgah.members.models import Member
from bashgah.members.services import MemberHasLeft
from bashgah.purchases.imports.reading import Draft, Reading
from bashgah.purchases.imports.summary import RowError
from bashgah.purchases.services.inputs import (
    MAX_AMOUNT,
    InvalidPurchase,
    LineInput,
    payload_hash,
    validate_purchase,
)
from bashgah.stores.models import Store

LOOKUP_CHUNK = 2_000
_MEMBER_ID = re.compile(r"[0-9]{1,9}")  # as in the API: fewer than 10 digits is a member id

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True, slots=True)
class PlannedPurchase:
    """A purchase ready to record: valid, with its member and store found."""

    external_id: str
    member_id: int
    store_id: int
    store_code: str
    lines: list[LineInput]
    total: int
    currency: str
    paid_at: dt.datetime
    line_numbers: list[int]

    def digest(self) -> str:
        """The payload hash ``purchase_record`` computes, so a retry through the API agrees."""
        return payload_hash(
            member=self.member_id,
            store=self.store_code,
            lines=self.lines,
            total=self.total,
            currency=self.currency,
            paid_at=self.paid_at,
        )


@dataclass(slots=True)
class Plan:
    by_member: dict[int, list[PlannedPurchase]]  # each member's purchases in paid_at order
    count: int
    errors: list[RowError] = field(default_factory=list)
    purchases_rejected: int = 0
    rows_rejected: int = 0


@dataclass(frozen=True, slots=True)
class FoundMember:
    member_id: int
    is_active: bool


def _lookup(column: str, wanted: dict[str, list[str]], found: dict[str, FoundMember]) -> None:
    keys = list(wanted)
    for chunk in chunks(keys):
        rows = Member.objects.filter(**{f"{column}__in": chunk}).values_list(column, "pk", "status")
        for key, pk, status in rows:
            for reference in wanted[str(key)]:
                found[reference] = FoundMember(pk, status == Member.Status.ACTIVE)


def members_resolve(references: set[str]) -> dict[str, FoundMember]:
    """Members by what the file says: a member id (fewer than 10 digits, as in the API), a QR
    payload, a card number or a mobile number, in any digit script."""
    by: dict[str, dict[str, list[str]]] = {"pk": {}, "qr_token": {}, "card_number": {}, "phone": {}}
    for reference in references:
        text = to_ascii_digits(reference)
        if _MEMBER_ID.fullmatch(text):
            by["pk"].setdefault(str(int(text)), []).append(reference)
        elif (token := token_from_qr_payload(reference)) is not None:
            by["qr_token"].setdefault(token, []).append(reference)
        elif is_valid_card_number(reference):
            number = text.replace(" ", "").replace("-", "")
            by["card_number"].setdefault(number, []).append(reference)
        else:
            try:
                by["phone"].setdefault(normalize_phone(reference), []).append(reference)
            except InvalidPhone:
                continue
    found: dict[str, FoundMember] = {}
    for column, wanted in by.items():
        _lookup(column, wanted, found)
    return found


def stores_by_code() -> dict[str, tuple[int, str]]:
    return {
        code: (pk, code)
        for pk, code in Store.objects.filter(is_active=True).values_list("pk", "code")
    }


def _problems(
    draft: Draft, member: FoundMember | None, store: tuple[int, str] | None, total: int
) -> dict[int, list[str]]:
    """Every message for every bad row of the draft; empty when it can be recorded."""
    problems = {line: list(messages) for line, messages in draft.problems.items()}
    everywhere: list[str] = []  # what is wrong with the purchase is wrong on each of its rows
    if not draft.shared_from:
        pass  # no row could be read at all; each already says why
    elif member is None:
        everywhere.append(_("No club member matches %(member)s.") % {"member": draft.member})
    elif not member.is_active:
        everywhere.append(str(MemberHasLeft.default_message))
    if draft.shared_from and store is None:
        everywhere.append(_("There is no store with the code %(store)s.") % {"store": draft.store})
    if total > MAX_AMOUNT:
        everywhere.append(_("The purchase total is too large."))
    if draft.lines:
        try:
            validate_purchase(
                external_id=draft.external_id,
                lines=draft.lines,
                total=total,
                currency=draft.currency,
                paid_at=draft.paid_at or timezone.now(),
            )
        except InvalidPurchase as exc:
            details = dict(exc.details)
            if any(key.startswith("lines.") for key in details):
                details.pop("total", None)  # the file has no total: it follows from the lines
            for key, message in details.items():
                parts = key.split(".")
                if parts[0] == "lines" and len(parts) == 3:
                    problems.setdefault(draft.lines_at[int(parts[1]) - 1], []).append(message)
                else:
                    everywhere.append(message)
    if everywhere:
        for line in draft.line_numbers:
            problems.setdefault(line, []).extend(everywhere)
    return problems


def plan_purchases(reading: Reading) -> Plan:
    """Check every draft; valid ones are grouped by member and put in paid_at order."""
    members = members_resolve({draft.member for draft in reading.drafts.values()})
    stores = stores_by_code()
    plan = Plan(by_member={}, count=0, errors=list(reading.stray_errors))
    plan.rows_rejected = len(reading.stray_errors)
    for draft in reading.drafts.values():
        member, store = members.get(draft.member), stores.get(draft.store)
        total = sum(line.quantity * line.unit_price for line in draft.lines)
        problems = _problems(draft, member, store, total)
        if problems:
            plan.purchases_rejected += 1
            plan.rows_rejected += len(draft.line_numbers)
            plan.errors.extend(
                RowError(
                    line=line,
                    message=" ".join(dict.fromkeys(messages)),
                    external_id=draft.external_id,
                )
                for line, messages in sorted(problems.items())
            )
            continue
        assert member is not None and store is not None and draft.paid_at is not None
        planned = PlannedPurchase(
            external_id=draft.external_id,
            member_id=member.member_id,
            store_id=store[0],
            store_code=store[1],
            lines=draft.lines,
            total=total,
            currency=draft.currency,
            paid_at=draft.paid_at,
            line_numbers=draft.line_numbers,
        )
        plan.by_member.setdefault(member.member_id, []).append(planned)
        plan.count += 1
    for purchases in plan.by_member.values():
        purchases.sort(key=lambda purchase: (purchase.paid_at, purchase.line_numbers[0]))
    plan.errors.sort(key=lambda error: error.line)
    return plan
