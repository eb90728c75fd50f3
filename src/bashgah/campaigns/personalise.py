"""Message templates with personalisation: ``{first_name}``, ``{points}``, ``{tier}`` …

Templates are per language (``{"fa": {"subject": …, "body": …}, …}``); a member reads the one
in their language, else the campaign's first. Placeholders are Python format fields limited
to the names below; anything else is refused when the campaign is saved, never at send time.
Values are loaded for a whole batch of members in a few queries (only those the templates
use), formatted in the member's language (Persian digits, the club's money display).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.core.calendars import format_date, local_date
from bashgah.core.errors import ValidationFailed
from bashgah.core.money import format_points
from bashgah.ledger.models import Account, Lot
from bashgah.members.models import Member
from bashgah.messaging.services.compose import message_compose
from bashgah.tiers.models import MemberTier

PLACEHOLDERS = {
    "first_name": "the member's first name",
    "name": "first and last name",
    "points": "points balance",
    "tier": "tier name",
    "expiring_points": "points expiring in the next 30 days",
    "expiring_date": "when the soonest of them expire",
    "coupon_code": "the recipient's coupon code (coupon offers)",
    "club": "the club's name",
}
LANGUAGES = ("fa", "he", "en")
SMS_MAX_CHARACTERS = 612  # nine concatenated Unicode SMS parts
EXPIRING_DAYS = 30


def template_fields(text: str) -> set[str]:
    """The placeholder names a text uses; raises ValueError on broken braces."""
    names = set()
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise ValueError(field)
        names.add(field)
    return names


def templates_check(templates: Mapping[str, Mapping[str, str]], *, channel: str) -> set[str]:
    """Validate per-language templates; returns the placeholders they use."""
    errors: dict[str, str] = {}
    used: set[str] = set()
    if not isinstance(templates, Mapping) or not templates:
        raise ValidationFailed(
            details={"templates": _("Write the message in at least one language.")}
        )
    for language, template in templates.items():
        key = f"templates.{language}"
        if language not in LANGUAGES:
            errors[key] = _("Languages are fa, he and en.")
            continue
        body = (template or {}).get("body", "").strip() if isinstance(template, Mapping) else ""
        subject = (
            (template or {}).get("subject", "").strip() if isinstance(template, Mapping) else ""
        )
        if not body:
            errors[f"{key}.body"] = _("Write the message.")
        if channel == "email" and not subject:
            errors[f"{key}.subject"] = _("An email needs a subject.")
        if channel == "sms" and len(body) > SMS_MAX_CHARACTERS:
            errors[f"{key}.body"] = _("An SMS may be at most %(n)d characters.") % {
                "n": SMS_MAX_CHARACTERS
            }
        for part, text in (("body", body), ("subject", subject)):
            try:
                names = template_fields(text)
            except ValueError:
                errors[f"{key}.{part}"] = _("Check the braces: write placeholders as {points}.")
                continue
            unknown = names - set(PLACEHOLDERS)
            if unknown:
                errors[f"{key}.{part}"] = _("Unknown placeholders: %(names)s. Use: %(known)s.") % {
                    "names": ", ".join(sorted(unknown)),
                    "known": ", ".join(sorted(PLACEHOLDERS)),
                }
            used |= names
    if errors:
        raise ValidationFailed(_("The message has errors; fix them and try again."), details=errors)
    return used


@dataclass(frozen=True, slots=True)
class Contact:
    member_id: int
    language: str
    phone: str
    email: str
    values: dict[str, str]


def contacts_load(
    member_ids: list[int], *, used: set[str], coupons: Mapping[int, str], at: dt.datetime
) -> list[Contact]:
    """Everything the templates need for these members, in at most four queries."""
    members = list(
        Member.objects.filter(pk__in=member_ids, status=Member.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "language", "phone", "email")
    )
    balances: dict[int, int] = {}
    if "points" in used:
        balances = dict(
            Account.objects.filter(
                member_id__in=member_ids, kind=Account.Kind.MEMBER_POINTS
            ).values_list("member_id", "balance")
        )
    tiers: dict[int, dict[str, str]] = {}
    if "tier" in used:
        tiers = {
            member_id: labels or {}
            for member_id, labels in MemberTier.objects.filter(
                member_id__in=member_ids
            ).values_list("member_id", "tier__labels")
        }
    expiring: dict[int, tuple[int, dt.datetime]] = {}
    if used & {"expiring_points", "expiring_date"}:
        rows = (
            Lot.objects.filter(
                account__member_id__in=member_ids,
                account__kind=Account.Kind.MEMBER_POINTS,
                remaining__gt=0,
                expires_at__gt=at,
                expires_at__lte=at + dt.timedelta(days=EXPIRING_DAYS),
            )
            .values("account__member_id")
            .annotate(points=Sum("remaining"), soonest=Min("expires_at"))
            .values_list("account__member_id", "points", "soonest")
        )
        expiring = {member_id: (points, soonest) for member_id, points, soonest in rows}
    club = str(settings.BASHGAH.get("CLUB_NAME", "Bashgah"))
    contacts = []
    for pk, first, last, language, phone, email in members:
        values = {"first_name": first, "name": f"{first} {last}".strip(), "club": club}
        if "points" in used:
            values["points"] = format_points(balances.get(pk, 0), language)
        if "tier" in used:
            labels = tiers.get(pk, {})
            values["tier"] = labels.get(language) or labels.get("fa") or labels.get("en") or ""
        if pk in expiring:
            points, soonest = expiring[pk]
            values["expiring_points"] = format_points(points, language)
            values["expiring_date"] = format_date(soonest.date(), language)
        else:
            values["expiring_points"] = format_points(0, language)
            values["expiring_date"] = ""
        values["coupon_code"] = coupons.get(pk, "")
        contacts.append(Contact(pk, language, phone or "", email, values))
    return contacts


def render(templates: Mapping[str, Mapping[str, str]], contact: Contact) -> tuple[str, str, str]:
    """(language, subject, body) for one member."""
    language = contact.language if contact.language in templates else next(iter(templates))
    template = templates[language]
    values = contact.values
    subject = template.get("subject", "")
    return (
        language,
        subject.format_map(values) if subject else "",
        template["body"].format_map(values),
    )


_BODY, _SUBJECT = "\x00body\x00", "\x00subject\x00"


class Composer:
    """``messaging.message_compose`` for many members: the compliance text of each language is
    worked out once (around placeholders), then wrapped around every member's text."""

    def __init__(self, *, channel: str, purpose: str = "marketing") -> None:
        self.channel, self.purpose = channel, purpose
        self._shapes: dict[str, tuple[str, str]] = {}

    def __call__(self, *, language: str, subject: str, body: str) -> tuple[str, str]:
        if language not in self._shapes:
            self._shapes[language] = message_compose(
                channel=self.channel,
                purpose=self.purpose,
                language=language,
                body=_BODY,
                subject=_SUBJECT if self.channel == "email" else "",
            )
        subject_shape, body_shape = self._shapes[language]
        return (
            subject_shape.replace(_SUBJECT, subject.strip()) if subject_shape else "",
            body_shape.replace(_BODY, body.strip()),
        )


def preview_contact(language: str) -> Contact:
    """Sample values for the back-office preview."""
    sample = {
        "first_name": {"fa": "سارا", "he": "שרה", "en": "Sara"}[language],
        "name": {"fa": "سارا احمدی", "he": "שרה כהן", "en": "Sara Ahmadi"}[language],
        "points": format_points(1250, language),
        "tier": {"fa": "طلایی", "he": "זהב", "en": "Gold"}[language],
        "expiring_points": format_points(300, language),
        "expiring_date": format_date(local_date(timezone.now()) + dt.timedelta(days=12), language),
        "coupon_code": "7KQ2-MX4P-TR9C",
        "club": str(settings.BASHGAH.get("CLUB_NAME", "Bashgah")),
    }
    return Contact(0, language, "", "", sample)
