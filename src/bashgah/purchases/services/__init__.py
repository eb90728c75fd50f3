"""The earn loop's orchestrating services: they call members, rules, ledger and tiers."""

from bashgah.purchases.services.earning import PurchaseResult, purchase_record
from bashgah.purchases.services.inputs import LineInput, ReturnLineInput
from bashgah.purchases.services.join import JoinResult, member_join, member_leave_club
from bashgah.purchases.services.returns import ReturnResult, purchase_return

__all__ = [
    "JoinResult",
    "LineInput",
    "PurchaseResult",
    "ReturnLineInput",
    "ReturnResult",
    "member_join",
    "member_leave_club",
    "purchase_record",
    "purchase_return",
]
