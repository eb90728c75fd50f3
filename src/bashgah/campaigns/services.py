"""Campaign and automation writes: saving, scheduling, launching, fan-out, and the triggers.

Fan-out is resumable by construction: members are taken in id order after the campaign's
``fanout_cursor``, and each batch — recipients, coupons, offer audience, messages and the new
cursor — is written in one transaction under the campaign's row lock. A worker killed in the
middle loses its uncommitted batch and nothing else; the next one starts after the last
committed batch, and the unique (campaign, member, occurrence) and message dedupe keys turn any
overlap into no-ops.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bashgah.audiences.services import segment_refresh
from bashgah.campaigns.models import Campaign, Recipient, Trigger
from bashgah.campaigns.personalise import Composer, contacts_load, render, templates_check
from bashgah.core.calendars import local_date
from bashgah.core.errors import Conflict, ValidationFailed
from bashgah.events.services import event_emit
from bashgah.members.models import Member
from bashgah.messaging.services.enqueue import MessageDraft, messages_enqueue_bulk
from bashgah.rewards.models import CouponCampaign
from bashgah.rewards.services.coupons import coupons_issue_to
from bashgah.rules.services import InvalidRule, rule_activate, rule_create
from bashgah.segments.models import Segment, SegmentMember

logger = logging.getLogger("bashgah.campaigns")

FIELDS = (
    "name", "channel", "segment", "templates", "control_percent", "conversion_days", "offer",
    "offer_rule", "offer_coupon_campaign", "scheduled_at", "trigger",
)  # fmt: skip
MAX_CONTROL_PERCENT = 50


class CampaignStateError(Conflict):
    code = "campaign_state"


def in_control(*, seed: str, member_id: int, percent: int) -> bool:
    """Reproducible random assignment: a member's place depends only on the campaign's seed
    and their id, never on order or timing (SHA-256, uniform over 10,000 buckets)."""
    if percent <= 0:
        return False
    digest = hashlib.sha256(f"{seed}:{member_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 < percent * 100


def _check(data: Mapping[str, Any], *, kind: str) -> None:
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name or len(name) > 120:
        errors["name"] = _("Give the campaign a name of 1–120 characters.")
    channel = data.get("channel")
    if channel not in Campaign.Channel.values:
        errors["channel"] = _("Choose SMS or email.")
    control = data.get("control_percent", 10)
    if not isinstance(control, int) or not 0 <= control <= MAX_CONTROL_PERCENT:
        errors["control_percent"] = _("The control group is 0 to 50 percent.")
    days = data.get("conversion_days", 14)
    if not isinstance(days, int) or not 1 <= days <= 90:
        errors["conversion_days"] = _("Count conversions over 1 to 90 days.")
    segment = data.get("segment")
    if segment is not None and (
        not isinstance(segment, Segment) or segment.status != Segment.Status.ACTIVE
    ):
        errors["segment"] = _("This segment does not exist or is archived.")
    if kind == Campaign.Kind.AUTOMATION and data.get("trigger") not in Trigger.values:
        errors["trigger"] = _("Choose what starts this automation.")
    offer = data.get("offer", Campaign.Offer.NONE)
    if offer not in Campaign.Offer.values:
        errors["offer"] = _("Choose an offer.")
    elif offer == Campaign.Offer.COUPON:
        coupon = data.get("offer_coupon_campaign")
        if not isinstance(coupon, CouponCampaign) or not coupon.is_active:
            errors["offer_coupon_campaign"] = _("Choose an active coupon campaign.")
        elif coupon.kind != CouponCampaign.Kind.PER_MEMBER:
            errors["offer_coupon_campaign"] = _("Each recipient needs their own code.")
    elif offer == Campaign.Offer.BONUS_RULE:
        if kind == Campaign.Kind.AUTOMATION:
            errors["offer"] = _("Automations can offer coupons, not a bonus period.")
        rule = data.get("offer_rule") or {}
        offer_days = rule.get("days")
        if not isinstance(offer_days, int) or not 1 <= offer_days <= 90:
            errors["offer_rule.days"] = _("The bonus lasts 1 to 90 days.")
    try:
        templates_check(data.get("templates") or {}, channel=str(channel))
    except ValidationFailed as error:
        errors.update(error.details)
    if errors:
        raise ValidationFailed(
            _("The campaign has errors; fix them and try again."), details=errors
        )


def _offer_rule_check(data: Mapping[str, Any]) -> None:
    """Validate the bonus rule now, by the rules app's own checks, without saving it."""
    from bashgah.rules.services import rule_validate

    rule = data.get("offer_rule") or {}
    try:
        rule_validate(
            {"name": "offer", "type": rule.get("type"), "params": rule.get("params") or {}}
        )
    except InvalidRule as error:
        raise ValidationFailed(
            _("The campaign has errors; fix them and try again."),
            details={f"offer_rule.{key}": value for key, value in error.details.items()},
        ) from None


