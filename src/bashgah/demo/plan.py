"""The demo club's history as plain data: who joins when, what they buy and bring back.

No database: the same seed, size and end time always give the same plan, so a load that was
interrupted resumes by replaying it (every write it leads to is idempotent or skipped).
Members differ in habit so that tiers, statistics and segments have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

import jdatetime

from bashgah.core.calendars import club_zone
from bashgah.demo import data
from bashgah.members.services import ProfileInput
from bashgah.purchases.services import LineInput, ReturnLineInput

SEED = 1404  # the Jalali year the club opened

# Visits a week, drawn per member from these ranges.
HABIT_RATES: dict[str, tuple[float, float]] = {
    "loyal": (0.8, 1.6),
    "regular": (0.25, 0.6),
    "occasional": (0.05, 0.18),
    "lapsed": (0.5, 1.0),  # until they stop coming, a few weeks after joining
    "one_off": (0.0, 0.0),  # the purchase they joined at, if any
}
# Monday = 0. Thursday afternoons and Fridays are the Iranian weekend.
WEEKDAY_FACTOR = (0.9, 0.9, 0.95, 1.25, 1.35, 1.0, 0.95)
SHOP_HOURS = {
    hour: weight
    for hour, weight in zip(
        range(8, 23), (2, 4, 6, 7, 6, 4, 3, 3, 4, 6, 8, 9, 8, 6, 3), strict=True
    )
}
CAFE_HOURS = {
    hour: weight
    for hour, weight in zip(
        range(9, 24), (3, 5, 5, 4, 3, 3, 4, 6, 8, 9, 9, 8, 7, 5, 3), strict=True
    )
}
CAFE_VISIT = 0.2  # share of visits that are a coffee, not groceries


@dataclass(frozen=True, slots=True)
class MemberPlan:
    number: int  # position in the plan, from 0
    phone: str  # as the cashier types it: 09…
    profile: ProfileInput
    store: str  # home branch, where they joined
    joined_at: dt.datetime
    habit: str

    @property
    def at(self) -> dt.datetime:
        return self.joined_at

    @property
    def phone_e164(self) -> str:
        return "+98" + self.phone[1:]


@dataclass(frozen=True, slots=True)
class PurchasePlan:
    receipt: str  # the till's receipt number: the purchase's external id
    member: int
    store: str
    lines: tuple[LineInput, ...]
    paid_at: dt.datetime

    @property
    def at(self) -> dt.datetime:
        return self.paid_at

    @property
    def total(self) -> int:
        return sum(line.quantity * line.unit_price for line in self.lines)


@dataclass(frozen=True, slots=True)
class ReturnPlan:
    external_id: str
    receipt: str
    store: str
    lines: tuple[ReturnLineInput, ...] | None  # None returns the whole purchase
    returned_at: dt.datetime

    @property
    def at(self) -> dt.datetime:
        return self.returned_at


@dataclass(frozen=True, slots=True)
class AdjustmentPlan:
    member: int
    points: int
    reason: str
    at: dt.datetime


Event = MemberPlan | PurchasePlan | ReturnPlan
_EVENT_ORDER = {MemberPlan: 0, PurchasePlan: 1, ReturnPlan: 2}


@dataclass(frozen=True, slots=True)
class DemoPlan:
    members: tuple[MemberPlan, ...]
    purchases: tuple[PurchasePlan, ...]
    returns: tuple[ReturnPlan, ...]
    adjustments: tuple[AdjustmentPlan, ...]

    def timeline(self) -> list[Event]:
        """Joins, purchases and returns in the order they happened."""
        events: list[Event] = [*self.members, *self.purchases, *self.returns]
        return sorted(events, key=lambda event: (event.at, _EVENT_ORDER[type(event)]))


def demo_plan(*, members: int, end: dt.datetime, seed: int = SEED) -> DemoPlan:
    """The club's history up to ``end`` (an aware datetime): about 8 months of it."""
    rng = random.Random(seed)
    end = end.astimezone(club_zone())
    stores = {store.code: store for store in data.STORES}
    phones: set[str] = set()
    people: list[MemberPlan] = []
    visits: list[tuple[dt.datetime, int, str, tuple[LineInput, ...]]] = []
    for number in range(members):
        person = _member(rng, number=number, end=end, phones=phones)
        people.append(person)
        for paid_at, store, is_cafe in _visits(rng, person=person, end=end):
            basket = _basket(rng, stores[store], paid_at, is_cafe=is_cafe)
            visits.append((paid_at, number, store, basket))
    visits.sort(key=lambda visit: (visit[0], visit[1]))
    receipts: Counter[str] = Counter()
    purchases = []
    for paid_at, number, store, lines in visits:
        receipts[store] += 1
        receipt = f"{stores[store].receipt_prefix}-{receipts[store]:06d}"
        purchases.append(
            PurchasePlan(receipt=receipt, member=number, store=store, lines=lines, paid_at=paid_at)
        )
    returns = _returns(rng, purchases=purchases, end=end)
    adjustments = _adjustments(people=people, purchases=purchases, end=end)
    return DemoPlan(
        members=tuple(people),
        purchases=tuple(purchases),
        returns=tuple(returns),
        adjustments=tuple(adjustments),
    )


