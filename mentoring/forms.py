from django import forms
from django.http import QueryDict

from assessments.summary import skills_catalog
from careerdev.models import User, time_zone_choices
from careerdev.validators import validate_single_line
from mentoring.fields import FIELDS
from mentoring.models import (
    COMMENT_MAX,
    MAX_CAPACITY,
    MESSAGE_MAX,
    REQUEST_MESSAGE_MAX,
    MentorProfile,
)
from mentoring.occupations import HELD_MAX, titles
from mentoring.services import Decision
from plans.models import Goal, Reflection

ROLES_MAX = 5
ROLE_MAX = 120
FIELD_CHOICES = [(known.slug, known.name) for known in FIELDS]


def _goal_choices(member: User) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Goal.objects.for_member(member).in_display_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Goals, with their action plans",
    )


class ShareForm(forms.Form):
    """What a mentor may see: chosen goals, the reflections, the assessment summary."""

    share_summary = forms.BooleanField(
        required=False, label="My self-assessment summary (skills, interests, values…)"
    )
    share_reflections = forms.BooleanField(
        required=False, label="My reflections", help_text="Finished ones: drafts stay private."
    )

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"goals": _goal_choices(member), **self.fields}

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("goals") or data.get("share_summary") or data.get("share_reflections")):
            raise forms.ValidationError("Choose at least one thing the mentor may see.")
        return data

    def share_kwargs(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "goals": list(data["goals"]),
            "share_summary": data["share_summary"],
            "share_reflections": data["share_reflections"],
        }


class SharingForm(ShareForm):
    """Changing what an active mentor sees; sharing nothing is allowed (they keep the link)."""

    def clean(self) -> dict:
        return forms.Form.clean(self)


class InvitationForm(ShareForm):
    email = forms.EmailField(
        label="Mentor's e-mail address",
        help_text="They get a link that works once, for the next few days.",
    )
    message = forms.CharField(
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="A short message",
        help_text=f"Why you are asking them (up to {MESSAGE_MAX} characters).",
    )

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, member=member, **kwargs)
        self.member = member
        self.order_fields(["email", "message", "goals", "share_summary", "share_reflections"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() == self.member.email.lower():
            raise forms.ValidationError("That is your own address: invite someone else.")
        return email


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Comment",
        error_messages={"required": "Write something before you post."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your comment",
        error_messages={"required": "A comment cannot be empty: delete it instead."},
    )


class RolesField(forms.CharField):
    """Other roles held, one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: object) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        if len(value) > ROLES_MAX:
            raise forms.ValidationError(f"List up to {ROLES_MAX} roles, one a line.")
        for role in value:
            if len(role) > ROLE_MAX:
                raise forms.ValidationError(f"Keep each role under {ROLE_MAX} characters.")
            validate_single_line(role)

    def prepare_value(self, value: object) -> object:
        return "\n".join(value) if isinstance(value, list) else value


class OccupationsField(forms.MultipleChoiceField):
    """Occupations from the catalogue, by code, in the order chosen."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=lambda: sorted(titles().items()), **kwargs)

    def clean(self, value: object) -> list[str]:
        codes = list(dict.fromkeys(super().clean(value)))
        if len(codes) > HELD_MAX:
            raise forms.ValidationError(
                f"Choose up to {HELD_MAX} occupations: the ones closest to what you mentor in."
            )
        return codes


class MentorProfileForm(forms.ModelForm):
    occupations = OccupationsField(
        required=False,
        label="Occupations you have held",
        help_text="Search the occupation catalogue and add each one. Members aiming for one of "
        "them, or for one on the same career path, are matched with you.",
    )
    roles = RolesField(
        required=False,
        label="Other roles you have held",
        help_text=f"Any the catalogue does not list, one a line, up to {ROLES_MAX}. They show "
        "on your profile but are not used for matching.",
    )
    expertise = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Skills you can help with",
        help_text="The skills of the self-assessment: members are matched on their largest gaps.",
    )
    industries = forms.MultipleChoiceField(
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Fields and industries you know",
    )
    time_zone = forms.ChoiceField(choices=time_zone_choices)
    capacity = forms.IntegerField(
        min_value=1, max_value=MAX_CAPACITY, initial=3, label="How many mentees you take at a time"
    )

    class Meta:
        model = MentorProfile
        fields = [
            "headline",
            "occupations",
            "roles",
            "expertise",
            "industries",
            "years_experience",
            "time_zone",
            "capacity",
            "available",
        ]
        help_texts = {"available": "Untick to stop new suggestions and requests for a while."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expertise"].choices = [(skill.slug, skill.name) for skill in skills_catalog()]

    @classmethod
    def kept(cls, data: QueryDict, **kwargs: object) -> "MentorProfileForm":
        """An unbound form showing what was typed: a search step keeps it all, flags nothing."""
        form = cls(**kwargs)
        for name, field in form.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                form.initial[name] = data.getlist(name)
            elif isinstance(field, forms.BooleanField):
                form.initial[name] = name in data
            elif name in data:
                form.initial[name] = data[name]
        return form

    def chosen_codes(self) -> list[str]:
        """The occupation codes the form shows as chosen (posted, or as stored)."""
        if self.is_bound:
            return self.data.getlist("occupations")
        return list(self.initial.get("occupations") or [])


class FindForm(forms.Form):
    industries = forms.MultipleChoiceField(
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Fields you would like advice in",
    )


class MentorshipRequestForm(SharingForm):
    message = forms.CharField(
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Your message",
        help_text="Say what you are working towards and what you hope they can help with.",
    )

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, member=member, **kwargs)
        self.order_fields(["message", "goals", "share_summary", "share_reflections"])
        self.fields["goals"].help_text = "Shared only if the mentor accepts."


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        choices=Decision.CHOICES, widget=forms.RadioSelect, label="Your answer"
    )
    note = forms.CharField(
        required=False,
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="A note to them",
        help_text="Needed when you ask for more information.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == Decision.ASK and not data.get("note", "").strip():
            self.add_error("note", "Write what you would like to know.")
        return data


class ReplyForm(forms.Form):
    reply = forms.CharField(
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your answer",
    )


class FeedbackRequestForm(forms.Form):
    """What to ask about: one of the goals, or finished reflections, the mentor sees."""

    subject = forms.ChoiceField(label="Feedback on")
    note = forms.CharField(
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What would you like feedback on?",
    )

    def __init__(
        self, *args: object, goals: list[Goal], reflections: list[Reflection], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subjects: dict[str, Goal | Reflection] = {
            **{f"goal-{goal.pk}": goal for goal in goals},
            **{f"reflection-{reflection.pk}": reflection for reflection in reflections},
        }
        choices: list = [("Goals", [(f"goal-{goal.pk}", goal.title) for goal in goals])]
        if reflections:
            choices.append(("Reflections", [(f"reflection-{r.pk}", r.title) for r in reflections]))
        self.fields["subject"].choices = choices

    def clean_subject(self) -> Goal | Reflection:
        return self.subjects[self.cleaned_data["subject"]]