def campaign_create(*, kind: str = Campaign.Kind.CAMPAIGN, **data: Any) -> Campaign:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationFailed(details={name: _("Unknown field.") for name in sorted(unknown)})
    _check(data, kind=kind)
    if data.get("offer") == Campaign.Offer.BONUS_RULE:
        _offer_rule_check(data)
    campaign = Campaign(
        kind=kind,
        seed=secrets.token_hex(16),
        status=Campaign.Status.DRAFT if kind == Campaign.Kind.CAMPAIGN else Campaign.Status.PAUSED,
        **{**data, "name": data["name"].strip()},
    )
    campaign.save()
    return campaign


def campaign_update(*, campaign: Campaign, **changes: Any) -> Campaign:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationFailed(details={name: _("Unknown field.") for name in sorted(unknown)})
    if campaign.status not in (
        Campaign.Status.DRAFT,
        Campaign.Status.PAUSED,
        Campaign.Status.ACTIVE,
    ):
        raise CampaignStateError(_("A campaign cannot be changed once it is scheduled or sent."))
    data = {name: getattr(campaign, name) for name in FIELDS} | changes
    _check(data, kind=campaign.kind)
    if data.get("offer") == Campaign.Offer.BONUS_RULE:
        _offer_rule_check(data)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.save()
    return campaign


def campaign_schedule(
    *, campaign: Campaign, at: dt.datetime, now: dt.datetime | None = None
) -> Campaign:
    now = now or timezone.now()
    if campaign.kind != Campaign.Kind.CAMPAIGN or campaign.status != Campaign.Status.DRAFT:
        raise CampaignStateError(_("Only a draft campaign can be scheduled."))
    if at < now - dt.timedelta(minutes=1):
        raise ValidationFailed(details={"scheduled_at": _("Choose a time in the future.")})
    campaign.status, campaign.scheduled_at = Campaign.Status.SCHEDULED, at
    campaign.save(update_fields=["status", "scheduled_at", "updated_at"])
    return campaign


def campaign_cancel(*, campaign: Campaign) -> Campaign:
    """Stop a scheduled campaign, or the rest of a fan-out in progress (what was queued is
    sent; the offer of those already told stays)."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status not in (
            Campaign.Status.DRAFT,
            Campaign.Status.SCHEDULED,
            Campaign.Status.SENDING,
        ):
            raise CampaignStateError(_("This campaign can no longer be cancelled."))
        locked.status = Campaign.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
    return locked


def automation_switch(*, campaign: Campaign, on: bool) -> Campaign:
    if campaign.kind != Campaign.Kind.AUTOMATION:
        raise CampaignStateError(_("Only automations are switched on and off."))
    campaign.status = Campaign.Status.ACTIVE if on else Campaign.Status.PAUSED
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


def campaign_launch(*, campaign: Campaign, at: dt.datetime | None = None) -> Campaign:
    """Start sending now: refresh the audience, set up the offer, then fan out in batches
    (``campaign_fan_out``; the worker goes on with it if this process stops)."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.kind != Campaign.Kind.CAMPAIGN or locked.status not in (
            Campaign.Status.DRAFT,
            Campaign.Status.SCHEDULED,
        ):
            raise CampaignStateError(_("This campaign has already been sent or cancelled."))
        if locked.segment_id:
            segment_refresh(segment=locked.segment, at=at)  # type: ignore[arg-type]
        if locked.offer == Campaign.Offer.BONUS_RULE:
            recipients = Segment.objects.create(
                name=f"campaign {locked.pk}: {locked.name}"[:120],
                kind=Segment.Kind.STATIC,
                description=_("The members told by a campaign; its bonus rule's audience."),
            )
            offer = locked.offer_rule
            rule = rule_create(
                name=f"{locked.name}"[:120],
                type=offer["type"],
                params=offer.get("params") or {},
                labels=offer.get("labels")
                or {"fa": locked.name, "he": locked.name, "en": locked.name},
                audience_segments=[recipients.pk],
                starts_at=at,
                ends_at=at + dt.timedelta(days=int(offer["days"])),
            )
            rule_activate(rule=rule, at=at)
            locked.recipients_segment, locked.bonus_rule = recipients, rule
        locked.status, locked.launched_at = Campaign.Status.SENDING, at
        locked.save()
        event_emit(
            topic="campaign.launched",
            aggregate_type="campaign",
            aggregate_id=locked.pk,
            payload={"campaign_id": locked.pk, "name": locked.name, "channel": locked.channel},
        )
    return locked


