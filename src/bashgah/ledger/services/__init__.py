"""Ledger writes: points (``points``) and money — wallet and gift cards (``money``)."""

from bashgah.ledger.services.core import (
    SYSTEM_ACCOUNTS,
    Reference,
    system_account_cache_clear,
    system_account_id,
)
from bashgah.ledger.services.points import (
    points_adjust,
    points_credit,
    points_debit,
    points_expire,
    points_expire_due,
    points_expiry_warn,
    points_restore,
)

__all__ = [
    "SYSTEM_ACCOUNTS",
    "Reference",
    "points_adjust",
    "points_credit",
    "points_debit",
    "points_expire",
    "points_expire_due",
    "points_expiry_warn",
    "points_restore",
    "system_account_cache_clear",
    "system_account_id",
]
