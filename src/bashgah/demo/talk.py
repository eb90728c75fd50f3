"""The demo club talks to its members: consent, lifecycle scores, saved segments, a past
campaign with a control group (so its results page has something to show) and automations.
Idempotent: everything is found by name before it is made."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from bashgah.audiences.services import audiences_recompute, segment_create
from bashgah.campaigns.models import Campaign
from bashgah.campaigns.services import (
    automation_switch,
    campaign_create,
    campaign_fan_out,
    campaign_launch,
)
from bashgah.members.consent import consent_set
from bashgah.members.models import ConsentRecord, Member
from bashgah.segments.models import Segment

SEGMENTS = (
    ("مشتریان وفادار", "Loyal members", {"lifecycle": ["loyal"]}),
    ("در خطر ریزش", "At risk of leaving", {"lifecycle": ["at_risk"]}),
    ("دوستداران لبنیات", "Dairy lovers", {"categories": ["dairy"], "categories_within_days": 90}),
    ("پرخرج‌ها", "Big spenders", {"monetary_scores": [5]}),
)

AUTOMATIONS = {
    "welcome": {
        "fa": "{first_name} عزیز، به باشگاه {club} خوش آمدید! با هر خرید امتیاز بگیرید.",
        "he": "{first_name}, ברוכים הבאים למועדון {club}! צברו נקודות בכל קנייה.",
        "en": "Welcome to the {club} club, {first_name}! Every purchase earns points.",
    },
    "birthday": {
        "fa": "{first_name} عزیز، تولدتان مبارک! {club} به یادتان است.",
        "he": "{first_name}, יום הולדת שמח מ-{club}!",
        "en": "Happy birthday, {first_name}, from {club}!",
    },
    "win_back": {
        "fa": "{first_name}، دلمان برایتان تنگ شده! {points} امتیاز منتظر شماست.",
        "he": "{first_name}, התגעגענו! {points} נקודות מחכות לכם.",
        "en": "We miss you, {first_name}! {points} points are waiting for you.",
    },
    "points_expiring": {
        "fa": "{first_name}، {expiring_points} امتیاز شما تا {expiring_date} منقضی می‌شود.",
        "he": "{first_name}, {expiring_points} נקודות יפוגו עד {expiring_date}.",
        "en": "{first_name}, {expiring_points} of your points expire by {expiring_date}.",
    },
    "tier_up": {
        "fa": "تبریک {first_name}! اکنون عضو سطح {tier} هستید.",
        "he": "מזל טוב {first_name}! עכשיו אתם בדרגת {tier}.",
        "en": "Congratulations {first_name}! You are now {tier}.",
    },
}


def _consent(seed: int) -> None:
    """Two in three members agreed to texts when they joined (prior consent, recorded)."""
    if ConsentRecord.objects.exists():
        return
    chooser = random.Random(seed)
    for member in Member.objects.filter(status=Member.Status.ACTIVE).order_by("pk"):
        if chooser.random() < 2 / 3:
            consent_set(
                member=member, channel="sms", granted=True, source="cashier", at=member.enrolled_at
            )


def _segments(at: dt.datetime) -> dict[str, Segment]:
    found = {}
    for name_fa, description, definition in SEGMENTS:
        segment = Segment.objects.filter(name=name_fa, status=Segment.Status.ACTIVE).first()
        found[description] = segment or segment_create(
            name=name_fa, description=description, definition=definition, at=at
        )
    return found


def _campaign(segment: Segment, at: dt.datetime) -> None:
    name = "یلدا: امتیاز دوبرابر برای دوستداران لبنیات"
    if Campaign.objects.filter(name=name).exists():
        return
    campaign = campaign_create(
        name=name,
        channel="sms",
        segment=segment,
        control_percent=20,
        conversion_days=14,
        templates={
            "fa": {"body": "{first_name} عزیز، این هفته در {club} امتیاز دوبرابر بگیرید!"},
            "he": {"body": "{first_name}, השבוע נקודות כפולות ב-{club}!"},
            "en": {"body": "{first_name}, double points at {club} this week!"},
        },
        offer="bonus_rule",
        offer_rule={
            "type": "time_window",
            "params": {"multiplier": "2"},
            "days": 7,
            "labels": {"fa": "یلدا", "he": "ילדה", "en": "Yalda"},
        },
    )
    campaign = campaign_launch(campaign=campaign, at=at)
    campaign_fan_out(campaign=campaign, at=at)


def _automations() -> None:
    for trigger, texts in AUTOMATIONS.items():
        if Campaign.objects.filter(kind=Campaign.Kind.AUTOMATION, trigger=trigger).exists():
            continue
        automation = campaign_create(
            kind=Campaign.Kind.AUTOMATION,
            name=str(trigger),
            channel="sms",
            trigger=trigger,
            control_percent=10,
            templates={language: {"body": body} for language, body in texts.items()},
        )
        automation_switch(campaign=automation, on=True)


def demo_talk(*, seed: int, end: dt.datetime) -> None:
    """Run after the purchases are replayed; ``end`` is the demo's "now"."""
    _consent(seed)
    audiences_recompute(at=end)
    with transaction.atomic():
        segments = _segments(end)
        _campaign(segments["Dairy lovers"], end - dt.timedelta(days=40))
        _automations()
