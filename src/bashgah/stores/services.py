"""Stores (branches): create and change them, with an error per field the user can fix."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed
from bashgah.stores.models import Store

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class InvalidStore(ValidationFailed):
    code = "invalid_store"


def _check(*, name: str, city: str) -> dict[str, str]:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the branch a name.")
    elif len(name.strip()) > 120:
        errors["name"] = _("At most %(count)d characters.") % {"count": 120}
    if len(city.strip()) > 80:
        errors["city"] = _("At most %(count)d characters.") % {"count": 80}
    return errors


def store_create(*, code: str, name: str, city: str = "") -> Store:
    """A new branch. Its code names it in the API and in purchase sources, so it is fixed."""
    code = code.strip().lower()
    errors = _check(name=name, city=city)
    if not _CODE.match(code):
        errors["code"] = _("Use up to 32 lower-case Latin letters, digits, hyphens or underscores.")
    elif Store.objects.filter(code=code).exists():
        errors["code"] = _("Another branch already has this code.")
    if errors:
        raise InvalidStore(details=errors)
    return Store.objects.create(code=code, name=name.strip(), city=city.strip())


def store_update(*, store: Store, name: str, city: str, is_active: bool) -> Store:
    """Rename a branch, move it to another city, or close it. A closed branch keeps its
    history and leaves the staff's branch lists; its API keys stay valid until revoked."""
    errors = _check(name=name, city=city)
    if errors:
        raise InvalidStore(details=errors)
    store.name, store.city, store.is_active = name.strip(), city.strip(), is_active
    store.save(update_fields=["name", "city", "is_active"])
    return store
