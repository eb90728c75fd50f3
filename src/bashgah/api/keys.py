"""API key creation and checking (services for the ApiKey model)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone

from bashgah.api.models import ApiKey
from bashgah.core.config_cache import cached, invalidate
from bashgah.stores.models import Store

KEY_PREFIX = "bgk_"
KEY_CACHE_SECONDS = 5.0


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(*, name: str, store: Store, scope: str = ApiKey.Scope.POS) -> tuple[ApiKey, str]:
    """Create a key and return it with its plain text, which is shown once and never stored."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    plain = f"{KEY_PREFIX}{prefix}_{secret}"
    key = ApiKey.objects.create(
        name=name, prefix=prefix, key_hash=_hash(plain), store=store, scope=scope
    )
    return key, plain


def _live_key(prefix: str) -> ApiKey | None:
    return (
        ApiKey.objects.select_related("store")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )


def api_key_check(plain: str) -> ApiKey | None:
    """The live key for ``plain``. Keys are cached per process for a few seconds (every POS
    request needs one): a revocation takes effect at once in the revoking process and within
    ``KEY_CACHE_SECONDS`` everywhere else."""
    if not plain.startswith(KEY_PREFIX):
        return None
    prefix = plain[len(KEY_PREFIX) :].split("_", 1)[0]
    key = cached(f"api-key:{prefix}", lambda: _live_key(prefix), ttl=KEY_CACHE_SECONDS)
    if (
        key is None
        or not key.store.is_active
        or not hmac.compare_digest(key.key_hash, _hash(plain))
    ):
        return None
    return key


def api_key_revoke(*, key: ApiKey) -> None:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    invalidate(f"api-key:{key.prefix}")
