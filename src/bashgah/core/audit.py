"""Writing the audit log. The caller's transaction makes the entry atomic with the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from bashgah.core.models import AuditEntry


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    store_code: str = "",
) -> AuditEntry:
    user: Any = actor if isinstance(actor, AbstractBaseUser) and actor.pk else None
    label = user.get_username() if user is not None else "system"
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        store_code=store_code,
    )
