import datetime as dt

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    error: str
    message: str
    details: dict = {}


class EnrolIn(Schema):
    phone: str = Field(examples=["۰۹۱۲ ۳۴۵ ۶۷۸۹", "+972502345678"])
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    birth_date: str | None = Field(
        None, description="YYYY-MM-DD, Gregorian or Jalali (e.g. 1370-05-14)"
    )
    gender: str = ""
    city: str = ""
    language: str = ""
    referral_code: str | None = Field(
        None, description="A friend's invitation code (their link is /r/<code>)"
    )


class MemberUpdateIn(Schema):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    birth_date: str | None = None
    gender: str | None = None
    city: str | None = None
    language: str | None = None


class LookupIn(Schema):
    query: str = Field(description="a phone number (any digits), a card number or a QR payload")


class MemberOut(Schema):
    id: int
    phone: str | None
    card_number: str
    qr_payload: str
    first_name: str
    last_name: str
    email: str
    birth_date: dt.date | None
    birth_date_display: str | None
    gender: str
    city: str
    language: str
    status: str
    enrolled_at: dt.datetime


class AwardOut(Schema):
    points: int
    code: str
    rule_id: int | None
    explanation: str


class BalanceOut(Schema):
    balance: int
    available: int
    pending: int
    debt: int
    expiring_soon: int
    expiring_soon_at: dt.datetime | None


class TierRef(Schema):
    code: str
    name: str


class TierOut(Schema):
    tier: TierRef | None
    basis: str
    value: int
    window_months: int
    next_tier: TierRef | None
    needed: int
    deadline: dt.datetime | None
    progress: str
    manual_until: dt.datetime | None
    points_multiplier: str
    discount_percent: str
    cashback_percent: str


class EnrolOut(Schema):
    member: MemberOut
    points_earned: int
    awards: list[AwardOut]
    balance: BalanceOut
    tier: TierOut


class LineIn(Schema):
    sku: str
    category: str = ""
    quantity: int
    unit_price: int = Field(description="minor units of the club's currency")


class PurchaseIn(Schema):
    external_id: str = Field(description="the till's own id for the purchase; unique per store")
    member: str = Field(description="member id, card number, phone or QR payload")
    store: str | None = Field(None, description="store code; defaults to the API key's store")
    lines: list[LineIn]
    total: int
    currency: str
    paid_at: dt.datetime
    points_to_spend: int = Field(
        0, description="points the member pays with, at the club's rate, up to its share cap"
    )


class PurchaseRef(Schema):
    id: int
    external_id: str
    store: str
    total: int
    currency: str
    paid_at: dt.datetime


class ReceiptOut(Schema):
    purchase: PurchaseRef
    member_id: int
    points_earned: int
    awards: list[AwardOut]
    balance: BalanceOut
    tier: TierOut
    tier_changed: dict | None
    replayed: bool
    points_spent: int = 0
    discount: int = Field(0, description="minor units paid with points")
    amount_due: int = Field(0, description="what is left to pay in money")
    cashback: int = Field(0, description="tier cashback credited to the wallet")


class ReturnLineIn(Schema):
    line: int = Field(description="1-based line number in the purchase")
    quantity: int


class ReturnIn(Schema):
    external_id: str
    lines: list[ReturnLineIn] | None = Field(
        None, description="omit to return everything not yet returned"
    )


class ReturnOut(Schema):
    id: int
    purchase_id: int
    amount: int
    points_reversed: int
    debt: int
    balance: BalanceOut
    replayed: bool
    points_refunded: int = 0
    cashback_reversed: int = 0


class AdjustIn(Schema):
    points: int
    reason: str


class HistoryItemOut(Schema):
    id: int
    kind: str
    points: int
    debt: int
    created_at: dt.datetime
    date_display: str
    explanations: list[str]
    reference_type: str
    reference_id: str


class HistoryOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[HistoryItemOut]


class TransactionOut(Schema):
    id: int
    kind: str
    points: int
    debt: int
    explanations: list[str]
    balance: BalanceOut


# Every operation may answer with the one error shape; declared once for the OpenAPI schema.
ERRORS: dict[int, type[ErrorOut]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 422, 429)
}
