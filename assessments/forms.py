from collections.abc import Sequence
from typing import Any

from django import forms

from assessments.models import Item

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
