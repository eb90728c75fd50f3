"""API key creation and checking (services for the ApiKey model)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone

from bashgah.api.models import ApiKey
from bashgah.stores.models import Store

KEY_PREFIX = "bgk_"


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


def api_key_check(plain: str) -> ApiKey | None:
    if not plain.startswith(KEY_PREFIX):
        return None
    prefix = plain[len(KEY_PREFIX) :].split("_", 1)[0]
    key = (
        ApiKey.objects.select_related("store")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.key_hash, _hash(plain)):
        return None
    return key


def api_key_revoke(*, key: ApiKey) -> None:
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