@dataclass(frozen=True, slots=True)
class FanOut:
    recipients: int
    messages: int
    done: bool


def _audience_batch(campaign: Campaign, after: int, size: int) -> list[int]:
    if campaign.segment_id:
        return list(
            SegmentMember.objects.filter(segment_id=campaign.segment_id, member_id__gt=after)
            .order_by("member_id")
            .values_list("member_id", flat=True)[:size]
        )
    return list(
        Member.objects.filter(status=Member.Status.ACTIVE, pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[:size]
    )


def _deliver(
    *,
    campaign: Campaign,
    member_ids: list[int],
    occurrence: str,
    at: dt.datetime,
    used: set[str],
) -> tuple[int, int]:
    """Record recipients (treatment and control) and queue the treatment's messages; caller
    holds a transaction. Returns (recipients, messages)."""
    treatment = [
        pk
        for pk in member_ids
        if not in_control(seed=campaign.seed, member_id=pk, percent=campaign.control_percent)
    ]
    control = sorted(set(member_ids) - set(treatment))
    already = set(
        Recipient.objects.filter(
            campaign=campaign, member_id__in=member_ids, occurrence=occurrence
        ).values_list("member_id", flat=True)
    )
    treatment = [pk for pk in treatment if pk not in already]
    control = [pk for pk in control if pk not in already]
    coupons: dict[int, str] = {}
    if campaign.offer == Campaign.Offer.COUPON and campaign.offer_coupon_campaign and treatment:
        coupons = coupons_issue_to(campaign=campaign.offer_coupon_campaign, member_ids=treatment)
    groups = ((Recipient.Group.TREATMENT, treatment), (Recipient.Group.CONTROL, control))
    Recipient.objects.bulk_create(
        [
            Recipient(
                campaign=campaign,
                member_id=pk,
                occurrence=occurrence,
                group=group,
                coupon_code=coupons.get(pk, ""),
                created_at=at,
            )
            for group, ids in groups
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    if campaign.recipients_segment_id and treatment:
        SegmentMember.objects.bulk_create(
            [
                SegmentMember(segment_id=campaign.recipients_segment_id, member_id=pk, added_at=at)
                for pk in treatment
            ],
            ignore_conflicts=True,
        )
    drafts = []
    compose = Composer(channel=campaign.channel)
    suffix = f":{occurrence}" if occurrence else ""
    for contact in contacts_load(treatment, used=used, coupons=coupons, at=at):
        address = contact.phone if campaign.channel == Campaign.Channel.SMS else contact.email
        if not address:
            continue
        language, subject, body = render(campaign.templates, contact)
        subject, body = compose(language=language, subject=subject, body=body)
        drafts.append(
            MessageDraft(
                member_id=contact.member_id,
                channel=campaign.channel,
                to_address=address,
                language=language,
                purpose="marketing",
                subject=subject,
                body=body,
                dedupe_key=f"campaign:{campaign.pk}:member:{contact.member_id}{suffix}",
                campaign_id=campaign.pk,
            )
        )
    messages = messages_enqueue_bulk(drafts=drafts, at=at) if drafts else 0
    return len(treatment) + len(control), messages


def _used(campaign: Campaign) -> set[str]:
    return templates_check(campaign.templates, channel=campaign.channel)


def campaign_fan_out(
    *, campaign: Campaign, at: dt.datetime | None = None, batch: int = 5000, max_batches: int = 0
) -> FanOut:
    """Fan the campaign out, batch by batch, until done (or ``max_batches``). Safe to run in
    several workers at once: each batch is taken under the campaign's row lock."""
    at = at or timezone.now()
    used = _used(campaign)
    recipients = messages = batches = 0
    while True:
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
            if locked.status != Campaign.Status.SENDING:
                return FanOut(recipients, messages, locked.status == Campaign.Status.SENT)
            member_ids = _audience_batch(locked, locked.fanout_cursor, batch)
            if not member_ids:
                locked.status, locked.finished_at = Campaign.Status.SENT, at
                locked.save(update_fields=["status", "finished_at", "updated_at"])
                if locked.recipients_segment is not None:
                    segment_refresh(segment=locked.recipients_segment, at=at)
                event_emit(
                    topic="campaign.sent",
                    aggregate_type="campaign",
                    aggregate_id=locked.pk,
                    payload={"campaign_id": locked.pk, "recipients": recipients},
                )
                return FanOut(recipients, messages, True)
            added, queued = _deliver(
                campaign=locked, member_ids=member_ids, occurrence="", at=at, used=used
            )
            locked.fanout_cursor = member_ids[-1]
            locked.save(update_fields=["fanout_cursor"])
        recipients += added
        messages += queued
        batches += 1
        if max_batches and batches >= max_batches:
            return FanOut(recipients, messages, False)


# --- automations ----------------------------------------------------------------------------


def _automations(trigger: str) -> list[Campaign]:
    return list(
        Campaign.objects.filter(
            kind=Campaign.Kind.AUTOMATION, status=Campaign.Status.ACTIVE, trigger=trigger
        ).order_by("pk")
    )


def automation_fire(
    *,
    trigger: str,
    member_ids: list[int],
    occurrence: str | dict[int, str],
    at: dt.datetime | None = None,
    only: Campaign | None = None,
) -> int:
    """Run every active automation of ``trigger`` for these members (each at most once per
    occurrence). ``occurrence`` is one key for all or one per member. Returns messages queued."""
    at = at or timezone.now()
    queued = 0
    for automation in [only] if only is not None else _automations(trigger):
        ids = member_ids
        if automation.segment_id:
            members_in = set(
                SegmentMember.objects.filter(
                    segment_id=automation.segment_id, member_id__in=ids
                ).values_list("member_id", flat=True)
            )
            ids = [pk for pk in ids if pk in members_in]
        if not ids:
            continue
        used = _used(automation)
        with transaction.atomic():
            if isinstance(occurrence, str):
                queued += _deliver(
                    campaign=automation, member_ids=ids, occurrence=occurrence, at=at, used=used
                )[1]
            else:
                by_key: dict[str, list[int]] = {}
                for pk in ids:
                    by_key.setdefault(occurrence[pk], []).append(pk)
                for key, group in by_key.items():
                    queued += _deliver(
                        campaign=automation, member_ids=group, occurrence=key, at=at, used=used
                    )[1]
    return queued


@dataclass(frozen=True, slots=True)
class RunDue:
    launched: int
    fanned_out: int
    automations: int


def campaigns_run_due(*, at: dt.datetime | None = None) -> RunDue:
    """The worker's minute step: launch scheduled campaigns that are due, carry on with
    fan-outs in progress (resuming after a crash), and run the day's scheduled automations
    (birthday, anniversary, win-back) once per club day."""
    from bashgah.campaigns.schedules import scheduled_automations_run

    at = at or timezone.now()
    launched = 0
    for campaign in Campaign.objects.filter(
        kind=Campaign.Kind.CAMPAIGN, status=Campaign.Status.SCHEDULED, scheduled_at__lte=at
    ).order_by("scheduled_at", "pk"):
        try:
            campaign_launch(campaign=campaign, at=at)
            launched += 1
        except CampaignStateError:
            continue  # another worker launched it first
    fanned = 0
    batch = int(settings.BASHGAH.get("CAMPAIGN_BATCH", 5000))
    for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING).order_by("pk"):
        fanned += campaign_fan_out(campaign=campaign, at=at, batch=batch).messages
    return RunDue(launched, fanned, scheduled_automations_run(at=at, today=local_date(at)))
