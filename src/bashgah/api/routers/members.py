from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from bashgah.api import presenters as present
from bashgah.api import schemas as s
from bashgah.api.auth import api_key_of, require_staff
from bashgah.api.idempotency import idempotent
from bashgah.core.calendars import parse_date
from bashgah.ledger.selectors import points_history, points_summary
from bashgah.ledger.services import points_adjust
from bashgah.members.models import Member
from bashgah.members.selectors import member_find, member_get
from bashgah.members.services import ProfileInput, member_update
from bashgah.purchases.services import member_join
from bashgah.referrals.services import referral_join
from bashgah.tiers.selectors import tier_status

router = Router(tags=["members"])
ERRORS = s.ERRORS


def _birth_date(raw: str | None):
    return parse_date(raw) if raw else None


@router.post("/members", response={201: s.EnrolOut, **ERRORS}, summary="Enrol a member")
@idempotent(status=201)
def enrol(request: HttpRequest, payload: s.EnrolIn) -> s.EnrolOut:
    profile = ProfileInput(
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
        birth_date=_birth_date(payload.birth_date),
        gender=payload.gender,
        city=payload.city,
        language=payload.language,
    )
    store = api_key_of(request).store
    if payload.referral_code:
        result = referral_join(
            phone=payload.phone,
            code=payload.referral_code,
            profile=profile,
            store=store,
            source="api",
        ).join
    else:
        result = member_join(phone=payload.phone, profile=profile, store=store, source="api")
    currency = settings.BASHGAH["CURRENCY"]
    return s.EnrolOut(
        member=present.member_out(result.member),
        points_earned=result.points,
        awards=present.awards_out(result.awards),
        balance=present.balance_out(points_summary(member=result.member)),
        tier=present.tier_out(tier_status(member=result.member), currency),
    )


@router.post(
    "/members/lookup",
    response={200: s.MemberOut, **ERRORS},
    summary="Find a member by phone, card number or QR payload",
)
def lookup(request: HttpRequest, payload: s.LookupIn) -> s.MemberOut:
    return present.member_out(member_find(query=payload.query))


@router.get("/members/{member_id}", response={200: s.MemberOut, **ERRORS})
def member_detail(request: HttpRequest, member_id: int) -> s.MemberOut:
    return present.member_out(member_get(member_id=member_id))


@router.patch(
    "/members/{member_id}",
    response={200: s.MemberOut, **ERRORS},
    summary="Change a member's profile",
)
@idempotent()
def member_patch(request: HttpRequest, member_id: int, payload: s.MemberUpdateIn) -> s.MemberOut:
    member = member_get(member_id=member_id)
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {
        name: value if value is not None else "" for name, value in given.items()
    }
    if "birth_date" in values:
        values["birth_date"] = _birth_date(given["birth_date"])
    member = member_update(member=member, profile=ProfileInput(**values), fields=set(values))
    return present.member_out(member)


@router.get("/members/{member_id}/points", response={200: s.BalanceOut, **ERRORS})
def balance(request: HttpRequest, member_id: int) -> s.BalanceOut:
    return present.balance_out(points_summary(member=member_get(member_id=member_id)))


class PageQuery(Schema):
    page: int = 1
    page_size: int = 50


@router.get(
    "/members/{member_id}/history",
    response={200: s.HistoryOut, **ERRORS},
    summary="Points history, newest first, each movement with its reasons",
)
def history(request: HttpRequest, member_id: int, query: Query[PageQuery]) -> s.HistoryOut:
    member = member_get(member_id=member_id)
    page_size = min(max(query.page_size, 1), 200)
    paginator = Paginator(points_history(member=member), page_size)
    page = paginator.get_page(query.page)
    return s.HistoryOut(
        count=paginator.count,
        page=page.number,
        page_size=page_size,
        items=[present.history_item_out(tx) for tx in page.object_list],
    )


@router.get("/members/{member_id}/tier", response={200: s.TierOut, **ERRORS})
def tier(request: HttpRequest, member_id: int) -> s.TierOut:
    member = member_get(member_id=member_id)
    return present.tier_out(tier_status(member=member), settings.BASHGAH["CURRENCY"])


@router.post(
    "/members/{member_id}/adjustments",
    response={201: s.TransactionOut, **ERRORS},
    summary="Add or remove points by hand (staff keys only); a reason is required",
)
@idempotent(status=201)
def adjust(request: HttpRequest, member_id: int, payload: s.AdjustIn) -> s.TransactionOut:
    key = require_staff(request)
    member: Member = member_get(member_id=member_id)
    tx = points_adjust(
        member=member, points=payload.points, reason=payload.reason, actor=f"api:{key.name}"
    )
    item = present.history_item_out(tx)
    return s.TransactionOut(
        id=tx.pk,
        kind=tx.kind,
        points=tx.points,
        debt=tx.debt,
        explanations=item.explanations,
        balance=present.balance_out(points_summary(member=member)),
    )
