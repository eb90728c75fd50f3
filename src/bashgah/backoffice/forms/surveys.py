"""The survey form: the title, the standard questions (NPS, satisfaction) with prompts ready in
each language, up to ``CUSTOM_ROWS`` questions of the club's own (one of several answers, or
free text), who it is for, how precise the sample must be, and optional points for answering.

Percentages are typed as staff say them (±5 %, at least 10 %) and stored as the fractions the
survey service takes. A choice question's answers are typed one per line in each language;
line n of each language is answer n."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bashgah.backoffice.forms.audience import (
    AUDIENCE_ERROR_FIELDS,
    DIRECTION,
    audience_fields,
    audience_of,
)
from bashgah.backoffice.forms.fields import LANGUAGES, NumbersForm, decimal, set_choices, whole
from bashgah.backoffice.forms.program import LANGUAGE_NAMES
from bashgah.core.digits import localize_digits
from bashgah.core.errors import ApplicationError
from bashgah.stores.models import Store
from bashgah.surveys.models import Survey
from bashgah.surveys.services import QuestionInput
from bashgah.tiers.models import Tier

CUSTOM_ROWS = 3
NPS_PROMPT = gettext_lazy("How likely are you to recommend us to a friend or colleague?")
SATISFACTION_PROMPT = gettext_lazy("How satisfied are you with your last visit?")
CONFIDENCE_LEVELS = ("0.90", "0.95", "0.99")
CUSTOM_KINDS = [
    ("", gettext_lazy("no question")),
    ("choice", gettext_lazy("one of several answers")),
    ("text", gettext_lazy("free text")),
]


def _in_each_language(message: Any) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = str(message)
    return texts


def _texts(prefix: str, label: Any, *, textarea: bool = False) -> dict[str, forms.Field]:
    return {
        f"{prefix}_{language}": forms.CharField(
            label=_("%(what)s (%(language)s)") % {"what": label, "language": name},
            required=False,
            max_length=2000 if textarea else 300,
            widget=forms.Textarea(attrs={"rows": 3, "dir": DIRECTION[language]})
            if textarea
            else forms.TextInput(attrs={"dir": DIRECTION[language]}),
        )
        for language, name in LANGUAGE_NAMES.items()
    }


class SurveyForm(NumbersForm):
    has_nps = forms.BooleanField(
        label=gettext_lazy("Ask how likely they are to recommend us (NPS, 0–10)"),
        required=False,
        initial=True,
    )
    has_satisfaction = forms.BooleanField(
        label=gettext_lazy("Ask how satisfied they are (1–5)"), required=False, initial=True
    )
    margin = decimal(
        label=gettext_lazy("Margin of error (± %)"),
        initial=Decimal(5),
        min_value=Decimal("0.5"),
        max_value=Decimal(50),
        decimal_places=1,
        help_text=gettext_lazy("From 0.5 to 50. ±5 % needs about 370 answers of 10,000 members."),
    )
    confidence = forms.ChoiceField(label=gettext_lazy("Confidence"), initial="0.95", choices=[])
    min_fraction = decimal(
        label=gettext_lazy("Ask at least this share of the audience (%)"),
        initial=Decimal(0),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        help_text=gettext_lazy("0: the margin alone decides. Otherwise from 10 to 100."),
    )
    points_reward = whole(
        label=gettext_lazy("Points for answering"),
        min_value=0,
        initial=0,
        help_text=gettext_lazy("Once per invitation; 0: none."),
    )

    def __init__(
        self,
        *args: Any,
        tiers: Sequence[Tier],
        stores: Sequence[Store],
        language: str,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", self.default_initial())
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "confidence",
            [
                (level, localize_digits(f"{Decimal(level) * 100:.0f}%", language))
                for level in CONFIDENCE_LEVELS
            ],
        )
        fields = dict(self.fields)
        self.fields = _texts("title", gettext_lazy("Title"))
        self.fields["has_nps"] = fields["has_nps"]
        self.fields.update(_texts("nps_prompt", gettext_lazy("NPS question")))
        self.fields["has_satisfaction"] = fields["has_satisfaction"]
        self.fields.update(_texts("satisfaction_prompt", gettext_lazy("Satisfaction question")))
        for row in range(1, CUSTOM_ROWS + 1):
            self.fields[f"q{row}_kind"] = forms.ChoiceField(
                label=_("Question %(number)s of your own") % {"number": row},
                choices=CUSTOM_KINDS,
                required=False,
            )
            self.fields[f"q{row}_required"] = forms.BooleanField(
                label=gettext_lazy("An answer is required"), required=False, initial=True
            )
            self.fields.update(_texts(f"q{row}_prompt", gettext_lazy("Question")))
            self.fields.update(
                _texts(f"q{row}_choices", gettext_lazy("Answers, one per line"), textarea=True)
            )
        self.fields.update(audience_fields(tiers=tiers, stores=stores, language=language))
        for name in ("margin", "confidence", "min_fraction", "points_reward"):
            self.fields[name] = fields[name]
        self.slots: list[str] = []  # the questions given, in order: the service's numbers

    @staticmethod
    def default_initial() -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for prefix, message in (
            ("nps_prompt", NPS_PROMPT),
            ("satisfaction_prompt", SATISFACTION_PROMPT),
        ):
            for language, text in _in_each_language(message).items():
                initial[f"{prefix}_{language}"] = text
        for row in range(1, CUSTOM_ROWS + 1):
            initial[f"q{row}_required"] = True
        return initial

    def custom_rows(
        self,
    ) -> list[tuple[int, forms.BoundField, forms.BoundField, list[Any], list[Any]]]:
        """Per row of the club's own questions: its number, kind, required, prompts, answers."""
        return [
            (
                row,
                self[f"q{row}_kind"],
                self[f"q{row}_required"],
                [self[f"q{row}_prompt_{language}"] for language in LANGUAGES],
                [self[f"q{row}_choices_{language}"] for language in LANGUAGES],
            )
            for row in range(1, CUSTOM_ROWS + 1)
        ]

    def _texts_of(self, prefix: str) -> dict[str, str]:
        return {
            lang: (self.cleaned_data.get(f"{prefix}_{lang}") or "").strip() for lang in LANGUAGES
        }

    def _choices_of(self, row: int) -> list[dict[str, str]] | None:
        """Answers of a choice row, or None when the languages give different numbers."""
        lines = {
            lang: [
                line.strip()
                for line in (self.cleaned_data.get(f"q{row}_choices_{lang}") or "").splitlines()
                if line.strip()
            ]
            for lang in LANGUAGES
        }
        counts = {len(given) for given in lines.values() if given}
        if len(counts) > 1:
            return None
        size = counts.pop() if counts else 0
        return [
            {lang: given[index] for lang, given in lines.items() if given} for index in range(size)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, CUSTOM_ROWS + 1):
            if data.get(f"q{row}_kind") == "choice" and self._choices_of(row) is None:
                self.add_error(
                    f"q{row}_choices_fa",
                    _("Give the same number of answers in each language you fill in."),
                )
        return data

    def questions(self) -> list[QuestionInput]:
        data = self.cleaned_data
        questions, self.slots = [], []
        if data.get("has_nps"):
            questions.append(QuestionInput(kind="nps", prompts=self._texts_of("nps_prompt")))
            self.slots.append("nps_prompt")
        if data.get("has_satisfaction"):
            questions.append(
                QuestionInput(kind="satisfaction", prompts=self._texts_of("satisfaction_prompt"))
            )
            self.slots.append("satisfaction_prompt")
        for row in range(1, CUSTOM_ROWS + 1):
            kind = data.get(f"q{row}_kind")
            if not kind:
                continue
            questions.append(
                QuestionInput(
                    kind=kind,
                    prompts=self._texts_of(f"q{row}_prompt"),
                    choices=(self._choices_of(row) or []) if kind == "choice" else [],
                    is_required=bool(data.get(f"q{row}_required")),
                )
            )
            self.slots.append(f"q{row}")
        return questions

    def sampling(self) -> dict[str, Any]:
        """The sample's settings as the survey service takes them (fractions, not percents)."""
        data = self.cleaned_data
        return {
            "audience": audience_of(data),
            "confidence": Decimal(data["confidence"]),
            "margin": data["margin"] / 100,
            "min_fraction": data["min_fraction"] / 100,
        }

    def values(self) -> dict[str, Any]:
        return {
            "titles": self._texts_of("title"),
            "questions": self.questions(),
            "points_reward": self.cleaned_data["points_reward"],
            **self.sampling(),
        }

    def draft(self) -> Survey:
        """An unsaved survey with these sampling settings, to preview its sample."""
        sampling = self.sampling()
        return Survey(
            audience=sampling["audience"],
            confidence=sampling["confidence"],
            margin=sampling["margin"],
            min_fraction=sampling["min_fraction"],
        )

    def place(self, error: ApplicationError) -> None:
        if not error.details:
            self.add_error(None, str(error.message))
        for key, message in error.details.items():
            self.add_error(self._field_for(key), str(message))

    def _field_for(self, key: str) -> str | None:
        parts = key.split(".")
        if parts[0] == "questions" and len(parts) == 3 and parts[1].isdigit():
            number = int(parts[1])
            if 1 <= number <= len(self.slots):
                slot = self.slots[number - 1]
                if slot.startswith("q"):
                    field = {
                        "kind": f"{slot}_kind",
                        "choices": f"{slot}_choices_fa",
                    }.get(parts[2], f"{slot}_prompt_fa")
                else:
                    field = f"{slot}_fa"
                return field
        field = {"titles": "title_fa", **AUDIENCE_ERROR_FIELDS}.get(key, key)
        return field if field in self.fields else None
