from django.db import transaction

from careerdev.models import User
from careerdev.reminders import reminder_schedules_reschedule
from careerdev.signals import time_zone_changed


@transaction.atomic
def profile_update(
    *, user: User, display_name: str, time_zone: str, current_role: str, target_role: str
) -> User:
    # Read from the table: a bound ModelForm has already changed the instance.
    stored_zone = User.objects.filter(pk=user.pk).values_list("time_zone", flat=True).get()
    user.display_name = display_name
    user.time_zone = time_zone
    user.current_role = current_role
    user.target_role = target_role
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "time_zone", "current_role", "target_role"])
    if stored_zone != time_zone:
        reminder_schedules_reschedule(member=user)
        time_zone_changed.send(sender=User, member=user)
    return user
