from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from bashgah.api import presenters as present
from bashgah.api import schemas as s
from bashgah.api.auth import api_key_of
from bashgah.api.idempotency import idempotent
from bashgah.api.models import ApiKey
from bashgah.core.errors import NotFound, PermissionDenied
from bashgah.ledger.selectors import points_summary
from bashgah.members.models import Member
from bashgah.members.selectors import member_find, member_get
from bashgah.purchases.models import Purchase, PurchaseSettlement
from bashgah.purchases.services import (
    LineInput,
    ReturnLineInput,
    purchase_record,
    purchase_return,
)
from bashgah.stores.selectors import store_by_code
from bashgah.tiers.selectors import tier_status

router = Router(tags=["purchases"])
ERRORS = s.ERRORS


class PurchaseNotFound(NotFound):
    code = "purchase_not_found"
    default_message = _("There is no purchase with this id from your store.")


def _member(reference: str) -> Member:
    if reference.isdigit() and len(reference) < 10:
        return member_get(member_id=int(reference))
    return member_find(query=reference)


@router.post(
    "/purchases",
    response={201: s.ReceiptOut, **ERRORS},
    summary="Record a purchase and award its points",
)
@idempotent(status=201)
def record(request: HttpRequest, payload: s.PurchaseIn) -> s.ReceiptOut:
    key = api_key_of(request)
    store = key.store
    if payload.store and payload.store != store.code:
        if key.scope != ApiKey.Scope.STAFF:
            raise PermissionDenied(details={"store": payload.store})
        store = store_by_code(code=payload.store)
    member = _member(payload.member)
    result = purchase_record(
        source=f"store:{store.code}",
        external_id=payload.external_id,
        member=member,
        store=store,
        lines=[
            LineInput(
                sku=ln.sku, category=ln.category, quantity=ln.quantity, unit_price=ln.unit_price
            )
            for ln in payload.lines
        ],
        total=payload.total,
        currency=payload.currency,
        paid_at=payload.paid_at,
        actor=f"api:{key.name}",
        points_to_spend=payload.points_to_spend,
    )
    purchase = result.purchase
    change = result.tier_change
    settlement = result.settlement
    if settlement is None and result.replayed:
        settlement = PurchaseSettlement.objects.filter(purchase=purchase).first()
    return s.ReceiptOut(
        purchase=s.PurchaseRef(
            id=purchase.pk,
            external_id=purchase.external_id,
            store=store.code,
            total=purchase.total,
            currency=purchase.currency,
            paid_at=purchase.paid_at,
        ),
        member_id=member.pk,
        points_earned=result.points,
        awards=present.awards_out(result.awards),
        balance=present.balance_out(points_summary(member=member, balances=result.balances)),
        tier=present.tier_out(
            result.tier_status or tier_status(member=member), settings.BASHGAH["CURRENCY"]
        ),
        tier_changed={
            "from": change.from_tier.code if change.from_tier else None,
            "to": change.to_tier.code,
        }
        if change
        else None,
        replayed=result.replayed,
        points_spent=settlement.points_paid if settlement else 0,
        discount=settlement.discount if settlement else 0,
        amount_due=purchase.total - (settlement.discount if settlement else 0),
        cashback=settlement.cashback if settlement else 0,
    )


@router.post(
    "/purchases/{external_id}/returns",
    response={201: s.ReturnOut, **ERRORS},
    summary="Return a purchase, whole or some lines",
)
@idempotent(status=201)
def record_return(request: HttpRequest, external_id: str, payload: s.ReturnIn) -> s.ReturnOut:
    key = api_key_of(request)
    purchase = (
        Purchase.objects.select_related("member", "earn_transaction")
        .filter(source=key.source, external_id=external_id)
        .first()
    )
    if purchase is None:
        raise PurchaseNotFound(details={"external_id": external_id})
    lines = (
        [ReturnLineInput(line=ln.line, quantity=ln.quantity) for ln in payload.lines]
        if payload.lines is not None
        else None
    )
    result = purchase_return(
        source=key.source,
        external_id=payload.external_id,
        purchase=purchase,
        lines=lines,
        actor=f"api:{key.name}",
    )
    return s.ReturnOut(
        id=result.return_record.pk,
        purchase_id=purchase.pk,
        amount=result.return_record.amount,
        points_reversed=result.points_reversed,
        debt=result.debt,
        balance=present.balance_out(points_summary(member=purchase.member)),
        replayed=result.replayed,
        points_refunded=result.points_refunded,
        cashback_reversed=result.cashback_reversed,
    )
