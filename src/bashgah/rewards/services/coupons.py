"""Coupon campaigns: codes generated in bulk or imported, conditions, limits, usage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bashgah.core.codes import is_well_formed, new_codes, normalize_code
from bashgah.core.errors import Conflict, NotFound, ValidationFailed
from bashgah.events.services import event_emit
from bashgah.ledger.models import Transaction
from bashgah.ledger.services import Reference, points_credit
from bashgah.members.models import Member
from bashgah.rewards.models import Coupon, CouponCampaign, CouponUse
from bashgah.stores.models import Store


class CouponNotFound(NotFound):
    code = "coupon_not_found"
    default_message = _("There is no coupon with this code.")


class CouponNotApplicable(Conflict):
    code = "coupon_not_applicable"
    default_message = _("This coupon cannot be used for this purchase.")


CAMPAIGN_FIELDS = (
    "name",
    "kind",
    "benefit",
    "value",
    "percent",
    "max_discount",
    "minimum_basket",
    "categories",
    "uses_per_code",
    "uses_per_member",
    "valid_from",
    "valid_until",
)


def coupon_campaign_create(**data: Any) -> CouponCampaign:
    unknown = set(data) - set(CAMPAIGN_FIELDS)
    errors: dict[str, str] = {name: str(_("Unknown field.")) for name in sorted(unknown)}
    if not (data.get("name") or "").strip():
        errors["name"] = str(_("Give the campaign a name."))
    if data.get("kind") not in CouponCampaign.Kind.values:
        errors["kind"] = str(_("Choose single_use, per_member or multi_use."))
    benefit = data.get("benefit")
    if benefit not in CouponCampaign.Benefit.values:
        errors["benefit"] = str(_("Choose fixed_discount, percent_discount or bonus_points."))
    value, percent = data.get("value", 0), Decimal(str(data.get("percent", 0)))
    if benefit in ("fixed_discount", "bonus_points") and (not isinstance(value, int) or value <= 0):
        errors["value"] = str(_("Give a positive whole amount."))
    if benefit == "percent_discount" and not Decimal(0) < percent <= Decimal(100):
        errors["percent"] = str(_("Give a percentage above 0 and at most 100."))
    for name in ("uses_per_code", "uses_per_member"):
        if name in data and (not isinstance(data[name], int) or data[name] < 1):
            errors[name] = str(_("At least 1."))
    start, end = data.get("valid_from"), data.get("valid_until")
    if start and end and end <= start:
        errors["valid_until"] = str(_("The end must come after the start."))
    if errors:
        raise ValidationFailed(
            _("The campaign has errors; fix them and try again."), details=errors
        )
    if data["kind"] == CouponCampaign.Kind.SINGLE_USE:
        data["uses_per_code"] = 1
    return CouponCampaign.objects.create(**data)


def _insert_coupons(rows: list[Coupon]) -> None:
    if connection.vendor == "postgresql":
        # COPY is several times faster than INSERT for a hundred thousand codes.
        with connection.cursor() as cursor:
            copy_sql = (
                "COPY rewards_coupon (campaign_id, code, member_id, uses, max_uses) FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row((row.campaign_id, row.code, row.member_id, 0, row.max_uses))
    else:
        Coupon.objects.bulk_create(rows, batch_size=5000)


def coupons_generate(
    *,
    campaign: CouponCampaign,
    count: int = 0,
    members: list[Member] | None = None,
    prefix: str = "",
) -> int:
    """Generate ``count`` fresh codes (or one per member for a per-member campaign)."""
    if campaign.kind == CouponCampaign.Kind.PER_MEMBER:
        if not members:
            raise ValidationFailed(details={"members": str(_("Name the members to send to."))})
        count = len(members)
    if not 0 < count <= 1_000_000:
        raise ValidationFailed(details={"count": str(_("Between 1 and 1,000,000 codes."))})
    prefix = normalize_code(prefix)
    if prefix and not all(char in "23456789ABCDEFGHJKMNPQRSTVWXYZ" for char in prefix):
        raise ValidationFailed(details={"prefix": str(_("Use only letters and digits 2–9."))})
    codes = new_codes(count, prefix=prefix)
    owners = [member.pk for member in members] if members else [None] * count
    rows = [
        Coupon(campaign_id=campaign.pk, code=code, member_id=owner, max_uses=campaign.uses_per_code)
        for code, owner in zip(codes, owners, strict=True)
    ]
    with transaction.atomic():
        _insert_coupons(rows)
    return count


def coupons_issue_to(*, campaign: CouponCampaign, member_ids: list[int]) -> dict[int, str]:
    """One fresh code per member (a campaign's offer), inside the caller's transaction, so the
    codes exist exactly when the messages that carry them do. Returns member id -> code."""
    if not member_ids:
        return {}
    if not campaign.is_active:
        raise ValidationFailed(details={"campaign": str(_("This coupon campaign is not active."))})
    codes = new_codes(len(member_ids))
    _insert_coupons(
        [
            Coupon(campaign_id=campaign.pk, code=code, member_id=member_id, max_uses=1)
            for code, member_id in zip(codes, member_ids, strict=True)
        ]
    )
    return dict(zip(member_ids, codes, strict=True))


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    duplicates: list[str]
    invalid: list[str]


def coupons_import(*, campaign: CouponCampaign, codes: list[str]) -> ImportResult:
    """Load codes made elsewhere (printed flyers, a partner's list). Codes are kept as given,
    normalised; codes that exist already are reported, not doubled."""
    seen: set[str] = set()
    fresh, duplicates, invalid = [], [], []
    for raw in codes:
        code = normalize_code(raw)
        if not code or len(code) > 40 or not code.isalnum():
            invalid.append(raw)
        elif code in seen:
            duplicates.append(raw)
        else:
            seen.add(code)
            fresh.append(code)
    existing: set[str] = set()
    for start in range(0, len(fresh), 5000):
        chunk = fresh[start : start + 5000]
        existing.update(Coupon.objects.filter(code__in=chunk).values_list("code", flat=True))
    duplicates += [code for code in fresh if code in existing]
    rows = [
        Coupon(campaign_id=campaign.pk, code=code, max_uses=campaign.uses_per_code)
        for code in fresh
        if code not in existing
    ]
    with transaction.atomic():
        _insert_coupons(rows)
    return ImportResult(imported=len(rows), duplicates=duplicates, invalid=invalid)


@dataclass(frozen=True, slots=True)
class CouponResult:
    coupon: Coupon
    discount: int
    points: int
    replayed: bool


def _check_conditions(
    campaign: CouponCampaign, *, total: int, categories: list[str], at: dt.datetime
) -> None:
    if not campaign.is_active or (campaign.valid_from and at < campaign.valid_from):
        raise CouponNotApplicable(_("This coupon is not valid yet."), code="coupon_not_started")
    if campaign.valid_until and at >= campaign.valid_until:
        raise CouponNotApplicable(_("This coupon has expired."), code="coupon_expired")
    if total < campaign.minimum_basket:
        raise CouponNotApplicable(
            _("The basket is below this coupon's minimum."),
            code="coupon_minimum_basket",
            details={"minimum_basket": campaign.minimum_basket},
        )
    if campaign.categories and not set(campaign.categories) & set(categories):
        raise CouponNotApplicable(
            _("The basket has nothing this coupon is for."),
            code="coupon_categories",
            details={"categories": list(campaign.categories)},
        )


def _discount(campaign: CouponCampaign, total: int) -> int:
    if campaign.benefit == CouponCampaign.Benefit.FIXED_DISCOUNT:
        return min(campaign.value, total)
    if campaign.benefit == CouponCampaign.Benefit.PERCENT_DISCOUNT:
        amount = int((Decimal(total) * campaign.percent / 100).to_integral_value(ROUND_DOWN))
        return min(amount, campaign.max_discount or amount, total)
    return 0


def coupon_apply(
    *,
    code: str,
    store: Store,
    reference: str,
    total: int,
    categories: list[str],
    member: Member | None = None,
    at: dt.datetime | None = None,
) -> CouponResult:
    """Use a coupon on a purchase at a till; the same till and purchase asking again get the
    same answer. Limits hold under concurrency: the use counter only moves while below its
    maximum, in one conditional UPDATE."""
    at = at or timezone.now()
    normalized = normalize_code(code)
    coupon = Coupon.objects.select_related("campaign").filter(code=normalized).first()
    if coupon is None:
        mistyped = len(normalized) == 14 and not is_well_formed(normalized)
        raise CouponNotFound(
            _("This coupon code is mistyped: check it and try again.") if mistyped else None
        )
    previous = CouponUse.objects.filter(coupon=coupon, store=store, reference=reference).first()
    if previous:
        return CouponResult(coupon, previous.discount, previous.points, replayed=True)
    campaign = coupon.campaign
    _check_conditions(campaign, total=total, categories=categories, at=at)
    if coupon.member_id and (member is None or member.pk != coupon.member_id):
        raise CouponNotApplicable(
            _("This coupon belongs to another member."), code="coupon_other_member"
        )
    if campaign.benefit == CouponCampaign.Benefit.BONUS_POINTS and member is None:
        raise CouponNotApplicable(
            _("Bonus-point coupons need a club member."), code="coupon_needs_member"
        )
    try:
        with transaction.atomic():
            if (
                member is not None
                and CouponUse.objects.filter(coupon__campaign=campaign, member=member).count()
                >= campaign.uses_per_member
            ):
                raise CouponNotApplicable(
                    _("You have already used this coupon."), code="coupon_used_by_member"
                )
            if not Coupon.objects.filter(pk=coupon.pk, uses__lt=F("max_uses")).update(
                uses=F("uses") + 1
            ):
                raise CouponNotApplicable(_("This coupon has been used up."), code="coupon_used_up")
            discount = _discount(campaign, total)
            points = campaign.value if campaign.benefit == "bonus_points" else 0
            CouponUse.objects.create(
                coupon=coupon,
                member=member,
                store=store,
                reference=reference,
                discount=discount,
                points=points,
                used_at=at,
            )
            if points and member is not None:
                points_credit(
                    member=member,
                    points=points,
                    kind=Transaction.Kind.BONUS,
                    explanation=[
                        {"code": "coupon", "points": points, "params": {"campaign": campaign.name}}
                    ],
                    reference=Reference(type="coupon", id=coupon.code),
                    at=at,
                )
            event_emit(
                topic="coupon.used",
                aggregate_type="coupon",
                aggregate_id=coupon.pk,
                payload={
                    "campaign_id": campaign.pk,
                    "store": store.code,
                    "member_id": member.pk if member else None,
                    "discount": discount,
                    "points": points,
                },
            )
    except IntegrityError:  # the same till and purchase raced itself
        previous = CouponUse.objects.get(coupon=coupon, store=store, reference=reference)
        return CouponResult(coupon, previous.discount, previous.points, replayed=True)
    coupon.refresh_from_db()
    return CouponResult(coupon, discount, points, replayed=False)


def coupon_campaign_usage(*, campaign: CouponCampaign) -> dict[str, int]:
    from django.db.models import Count, Sum

    codes = Coupon.objects.filter(campaign=campaign).aggregate(codes=Count("pk"), uses=Sum("uses"))
    used = CouponUse.objects.filter(coupon__campaign=campaign).aggregate(
        discount=Sum("discount"), points=Sum("points"), members=Count("member", distinct=True)
    )
    return {
        "codes": codes["codes"] or 0,
        "uses": codes["uses"] or 0,
        "discount": used["discount"] or 0,
        "points": used["points"] or 0,
        "members": used["members"] or 0,
    }
