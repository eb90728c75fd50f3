import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from bashgah.api import presenters as present
from bashgah.api import schemas as s
from bashgah.api.auth import api_key_of, require_staff
from bashgah.api.idempotency import idempotent
from bashgah.core.codes import format_code
from bashgah.core.errors import NotFound
from bashgah.core.money import format_money
from bashgah.ledger.selectors import points_summary, wallet_summary
from bashgah.ledger.services.money import conversion_value, points_to_wallet
from bashgah.members.otp import otp_issue
from bashgah.members.selectors import member_get
from bashgah.rewards.models import CouponCampaign, Reward, Voucher
from bashgah.rewards.services.coupons import (
    coupon_apply,
    coupon_campaign_create,
    coupon_campaign_usage,
    coupons_generate,
    coupons_import,
)
from bashgah.rewards.services.money import (
    giftcard_balance,
    giftcard_by_code,
    giftcard_issue,
    giftcard_spend,
    wallet_pay,
)
from bashgah.rewards.services.redeem import (
    reward_redeem,
    voucher_by_code,
    voucher_cancel,
    voucher_consume,
)

router = Router(tags=["rewards"])
ERRORS = s.ERRORS


class RewardOut(Schema):
    code: str
    type: str
    name: str
    description: str
    points_cost: int
    value: int
    percent: Decimal
    sku: str
    in_stock: bool
    valid_until: dt.datetime | None


class VoucherOut(Schema):
    code: str
    code_display: str
    qr_payload: str
    reward: RewardOut
    status: str
    points_cost: int
    issued_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None


class RedeemIn(Schema):
    reward: str = Field(description="reward code")
    otp: str | None = Field(None, description="the code texted to the member, when required")


class RedeemOut(Schema):
    voucher: VoucherOut
    balance: s.BalanceOut


class ConsumeIn(Schema):
    reference: str = Field(description="the till's purchase id")
    basket_total: int = Field(0, description="minor units, for percent and fixed discounts")


class ConsumeOut(Schema):
    voucher: VoucherOut
    discount: int
    free_sku: str
    replayed: bool


class CancelOut(Schema):
    voucher: VoucherOut
    balance: s.BalanceOut


class CouponApplyIn(Schema):
    reference: str
    total: int
    categories: list[str] = []
    member: int | None = None


class CouponApplyOut(Schema):
    code: str
    campaign: str
    discount: int
    points: int
    uses: int
    max_uses: int
    replayed: bool


class CampaignIn(Schema):
    name: str
    kind: str
    benefit: str
    value: int = 0
    percent: Decimal = Decimal(0)
    max_discount: int | None = None
    minimum_basket: int = 0
    categories: list[str] = []
    uses_per_code: int = 1
    uses_per_member: int = 1
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    benefit: str
    usage: dict


class GenerateIn(Schema):
    count: int = 0
    members: list[int] = []
    prefix: str = ""


class ImportIn(Schema):
    codes: list[str]


class CodesOut(Schema):
    created: int
    duplicates: list[str] = []
    invalid: list[str] = []


def reward_out(reward: Reward) -> RewardOut:
    language = present.language()
    descriptions = reward.descriptions or {}
    return RewardOut(
        code=reward.code,
        type=reward.type,
        name=reward.name(language),
        description=descriptions.get(language) or descriptions.get("fa") or "",
        points_cost=reward.points_cost,
        value=reward.value,
        percent=reward.percent,
        sku=reward.sku,
        in_stock=reward.stock is None or reward.stock > 0,
        valid_until=reward.valid_until,
    )


def voucher_out(voucher: Voucher) -> VoucherOut:
    return VoucherOut(
        code=voucher.code,
        code_display=format_code(voucher.code),
        qr_payload=f"BASHGAH-V:{voucher.code}",
        reward=reward_out(voucher.reward),
        status=voucher.status,
        points_cost=voucher.points_cost,
        issued_at=voucher.issued_at,
        expires_at=voucher.expires_at,
        used_at=voucher.used_at,
    )


def _code(raw: str) -> str:
    return raw.removeprefix("BASHGAH-V:")


@router.get("/rewards", response={200: list[RewardOut], **ERRORS}, summary="The catalog")
def catalog(request: HttpRequest) -> list[RewardOut]:
    rewards = Reward.objects.filter(is_active=True).order_by("points_cost", "code")
    return [reward_out(reward) for reward in rewards]


