"""Staff accounts and signing in: Argon2 passwords, lockout after repeated failures, optional
TOTP second factor."""

from __future__ import annotations

from collections.abc import Iterable

import pyotp
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError, ValidationFailed
from bashgah.staff.models import StaffProfile
from bashgah.stores.models import Store

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


class LockedOut(ApplicationError):
    code = "locked_out"
    status = 429
    default_message = _("Too many failed sign-ins. Try again in 15 minutes.")


def staff_create(
    *,
    username: str,
    password: str,
    role: str,
    stores: Iterable[Store] = (),
    actor: AbstractBaseUser | None = None,
) -> StaffProfile:
    if role not in StaffProfile.Role.values:
        raise ValidationFailed(
            details={"role": str(_("Choose owner, manager, cashier or analyst."))}
        )
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, password=password)
        profile = StaffProfile.objects.create(user=user, role=role)
        profile.stores.set(list(stores))
        audit_record(
            actor=actor,
            action="staff.create",
            object_type="user",
            object_id=user.pk,
            after={"username": username, "role": role, "stores": [store.code for store in stores]},
        )
    return profile


def _keys(username: str, ip: str) -> tuple[str, str]:
    return f"login:fail:user:{username.lower()}", f"login:fail:ip:{ip}"


def login_check_allowed(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        if (cache.get(key) or 0) >= MAX_FAILURES:
            raise LockedOut()


def login_failed(*, username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, LOCKOUT_SECONDS)
        cache.incr(key)


def login_succeeded(*, username: str, ip: str) -> None:
    cache.delete(_keys(username, ip)[0])


def totp_begin(*, profile: StaffProfile) -> str:
    """A fresh secret for the authenticator app (enabled once a first code is confirmed)."""
    profile.totp_secret = pyotp.random_base32()
    profile.totp_enabled = False
    profile.save(update_fields=["totp_secret", "totp_enabled"])
    return pyotp.TOTP(profile.totp_secret).provisioning_uri(
        name=profile.user.get_username(), issuer_name="Bashgah"
    )


def totp_check(*, profile: StaffProfile, code: str) -> bool:
    if not profile.totp_secret:
        return False
    return pyotp.TOTP(profile.totp_secret).verify((code or "").strip(), valid_window=1)


def totp_confirm(*, profile: StaffProfile, code: str) -> None:
    if not totp_check(profile=profile, code=code):
        raise ValidationFailed(details={"code": str(_("The code is wrong or has expired."))})
    profile.totp_enabled = True
    profile.save(update_fields=["totp_enabled"])
    audit_record(
        actor=profile.user,
        action="staff.totp_enabled",
        object_type="user",
        object_id=profile.user_id,
    )
