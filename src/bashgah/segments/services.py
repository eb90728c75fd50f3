from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bashgah.core.errors import ValidationFailed
from bashgah.segments.models import SegmentPolicy
from bashgah.segments.selectors import segment_policy


def segment_policy_update(
    *, new_days: int, at_risk_days: int, lost_days: int, loyal_purchases: int
) -> SegmentPolicy:
    """Change the lifecycle thresholds; they apply from the next recompute."""
    errors: dict[str, str] = {}
    for name, value in (
        ("new_days", new_days),
        ("at_risk_days", at_risk_days),
        ("lost_days", lost_days),
        ("loyal_purchases", loyal_purchases),
    ):
        if not isinstance(value, int) or value < 1:
            errors[name] = _("Give a whole number of at least 1.")
    if not {"lost_days", "at_risk_days"} & set(errors) and lost_days <= at_risk_days:
        errors["lost_days"] = _("A member is lost later than at risk: give more days.")
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        policy = segment_policy()
        policy.new_days, policy.at_risk_days = new_days, at_risk_days
        policy.lost_days, policy.loyal_purchases = lost_days, loyal_purchases
        policy.save()
    return policy
