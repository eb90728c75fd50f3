"""Earning rules: create, change and activate, always through validation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import ValidationError

from bashgah.core.config_cache import cached
from bashgah.core.errors import ValidationFailed
from bashgah.rules import schemas
from bashgah.rules.evaluator import RuleSpec
from bashgah.rules.messages import humanize
from bashgah.rules.models import ACTIVE_RULES_KEY, EarningRule
from bashgah.segments.models import Segment

RULE_FIELDS = (
    "name",
    "labels",
    "type",
    "params",
    "priority",
    "is_stackable",
    "starts_at",
    "ends_at",
    "audience_tiers",
    "audience_segments",
    "daily_cap",
    "monthly_cap",
)


class InvalidRule(ValidationFailed):
    code = "invalid_rule"


def _language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def _pydantic_errors(error: ValidationError, prefix: str) -> dict[str, str]:
    details = {}
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"] if part not in ("function-after",))
        # The discriminated union puts the type name first; the field is what the user fixes.
        parts = location.split(".")
        if parts and parts[0] in schemas.RULE_TYPES:
            parts = parts[1:]
        key = ".".join([prefix, *parts]) if parts else prefix
        details[key] = humanize(item["msg"].removeprefix("Value error, "), _language())
    return details


def rule_validate(data: dict[str, Any]) -> tuple[schemas.RuleParams, schemas.Labels]:
    """Raise InvalidRule naming every field to fix, or return the parsed parameters."""
    errors: dict[str, str] = {}
    rule_type = data.get("type")
    if rule_type not in schemas.RULE_TYPES:
        errors["type"] = _("Choose one of: %(types)s.") % {"types": ", ".join(schemas.RULE_TYPES)}
    params: schemas.RuleParams | None = None
    if not errors:
        try:
            params = schemas.RULE_PARAMS.validate_python(
                {**(data.get("params") or {}), "type": rule_type}
            )
        except ValidationError as exc:
            errors.update(_pydantic_errors(exc, "params"))
    labels = schemas.Labels()
    try:
        labels = schemas.Labels.model_validate(data.get("labels") or {})
    except ValidationError as exc:
        errors.update(_pydantic_errors(exc, "labels"))
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the rule a name.")
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    for cap in ("daily_cap", "monthly_cap"):
        value = data.get(cap)
        if value is not None and (not isinstance(value, int) or value <= 0):
            errors[cap] = _("A cap is a positive whole number of points.")
    tiers = data.get("audience_tiers") or []
    if not isinstance(tiers, list) or not all(isinstance(code, str) for code in tiers):
        errors["audience_tiers"] = _("List the tier codes this rule is for.")
    segments = data.get("audience_segments") or []
    if not isinstance(segments, list) or not all(
        isinstance(segment, int) and not isinstance(segment, bool) for segment in segments
    ):
        errors["audience_segments"] = _("List the segments this rule is for.")
    elif segments:
        found = set(
            Segment.objects.filter(pk__in=segments, status=Segment.Status.ACTIVE).values_list(
                "pk", flat=True
            )
        )
        if set(segments) - found:
            errors["audience_segments"] = _("Some of these segments do not exist or are archived.")
    if errors:
        raise InvalidRule(_("The rule has errors; fix them and try again."), details=errors)
    assert params is not None
    return params, labels


def rule_create(*, activate: bool = False, **data: Any) -> EarningRule:
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise InvalidRule(details={name: _("Unknown field.") for name in sorted(unknown)})
    params, labels = rule_validate(data)
    rule = EarningRule(
        **{
            **data,
            "params": params.model_dump(mode="json", exclude={"type"}),
            "labels": labels.model_dump(),
        },
    )
    rule.status = EarningRule.Status.DRAFT
    rule.save()
    if activate:
        rule_activate(rule=rule)
    return rule


def rule_update(*, rule: EarningRule, **changes: Any) -> EarningRule:
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        raise InvalidRule(details={name: _("Unknown field.") for name in sorted(unknown)})
    data = {name: getattr(rule, name) for name in RULE_FIELDS} | changes
    params, labels = rule_validate(data)
    data["params"] = params.model_dump(mode="json", exclude={"type"})
    data["labels"] = labels.model_dump()
    for name, value in data.items():
        setattr(rule, name, value)
    rule.save()
    return rule


def rule_activate(*, rule: EarningRule, at: dt.datetime | None = None) -> EarningRule:
    """Validate again (the rule may predate a stricter check) and make it live."""
    at = at or timezone.now()
    rule_validate({name: getattr(rule, name) for name in RULE_FIELDS})
    if rule.ends_at and rule.ends_at <= at:
        raise InvalidRule(details={"ends_at": _("This rule has already ended.")})
    with transaction.atomic():
        rule.status = EarningRule.Status.ACTIVE
        rule.save(update_fields=["status", "updated_at"])
    return rule


def rule_pause(*, rule: EarningRule) -> EarningRule:
    rule.status = EarningRule.Status.PAUSED
    rule.save(update_fields=["status", "updated_at"])
    return rule


def rule_spec(rule: EarningRule) -> RuleSpec:
    """The evaluator's view of a stored rule (parsed again: stored data is trusted, not typed)."""
    params = schemas.RULE_PARAMS.validate_python({**rule.params, "type": rule.type})
    labels = schemas.Labels.model_validate(rule.labels or {})
    return RuleSpec(
        id=rule.pk,
        params=params,
        labels=labels,
        label_texts=labels.model_dump(),
        priority=rule.priority,
        is_stackable=rule.is_stackable,
        starts_at=rule.starts_at,
        ends_at=rule.ends_at,
        audience_tiers=frozenset(rule.audience_tiers or ()),
        audience_segments=frozenset(rule.audience_segments or ()),
        daily_cap=rule.daily_cap,
        monthly_cap=rule.monthly_cap,
    )


def active_rule_specs() -> list[RuleSpec]:
    """The live rules, parsed; cached briefly per process (see core.config_cache)."""
    return cached(
        ACTIVE_RULES_KEY,
        lambda: [
            rule_spec(rule) for rule in EarningRule.objects.filter(status=EarningRule.Status.ACTIVE)
        ],
    )
