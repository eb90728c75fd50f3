from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer

from bashgah.api.keys import api_key_check
from bashgah.api.models import ApiKey
from bashgah.core.errors import PermissionDenied


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_check(token)


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        return api_key_check(key or "")


AUTH: list[Any] = [BearerKey(), HeaderKey()]


def api_key_of(request: HttpRequest) -> ApiKey:
    """The API key ninja authenticated this request with."""
    key = getattr(request, "auth", None)
    if not isinstance(key, ApiKey):
        raise PermissionDenied()
    return key


def require_staff(request: HttpRequest) -> ApiKey:
    key = api_key_of(request)
    if key.scope != ApiKey.Scope.STAFF:
        raise PermissionDenied(details={"required_scope": "staff"})
    return key
