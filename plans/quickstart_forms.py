"""Forms of the quick start: validation only."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.forms import BoundField

from assessments.occupations import MAX_QUERY, Occupation, SearchHit, catalogue
from plans.direction_forms import PlanForm
from plans.quickstart import INTEREST_CHOICES, SkillToRate, interest_questions

ROLE_HITS = 6
LEVELS = [(level, str(level)) for level in range(1, 6)]


def role_hits(text: str) -> list[SearchHit]:
    return catalogue().search(text, limit=ROLE_HITS) if text.strip() else []


class RolesForm(forms.Form):
    """The role held now (optional) and the role aimed for, typed and then chosen from the
    catalogue. Words that name one occupation need no choice; otherwise the matches are
    offered, with what was typed kept."""

    current = forms.CharField(max_length=MAX_QUERY, required=False, label="The role you have now")
    current_code = forms.CharField(max_length=10, required=False)
    target = forms.CharField(max_length=MAX_QUERY, required=False, label="The role you aim for")
    target_code = forms.CharField(max_length=10, required=False)

    def __init__(self, *args: object, unsure: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.unsure = unsure
        self.chosen: dict[str, Occupation | None] = {"current": None, "target": None}

    def hits(self, role: str) -> list[SearchHit]:
        text = self.data.get(role, "") if self.is_bound else self.initial.get(role, "")
        return role_hits(str(text))

    def chosen_code(self, role: str) -> str:
        occupation = self.chosen.get(role)
        if occupation:
            return occupation.code
        return str((self.data if self.is_bound else self.initial).get(f"{role}_code") or "")

    def _resolve(self, role: str, text: str, code: str) -> Occupation | None:
        if not text:
            return None
        hits = role_hits(text)
        # A choice counts only among the matches of the words as they are now: words
        # changed after choosing (without JavaScript) are searched afresh.
        for hit in hits:
            if hit.occupation.code == code:
                return hit.occupation
        named = catalogue().named(text)
        if named is None and len(hits) == 1 and not hits[0].partial:
            named = hits[0].occupation
        if named is None:
            self.add_error(
                role,
                "Choose the occupation closest to it below, or try other words."
                if hits
                else "No occupation in the catalogue matches these words: try other words.",
            )
        return named

    def clean(self) -> dict[str, object]:
        data = super().clean()
        for role in ("current", "target"):
            text, code = data.get(role, ""), data.get(f"{role}_code", "")
            if role == "target" and self.unsure:
                continue
            self.chosen[role] = self._resolve(role, text, code)
        if not self.unsure and not self.chosen["target"] and "target" not in self.errors:
            self.add_error("target", "Name the role you aim for, or choose “I don't know yet”.")
        return data


class InterestsForm(forms.Form):
    """The short interests check: how much the member would enjoy each kind of work."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for letter, name, work in interest_questions():
            self.fields[letter] = forms.TypedChoiceField(
                choices=INTEREST_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{name}: {work}",
                error_messages={"required": f"Choose how much you would enjoy {work}."},
            )

    def answers(self) -> dict[str, int]:
        return dict(self.cleaned_data)


class FitChoiceForm(forms.Form):
    code = forms.ChoiceField(
        label="The role you aim for",
        error_messages={
            "required": "Choose one of these occupations, or search the catalogue.",
            "invalid_choice": "Choose one of these occupations, or search the catalogue.",
        },
    )

    def __init__(self, *args: object, codes: Sequence[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(code, code) for code in codes]


@dataclass(frozen=True)
class SkillFields:
    skill: SkillToRate
    now: BoundField
    aim: BoundField


class RatingsForm(forms.Form):
    """Each quick skill's level now (one click) and the level aimed for (pre-filled)."""

    def __init__(self, *args: object, skills: Sequence[SkillToRate], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"{skill.slug}-current"] = forms.TypedChoiceField(
                choices=LEVELS,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{skill.name}: your level now",
                error_messages={"required": f"Choose your level now in {skill.name.lower()}."},
            )
            self.fields[f"{skill.slug}-target"] = forms.TypedChoiceField(
                choices=LEVELS,
                coerce=int,
                label=f"{skill.name}: the level you aim for",
                error_messages={"required": f"Choose the level you aim for in {skill.name}."},
            )

    def ratings(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {s.slug: (data[f"{s.slug}-current"], data[f"{s.slug}-target"]) for s in self.skills}

    def rows(self) -> list[SkillFields]:
        return [
            SkillFields(skill, self[f"{skill.slug}-current"], self[f"{skill.slug}-target"])
            for skill in self.skills
        ]


class HoursForm(forms.Form):
    hours_a_week = forms.DecimalField(
        label="Hours a week you can give to your plan",
        min_value=Decimal("0.5"),
        max_value=Decimal(40),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "max": "40"}),
        error_messages={
            "required": "Say how many hours a week you can give, for example 3.",
            "invalid": "Write the hours as a number, for example 3 or 2.5.",
            "min_value": "At least half an hour (0.5) a week.",
            "max_value": "At most 40 hours a week: a plan next to work should leave you time.",
            "max_decimal_places": "Hours in halves at most, for example 2.5.",
        },
    )


class QuickPlanForm(PlanForm):
    """The plan to accept; at least one task must stay."""

    def clean(self) -> dict[str, object]:
        data = super().clean()
        kept = [name for name in self.fields if name.endswith("-keep") and data.get(name)]
        if not kept:
            raise forms.ValidationError("Keep at least one task: a plan needs something to do.")
        return data
