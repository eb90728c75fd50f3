"""Forms for the referral program and the paid-membership plans. They parse; the referral and
membership services validate and name the field of each problem."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.audience import DIRECTION
from bashgah.backoffice.forms.fields import (
    LANGUAGES,
    MoneyField,
    NumbersForm,
    decimal,
    money_unit,
    set_choices,
    whole,
)
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.memberships.models import Plan
from bashgah.referrals.models import ReferralProgram
from bashgah.rewards.models import Reward
from bashgah.rules.models import EarningRule
from bashgah.tiers.models import Tier

REFERRAL_FIELDS = (
    "referrer_points",
    "newcomer_points",
    "minimum_purchase",
    "cap_count",
    "cap_period_days",
    "is_active",
)


class ReferralProgramForm(NumbersForm):
    is_active = forms.BooleanField(
        label=gettext_lazy("The program is running"),
        required=False,
        initial=True,
        help_text=gettext_lazy("When it is not, referrals are still recorded but not rewarded."),
    )
    referrer_points = whole(
        label=gettext_lazy("Points for the member who invites"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("0: the inviting member gets none."),
    )
    newcomer_points = whole(
        label=gettext_lazy("Points for the newcomer"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("0: the newcomer gets none."),
    )
    minimum_purchase = MoneyField(
        label=gettext_lazy("Smallest qualifying purchase"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("The newcomer's first purchase of at least this much is rewarded."),
    )
    cap_count = whole(
        label=gettext_lazy("Rewarded referrals per member at most"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("0: no limit."),
    )
    cap_period_days = whole(
        label=gettext_lazy("… in any period of (days)"),
        min_value=1,
        initial=30,
    )

    def __init__(self, *args: Any, program: ReferralProgram | None = None, **kwargs: Any) -> None:
        if program is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(program, name) for name in REFERRAL_FIELDS}
        super().__init__(*args, **kwargs)
        self.fields["minimum_purchase"].label = _("Smallest qualifying purchase (%(unit)s)") % {
            "unit": money_unit()
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "referrer_points": data["referrer_points"],
            "newcomer_points": data["newcomer_points"],
            "minimum_purchase": data["minimum_purchase"],
            "cap_count": data["cap_count"],
            "cap_period_days": data["cap_period_days"],
            "is_active": bool(data.get("is_active")),
        }


def _percent(label: Any) -> forms.DecimalField:
    return decimal(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(0),
    )


class PlanForm(NumbersForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("Latin letters, e.g. plus. The API refers to it."),
    )
    period = forms.ChoiceField(label=gettext_lazy("Paid"), choices=Plan.Period.choices)
    fee = MoneyField(label=gettext_lazy("Fee per period"), min_value=0)
    tier = forms.ChoiceField(
        label=gettext_lazy("Tier it grants (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Members hold it while paid and in grace, unless they earned a higher one."
        ),
    )
    discount_percent = _percent(gettext_lazy("Discount at the till (%)"))
    cashback_percent = _percent(gettext_lazy("Cashback to the wallet (%)"))
    bonus_rule = forms.ChoiceField(
        label=gettext_lazy("Bonus points rule (optional)"),
        required=False,
        help_text=gettext_lazy(
            "An earning rule for the plan's tier: its audience must be that tier."
        ),
    )
    gift_reward = forms.ChoiceField(
        label=gettext_lazy("Free gift every period (optional)"),
        required=False,
        help_text=gettext_lazy("A reward from the catalog, given as a voucher at each payment."),
    )
    grace_days = whole(
        label=gettext_lazy("Grace period (days)"),
        min_value=0,
        initial=7,
        help_text=gettext_lazy("After a period ends unpaid, benefits last this long (0 to 90)."),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Offered to members"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Members who have it keep renewing when it is not offered."),
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        rules: Sequence[EarningRule],
        rewards: Sequence[Reward],
        language: str,
        plan: Plan | None = None,
        **kwargs: Any,
    ) -> None:
        self.plan = plan
        self._tiers = {tier.code: tier for tier in tiers}
        self._rules = {str(rule.pk): rule for rule in rules}
        self._rewards = {reward.code: reward for reward in rewards}
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(plan)
        super().__init__(*args, **kwargs)
        self.fields["fee"].label = _("Fee per period (%(unit)s)") % {"unit": money_unit()}
        none = [("", "—")]
        set_choices(self, "tier", none + [(t.code, t.label(language)) for t in tiers])
        set_choices(self, "bonus_rule", none + [(str(r.pk), _rule_label(r)) for r in rules])
        set_choices(self, "gift_reward", none + [(r.code, r.name(language)) for r in rewards])
        fields = dict(self.fields)
        self.fields = {}
        if plan is None:
            self.fields["code"] = fields["code"]
        for language_code, name in LANGUAGE_NAMES.items():
            self.fields[f"name_{language_code}"] = forms.CharField(
                label=_("%(what)s (%(language)s)") % {"what": _("Name"), "language": name},
                required=False,
                max_length=120,
                widget=forms.TextInput(attrs={"dir": DIRECTION[language_code]}),
            )
        self.fields.update({name: field for name, field in fields.items() if name != "code"})

    @staticmethod
    def initial_of(plan: Plan) -> dict[str, Any]:
        return {
            "period": plan.period,
            "fee": plan.fee,
            "tier": plan.tier.code if plan.tier else "",
            "discount_percent": plan.discount_percent,
            "cashback_percent": plan.cashback_percent,
            "bonus_rule": str(plan.bonus_rule_id or ""),
            "gift_reward": plan.gift_reward.code if plan.gift_reward else "",
            "grace_days": plan.grace_days,
            "is_active": plan.is_active,
            **{f"name_{lang}": (plan.names or {}).get(lang, "") for lang in LANGUAGES},
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "names": {lang: data.get(f"name_{lang}") or "" for lang in LANGUAGES},
            "period": data["period"],
            "fee": data["fee"],
            "tier": self._tiers.get(data.get("tier") or ""),
            "discount_percent": data["discount_percent"],
            "cashback_percent": data["cashback_percent"],
            "bonus_rule": self._rules.get(data.get("bonus_rule") or ""),
            "gift_reward": self._rewards.get(data.get("gift_reward") or ""),
            "grace_days": data["grace_days"],
            "is_active": bool(data.get("is_active")),
        }

    def field_for(self, key: str) -> str | None:
        field = "name_fa" if key == "names" else key
        return field if field in self.fields else None


def _rule_label(rule: EarningRule) -> str:
    tiers = ", ".join(rule.audience_tiers or [])
    return f"{rule.name} ({tiers})" if tiers else rule.name
