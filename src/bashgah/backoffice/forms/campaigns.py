"""Campaign and automation forms: who, through which channel, the message per language, the
control group, how conversions are counted, and the offer. They parse; ``campaigns.services``
validates (templates and placeholders, the offer's rule) and names each field to fix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.fields import (
    LANGUAGES,
    LocalDateField,
    NumbersForm,
    decimal,
    money_unit,
    whole,
)
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.backoffice.forms.segments import AmountField
from bashgah.campaigns.models import Campaign, Trigger
from bashgah.campaigns.personalise import PLACEHOLDERS
from bashgah.core.calendars import club_zone
from bashgah.core.digits import to_ascii_digits
from bashgah.rewards.models import CouponCampaign
from bashgah.segments.models import Segment

# What each placeholder of ``campaigns.personalise`` stands for, in the reader's language.
PLACEHOLDER_HELP = {
    "first_name": gettext_lazy("the member's first name"),
    "name": gettext_lazy("the member's first and last name"),
    "points": gettext_lazy("their points balance"),
    "tier": gettext_lazy("the name of their tier"),
    "expiring_points": gettext_lazy("their points expiring in the next 30 days"),
    "expiring_date": gettext_lazy("when the soonest of those points expire"),
    "coupon_code": gettext_lazy("their own coupon code (coupon offers)"),
    "club": gettext_lazy("the club's name"),
}
# The bonus offers staff can give, as earning rules of the rules app.
BONUS_MULTIPLIER, BONUS_FIXED = "multiplier", "fixed"
_TIME = re.compile(r"^\s*(\d{1,2})[:.٫](\d{2})\s*$")


def placeholders() -> list[tuple[str, Any]]:
    """Every placeholder with what it stands for (a new one shows its English note)."""
    return [(name, PLACEHOLDER_HELP.get(name, note)) for name, note in PLACEHOLDERS.items()]


def templates_from(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The per-language templates as typed: a language is in when its subject or body is."""
    templates: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        subject = str(data.get(f"subject_{language}") or "").strip()
        body = str(data.get(f"body_{language}") or "").strip()
        if subject or body:
            templates[language] = {"subject": subject, "body": body} if subject else {"body": body}
    return templates


