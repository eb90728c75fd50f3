from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import NotFound
from bashgah.stores.models import Store


class UnknownStore(NotFound):
    code = "unknown_store"
    default_message = _("There is no such store.")


def store_by_code(*, code: str) -> Store:
    try:
        return Store.objects.get(code=code, is_active=True)
    except Store.DoesNotExist:
        raise UnknownStore(details={"store": code}) from None


def stores_open() -> list[Store]:
    """The open branches, by code: what audiences and branch choices offer."""
    return list(Store.objects.filter(is_active=True).order_by("code"))
