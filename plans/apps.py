from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_library(**kwargs: Any) -> list[checks.CheckMessage]:
    """A broken activity or path file stops `manage.py check` (and so start-up)."""
    from assessments.definitions import DefinitionError
    from plans.library import library

    try:
        library()
    except DefinitionError as error:
        return [checks.Error(str(error), id="plans.E001")]
    return []


def _member_rezoned(sender: type, *, member: object, **kwargs: object) -> None:
    from plans import services

    services.time_blocks_rezone(member=member)


class PlansConfig(AppConfig):
    name = "plans"

    def ready(self) -> None:
        from careerdev.fragments import concerns
        from careerdev.signals import time_zone_changed
        from plans import emails
        from plans.models import (
            Goal,
            JournalEntry,
            Milestone,
            QuickStart,
            Reflection,
            Task,
            TimeBlock,
            Win,
        )

        # After careerdev's own kinds (careerdev comes first in INSTALLED_APPS).
        emails.register_kinds()
        time_zone_changed.connect(_member_rezoned, dispatch_uid="plans.time_blocks_rezone")
        checks.register(check_library)
        # Rows that a member's cached pages show (careerdev/fragments.py).
        for model in (Goal, JournalEntry, QuickStart, Reflection, TimeBlock, Win):
            concerns(model, lambda row: [row.member_id])
        for model in (Milestone, Task):
            concerns(model, lambda row: [row.goal.member_id])