class CampaignForm(NumbersForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)

    def __init__(
        self,
        *args: Any,
        kind: str,
        segments: Sequence[Segment],
        coupon_campaigns: Sequence[CouponCampaign],
        campaign: Campaign | None = None,
        **kwargs: Any,
    ) -> None:
        self.kind = kind
        self.segments = {str(segment.pk): segment for segment in segments}
        self.coupon_campaigns = {str(coupon.pk): coupon for coupon in coupon_campaigns}
        if campaign is not None:
            # A campaign's own segment or coupon batch stays choosable after it is retired, so
            # the form shows what was saved (the service refuses it on a save).
            if campaign.segment_id and str(campaign.segment_id) not in self.segments:
                self.segments[str(campaign.segment_id)] = campaign.segment  # type: ignore[assignment]
            coupon_id = campaign.offer_coupon_campaign_id
            if coupon_id and str(coupon_id) not in self.coupon_campaigns:
                self.coupon_campaigns[str(coupon_id)] = campaign.offer_coupon_campaign  # type: ignore[assignment]
            if "initial" not in kwargs:
                kwargs["initial"] = initial_of(campaign)
        super().__init__(*args, **kwargs)
        automation = kind == Campaign.Kind.AUTOMATION
        fields: dict[str, forms.Field] = {}
        if automation:
            fields["trigger"] = forms.ChoiceField(
                label=gettext_lazy("Sent when"), choices=Trigger.choices
            )
        fields["channel"] = forms.ChoiceField(
            label=gettext_lazy("Channel"), choices=Campaign.Channel.choices
        )
        fields["segment"] = forms.ChoiceField(
            label=gettext_lazy("To"),
            required=False,
            choices=[
                ("", _("every active member") if not automation else _("every member it fires for"))
            ]
            + [(pk, segment.name) for pk, segment in self.segments.items()],
            help_text=(
                gettext_lazy("Only members in this segment, as last refreshed.")
                if automation
                else gettext_lazy("The segment is refreshed when the campaign starts.")
            ),
        )
        for language, language_name in LANGUAGE_NAMES.items():
            direction = "ltr" if language == "en" else "rtl"
            fields[f"subject_{language}"] = forms.CharField(
                label=_("%(what)s (%(language)s)")
                % {"what": _("Subject"), "language": language_name},
                required=False,
                max_length=200,
                help_text=gettext_lazy("E-mail only."),
                widget=forms.TextInput(attrs={"dir": direction, "lang": language}),
            )
            fields[f"body_{language}"] = forms.CharField(
                label=_("%(what)s (%(language)s)")
                % {"what": _("Message"), "language": language_name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "dir": direction, "lang": language}),
            )
        fields["control_percent"] = whole(
            label=gettext_lazy("Control group (%)"),
            initial=10,
            help_text=gettext_lazy(
                "Members picked at random and not told, to measure what the message changed. "
                "0 to 50."
            ),
        )
        fields["conversion_days"] = whole(
            label=gettext_lazy("Count purchases for (days)"),
            initial=14,
            help_text=gettext_lazy("A member converted when they bought within this many days."),
        )
        offers = [
            (value, label)
            for value, label in Campaign.Offer.choices
            if not (automation and value == Campaign.Offer.BONUS_RULE)
        ]
        fields["offer"] = forms.ChoiceField(
            label=gettext_lazy("Offer"),
            choices=offers,
            initial=Campaign.Offer.NONE,
            widget=forms.RadioSelect,
        )
        if not automation:
            fields["offer_kind"] = forms.ChoiceField(
                label=gettext_lazy("Bonus"),
                required=False,
                choices=[
                    (BONUS_MULTIPLIER, gettext_lazy("points multiplied on every purchase")),
                    (BONUS_FIXED, gettext_lazy("fixed bonus points on each purchase")),
                ],
                initial=BONUS_MULTIPLIER,
            )
            fields["offer_multiplier"] = decimal(
                label=gettext_lazy("Multiplier"),
                required=False,
                help_text=gettext_lazy("More than 1, e.g. 2 for double points."),
            )
            fields["offer_points"] = whole(label=gettext_lazy("Bonus points"), required=False)
            fields["offer_minimum"] = AmountField(
                label=_("On purchases of at least (%(unit)s)") % {"unit": money_unit()},
                help_text=gettext_lazy("Empty: any purchase."),
            )
            fields["offer_days"] = whole(
                label=gettext_lazy("For (days)"),
                required=False,
                help_text=gettext_lazy("From the start of sending; 1 to 90."),
            )
        fields["offer_coupon_campaign"] = forms.ChoiceField(
            label=gettext_lazy("Coupon batch"),
            required=False,
            choices=[("", "—")]
            + [(pk, coupon.name) for pk, coupon in self.coupon_campaigns.items()],
            help_text=gettext_lazy("A batch whose codes are each for one member."),
        )
        self.fields.update(fields)

    def disable(self) -> None:
        """Show the saved campaign without letting it be changed."""
        for field in self.fields.values():
            field.disabled = True

    def templates(self) -> dict[str, dict[str, str]]:
        return templates_from(self.cleaned_data)

    def offer_rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data.get("offer") != Campaign.Offer.BONUS_RULE:
            return {}
        rule: dict[str, Any] = {}
        if data.get("offer_kind") == BONUS_FIXED:
            params: dict[str, Any] = {"minimum_amount": data.get("offer_minimum") or 1}
            if data.get("offer_points") is not None:
                params["points"] = data["offer_points"]
            rule = {"type": "minimum_basket", "params": params}
        else:
            multiplier = data.get("offer_multiplier")
            rule = {
                "type": "time_window",
                "params": {} if multiplier is None else {"multiplier": str(multiplier)},
            }
        if data.get("offer_days") is not None:
            rule["days"] = data["offer_days"]
        return rule

    def values(self) -> dict[str, Any]:
        """The campaign's fields as ``campaign_create`` and ``campaign_update`` take them."""
        data = self.cleaned_data
        offer = data["offer"]
        values: dict[str, Any] = {
            "name": data["name"],
            "channel": data["channel"],
            "segment": self.segments.get(data.get("segment") or ""),
            "templates": self.templates(),
            "control_percent": data["control_percent"],
            "conversion_days": data["conversion_days"],
            "offer": offer,
            "offer_rule": self.offer_rule(),
            "offer_coupon_campaign": (
                self.coupon_campaigns.get(data.get("offer_coupon_campaign") or "")
                if offer == Campaign.Offer.COUPON
                else None
            ),
        }
        if self.kind == Campaign.Kind.AUTOMATION:
            values["trigger"] = data["trigger"]
        return values

    def field_for(self, key: str) -> str | None:
        """The field a service error key is about ("templates.fa.body" -> body_fa)."""
        parts = key.split(".")
        if parts[0] == "templates":
            if len(parts) == 3 and parts[2] in ("body", "subject"):
                name = f"{parts[2]}_{parts[1]}"
                return name if name in self.fields else None
            return "body_fa" if len(parts) == 1 else None
        if parts[0] == "offer_rule":
            target = {
                "days": "offer_days",
                "multiplier": "offer_multiplier",
                "points": "offer_points",
                "minimum_amount": "offer_minimum",
            }.get(parts[-1], "offer_kind")
            return target if target in self.fields else "offer"
        return key if key in self.fields else None

    def layout(self) -> dict[str, list[forms.BoundField]]:
        names = {
            "main": ["name", "trigger", "channel", "segment", "control_percent", "conversion_days"],
            "bonus": [
                "offer_kind",
                "offer_multiplier",
                "offer_points",
                "offer_minimum",
                "offer_days",
            ],
            "coupon": ["offer_coupon_campaign"],
        }
        return {
            group: [self[name] for name in fields if name in self.fields]
            for group, fields in names.items()
        }

    def languages(self) -> list[tuple[str, Any, forms.BoundField, forms.BoundField]]:
        return [
            (language, name, self[f"subject_{language}"], self[f"body_{language}"])
            for language, name in LANGUAGE_NAMES.items()
        ]


