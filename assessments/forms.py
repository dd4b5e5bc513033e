from collections.abc import Sequence
from typing import Any

from django import forms

from assessments.models import Item
from assessments.occupations import (
    INTEREST_NAMES,
    JOB_ZONES,
    MAX_QUERY,
    Catalogue,
    SearchHit,
)

PREFIX = "item-"


class AnswersForm(forms.Form):
    """Answers to any of an attempt's questions; a question left blank is simply not saved."""

    def __init__(self, *args: Any, items: Sequence[Item], scale: Sequence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in scale]
        for item in items:
            self.fields[item.field_name] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": "“%(value)s” is not one of the answers on the scale. "
                    "Choose one of the options shown."
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        foreign = [key for key in self.data if key.startswith(PREFIX) and key not in self.fields]
        if foreign:
            raise forms.ValidationError(
                "One of the answers sent belongs to a question that is not part of this "
                "assessment, so nothing was saved.",
                code="foreign_item",
            )
        return cleaned

    def answers(self) -> dict[int, int]:
        """Answered questions as {item id: value}."""
        return {
            int(name.removeprefix(PREFIX)): value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


ZONE_CHOICES = [("", "Any job zone"), *((str(z), f"{z}: {JOB_ZONES[z].name}") for z in JOB_ZONES)]
INTEREST_CHOICES = [("", "Any interest area"), *INTEREST_NAMES.items()]
ROLE_CHOICES = [("target", "my target role"), ("current", "my current role")]


class ZoneFilterForm(forms.Form):
    """Filters read from a query string. A value that does not exist is ignored with a
    note, so an old bookmark or a hand-edited address still shows a page."""

    zone = forms.TypedChoiceField(
        choices=ZONE_CHOICES, coerce=int, empty_value=None, required=False, label="Job zone"
    )

    FILTERS: tuple[str, ...] = ("zone",)

    def filters(self) -> tuple[dict[str, Any], list[str]]:
        """The valid filter values, and a note for each value that was ignored."""
        self.is_valid()
        values: dict[str, Any] = {}
        ignored = []
        for name in self.FILTERS:
            field = self.fields[name]
            if name in self.errors:
                given = str(self.data.get(name, ""))[:20]
                ignored.append(
                    f"There is no {str(field.label).lower()} “{given}”, so that filter is "
                    f"ignored: showing every {str(field.label).lower()}."
                )
                values[name] = field.empty_value if hasattr(field, "empty_value") else ""
            else:
                values[name] = self.cleaned_data.get(name)
        return values, ignored


class OccupationSearchForm(ZoneFilterForm):
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY,
        label="Job title",
        error_messages={
            "max_length": "Search for a job title of up to %(limit_value)d characters "
            "(this one has %(show_value)d)."
        },
    )
    interest = forms.ChoiceField(choices=INTEREST_CHOICES, required=False, label="Interest area")
    pick = forms.ChoiceField(
        choices=[("", "none"), *ROLE_CHOICES, ("either", "either role")],
        required=False,
        label="Choosing",
    )

    FILTERS = ("zone", "interest")

    field_order = ("q", "zone", "interest")

    @property
    def refused(self) -> bool:
        """The search itself cannot be run (too long); filters are only ever ignored."""
        return "q" in self.errors

    @property
    def text(self) -> str:
        return "" if self.refused else self.cleaned_data.get("q", "").strip()

    def results(self, catalogue: Catalogue) -> tuple[list[SearchHit], list[str]]:
        """What was searched for, or the whole (filtered) catalogue when nothing was typed;
        with a note for each filter value that was ignored."""
        filters, ignored = self.filters()
        if self.refused:
            return [], ignored
        if self.text:
            return catalogue.search(self.text, **filters), ignored
        return [SearchHit(o, o.title) for o in catalogue.filtered(**filters)], ignored

    @property
    def picking(self) -> list[str]:
        """Which of the member's roles each result offers to set (none, one or both)."""
        pick = self.cleaned_data.get("pick", "") if "pick" not in self.errors else ""
        return ["target", "current"] if pick == "either" else [pick] if pick else []


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    next = forms.CharField(required=False, max_length=500)

    def clean_next(self) -> str:
        # Pages send their own path. Anything else ("0", "profile") is not a place to go
        # back to: a redirect would read it as a view name. The choice itself still counts.
        wanted = self.cleaned_data["next"]
        return wanted if wanted.startswith("/") else ""
