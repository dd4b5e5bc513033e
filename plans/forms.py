from django import forms
from django.forms.boundfield import BoundField

from careerdev.models import User
from plans.models import (
    GOAL_FIELDS,
    HAND_LOGGED_WIN_KINDS,
    Confidence,
    Goal,
    GoalKind,
    GoalStatus,
    JournalEntry,
    Milestone,
    Reflection,
    Task,
    TimeBlock,
    Win,
)
from plans.schedule import format_hours


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class GoalForm(forms.ModelForm):
    kind = forms.ChoiceField(
        choices=GoalKind.choices, widget=forms.RadioSelect, label="What kind of goal is it?"
    )
    suggestion = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Goal
        fields = ["kind", "title", "why", "measure", "start_date", "target_date"]
        labels = {
            "title": "Goal",
            "why": "Why it matters to you",
            "measure": "How you will measure success",
        }
        help_texts = {
            "title": "Specific: what exactly will you do or become?",
            "measure": "A number or a result you can point to.",
            "target_date": "When you mean to have it done.",
        }
        widgets = {
            "why": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "start_date": DateInput(),
            "target_date": DateInput(),
        }


class HiddenInitialBoundField(BoundField):
    """Django gives a field's hidden copy of its initial value the field's aria-describedby
    too; HTML allows no aria-* on a hidden input, and no screen reader reaches it."""

    def build_widget_attrs(self, attrs: dict, widget: forms.Widget | None = None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


class GoalEditForm(GoalForm):
    """Each field also carries the value it was shown with, so a save changes only what the
    member changed, and another tab's change to a different field is kept (field by field)."""

    bound_field_class = HiddenInitialBoundField
    change_note = forms.CharField(
        required=False,
        max_length=200,
        label="Why the change? (optional)",
        help_text="Kept in the goal's history, so you can see later why it changed.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in GOAL_FIELDS:
            self.fields[name].show_hidden_initial = True

    def edited(self) -> dict[str, object]:
        """The goal fields the member changed, with their new values."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in GOAL_FIELDS}

    def _seen_value(self, name: str) -> object:
        field = self.fields[name]
        raw = self._widget_data_value(field.hidden_widget(), self[name].html_initial_name)
        return field.to_python(raw)

    def clean(self) -> dict:
        cleaned = super().clean()
        damaged = []
        for name in GOAL_FIELDS:
            try:
                self._seen_value(name)
            except forms.ValidationError:
                damaged.append(name)
        if damaged:
            # Shown again based on the saved values, so the member's next save works.
            self.data = self.data.copy()
            for name in damaged:
                value = getattr(self.instance, name)
                self.data[self[name].html_initial_name] = "" if value is None else str(value)
            raise forms.ValidationError(
                "This form came back damaged, so nothing was saved. Check your changes below "
                "and save again.",
                code="damaged",
            )
        return cleaned

    def seen(self) -> dict[str, object]:
        """The values the member saw, for the fields they changed."""
        return {name: self._seen_value(name) for name in self.edited()}


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal._meta.get_field("status").choices)
    change_note = forms.CharField(required=False, max_length=200, label="Why? (optional)")


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        labels = {"title": "Milestone", "due_date": "Due (optional)"}
        widgets = {"due_date": DateInput()}


class MilestoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        return f"{obj.goal.title} — {obj.title}"


class TaskForm(forms.ModelForm):
    """Adds a task to one goal; its milestone must belong to that goal (the model checks)."""

    class Meta:
        model = Task
        fields = ["title", "milestone", "due_date", "effort_hours", "activity", "notes"]
        labels = {"title": "Task", "effort_hours": "Effort (hours)"}
        widgets = {
            "due_date": DateInput(),
            "effort_hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "200"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: object,
        goal: Goal,
        milestones: list[Milestone] | None = None,
        **kwargs: object,
    ) -> None:
        kwargs.setdefault("instance", Task(goal=goal))
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        field.queryset = goal.milestones.all()
        field.empty_label = "Not under a milestone"
        if milestones is not None:
            # The milestones the page already read, so drawing the form needs no query.
            field.choices = [("", field.empty_label)] + [(m.pk, m.title) for m in milestones]


class TaskEditForm(forms.ModelForm):
    """Edits a task, perhaps moving it to another of the member's goals or milestones.

    `version` is the task's version when the form was opened; a save from a stale form is
    refused by the service instead of overwriting what another tab saved.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = Task
        fields = ["title", "goal", "milestone", "due_date", "effort_hours", "activity", "notes"]
        labels = {"title": "Task", "effort_hours": "Effort (hours)"}
        field_classes = {"milestone": MilestoneChoiceField}
        widgets = TaskForm.Meta.widgets

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.for_member(member).order_by("title")
        self.fields["milestone"].queryset = (
            Milestone.objects.for_member(member)
            .select_related("goal")
            .order_by("goal__title", "position", "pk")
        )
        self.fields["milestone"].empty_label = "Not under a milestone"
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["effort_hours"] = format_hours(self.instance.effort_hours)


class GoalChoiceForm(forms.ModelForm):
    """A form with an optional goal, limited to the member's own goals."""

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.for_member(member).order_by("title")
        self.fields["goal"].empty_label = "Not about one goal"


class TimeBlockForm(GoalChoiceForm):
    class Meta:
        model = TimeBlock
        fields = ["weekday", "starts_at", "ends_at", "label", "goal"]
        labels = {"weekday": "Day", "label": "What it is for", "goal": "For which goal"}
        help_texts = {"goal": "Time not tied to one goal is shared by all your active goals."}
        widgets = {"starts_at": TimeInput(), "ends_at": TimeInput()}

    def __init__(self, *args: object, member: User, **kwargs: object) -> None:
        super().__init__(*args, member=member, **kwargs)
        self.fields["goal"].queryset = self.fields["goal"].queryset.active()
        self.fields["goal"].empty_label = "All my active goals"


class JournalEntryForm(GoalChoiceForm):
    class Meta:
        model = JournalEntry
        fields = ["written_on", "goal", "body"]
        widgets = {"written_on": DateInput(), "body": forms.Textarea(attrs={"rows": 3})}


class WinForm(GoalChoiceForm):
    kind = forms.ChoiceField(choices=HAND_LOGGED_WIN_KINDS, label="What kind of win?")

    class Meta:
        model = Win
        fields = ["kind", "title", "won_on", "goal", "notes"]
        labels = {"title": "The win", "notes": "Notes (optional)"}
        widgets = {"won_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


# Reflections


class ReflectionForm(forms.ModelForm):
    confidence = forms.TypedChoiceField(
        choices=Confidence.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="How confident do you feel about your goals now?",
    )

    class Meta:
        model = Reflection
        fields = ["what_worked", "what_got_in_the_way", "what_to_change", "confidence"]
        labels = {
            "what_worked": "What worked?",
            "what_got_in_the_way": "What got in the way?",
            "what_to_change": "What will you change?",
        }
        help_texts = {
            "what_worked": "Habits, people, tools or moments that moved your goals forward.",
            "what_got_in_the_way": "Obstacles, distractions or plans that did not fit your week.",
            "what_to_change": "Dates to move, tasks to add, goals to pause, drop or reshape.",
        }
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_got_in_the_way": forms.Textarea(attrs={"rows": 3}),
            "what_to_change": forms.Textarea(attrs={"rows": 3}),
        }


CHANGE_NOTE_HELP = "Kept in the goal's history with this reflection's name."


def _why_field() -> forms.CharField:
    return forms.CharField(
        required=False, max_length=200, label="Why? (optional)", help_text=CHANGE_NOTE_HELP
    )


class ReflectionTargetDateForm(forms.Form):
    target_date = forms.DateField(label="New target date", widget=DateInput())
    change_note = _why_field()


class ReflectionStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (GoalStatus.PAUSED, "Pause"),
            (GoalStatus.DROPPED, "Drop"),
            (GoalStatus.ACTIVE, "Resume"),
        ]
    )
    change_note = _why_field()


