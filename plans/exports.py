"""CSV exports of a member's goals, tasks and journal, for a spreadsheet."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from careerdev.models import User
from plans.models import Goal, JournalEntry, Task

# A spreadsheet runs a cell that starts like a formula; a leading quote keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = list[object]


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _goal_rows(member: User, today: date) -> Iterator[Row]:
    yield [
        "goal",
        "kind",
        "status",
        "why it matters",
        "how success is measured",
        "start date",
        "target date",
        "total hours",
        "done hours",
        "progress %",
    ]
    goals = Goal.objects.for_member(member).with_progress(today).order_by("start_date", "pk")
    for goal in goals:
        yield [
            goal.title,
            goal.get_kind_display(),
            goal.get_status_display(),
            goal.why,
            goal.measure,
            goal.start_date,
            goal.target_date,
            goal.total_hours,
            goal.done_hours,
            goal.progress.percent,
        ]


def _task_rows(member: User, today: date) -> Iterator[Row]:
    yield [
        "goal",
        "milestone",
        "task",
        "due date",
        "effort hours",
        "activity",
        "formal or informal",
        "status",
        "completed at",
        "notes",
    ]
    tasks = (
        Task.objects.for_member(member)
        .live()
        .select_related("goal", "milestone")
        .order_by("goal__start_date", "goal_id", "due_date", "pk")
    )
    for task in tasks.iterator(chunk_size=2000):
        yield [
            task.goal.title,
            task.milestone.title if task.milestone else "",
            task.title,
            task.due_date,
            task.effort_hours,
            task.get_activity_display(),
            "formal" if task.is_formal else "informal" if task.is_informal else "",
            task.get_status_display(),
            f"{timezone.localtime(task.completed_at):%Y-%m-%d %H:%M}" if task.completed_at else "",
            task.notes,
        ]


def _journal_rows(member: User, today: date) -> Iterator[Row]:
    yield ["date", "goal", "entry"]
    entries = JournalEntry.objects.for_member(member).select_related("goal").newest_first()
    for entry in entries.iterator(chunk_size=2000):
        yield [entry.written_on, entry.goal.title if entry.goal else "", entry.body]


@dataclass(frozen=True)
class Export:
    label: str
    description: str
    build: Callable[[User, date], Iterator[Row]]

    def rows(self, member: User, today: date) -> Iterator[Row]:
        for row in self.build(member, today):
            yield [cell(value) for value in row]


EXPORTS = {
    "goals": Export("Goals", "Every goal with its dates, status and progress.", _goal_rows),
    "tasks": Export("Tasks", "Every task with its goal, milestone, effort and status.", _task_rows),
    "journal": Export("Journal", "Every journal entry, newest first.", _journal_rows),
}
