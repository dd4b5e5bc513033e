"""A goal's history in words: what changed, from what to what, when and why.

Works on the goal's history records (django-simple-history snapshots) already loaded, oldest
first; each record is compared with the one before it. No database, no request.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from plans.models import GoalKind, GoalStatus

# What a member can change about a goal, in the order the page lists changes.
TRACKED = (
    ("status", "Status"),
    ("kind", "Kind"),
    ("title", "Goal"),
    ("why", "Why it matters"),
    ("measure", "How success is measured"),
    ("start_date", "Start date"),
    ("target_date", "Target date"),
)
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "status": dict(GoalStatus.choices),
    "kind": dict(GoalKind.choices),
}
LONGEST = 140


class GoalRecord(Protocol):
    history_date: datetime
    history_type: str
    history_change_reason: str | None

    def __getattr__(self, name: str) -> Any: ...


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    reason: str
    created: bool
    changes: tuple[FieldChange, ...]
    record: Any = None

    @property
    def reflection(self) -> Any:
        """The reflection the change was made in, if the record names one."""
        return getattr(self.record, "reflection", None)


def shown(field: str, value: object) -> str:
    """A field's value as the history shows it."""
    if value is None or value == "":
        return "not set"
    if field in CHOICE_LABELS:
        return CHOICE_LABELS[field].get(str(value), str(value))
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    text = " ".join(str(value).split())
    return text if len(text) <= LONGEST else f"{text[: LONGEST - 1]}…"


def describe(records: Sequence[GoalRecord]) -> list[HistoryEntry]:
    """One entry per record, newest first, each with the fields that changed since the record
    before it (none for the first, which is the goal as it was set)."""
    entries = []
    previous = None
    for record in records:
        changes = ()
        if previous is not None:
            changes = tuple(
                FieldChange(field, label, shown(field, before), shown(field, after))
                for field, label in TRACKED
                if (before := getattr(previous, field)) != (after := getattr(record, field))
            )
        created = previous is None or record.history_type == "+"
        reason = record.history_change_reason or ("Goal set" if created else "Changed")
        entries.append(HistoryEntry(record.history_date, reason, created, changes, record))
        previous = record
    entries.reverse()
    return entries