def _opened(store: data.StoreData, end: dt.datetime) -> dt.date:
    return end.date() - dt.timedelta(days=store.opened_days_ago)


def _at(rng: random.Random, day: dt.date, hours: dict[int, int]) -> dt.datetime:
    hour = rng.choices(list(hours), weights=list(hours.values()))[0]
    return dt.datetime.combine(
        day, dt.time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=club_zone()
    )


def _member(rng: random.Random, *, number: int, end: dt.datetime, phones: set[str]) -> MemberPlan:
    store = rng.choices(data.STORES, weights=[s.share for s in data.STORES])[0]
    opened = _opened(store, end)
    days_open = (end.date() - opened).days
    # A fifth join in the launch fortnight; the rest over the months since.
    offset = rng.randrange(14) if rng.random() < 0.2 else rng.randrange(1, days_open)
    joined_at = _at(rng, opened + dt.timedelta(days=offset), SHOP_HOURS)
    while joined_at >= end:  # joined "today", after the history ends: make it yesterday
        joined_at -= dt.timedelta(days=1)
    age_days = (end - joined_at).days
    habits = {
        "loyal": 15,
        "regular": 33,
        "occasional": 32,
        "one_off": 12,
        "lapsed": 8 if age_days > 90 else 0,
    }
    habit = rng.choices(list(habits), weights=list(habits.values()))[0]

    is_female = rng.random() < 0.55
    first, first_latin = rng.choice(data.FEMALE_NAMES if is_female else data.MALE_NAMES)
    last, last_latin = rng.choice(data.LAST_NAMES)
    gender = "" if rng.random() < 0.08 else ("female" if is_female else "male")
    birth_date = None
    if rng.random() < 0.65:
        age = int(rng.triangular(18, 72, 34))
        birth_date = dt.date(end.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
    email = ""
    if rng.random() < 0.35:
        local = rng.choice(
            (
                f"{first_latin}.{last_latin}",
                f"{first_latin}{last_latin[0]}{rng.randrange(10, 100)}",
                f"{first_latin[0]}.{last_latin}",
            )
        )
        email = f"{local}@{rng.choice(data.EMAIL_DOMAINS)}"
    city = store.city if rng.random() < 0.88 else rng.choice(store.nearby_cities)
    profile = ProfileInput(
        first_name=first,
        last_name=last,
        email=email,
        birth_date=birth_date,
        gender=gender,
        city=city,
        language="en" if rng.random() < 0.04 else "fa",
    )
    phone = ""
    while not phone or phone in phones:
        phone = rng.choice(store.phone_prefixes) + f"{rng.randrange(10**7):07d}"
    phones.add(phone)
    return MemberPlan(
        number=number,
        phone=phone,
        profile=profile,
        store=store.code,
        joined_at=joined_at,
        habit=habit,
    )


def _season(day: dt.date) -> float:
    """Esfand, the month before Nowruz, is the busiest of the year."""
    return 1.3 if jdatetime.date.fromgregorian(date=day).month == 12 else 1.0


def _visits(
    rng: random.Random, *, person: MemberPlan, end: dt.datetime
) -> list[tuple[dt.datetime, str, bool]]:
    """When and where the member shops, and whether it is only a coffee."""
    low, high = HABIT_RATES[person.habit]
    weekly = rng.uniform(low, high)
    joined = person.joined_at.date()
    stops = joined + dt.timedelta(days=rng.randrange(20, 80)) if person.habit == "lapsed" else None
    visits = []
    if rng.random() < (0.75 if person.habit == "one_off" else 0.85):  # they joined at the till
        visits.append(
            (person.joined_at + dt.timedelta(minutes=rng.randrange(2, 12)), person.store, False)
        )
    day = joined + dt.timedelta(days=1)
    while day <= end.date() and weekly:
        if stops and day > stops:
            break
        if rng.random() < weekly / 7 * WEEKDAY_FACTOR[day.weekday()] * _season(day):
            store = person.store
            if rng.random() < 0.12:  # away from home: any branch open by then
                store = rng.choice([s.code for s in data.STORES if _opened(s, end) <= day])
            is_cafe = rng.random() < CAFE_VISIT
            visits.append((_at(rng, day, CAFE_HOURS if is_cafe else SHOP_HOURS), store, is_cafe))
        day += dt.timedelta(days=1)
    return [visit for visit in visits if visit[0] < end]


def _basket(
    rng: random.Random, store: data.StoreData, paid_at: dt.datetime, *, is_cafe: bool
) -> tuple[LineInput, ...]:
    on_sale = [p for p in data.PRODUCTS if not p.stores or store.code in p.stores]
    festive = _season(paid_at.date()) > 1
    if is_cafe:
        shelf = [p for p in on_sale if p.category == "cafe"]
        count = rng.choice((1, 1, 2, 2, 3))
    else:
        shelf = [p for p in on_sale if p.category != "cafe"]
        count = rng.choices((1, 2, 3, 4, 5, 6), weights=(10, 18, 22, 20, 16, 14))[0]
    weights = [p.popularity * (8 if festive and p.sku in data.FESTIVE_SKUS else 1) for p in shelf]
    chosen: list[data.Product] = []
    while len(chosen) < count:
        product = rng.choices(shelf, weights=weights)[0]
        if product not in chosen:
            chosen.append(product)
    return tuple(
        LineInput(
            sku=p.sku,
            category=p.category,
            unit_price=p.price,
            quantity=rng.choices(range(1, p.most + 1), weights=range(p.most + 1, 1, -1))[0],
        )
        for p in chosen
    )


def _returns(
    rng: random.Random, *, purchases: list[PurchasePlan], end: dt.datetime
) -> list[ReturnPlan]:
    """About one purchase in a hundred and twenty comes back within four days, half in part."""
    candidates = [p for p in purchases if p.paid_at < end - dt.timedelta(days=1)]
    count = min(len(candidates), max(6, len(purchases) // 120))
    returns = []
    for index, purchase in enumerate(
        sorted(rng.sample(candidates, count), key=lambda p: p.paid_at)
    ):
        returned_at = min(
            purchase.paid_at + dt.timedelta(minutes=rng.randrange(60, 4 * 1440)),
            end - dt.timedelta(minutes=10),
        )
        lines: tuple[ReturnLineInput, ...] | None = None
        if index % 2 and (len(purchase.lines) > 1 or purchase.lines[0].quantity > 1):
            number, line = max(
                enumerate(purchase.lines, start=1),
                key=lambda item: item[1].quantity * item[1].unit_price,
            )
            quantity = line.quantity - 1 if line.quantity > 1 else 1
            lines = (ReturnLineInput(line=number, quantity=quantity),)
        returns.append(
            ReturnPlan(
                external_id=f"R-{purchase.receipt}",
                receipt=purchase.receipt,
                store=purchase.store,
                lines=lines,
                returned_at=returned_at,
            )
        )
    return returns


def _adjustments(
    *, people: list[MemberPlan], purchases: list[PurchasePlan], end: dt.datetime
) -> list[AdjustmentPlan]:
    """Each staff correction goes to the most frequent shopper of its branch."""
    visits = Counter(purchase.member for purchase in purchases)
    ranked = sorted(people, key=lambda person: (-visits[person.number], person.number))
    adjustments: list[AdjustmentPlan] = []
    for days_before, (store, points, reason) in enumerate(reversed(data.ADJUSTMENTS), start=1):
        taken = {adjustment.member for adjustment in adjustments}
        person = next(
            (p for p in ranked if p.store == store and p.number not in taken),
            next(p for p in ranked if p.number not in taken),
        )
        at = min(
            max(
                end - dt.timedelta(days=days_before, hours=3),
                person.joined_at + dt.timedelta(hours=1),
            ),
            end - dt.timedelta(minutes=1),
        )
        adjustments.append(
            AdjustmentPlan(member=person.number, points=points, reason=reason, at=at)
        )
    adjustments.reverse()
    return adjustments
