from django.apps import AppConfig
from django.db.models.signals import post_save


class CareerdevConfig(AppConfig):
    name = "careerdev"
    verbose_name = "careerdev"

    def ready(self) -> None:
        from careerdev import reminders
        from careerdev.fragments import concerns
        from careerdev.models import ReminderSchedule, User

        reminders.register_core_kinds()
        post_save.connect(_member_created, sender=User, dispatch_uid="careerdev.member_created")
        # Rows that a member's cached pages show (careerdev/fragments.py).
        concerns(User, lambda user: [user.pk])
        concerns(ReminderSchedule, lambda schedule: [schedule.member_id])


def _member_created(sender: type, instance: object, created: bool, raw: bool, **kwargs: object):
    if created and not raw:
        from careerdev.reminders import reminder_defaults_create

        reminder_defaults_create(member=instance)  # type: ignore[arg-type]