@router.post(
    "/members/{member_id}/redemptions",
    response={201: RedeemOut, **ERRORS},
    summary="Spend points on a reward; returns the voucher",
)
@idempotent(status=201)
def redeem(request: HttpRequest, member_id: int, payload: RedeemIn) -> RedeemOut:
    key = api_key_of(request)
    member = member_get(member_id=member_id)
    reward = Reward.objects.filter(code=payload.reward).first()
    if reward is None:
        raise NotFound(details={"reward": payload.reward})
    voucher = reward_redeem(
        member=member,
        reward=reward,
        store=key.store,
        actor=f"api:{key.name}",
        otp_code=payload.otp,
    )
    return RedeemOut(
        voucher=voucher_out(voucher), balance=present.balance_out(points_summary(member=member))
    )


class CodeSentOut(Schema):
    sent_to: str
    expires_at: dt.datetime


@router.post(
    "/members/{member_id}/redemption-codes",
    response={201: CodeSentOut, **ERRORS},
    summary="Text the member a code for a large redemption",
)
def redemption_code(request: HttpRequest, member_id: int) -> Status[CodeSentOut]:
    member = member_get(member_id=member_id)
    record = otp_issue(member=member, purpose="redeem")
    phone = member.phone or ""
    return Status(201, CodeSentOut(sent_to=f"…{phone[-4:]}", expires_at=record.expires_at))


@router.get(
    "/vouchers/{code}",
    response={200: VoucherOut, **ERRORS},
    summary="Check a voucher before using it",
)
def voucher_detail(request: HttpRequest, code: str) -> VoucherOut:
    return voucher_out(voucher_by_code(code=_code(code)))


@router.post(
    "/vouchers/{code}/consume",
    response={200: ConsumeOut, **ERRORS},
    summary="Use a voucher at the till (once)",
)
@idempotent()
def consume(request: HttpRequest, code: str, payload: ConsumeIn) -> ConsumeOut:
    key = api_key_of(request)
    use = voucher_consume(
        code=_code(code),
        store=key.store,
        reference=payload.reference,
        basket_total=payload.basket_total,
    )
    return ConsumeOut(
        voucher=voucher_out(use.voucher),
        discount=use.discount,
        free_sku=use.free_sku,
        replayed=use.replayed,
    )


@router.post(
    "/vouchers/{code}/cancel",
    response={200: CancelOut, **ERRORS},
    summary="Cancel an unused voucher; its points come back",
)
@idempotent()
def cancel(request: HttpRequest, code: str) -> CancelOut:
    key = api_key_of(request)
    voucher = voucher_cancel(voucher=voucher_by_code(code=_code(code)), actor=f"api:{key.name}")
    return CancelOut(
        voucher=voucher_out(voucher),
        balance=present.balance_out(points_summary(member=voucher.member)),
    )


@router.post(
    "/coupons/{code}/apply",
    response={200: CouponApplyOut, **ERRORS},
    summary="Use a coupon on a purchase at the till",
)
@idempotent()
def apply_coupon(request: HttpRequest, code: str, payload: CouponApplyIn) -> CouponApplyOut:
    key = api_key_of(request)
    member = member_get(member_id=payload.member) if payload.member else None
    result = coupon_apply(
        code=code,
        store=key.store,
        reference=payload.reference,
        total=payload.total,
        categories=payload.categories,
        member=member,
    )
    return CouponApplyOut(
        code=result.coupon.code,
        campaign=result.coupon.campaign.name,
        discount=result.discount,
        points=result.points,
        uses=result.coupon.uses,
        max_uses=result.coupon.max_uses,
        replayed=result.replayed,
    )


def _campaign_out(campaign: CouponCampaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.pk,
        name=campaign.name,
        kind=campaign.kind,
        benefit=campaign.benefit,
        usage=coupon_campaign_usage(campaign=campaign),
    )


@router.post(
    "/coupon-campaigns",
    response={201: CampaignOut, **ERRORS},
    summary="Create a coupon campaign (staff keys)",
)
@idempotent(status=201)
def campaign_create(request: HttpRequest, payload: CampaignIn) -> CampaignOut:
    require_staff(request)
    return _campaign_out(coupon_campaign_create(**payload.model_dump()))


def _campaign(campaign_id: int) -> CouponCampaign:
    campaign = CouponCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound(details={"campaign": campaign_id})
    return campaign


