from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from bashgah.api.keys import api_key_create
from bashgah.api.models import ApiKey
from bashgah.core import config_cache
from bashgah.ledger.services import system_account_cache_clear
from bashgah.members.models import Member
from bashgah.purchases.services import LineInput, member_join, purchase_record
from bashgah.rules.services import rule_create
from bashgah.stores.models import Store
from bashgah.stores.services import store_create
from bashgah.tiers.models import Tier


def pytest_configure(config: pytest.Config) -> None:
    # Tests read translated text: compile catalogs newer than their .mo before Django loads them.
    from bashgah.core.i18n import compile_messages

    compile_messages()


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker() -> None:
    """Parallel workers share one Redis server and their member ids overlap: each worker gets
    its own Redis database (so a test's cache.clear() cannot wipe another worker's counters)
    and its own key prefix."""
    import os
    import re

    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = settings.CACHES["default"]
    cache["KEY_PREFIX"] = f"test-{worker}"
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    if "redis" in cache["BACKEND"].lower() and number:
        cache["LOCATION"] = re.sub(
            r"/(\d+)$", lambda m: f"/{max(int(m.group(1)) - number, 0)}", cache["LOCATION"]
        )
    # Backends made before this point (pytest-django touches the cache early) keep their old
    # settings: drop them so the next use builds them from the settings above.
    from asgiref.local import Local
    from django.core.cache import caches

    caches.__dict__.pop("settings", None)
    caches._settings = None
    caches._connections = Local(caches.thread_critical)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if os.environ.get("BASHGAH_REQUIRE_SERVERS") and not (on_postgres and settings.REDIS_URL):
        # CI's PostgreSQL and Redis leg: its server tests (worker processes, Celery, races)
        # must run there, never be skipped for a missing setting.
        raise pytest.UsageError(
            "BASHGAH_REQUIRE_SERVERS: set DATABASE_URL (PostgreSQL) and REDIS_URL"
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    skip_redis = pytest.mark.skip(reason="needs Redis (set REDIS_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    # Each test's rows are rolled back or flushed; no cache may outlive them.
    system_account_cache_clear()
    config_cache.invalidate()


@pytest.fixture
def store(db: None) -> Store:
    return store_create(code="tehran-1", name="شعبه ونک", city="تهران")


@pytest.fixture
def base_rule(db: None) -> Any:
    """1 point per 10,000 Rial."""
    return rule_create(
        name="base",
        type="points_per_amount",
        params={"points": 1, "per_amount": 10_000},
        labels={"fa": "امتیاز پایه", "en": "base points"},
        activate=True,
    )


@pytest.fixture
def tiers(db: None) -> list[Tier]:
    return [
        Tier.objects.create(
            code="bronze", rank=0, threshold=0, labels={"fa": "برنزی", "he": "ארד", "en": "Bronze"}
        ),
        Tier.objects.create(
            code="silver",
            rank=1,
            threshold=5_000_000,
            points_multiplier=Decimal("1.25"),
            discount_percent=Decimal(3),
            labels={"fa": "نقره‌ای", "he": "כסף", "en": "Silver"},
        ),
        Tier.objects.create(
            code="gold",
            rank=2,
            threshold=20_000_000,
            points_multiplier=Decimal("1.5"),
            discount_percent=Decimal(7),
            cashback_percent=Decimal(2),
            labels={"fa": "طلایی", "he": "זהב", "en": "Gold"},
        ),
    ]


_phone_counter = iter(range(1_000_000))


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    def make(phone: str | None = None, **profile: Any) -> Member:
        from bashgah.members.services import ProfileInput

        number = phone or f"0912{next(_phone_counter):07d}"
        return member_join(phone=number, profile=ProfileInput(**profile)).member

    return make


@pytest.fixture
def member(make_member: Callable[..., Member]) -> Member:
    return make_member("09121234567", first_name="سارا", last_name="احمدی")


_purchase_counter = iter(range(10_000_000))


@pytest.fixture
def buy(store: Store) -> Callable[..., Any]:
    """Record a purchase through the service with sensible defaults."""

    def record(
        member: Member,
        *lines: tuple[str, str, int, int],
        at: dt.datetime | None = None,
        external_id: str | None = None,
    ) -> Any:
        items = [
            LineInput(sku=sku, category=cat, quantity=q, unit_price=p)
            for sku, cat, q, p in (lines or [("milk", "dairy", 1, 100_000)])
        ]
        return purchase_record(
            source="test",
            external_id=external_id or f"p{next(_purchase_counter)}",
            member=member,
            store=store,
            lines=items,
            total=sum(i.quantity * i.unit_price for i in items),
            currency="IRR",
            paid_at=at or timezone.now(),
        )

    return record


@pytest.fixture
def api_key(store: Store) -> tuple[ApiKey, str]:
    return api_key_create(name="till-1", store=store)


@pytest.fixture
def staff_key(store: Store) -> tuple[ApiKey, str]:
    return api_key_create(name="backoffice", store=store, scope=ApiKey.Scope.STAFF)


class ApiClient:
    def __init__(self, key: str, language: str = "en") -> None:
        self.client = Client()
        self.key = key
        self.language = language
        self._counter = 0

    def _headers(self, idempotency_key: str | None, language: str | None) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.key}",
            "Accept-Language": language or self.language,
        }
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def post(
        self, path: str, body: Any, *, key: str | None = "auto", language: str | None = None
    ) -> Any:
        if key == "auto":
            self._counter += 1
            key = f"k-{id(self)}-{self._counter}"
        return self.client.post(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            headers=self._headers(key, language),
        )

    def patch(self, path: str, body: Any, *, key: str | None = "auto") -> Any:
        if key == "auto":
            self._counter += 1
            key = f"k-{id(self)}-{self._counter}"
        return self.client.patch(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            headers=self._headers(key, None),
        )

    def get(self, path: str, *, language: str | None = None, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(None, language))


@pytest.fixture
def api(api_key: tuple[ApiKey, str]) -> ApiClient:
    return ApiClient(api_key[1])


@pytest.fixture
def staff_api(staff_key: tuple[ApiKey, str]) -> ApiClient:
    return ApiClient(staff_key[1])


def ledger_is_sound() -> bool:
    from bashgah.ledger.selectors import ledger_verify

    problems = ledger_verify()
    assert problems == [], problems
    return True


def vendor() -> str:
    return connection.vendor
