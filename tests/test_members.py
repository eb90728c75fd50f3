"""Members: enrolment by phone in any digit script, lookup, profile, Jalali dates."""

from __future__ import annotations

import datetime as dt

import pytest

from bashgah.core.calendars import format_date, parse_date
from bashgah.core.cards import is_valid_card_number
from bashgah.core.errors import ValidationFailed
from bashgah.core.phone import InvalidPhone, normalize_phone
from bashgah.members.models import Member
from bashgah.members.selectors import MemberNotFound, member_find
from bashgah.members.services import AlreadyMember, ProfileInput, member_update
from bashgah.purchases.services import member_join

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw",
    [
        "09123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "0912 345 6789",
        "0912-345-6789",
        "+989123456789",
        "00989123456789",
        "+98 912 345 67 89",
        "9123456789",
    ],
)
def test_iranian_mobile_in_any_form(raw):
    assert normalize_phone(raw) == "+989123456789"


def test_israeli_mobile():
    assert normalize_phone("+972 50-234-5678") == "+972502345678"
    assert normalize_phone("050-234-5678", region="IL") == "+972502345678"


@pytest.mark.parametrize("raw", ["", "abc", "021 8888 8888", "+98 21 8888 8888", "0912345"])
def test_not_a_mobile_number(raw):
    with pytest.raises(InvalidPhone):
        normalize_phone(raw)


def test_unsupported_region_says_so():
    with pytest.raises(InvalidPhone) as error:
        normalize_phone("+1 202 555 0123")
    assert error.value.code == "unsupported_phone_region"


def test_one_member_per_phone(member):
    with pytest.raises(AlreadyMember):
        member_join(phone="۰۹۱۲۱۲۳۴۵۶۷")
    assert Member.objects.count() == 1


def test_card_number_and_lookup(member):
    assert is_valid_card_number(member.card_number)
    assert member_find(query="۰۹۱۲ ۱۲۳ ۴۵۶۷") == member
    assert member_find(query=member.card_number) == member
    assert member_find(query=member.qr_payload) == member
    wrong = member.card_number[:-1] + str((int(member.card_number[-1]) + 1) % 10)
    with pytest.raises(MemberNotFound):
        member_find(query=wrong)


def test_profile_validation_changes_nothing(member):
    with pytest.raises(ValidationFailed) as error:
        member_update(
            member=member,
            profile=ProfileInput(email="not-an-email", gender="x"),
            fields={"email", "gender"},
        )
    assert set(error.value.details) == {"email", "gender"}
    member.refresh_from_db()
    assert member.email == ""


def test_jalali_birth_date_in_and_out():
    assert parse_date("۱۳۷۰/۰۵/۱۴") == dt.date(1991, 8, 5)
    assert parse_date("1991-08-05") == dt.date(1991, 8, 5)
    assert format_date(dt.date(1991, 8, 5), "fa") == "۱۳۷۰/۰۵/۱۴"
    assert format_date(dt.date(1991, 8, 5), "en") == "1991-08-05"
    with pytest.raises(ValidationFailed):
        parse_date("1370-13-01")
