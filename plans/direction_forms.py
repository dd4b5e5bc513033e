"""Forms of the career path and activity library pages: validation only."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django import forms
from django.forms import BoundField

from plans.adoption import Draft, DraftMilestone, DraftTask
from plans.forms import DateInput
from plans.library import COSTS, FIELDS, Activity, Library, skill_name
from plans.models import MAX_EFFORT, MIN_EFFORT, Goal
from plans.schedule import format_hours

TYPES = {"formal": "Formal", "informal": "Informal"}


def _choices(options: dict[str, str], everything: str) -> list[tuple[str, str]]:
    return [("", everything), *options.items()]


class PathFilterForm(forms.Form):
    field = forms.ChoiceField(
        choices=_choices(FIELDS, "Every field"), required=False, label="Field"
    )


class ActivityFilterForm(forms.Form):
    """The library's filters; a value that does not exist is an error on its field."""

    skill = forms.ChoiceField(
        required=False,
        label="Skill it builds",
        error_messages={"invalid_choice": "No skill is called “%(value)s”: showing every skill."},
    )
    type = forms.ChoiceField(
        choices=_choices(TYPES, "Formal and informal"),
        required=False,
        label="Type",
        error_messages={"invalid_choice": "There is no type “%(value)s”: showing both."},
    )
    cost = forms.ChoiceField(
        choices=_choices(COSTS, "Any cost"),
        required=False,
        label="Cost",
        error_messages={"invalid_choice": "There is no cost band “%(value)s”: showing any cost."},
    )

    def __init__(self, *args: object, library: Library, **kwargs: object) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["skill"].choices = [("", "Any skill"), *skill_choices(library)]

    def chosen(self) -> dict[str, str]:
        """The valid filters; a bad value counts as no filter on that field."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def skill_choices(library: Library) -> list[tuple[str, str]]:
    """The skills some activity builds, by name."""
    built = {skill for activity in library.activities for skill in activity.skills}
    return [(slug, skill_name(slug)) for slug in sorted(built, key=skill_name)]


class SkillChoiceForm(forms.Form):
    skill = forms.ChoiceField(
        label="Which skill does this goal build?",
        error_messages={"invalid_choice": "No skill is called “%(value)s”: choose one below."},
    )

    def __init__(self, *args: object, library: Library, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "Choose a skill"), *skill_choices(library)]


class ActivityAddForm(forms.Form):
    goal = forms.IntegerField(min_value=1, error_messages={"required": "Choose a goal."})


class WaysForm(forms.Form):
    """The activities offered for a skills goal; the member keeps any of them."""

    activities = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        label="Add as tasks",
        error_messages={"required": "Tick at least one activity, or choose “Not now”."},
    )

    def __init__(self, *args: object, offered: list[Activity], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].choices = [(a.slug, a.name) for a in offered]
        self.initial.setdefault("activities", [a.slug for a in offered])


@dataclass(frozen=True)
class TaskFields:
    planned: DraftTask
    keep: BoundField
    title: BoundField
    due_date: BoundField
    effort_hours: BoundField


@dataclass(frozen=True)
class StageFields:
    planned: DraftMilestone
    title: BoundField
    due_date: BoundField
    tasks: list[TaskFields]


def _hours_field() -> forms.DecimalField:
    return forms.DecimalField(
        required=False,
        label="Hours",
        min_value=MIN_EFFORT,
        max_value=MAX_EFFORT,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "200"}),
        error_messages={
            "min_value": "At least a quarter of an hour (0.25).",
            "max_value": "At most 200 hours: a bigger task is a project, split it up.",
        },
    )


class PlanForm(forms.Form):
    """A goal's plan before it is saved: every default can change, and any task can be left
    out. The draft is any plan shaped like adoption.Draft (title, why, measure, start and
    target dates, milestones holding tasks).

    Field names carry the milestone and task position (stage-1-title, task-1-2-due_date), so
    what a member typed comes back with its errors, and the plan's shape comes from the
    draft, not from the form.
    """

    title = Goal._meta.get_field("title").formfield(label="Goal")
    why = Goal._meta.get_field("why").formfield(
        label="Why it matters to you", widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = Goal._meta.get_field("measure").formfield(
        label="How you will measure success", widget=forms.Textarea(attrs={"rows": 2})
    )
    target_date = forms.DateField(required=False, label="Target date", widget=DateInput())

    def __init__(self, data: object = None, *, draft: Any) -> None:
        super().__init__(data)
        self.draft = draft
        self.initial.update(
            title=draft.title,
            why=draft.why,
            measure=draft.measure,
            target_date=draft.target_date,
        )
        for s, milestone in enumerate(draft.milestones, start=1):
            self.fields[f"stage-{s}-title"] = forms.CharField(max_length=160, label="Milestone")
            self.fields[f"stage-{s}-due_date"] = forms.DateField(
                required=False, label="Due", widget=DateInput()
            )
            self.initial[f"stage-{s}-title"] = milestone.title
            self.initial[f"stage-{s}-due_date"] = milestone.due_date
            for t, task in enumerate(milestone.tasks, start=1):
                name = f"task-{s}-{t}"
                self.fields[f"{name}-keep"] = forms.BooleanField(required=False, label="Keep")
                self.fields[f"{name}-title"] = forms.CharField(
                    max_length=160, required=False, label="Task"
                )
                self.fields[f"{name}-due_date"] = forms.DateField(
                    required=False, label="Due", widget=DateInput()
                )
                self.fields[f"{name}-effort_hours"] = _hours_field()
                self.initial.update(
                    {
                        f"{name}-keep": True,
                        f"{name}-title": task.title,
                        f"{name}-due_date": task.due_date,
                        f"{name}-effort_hours": format_hours(task.effort_hours),
                    }
                )

    def stages(self) -> list[StageFields]:
        """The fields grouped as the page shows them: each stage with its tasks."""
        grouped = []
        for s, milestone in enumerate(self.draft.milestones, start=1):
            tasks = [
                TaskFields(task, *(self[f"task-{s}-{t}-{part}"] for part in TASK_PARTS))
                for t, task in enumerate(milestone.tasks, start=1)
            ]
            grouped.append(
                StageFields(milestone, self[f"stage-{s}-title"], self[f"stage-{s}-due_date"], tasks)
            )
        return grouped

    def _not_before_start(self, name: str, what: str) -> None:
        value = self.cleaned_data.get(name)
        start = self.draft.start_date
        if value is not None and value < start:
            self.add_error(name, f"{what} cannot be before the goal starts ({_day(start)}).")

    def clean(self) -> dict[str, object]:
        data = super().clean()
        self._not_before_start("target_date", "The target date")
        for s, milestone in enumerate(self.draft.milestones, start=1):
            self._not_before_start(f"stage-{s}-due_date", "A milestone")
            for t in range(1, len(milestone.tasks) + 1):
                name = f"task-{s}-{t}"
                if not data.get(f"{name}-keep"):
                    # Left out: what it holds does not matter.
                    for part in TASK_PARTS[1:]:
                        self._errors.pop(f"{name}-{part}", None)
                    continue
                for part, message in REQUIRED_TASK_PARTS.items():
                    if data.get(f"{name}-{part}") in (None, "") and f"{name}-{part}" in data:
                        self.add_error(f"{name}-{part}", message)
                self._not_before_start(f"{name}-due_date", "A task")
        return data

    def edited(self) -> Any:
        """The draft as the member left it: their wording and dates, without unticked tasks."""
        data = self.cleaned_data
        milestones = []
        for s, milestone in enumerate(self.draft.milestones, start=1):
            tasks = tuple(
                replace(
                    task,
                    title=data[f"task-{s}-{t}-title"],
                    due_date=data[f"task-{s}-{t}-due_date"],
                    effort_hours=data[f"task-{s}-{t}-effort_hours"],
                )
                for t, task in enumerate(milestone.tasks, start=1)
                if data[f"task-{s}-{t}-keep"]
            )
            milestones.append(
                replace(
                    milestone,
                    title=data[f"stage-{s}-title"],
                    due_date=data[f"stage-{s}-due_date"],
                    tasks=tasks,
                )
            )
        return replace(
            self.draft,
            title=data["title"],
            why=data["why"],
            measure=data["measure"],
            target_date=data["target_date"],
            milestones=tuple(milestones),
        )


class AdoptionForm(PlanForm):
    """The preview of adopting a path, which asks before following the same path twice."""

    again = forms.BooleanField(required=False, label="Adopt it again, as a new goal")

    def __init__(
        self, data: object = None, *, draft: Draft, following: list[Goal], again: bool = False
    ) -> None:
        super().__init__(data, draft=draft)
        self.following = following
        self.initial["again"] = again

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if self.following and not data.get("again"):
            self.add_error(
                "again", "You already follow this path: tick this box to adopt it again."
            )
        return data


TASK_PARTS = ("keep", "title", "due_date", "effort_hours")
REQUIRED_TASK_PARTS = {
    "title": "Give the task a title, or untick it.",
    "due_date": "Give the task a due date, or untick it.",
    "effort_hours": "Give the task's hours, or untick it.",
}


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"
