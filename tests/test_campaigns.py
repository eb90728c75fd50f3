"""Campaigns and automations: validation, control groups, resumable fan-out, offers, results
with lift, and every trigger. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from django.utils import timezone

from bashgah.audiences.services import audiences_recompute, segment_create
from bashgah.campaigns.models import Campaign, Recipient
from bashgah.campaigns.selectors import GroupResult, campaign_results, lift_of
from bashgah.campaigns.services import (
    CampaignStateError,
    automation_switch,
    campaign_cancel,
    campaign_create,
    campaign_fan_out,
    campaign_launch,
    campaign_schedule,
    campaigns_run_due,
    in_control,
)
from bashgah.core.errors import ValidationFailed
from bashgah.events.dispatch import dispatch_pending
from bashgah.members.consent import consent_set
from bashgah.messaging.models import Message
from bashgah.rewards.models import Coupon, CouponCampaign

NOW = timezone.now().replace(microsecond=0)
SMS = {
    "fa": {"body": "{first_name} عزیز، {points} امتیاز دارید."},
    "en": {"body": "Dear {first_name}, you have {points} points."},
}


@pytest.fixture
def people(make_member, base_rule, tiers):
    members = [
        make_member(first_name=f"m{index}", language="en" if index % 2 else "fa")
        for index in range(40)
    ]
    for member in members:
        consent_set(member=member, channel="sms", granted=True, source="test")
    return members


def make_campaign(**overrides):
    data = {
        "name": "Autumn",
        "channel": "sms",
        "templates": SMS,
        "control_percent": 25,
    } | overrides
    return campaign_create(**data)


def test_invalid_campaign_names_every_problem_and_saves_nothing(db):
    with pytest.raises(ValidationFailed) as error:
        campaign_create(
            name="",
            channel="email",
            templates={"fa": {"body": "سلام {nickname}"}, "xx": {"body": "hi"}},
            control_percent=80,
        )
    assert set(error.value.details) >= {
        "name", "control_percent", "templates.fa.body", "templates.fa.subject", "templates.xx",
    }  # fmt: skip
    assert Campaign.objects.count() == 0


def test_control_group_is_reproducible_and_about_the_asked_share():
    picks = [in_control(seed="s1", member_id=pk, percent=20) for pk in range(1, 5001)]
    again = [in_control(seed="s1", member_id=pk, percent=20) for pk in range(1, 5001)]
    assert picks == again
    assert 0.18 < sum(picks) / len(picks) < 0.22
    assert picks != [in_control(seed="s2", member_id=pk, percent=20) for pk in range(1, 5001)]
    assert not any(in_control(seed="s1", member_id=pk, percent=0) for pk in range(1, 500))


def test_fan_out_tells_treatment_holds_out_control_and_personalises(people):
    campaign = make_campaign()
    campaign_launch(campaign=campaign, at=NOW)
    result = campaign_fan_out(campaign=campaign, at=NOW, batch=7)
    assert result.done and result.recipients == 40
    control = set(
        Recipient.objects.filter(campaign=campaign, group="control").values_list(
            "member_id", flat=True
        )
    )
    expected = {m.pk for m in people if in_control(seed=campaign.seed, member_id=m.pk, percent=25)}
    assert control == expected and 0 < len(control) < 40
    messages = Message.objects.filter(campaign_id=campaign.pk)
    assert set(messages.values_list("member_id", flat=True)) == {m.pk for m in people} - control
    english = next(m for m in people if m.language == "en" and m.pk not in control)
    body = messages.get(member_id=english.pk).body
    assert body.startswith(f"Dear {english.first_name}, you have ")
    assert body.endswith("\nلغو ۱۱")  # Iranian marketing SMS: the opt-out keyword last
    persian = next(m for m in people if m.language == "fa" and m.pk not in control)
    assert messages.get(member_id=persian.pk).body.startswith(
        f"{persian.first_name} عزیز، ۰ امتیاز"
    )
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT


def test_fan_out_resumes_after_a_crash_without_doubles(people):
    campaign = make_campaign()
    campaign_launch(campaign=campaign, at=NOW)
    first = campaign_fan_out(campaign=campaign, at=NOW, batch=10, max_batches=2)
    assert not first.done and first.recipients == 20
    # A second worker (or the restarted one) carries on from the committed cursor.
    rest = campaign_fan_out(campaign=campaign, at=NOW, batch=10)
    assert rest.done and rest.recipients == 20
    assert Recipient.objects.filter(campaign=campaign).count() == 40
    assert campaign_fan_out(campaign=campaign, at=NOW).recipients == 0
    told = Recipient.objects.filter(campaign=campaign, group="treatment").count()
    assert Message.objects.filter(campaign_id=campaign.pk).count() == told


def test_segment_audience_and_state_rules(people):
    segment = segment_create(name="English", definition={"languages": ["en"]})
    campaign = make_campaign(segment=segment, control_percent=0)
    assert campaign_fan_out(campaign=campaign).recipients == 0  # a draft fans out nothing
    campaign = campaign_launch(campaign=campaign)
    with pytest.raises(CampaignStateError):
        campaign_schedule(campaign=campaign, at=NOW + dt.timedelta(days=1))
    campaign_fan_out(campaign=campaign)
    assert Recipient.objects.filter(campaign=campaign).count() == 20
    with pytest.raises(CampaignStateError):
        campaign_launch(campaign=campaign)
    with pytest.raises(CampaignStateError):
        campaign_cancel(campaign=campaign)


def test_scheduled_campaign_launches_when_due_and_can_be_cancelled(people):
    campaign = make_campaign()
    campaign_schedule(campaign=campaign, at=NOW + dt.timedelta(hours=2), now=NOW)
    assert campaigns_run_due(at=NOW + dt.timedelta(hours=1)).launched == 0
    run = campaigns_run_due(at=NOW + dt.timedelta(hours=2))
    assert run.launched == 1 and run.fanned_out > 0
    other = make_campaign(name="Other")
    campaign_schedule(campaign=other, at=NOW + dt.timedelta(hours=3), now=NOW)
    campaign_cancel(campaign=other)
    assert campaigns_run_due(at=NOW + dt.timedelta(hours=4)).launched == 0
    with pytest.raises(ValidationFailed):
        campaign_schedule(
            campaign=make_campaign(name="Past"), at=NOW - dt.timedelta(days=1), now=NOW
        )


def test_bonus_offer_reaches_the_told_and_not_the_control(people, buy):
    campaign = make_campaign(
        offer="bonus_rule",
        offer_rule={"type": "time_window", "params": {"multiplier": "2"}, "days": 7},
        control_percent=30,
    )
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    groups = dict(Recipient.objects.filter(campaign=campaign).values_list("member_id", "group"))
    told = next(m for m in people if groups[m.pk] == "treatment")
    held = next(m for m in people if groups[m.pk] == "control")
    assert buy(told, ("x", "dairy", 1, 1_000_000)).points == 200
    assert buy(held, ("x", "dairy", 1, 1_000_000)).points == 100


def test_invalid_bonus_rule_is_refused(db):
    with pytest.raises(ValidationFailed) as error:
        make_campaign(
            offer="bonus_rule", offer_rule={"type": "time_window", "params": {}, "days": 7}
        )
    assert any(key.startswith("offer_rule") for key in error.value.details)


def test_coupon_offer_gives_each_recipient_their_own_code(people):
    coupons = CouponCampaign.objects.create(
        name="10%", kind="per_member", benefit="percent_discount", percent=10
    )
    campaign = make_campaign(
        offer="coupon",
        offer_coupon_campaign=coupons,
        templates={"fa": {"body": "کد شما: {coupon_code}"}},
    )
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    told = Recipient.objects.filter(campaign=campaign, group="treatment")
    assert Coupon.objects.filter(campaign=coupons).count() == told.count()
    recipient = told.first()
    code = Coupon.objects.get(campaign=coupons, member_id=recipient.member_id).code
    assert recipient.coupon_code == code
    assert Message.objects.get(
        campaign_id=campaign.pk, member_id=recipient.member_id
    ).body.startswith(f"کد شما: {code}")


def test_results_measure_conversion_and_lift(people, buy):
    campaign = make_campaign(control_percent=50, conversion_days=7)
    sent = NOW - dt.timedelta(days=10)
    campaign_launch(campaign=campaign, at=sent)
    campaign_fan_out(campaign=campaign, at=sent)
    groups = dict(Recipient.objects.filter(campaign=campaign).values_list("member_id", "group"))
    treatment = [m for m in people if groups[m.pk] == "treatment"]
    control = [m for m in people if groups[m.pk] == "control"]
    for member in treatment[:4]:
        buy(member, ("x", "dairy", 1, 500_000), at=sent + dt.timedelta(days=1))
    buy(control[0], ("x", "dairy", 1, 500_000), at=sent + dt.timedelta(days=2))
    buy(control[1], ("x", "dairy", 1, 500_000), at=sent + dt.timedelta(days=9))  # too late
    results = campaign_results(campaign=campaign)
    assert (results.treatment.members, results.treatment.converted) == (len(treatment), 4)
    assert results.treatment.revenue == 2_000_000
    assert (results.control.converted, results.control.revenue) == (1, 500_000)
    assert results.lift is not None
    assert results.lift.absolute == pytest.approx(4 / len(treatment) - 1 / len(control))
    assert results.messages.get("queued", 0) + results.messages.get("sent", 0) == len(treatment)


def test_lift_interval():
    lift = lift_of(GroupResult(1000, 120, 12_000_000), GroupResult(1000, 80, 8_000_000))
    assert lift.absolute == pytest.approx(0.04)
    assert lift.low == pytest.approx(
        0.04 - 1.959964 * (0.12 * 0.88 / 1000 + 0.08 * 0.92 / 1000) ** 0.5
    )
    assert lift.significant and lift.relative == pytest.approx(0.5)
    assert lift.incremental_revenue == 4_000_000
    assert lift_of(GroupResult(10, 1, 0), GroupResult(0, 0, 0)) is None


# --- automations ------------------------------------------------------------------------------


def automation(trigger, **overrides):
    item = campaign_create(
        kind="automation",
        name=trigger,
        channel="sms",
        trigger=trigger,
        templates={"fa": {"body": "{first_name}: " + trigger}},
        control_percent=0,
        **overrides,
    )
    return automation_switch(campaign=item, on=True)


def bodies(campaign) -> list[str]:
    return list(Message.objects.filter(campaign_id=campaign.pk).values_list("body", flat=True))


def test_welcome_and_thank_you_fire_once_per_occurrence(make_member, buy, base_rule):
    welcome, thanks = automation("welcome"), automation("thank_you")
    member = make_member(first_name="Ali")
    buy(member)
    buy(member)
    dispatch_pending()
    dispatch_pending()
    assert len(bodies(welcome)) == 1 and bodies(welcome)[0].startswith("Ali: welcome")
    assert len(bodies(thanks)) == 2


def test_switched_off_automation_sends_nothing(make_member):
    welcome = automation("welcome")
    automation_switch(campaign=welcome, on=False)
    make_member()
    dispatch_pending()
    assert bodies(welcome) == []


def test_tier_up_automation(make_member, buy, tiers, base_rule):
    up = automation("tier_up")
    member = make_member()
    dispatch_pending()  # the entry tier at joining is an "up" from nothing
    before = len(bodies(up))
    buy(member, ("x", "dairy", 1, 6_000_000))
    dispatch_pending()
    assert len(bodies(up)) == before + 1


def test_birthday_in_the_jalali_calendar_once_a_day(make_member, settings):
    settings.BASHGAH = {**settings.BASHGAH, "CALENDAR": "jalali"}
    birthday = automation("birthday")
    today = timezone.localdate()
    jalali_today = jdatetime.date.fromgregorian(date=today)
    born = jdatetime.date(1370, jalali_today.month, min(jalali_today.day, 29)).togregorian()
    celebrant = make_member(first_name="Nima", birth_date=born)
    make_member(birth_date=born - dt.timedelta(days=1))
    at = timezone.now()
    campaigns_run_due(at=at)
    campaigns_run_due(at=at)
    if jalali_today.day <= 29:
        assert len(bodies(birthday)) == 1 and bodies(birthday)[0].startswith("Nima: birthday")
        assert Message.objects.get(campaign_id=birthday.pk).member_id == celebrant.pk


def test_win_back_once_per_lapse(buy, db, base_rule):
    from bashgah.purchases.services import member_join

    winback = automation("win_back")
    member = member_join(phone="09125550000", at=NOW - dt.timedelta(days=300)).member
    buy(member, at=NOW - dt.timedelta(days=90))
    audiences_recompute(at=NOW)
    campaigns_run_due(at=NOW)
    assert len(bodies(winback)) == 1
    Campaign.objects.filter(pk=winback.pk).update(last_run_on=None)  # the next day
    campaigns_run_due(at=NOW)
    assert len(bodies(winback)) == 1


def test_points_expiring_automation(make_member, buy, base_rule):
    from bashgah.ledger.services.points import points_expiry_warn

    expiring = automation("points_expiring")
    member = make_member(first_name="Sara")
    buy(member, ("x", "dairy", 1, 1_000_000), at=NOW - dt.timedelta(days=350))
    points_expiry_warn(days=30, at=NOW)
    dispatch_pending()
    assert len(bodies(expiring)) == 1


def test_same_day_in_years_covers_short_months():
    from bashgah.core.calendars import same_day_in_years

    # 28 February 2025 (not a leap year) also greets those born on 29 February.
    days = same_day_in_years(dt.date(2025, 2, 28), years_back=1, jalali=False)
    assert days == [dt.date(2025, 2, 28), dt.date(2024, 2, 28), dt.date(2024, 2, 29)]
    # 29 Esfand 1402 is the last day of a common year: 30 Esfand of 1399 (a leap year) counts.
    last = jdatetime.date(1402, 12, 29).togregorian()
    found = same_day_in_years(last, years_back=3, jalali=True)
    assert jdatetime.date(1399, 12, 30).togregorian() in found
    assert jdatetime.date(1401, 12, 29).togregorian() in found


def test_israeli_advertising_is_labelled_and_offers_a_way_out(people, settings):
    settings.BASHGAH = {**settings.BASHGAH, "MESSAGING_REGION": "IL", "CLUB_NAME": "Narenj"}
    campaign = make_campaign(control_percent=0, templates={"he": {"body": "{first_name}, מבצע!"}})
    campaign_launch(campaign=campaign)
    campaign_fan_out(campaign=campaign)
    body = Message.objects.filter(campaign_id=campaign.pk).first().body
    assert body.startswith("פרסומת: Narenj\n")
    assert "הסר" in body.splitlines()[-1]  # the way out, in the member's language
