"""Validation of what admins and members type about programmes; the rules live in
mentoring.programmes."""

from django import forms
from django.utils import timezone

from mentoring.programme_models import (
    DESCRIPTION_MAX,
    GUIDANCE_MAX,
    NAME_MAX,
    PATHS_MAX,
    CheckinCadence,
    Programme,
)
from plans.forms import DateInput
from plans.library import library


def _path_choices() -> list[tuple[str, str]]:
    return [(path.slug, path.name) for path in library().paths_in()]


class ProgrammeForm(forms.ModelForm):
    paths = forms.MultipleChoiceField(
        label="Suggested career paths",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {PATHS_MAX}: members see them on their dashboard and can adopt one.",
    )

    class Meta:
        model = Programme
        fields = ["name", "description", "starts_on", "ends_on", "guidance", "checkin_cadence"]
        labels = {"ends_on": "Ends on (optional)"}
        help_texts = {
            "checkin_cadence": (
                "Reminders go out at 09:00 in each member's own time zone; "
                "each member can stop them."
            ),
        }
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3, "maxlength": DESCRIPTION_MAX}),
            "guidance": forms.Textarea(attrs={"rows": 6, "maxlength": GUIDANCE_MAX}),
            "name": forms.TextInput(attrs={"maxlength": NAME_MAX}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paths"].choices = _path_choices()
        self.fields["checkin_cadence"].choices = CheckinCadence.choices
        if not self.instance.pk:
            self.initial.setdefault("starts_on", timezone.localdate())
            self.initial.setdefault("checkin_cadence", CheckinCadence.MONTHLY)
        else:
            self.initial.setdefault("paths", self.instance.paths)

    def clean_paths(self) -> list[str]:
        paths = self.cleaned_data["paths"]
        if len(paths) > PATHS_MAX:
            raise forms.ValidationError(f"Choose at most {PATHS_MAX} paths.")
        return paths

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The programme cannot end before it starts.")
        return cleaned

    def _post_clean(self) -> None:
        # The service validates the model: the form only checks what was typed.
        pass


class ProgrammeSettingsForm(ProgrammeForm):
    field_order = [*ProgrammeForm.Meta.fields, "paths", "email_domain", "join_by_domain"]

    class Meta(ProgrammeForm.Meta):
        fields = [*ProgrammeForm.Meta.fields, "email_domain", "join_by_domain"]
        labels = {
            **ProgrammeForm.Meta.labels,
            "email_domain": "Your organisation's e-mail domain",
            "join_by_domain": "Let members with a verified address there join without a code",
        }
        help_texts = {
            **ProgrammeForm.Meta.help_texts,
            "email_domain": (
                "For example example.org. You need a verified address of your own there."
            ),
        }


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Join code", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class PoolForm(forms.Form):
    in_pool = forms.BooleanField(required=False)
