"""The cashier screen: find a member, see what they have, record a purchase, use a voucher,
pay with points, take a return, enrol a newcomer, take a membership fee — keyboard first, one
screen, htmx partials.

Every write carries a form token made when the form was drawn, used as the purchase or return
id, so a double click or a resent form records nothing twice."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bashgah.backoffice.views.common import error_context, nav_context, staff_required
from bashgah.backoffice.views.pages import json_value
from bashgah.core.audit import audit_record
from bashgah.core.calendars import format_date, local_date, parse_date
from bashgah.core.digits import to_ascii_digits
from bashgah.core.errors import ApplicationError, NotFound
from bashgah.core.money import display_unit, format_money, format_points, parse_amount
from bashgah.ledger.selectors import points_summary, wallet_summary
from bashgah.members.models import Member
from bashgah.members.selectors import member_find, member_get
from bashgah.members.services import ProfileInput
from bashgah.memberships.models import Membership
from bashgah.memberships.selectors import membership_live_of, plans_offered
from bashgah.memberships.services import (
    PlanUnavailable,
    grace_end,
    membership_choose,
    membership_pay,
)
from bashgah.purchases.models import Purchase
from bashgah.purchases.services import (
    LineInput,
    ReturnLineInput,
    member_join,
    purchase_record,
    purchase_return,
)
from bashgah.rewards.models import Voucher
from bashgah.rewards.services.redeem import voucher_consume
from bashgah.rules.explanations import explain
from bashgah.staff.permissions import CASHIER, stores_of
from bashgah.stores.models import Store
from bashgah.tiers.selectors import tier_status

LINES = 4
CATEGORIES = [
    ("dairy", gettext_lazy("dairy")),
    ("bakery", gettext_lazy("bakery")),
    ("beverages", gettext_lazy("beverages")),
    ("produce", gettext_lazy("fruit and vegetables")),
    ("pantry", gettext_lazy("groceries")),
    ("protein", gettext_lazy("meat and protein")),
    ("snacks", gettext_lazy("snacks")),
    ("household", gettext_lazy("household")),
    ("cafe", gettext_lazy("café")),
]


def _token() -> str:
    """A form token: when the form was drawn, and a random part. It names the purchase, so a
    resent form is the same purchase, at the same time."""
    return f"{int(timezone.now().timestamp() * 1000)}.{secrets.token_urlsafe(9)}"


def _token_time(token: str) -> dt.datetime:
    now = timezone.now()
    stamp, _dot, _rest = token.partition(".")
    if stamp.isdigit():
        drawn = dt.datetime.fromtimestamp(int(stamp) / 1000, tz=dt.UTC)
        if now - dt.timedelta(hours=12) <= drawn <= now:
            return drawn
    return now


def _store(request: HttpRequest) -> Store | None:
    stores = stores_of(request.user)
    chosen = request.session.get("cashier_store")
    return stores.filter(code=chosen).first() or stores.first()


def _member_page(
    request: HttpRequest, member: Member, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request, "backoffice/cashier/_member.html", _panel(request, member, **extra), status=status
    )


def _membership(member: Member) -> dict[str, Any]:
    """The member's paid membership for the panel: the live one with its last covered days,
    or the plans the till can sell when there is none."""
    membership = membership_live_of(member=member)
    if membership is None:
        return {"membership": None, "plans": plans_offered()}
    end = membership.period_end
    grace = grace_end(membership)
    return {
        "membership": membership,
        "membership_until": end - dt.timedelta(microseconds=1) if end else None,
        "membership_grace_until": grace - dt.timedelta(microseconds=1) if grace else None,
        "membership_payable": membership.status
        in (Membership.Status.PENDING, Membership.Status.GRACE),
    }


def _panel(request: HttpRequest, member: Member, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "member": member,
        "summary": points_summary(member=member),
        "wallet": wallet_summary(member=member),
        "tier": tier_status(member=member),
        "vouchers": Voucher.objects.select_related("reward").filter(
            member=member, status=Voucher.Status.ISSUED, expires_at__gt=now
        ),
        "recent": Purchase.objects.filter(member=member).order_by("-paid_at")[:5],
        "token": _token(),
        "line_range": range(LINES),
        "categories": CATEGORIES,
        "currency": display_unit(settings.BASHGAH["CURRENCY"]),
        **_membership(member),
        **extra,
    }


@require_GET
@staff_required(CASHIER)
def screen(request: HttpRequest) -> HttpResponse:
    stores = stores_of(request.user)
    return render(
        request,
        "backoffice/cashier/screen.html",
        {
            **nav_context(request),
            "stores": stores,
            "store": _store(request),
            "token": _token(),
        },
    )


@require_POST
@staff_required(CASHIER)
def choose_store(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("store", "")
    if stores_of(request.user).filter(code=code).exists():
        request.session["cashier_store"] = code
    return screen_redirect()


def screen_redirect() -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@require_POST
@staff_required(CASHIER)
def find(request: HttpRequest) -> HttpResponse:
    query = (request.POST.get("q") or "").strip()
    try:
        member = member_find(query=query)
    except NotFound:
        return render(
            request,
            "backoffice/cashier/_enrol.html",
            {"phone": query, "token": _token(), "not_found": bool(query)},
        )
    return render(request, "backoffice/cashier/_member.html", _panel(request, member))


@require_POST
@staff_required(CASHIER)
def enrol(request: HttpRequest) -> HttpResponse:
    data = request.POST
    store = _store(request)
    try:
        birth = parse_date(data["birth_date"]) if data.get("birth_date") else None
        profile = ProfileInput(
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            birth_date=birth,
        )
        with transaction.atomic():
            joined = member_join(
                phone=data.get("phone", ""), profile=profile, store=store, source="cashier"
            )
            audit_record(
                actor=request.user,
                action="member.enrol",
                object_type="member",
                object_id=joined.member.pk,
                store_code=store.code if store else "",
                after={"card_number": joined.member.card_number},
            )
    except ApplicationError as error:
        return render(
            request,
            "backoffice/cashier/_enrol.html",
            {
                "phone": data.get("phone", ""),
                "first_name": data.get("first_name", ""),
                "last_name": data.get("last_name", ""),
                "token": data.get("token", ""),
                **error_context(error),
            },
            status=422,
        )
    language = (request.LANGUAGE_CODE or "fa")[:2]
    message = _("Welcome to the club! %(points)s points for joining.") % {
        "points": format_points(joined.points, language)
    }
    return render(
        request, "backoffice/cashier/_member.html", _panel(request, joined.member, notice=message)
    )


def _amount(text: str) -> int:
    """An amount as the cashier types it, in the displayed unit (Toman, ₪ …); -1 when it is
    not one, which the purchase validation then reports next to the line."""
    value = parse_amount(text, settings.BASHGAH["CURRENCY"])
    return -1 if value is None else value


def _lines(data: Any) -> list[LineInput]:
    lines = []
    for index in range(LINES):
        price = (data.get(f"price_{index}") or "").strip()
        if not price:
            continue
        quantity = to_ascii_digits(data.get(f"qty_{index}") or "1")
        lines.append(
            LineInput(
                sku=(data.get(f"sku_{index}") or data.get(f"category_{index}") or "item").strip(),
                category=data.get(f"category_{index}", ""),
                quantity=int(quantity) if quantity.isdigit() else -1,
                unit_price=_amount(price),
            )
        )
    return lines


@require_POST
@staff_required(CASHIER)
def purchase(request: HttpRequest, member_id: int) -> HttpResponse:
    member = member_get(member_id=member_id)
    store = _store(request)
    data = request.POST
    lines = _lines(data)
    points = to_ascii_digits(data.get("points_to_spend") or "0")
    try:
        if store is None:
            raise NotFound(_("You are not assigned to a branch."))
        result = purchase_record(
            source=f"store:{store.code}",
            external_id=f"cashier-{data.get('token', '')}",
            member=member,
            store=store,
            lines=lines,
            total=sum(max(ln.quantity, 0) * max(ln.unit_price, 0) for ln in lines),
            currency=settings.BASHGAH["CURRENCY"],
            paid_at=_token_time(data.get("token", "")),
            actor=f"staff:{request.user.get_username()}",
            points_to_spend=int(points) if points.isdigit() else -1,
        )
        if not result.replayed:
            audit_record(
                actor=request.user,
                action="purchase.record",
                object_type="purchase",
                object_id=result.purchase.pk,
                store_code=store.code,
                after={"total": result.purchase.total, "points": result.points},
            )
    except ApplicationError as error:
        return _member_page(request, member, status=422, **error_context(error))
    language = (request.LANGUAGE_CODE or "fa")[:2]
    receipt_lines = [
        (
            award.points,
            explain({"code": award.code, "points": award.points, "params": award.params}, language),
        )
        for award in result.awards
    ]
    return render(
        request,
        "backoffice/cashier/_member.html",
        _panel(request, member, receipt=result, receipt_lines=receipt_lines),
    )


@require_POST
@staff_required(CASHIER)
def use_voucher(request: HttpRequest, member_id: int) -> HttpResponse:
    member = member_get(member_id=member_id)
    store = _store(request)
    data = request.POST
    basket = data.get("basket_total") or "0"
    try:
        if store is None:
            raise NotFound(_("You are not assigned to a branch."))
        use = voucher_consume(
            code=data.get("code", ""),
            store=store,
            reference=f"cashier-{data.get('token', '')}",
            basket_total=_amount(basket),
        )
        if not use.replayed:
            audit_record(
                actor=request.user,
                action="voucher.use",
                object_type="voucher",
                object_id=use.voucher.pk,
                store_code=store.code,
                after={"discount": use.discount},
            )
    except ApplicationError as error:
        return _member_page(request, member, status=422, **error_context(error))
    return render(
        request, "backoffice/cashier/_member.html", _panel(request, member, voucher_use=use)
    )


@require_POST
@staff_required(CASHIER)
def return_purchase(request: HttpRequest, member_id: int, purchase_id: int) -> HttpResponse:
    member = member_get(member_id=member_id)
    purchase_row = get_object_or_404(Purchase, pk=purchase_id, member=member)
    data = request.POST
    lines = None
    if data.get("line"):
        quantity = data.get("quantity") or "1"
        lines = [
            ReturnLineInput(
                line=int(data["line"]), quantity=int(quantity) if quantity.isdigit() else -1
            )
        ]
    try:
        result = purchase_return(
            source=purchase_row.source,
            external_id=f"cashier-{data.get('token', '')}",
            purchase=purchase_row,
            lines=lines,
            actor=f"staff:{request.user.get_username()}",
        )
        if not result.replayed:
            audit_record(
                actor=request.user,
                action="purchase.return",
                object_type="purchase",
                object_id=purchase_row.pk,
                store_code=purchase_row.store.code,
                after={"amount": result.return_record.amount, "points": result.points_reversed},
            )
    except ApplicationError as error:
        return _member_page(request, member, status=422, **error_context(error))
    return render(
        request, "backoffice/cashier/_member.html", _panel(request, member, returned=result)
    )


def _membership_to_pay(member: Member, plan_code: str, actor: Any) -> Membership:
    """The member's pending or grace membership; with none, a new one of the chosen plan
    (audited), which the caller's transaction undoes if the payment fails."""
    membership = membership_live_of(member=member)
    if membership is not None:
        return membership
    plan = next((plan for plan in plans_offered() if plan.code == plan_code), None)
    if plan is None:
        raise PlanUnavailable(details={"plan": plan_code})
    membership = membership_choose(member=member, plan=plan)
    audit_record(
        actor=actor,
        action="membership.choose",
        object_type="membership",
        object_id=membership.pk,
        after={"member": member.pk, "plan": plan.code},
    )
    return membership


