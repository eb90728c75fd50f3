"""``Idempotency-Key`` for every write: the same key and payload return the first response;
the same key with another payload is a 409. The record is written in the same transaction as
the write it protects, so a crash leaves neither, and two concurrent requests with one key
leave one write and one answer."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.responses import Status
from pydantic import BaseModel

from bashgah.api.auth import api_key_of
from bashgah.api.models import IdempotencyRecord
from bashgah.core.errors import ApplicationError, Conflict

MAX_KEY_LENGTH = 128


class IdempotencyKeyMissing(ApplicationError):
    code = "idempotency_key_required"
    status = 400
    default_message = _("Send an Idempotency-Key header with every write.")


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_message = _("This Idempotency-Key was already used for a different request.")


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode() if request.method else b"")
    digest.update(b"\0" + request.path.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord, request_hash: str) -> Status[Any]:
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused(details={"idempotency_key": record.key})
    return Status(record.status_code, record.response)


def idempotent(status: int = 200) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a write operation. The operation returns a pydantic model; the wrapper answers
    ``Status(status, body)`` and keeps the body for replays."""

    def decorate(operation: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(operation)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Status[Any]:
            key = (request.headers.get("Idempotency-Key") or "").strip()
            if not key or len(key) > MAX_KEY_LENGTH:
                raise IdempotencyKeyMissing()
            api_key = api_key_of(request)
            request_hash = _request_hash(request)
            existing = IdempotencyRecord.objects.filter(api_key=api_key, key=key).first()
            if existing:
                return _replay(existing, request_hash)
            try:
                with transaction.atomic():
                    result = operation(request, *args, **kwargs)
                    body = (
                        result.model_dump(mode="json") if isinstance(result, BaseModel) else result
                    )
                    # Recorded last, in the write's own transaction: a concurrent twin that
                    # committed first makes this insert fail, which undoes our write too, and
                    # we answer with the twin's response.
                    IdempotencyRecord.objects.create(
                        api_key=api_key,
                        key=key,
                        request_hash=request_hash,
                        status_code=status,
                        response=body,
                    )
                    return Status(status, body)
            except IntegrityError:
                existing = IdempotencyRecord.objects.filter(api_key=api_key, key=key).first()
                if existing is None:
                    raise
                return _replay(existing, request_hash)

        return wrapper

    return decorate
