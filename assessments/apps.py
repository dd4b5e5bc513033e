from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.core import checks
from django.db.models.signals import post_migrate


def load_instruments(sender: AppConfig, *, apps: Any = global_apps, **kwargs: Any) -> None:
    """Loads new instrument versions after every migrate.

    A post-migrate hook (rather than a data migration) also refills the tables after the
    flush that transactional tests do, which sends the signal without `apps`, the way
    Django restores content types.
    """
    from assessments.definitions import load_definitions
    from assessments.services import instruments_sync

    try:
        apps.get_model("assessments", "Item")
    except LookupError:  # migrated only part of the way
        return
    instruments_sync(definitions=load_definitions(), apps=apps)


def check_catalogue(**kwargs: Any) -> list[checks.CheckMessage]:
    """A broken occupation file stops `manage.py check` (and so start-up), naming the file."""
    from assessments.definitions import DefinitionError
    from assessments.occupations import catalogue

    try:
        catalogue()
    except DefinitionError as error:
        return [checks.Error(str(error), id="assessments.E001")]
    return []


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Self-assessment"

    def ready(self) -> None:
        from assessments.models import Attempt, CareerDirection
        from careerdev.fragments import concerns

        post_migrate.connect(load_instruments, sender=self)
        checks.register(check_catalogue)
        # Rows that a member's cached pages show (careerdev/fragments.py).
        for model in (Attempt, CareerDirection):
            concerns(model, lambda row: [row.member_id])