@require_POST
@staff_required(CASHIER)
def membership_pay_view(request: HttpRequest, member_id: int) -> HttpResponse:
    """Record a membership fee paid at the till: the member's pending or grace membership, or
    a plan sold now. The form token names the payment, so a resent form pays once; ``amount``
    is the fee the panel showed, so a fee changed meanwhile is refused, not charged."""
    member = member_get(member_id=member_id)
    store = _store(request)
    data = request.POST
    amount = to_ascii_digits(data.get("amount") or "")
    try:
        if store is None:
            raise NotFound(_("You are not assigned to a branch."))
        with transaction.atomic():
            membership = _membership_to_pay(member, data.get("plan", ""), request.user)
            paid = membership_pay(
                membership=membership,
                amount=int(amount) if amount.isdigit() else membership.plan.fee,
                source=f"store:{store.code}",
                reference=f"cashier-{data.get('token', '')}",
                store=store,
                actor=f"staff:{request.user.get_username()}",
            )
            if not paid.replayed:
                audit_record(
                    actor=request.user,
                    action="membership.pay",
                    object_type="membership",
                    object_id=membership.pk,
                    store_code=store.code,
                    after={
                        "plan": membership.plan.code,
                        "amount": paid.payment.amount,
                        "period_end": json_value(paid.membership.period_end),
                    },
                )
    except ApplicationError as error:
        return _member_page(request, member, status=422, **error_context(error))
    language = (request.LANGUAGE_CODE or "fa")[:2]
    until = paid.membership.period_end
    message = _("Membership %(plan)s paid: %(amount)s, until %(day)s.") % {
        "plan": paid.membership.plan.name(language),
        "amount": format_money(paid.payment.amount, paid.payment.currency, language),
        "day": format_date(local_date(until - dt.timedelta(microseconds=1)), language)
        if until
        else "",
    }
    return _member_page(request, member, notice=message)