class ReflectionPivotForm(forms.Form):
    """A new direction for a goal: its kind and its wording. A plain form, so the goal shown
    beside it is never changed in memory by a failed attempt."""

    kind = forms.ChoiceField(
        choices=GoalKind.choices, widget=forms.RadioSelect, label="What kind of goal is it now?"
    )
    title = Goal._meta.get_field("title").formfield(label="Goal")
    why = Goal._meta.get_field("why").formfield(
        label="Why it matters to you", widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = Goal._meta.get_field("measure").formfield(
        label="How you will measure success", widget=forms.Textarea(attrs={"rows": 2})
    )
    change_note = _why_field()

    def pivot(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in ("kind", "title", "why", "measure")}


class ReflectionTaskForm(forms.ModelForm):
    """A task added during a reflection; it joins the goal's plan outside any milestone."""

    class Meta:
        model = Task
        fields = ["title", "due_date", "effort_hours", "activity"]
        labels = TaskForm.Meta.labels
        widgets = {
            "due_date": DateInput(),
            "effort_hours": TaskForm.Meta.widgets["effort_hours"],
        }

    def __init__(self, *args: object, goal: Goal, **kwargs: object) -> None:
        kwargs.setdefault("instance", Task(goal=goal))
        super().__init__(*args, **kwargs)
