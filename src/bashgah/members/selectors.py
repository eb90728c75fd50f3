from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bashgah.core.cards import is_valid_card_number, token_from_qr_payload
from bashgah.core.digits import to_ascii_digits
from bashgah.core.errors import NotFound
from bashgah.core.phone import InvalidPhone, normalize_phone
from bashgah.members.models import Member


class MemberNotFound(NotFound):
    code = "member_not_found"
    default_message = _("No club member matches this.")


def member_get(*, member_id: int) -> Member:
    try:
        return Member.objects.get(pk=member_id)
    except Member.DoesNotExist:
        raise MemberNotFound(details={"member_id": member_id}) from None


def member_by_phone(*, phone: str) -> Member:
    e164 = normalize_phone(phone)
    try:
        return Member.objects.get(phone=e164)
    except Member.DoesNotExist:
        raise MemberNotFound(details={"phone": e164}) from None


def member_by_card(*, card_number: str) -> Member:
    number = to_ascii_digits(card_number).replace(" ", "").replace("-", "")
    try:
        return Member.objects.get(card_number=number)
    except Member.DoesNotExist:
        raise MemberNotFound(details={"card_number": number}) from None


def member_by_qr(*, payload: str) -> Member:
    token = token_from_qr_payload(payload)
    try:
        return Member.objects.get(qr_token=token or "")
    except Member.DoesNotExist:
        raise MemberNotFound() from None


def member_find(*, query: str) -> Member:
    """Whatever the cashier typed or scanned: a QR payload, a card number or a phone number."""
    query = query.strip()
    if token_from_qr_payload(query) is not None:
        return member_by_qr(payload=query)
    if is_valid_card_number(query):
        return member_by_card(card_number=query)
    try:
        return member_by_phone(phone=query)
    except InvalidPhone:
        raise MemberNotFound(details={"query": query}) from None