def initial_of(campaign: Campaign) -> dict[str, Any]:
    templates = campaign.templates or {}
    initial: dict[str, Any] = {
        "name": campaign.name,
        "trigger": campaign.trigger,
        "channel": campaign.channel,
        "segment": str(campaign.segment_id or ""),
        "control_percent": campaign.control_percent,
        "conversion_days": campaign.conversion_days,
        "offer": campaign.offer,
        "offer_coupon_campaign": str(campaign.offer_coupon_campaign_id or ""),
    }
    for language in LANGUAGES:
        template = templates.get(language) or {}
        initial[f"subject_{language}"] = template.get("subject", "")
        initial[f"body_{language}"] = template.get("body", "")
    rule = campaign.offer_rule or {}
    params = rule.get("params") or {}
    if rule.get("type") == "minimum_basket":
        initial["offer_kind"] = BONUS_FIXED
        initial["offer_points"] = params.get("points")
        minimum = params.get("minimum_amount")
        initial["offer_minimum"] = minimum if minimum and minimum > 1 else None
    elif rule:
        initial["offer_kind"] = BONUS_MULTIPLIER
        multiplier = params.get("multiplier")
        initial["offer_multiplier"] = Decimal(multiplier) if multiplier else None
    initial["offer_days"] = rule.get("days")
    return initial


class ScheduleForm(forms.Form):
    """When to start sending: a day in the reader's calendar and a time of the club's day."""

    day = LocalDateField(label=gettext_lazy("Day"))
    time = forms.CharField(
        label=gettext_lazy("Time (the club's time zone)"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"placeholder": "09:30", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def clean_time(self) -> dt.time:
        match = _TIME.match(to_ascii_digits(self.cleaned_data["time"]))
        hour, minute = (int(part) for part in match.groups()) if match else (99, 99)
        if hour > 23 or minute > 59:
            raise forms.ValidationError(_("Type the time as hours and minutes, e.g. 09:30."))
        return dt.time(hour, minute)

    def moment(self) -> dt.datetime:
        return dt.datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["time"], tzinfo=club_zone()
        )

    def field_for(self, key: str) -> str | None:
        return "day" if key == "scheduled_at" else None