@router.get("/coupon-campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS})
def campaign_detail(request: HttpRequest, campaign_id: int) -> CampaignOut:
    require_staff(request)
    return _campaign_out(_campaign(campaign_id))


@router.post(
    "/coupon-campaigns/{campaign_id}/codes",
    response={201: CodesOut, **ERRORS},
    summary="Generate codes in bulk (staff keys)",
)
@idempotent(status=201)
def generate(request: HttpRequest, campaign_id: int, payload: GenerateIn) -> CodesOut:
    require_staff(request)
    members = [member_get(member_id=pk) for pk in payload.members] or None
    created = coupons_generate(
        campaign=_campaign(campaign_id), count=payload.count, members=members, prefix=payload.prefix
    )
    return CodesOut(created=created)


@router.post(
    "/coupon-campaigns/{campaign_id}/imports",
    response={201: CodesOut, **ERRORS},
    summary="Import existing codes (staff keys)",
)
@idempotent(status=201)
def import_codes(request: HttpRequest, campaign_id: int, payload: ImportIn) -> CodesOut:
    require_staff(request)
    result = coupons_import(campaign=_campaign(campaign_id), codes=payload.codes)
    return CodesOut(created=result.imported, duplicates=result.duplicates, invalid=result.invalid)


class WalletOut(Schema):
    balance: int
    available: int
    pending: int
    debt: int
    currency: str
    display: str


class WalletPayIn(Schema):
    amount: int
    reference: str = Field(description="the till's purchase id")


class ConvertIn(Schema):
    points: int


class WalletMoveOut(Schema):
    amount: int
    wallet: WalletOut
    balance: s.BalanceOut


class GiftCardIn(Schema):
    amount: int
    valid_days: int | None = 365
    buyer: int | None = None


class GiftCardOut(Schema):
    code: str
    code_display: str
    initial_amount: int
    balance: int
    expires_at: dt.datetime | None
    expired: bool


class GiftCardSpendIn(Schema):
    amount: int
    reference: str


def _wallet_out(member_id: int) -> WalletOut:
    summary = wallet_summary(member=member_get(member_id=member_id))
    currency = settings.BASHGAH["CURRENCY"]
    return WalletOut(
        balance=summary.balance,
        available=summary.available,
        pending=summary.pending,
        debt=summary.debt,
        currency=currency,
        display=format_money(summary.available, currency, present.language()),
    )


@router.get(
    "/members/{member_id}/wallet",
    response={200: WalletOut, **ERRORS},
    summary="Wallet credit (cashback, converted points)",
)
def wallet(request: HttpRequest, member_id: int) -> WalletOut:
    return _wallet_out(member_id)


@router.post(
    "/members/{member_id}/wallet/payments",
    response={201: WalletMoveOut, **ERRORS},
    summary="Pay part of a purchase from the wallet",
)
@idempotent(status=201)
def wallet_payment(request: HttpRequest, member_id: int, payload: WalletPayIn) -> WalletMoveOut:
    member = member_get(member_id=member_id)
    payment = wallet_pay(
        member=member,
        amount=payload.amount,
        store=api_key_of(request).store,
        reference=payload.reference,
    )
    return WalletMoveOut(
        amount=payment.amount,
        wallet=_wallet_out(member_id),
        balance=present.balance_out(points_summary(member=member)),
    )


@router.post(
    "/members/{member_id}/wallet/conversions",
    response={201: WalletMoveOut, **ERRORS},
    summary="Turn points into wallet credit at the club's rate",
)
@idempotent(status=201)
def convert(request: HttpRequest, member_id: int, payload: ConvertIn) -> WalletMoveOut:
    member = member_get(member_id=member_id)
    points_to_wallet(member=member, points=payload.points, actor=f"api:{api_key_of(request).name}")
    return WalletMoveOut(
        amount=conversion_value(payload.points),
        wallet=_wallet_out(member_id),
        balance=present.balance_out(points_summary(member=member)),
    )


def _giftcard_out(card) -> GiftCardOut:
    state = giftcard_balance(card=card)
    return GiftCardOut(
        code=card.code,
        code_display=format_code(card.code),
        initial_amount=card.initial_amount,
        balance=state.balance,
        expires_at=state.expires_at,
        expired=state.expired,
    )


@router.post("/gift-cards", response={201: GiftCardOut, **ERRORS}, summary="Sell a gift card")
@idempotent(status=201)
def giftcard_sell(request: HttpRequest, payload: GiftCardIn) -> GiftCardOut:
    buyer = member_get(member_id=payload.buyer) if payload.buyer else None
    card = giftcard_issue(
        amount=payload.amount,
        store=api_key_of(request).store,
        valid_days=payload.valid_days,
        buyer=buyer,
    )
    return _giftcard_out(card)


@router.get(
    "/gift-cards/{code}", response={200: GiftCardOut, **ERRORS}, summary="A gift card's balance"
)
def giftcard_detail(request: HttpRequest, code: str) -> GiftCardOut:
    return _giftcard_out(giftcard_by_code(code=code))


@router.post(
    "/gift-cards/{code}/payments",
    response={201: GiftCardOut, **ERRORS},
    summary="Pay with a gift card, in part or in full",
)
@idempotent(status=201)
def giftcard_pay(request: HttpRequest, code: str, payload: GiftCardSpendIn) -> GiftCardOut:
    card = giftcard_by_code(code=code)
    giftcard_spend(
        card=card,
        amount=payload.amount,
        store=api_key_of(request).store,
        reference=payload.reference,
    )
    return _giftcard_out(card)
