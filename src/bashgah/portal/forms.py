"""Parsing what the member typed. Forms only parse (digits in any script, Jalali dates in
Persian); the rules for a valid profile live in ``members.services``, whose errors the views
attach to these forms' fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info

from bashgah.core.calendars import InvalidDate, format_date, parse_date
from bashgah.members.models import Member
from bashgah.members.services import ProfileInput

PROFILE_FIELDS = ("first_name", "last_name", "email", "birth_date", "gender", "city", "language")


class ProfileForm(forms.Form):
    first_name = forms.CharField(required=False, strip=True)
    last_name = forms.CharField(required=False, strip=True)
    email = forms.CharField(required=False, strip=True)
    birth_date = forms.CharField(required=False, strip=True)
    gender = forms.ChoiceField(required=False, choices=Member.Gender.choices)
    city = forms.CharField(required=False, strip=True)
    language = forms.ChoiceField(
        choices=[
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]
    )

    def __init__(self, *args: Any, reader_language: str = "fa", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reader_language = reader_language

    def clean_birth_date(self) -> dt.date | None:
        raw = self.cleaned_data.get("birth_date") or ""
        if not raw:
            return None
        calendar = "jalali" if self.reader_language == "fa" else "gregorian"
        try:
            return parse_date(raw, calendar=calendar)
        except InvalidDate as error:
            raise forms.ValidationError(str(error.message), code="invalid_date") from error

    def profile(self) -> ProfileInput:
        data = self.cleaned_data
        return ProfileInput(
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            email=data.get("email") or "",
            birth_date=data.get("birth_date"),
            gender=data.get("gender") or "",
            city=data.get("city") or "",
            language=data.get("language") or "",
        )

    @staticmethod
    def initial_for(member: Member, reader_language: str) -> dict[str, Any]:
        return {
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "birth_date": format_date(member.birth_date, reader_language)
            if member.birth_date
            else "",
            "gender": member.gender,
            "city": member.city,
            "language": member.language,
        }
