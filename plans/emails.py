"""What plans puts in careerdev's scheduled e-mails: the reflection reminder links to the
reflection on its period, and the weekly digest lists what is due and overdue per goal.

Registered in PlansConfig.ready. Each renderer reads what it needs in a fixed number of
queries (one for each) whatever the member's data, and returns None when there is nothing
to say, so the delivery is skipped.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from careerdev import notifications
from careerdev.emails import absolute_url
from careerdev.models import KIND_REFLECTION_REMINDER, KIND_WEEKLY_DIGEST, Delivery
from careerdev.reminders import reflection_reminder_render as core_reflection_reminder
from plans.models import Goal, Reflection, Task
from plans.periods import Period, period_to_reflect_on
from plans.schedule import week_end

# A digest lists up to this many tasks of each kind per goal, and says how many more.
DIGEST_TASKS_SHOWN = 8


def _occurred_on(delivery: Delivery) -> date:
    """The member's own date when the e-mail was due (or now, for one sent at once)."""
    moment = delivery.occurrence or delivery.send_after or timezone.now()
    return timezone.localtime(moment, delivery.member.zone).date()


def reminder_period(delivery: Delivery) -> Period:
    """The period a reflection reminder asks about: the one just ended when it comes early
    in a period, as it does by default (the 1st of the month), else the current one."""
    cadence = delivery.schedule.defaults.cadence
    return period_to_reflect_on(str(cadence), _occurred_on(delivery))


def reflection_reminder_render(delivery: Delivery) -> notifications.Email | None:
    """Core's reminder, pointed at the reflection on its period. One query; None when the
    member has already finished that reflection."""
    period = reminder_period(delivery)
    finished = Reflection.objects.for_member(delivery.member).of_period(period).completed().exists()
    if finished:
        return None
    email = core_reflection_reminder(delivery)
    url = reverse("plans:reflection_start", args=[period.cadence, period.slug])
    return notifications.Email(
        subject=email.subject,
        template="plans/emails/reflection_reminder",
        reason=email.reason,
        context={
            **email.context,
            "period_label": period.label,
            "reflection_url": absolute_url(url),
        },
    )


@dataclass
class GoalWeek:
    """One active goal's overdue tasks and tasks due this week, for the digest."""

    goal: Goal
    overdue: list[Task] = field(default_factory=list)
    due: list[Task] = field(default_factory=list)
    overdue_count: int = 0
    due_count: int = 0

    @property
    def url(self) -> str:
        return absolute_url(self.goal.get_absolute_url())

    @property
    def more_overdue(self) -> int:
        return self.overdue_count - len(self.overdue)

    @property
    def more_due(self) -> int:
        return self.due_count - len(self.due)


def digest_weeks(member, today: date) -> list[GoalWeek]:
    """Each active goal with work overdue or due by Sunday, soonest first: one query."""
    tasks = (
        Task.objects.for_member(member)
        .live()
        .open()
        .of_active_goals()
        .filter(due_date__lte=week_end(today))
        .select_related("goal")
        .order_by(
            F("goal__target_date").asc(nulls_last=True), "goal_id", "due_date", "position", "pk"
        )
    )
    weeks: dict[int, GoalWeek] = {}
    for task in tasks:
        week = weeks.setdefault(task.goal_id, GoalWeek(task.goal))
        if task.due_date < today:
            week.overdue_count += 1
            if len(week.overdue) < DIGEST_TASKS_SHOWN:
                week.overdue.append(task)
        else:
            week.due_count += 1
            if len(week.due) < DIGEST_TASKS_SHOWN:
                week.due.append(task)
    return list(weeks.values())


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def weekly_digest_render(delivery: Delivery) -> notifications.Email | None:
    """What is due this week and what is overdue, per active goal; None if nothing is."""
    today = _occurred_on(delivery)
    weeks = digest_weeks(delivery.member, today)
    if not weeks:
        return None
    due = sum(week.due_count for week in weeks)
    overdue = sum(week.overdue_count for week in weeks)
    summary = f"{_count(due, 'task')} due this week, {overdue} overdue"
    schedule = delivery.schedule
    when = f", {schedule.describe()}" if schedule else ""
    return notifications.Email(
        subject=f"Your week: {summary}",
        template="plans/emails/weekly_digest",
        reason=(
            f"You asked careerdev for a weekly digest{when} ({delivery.member.time_zone} time)."
        ),
        context={
            "member": delivery.member,
            "summary": summary,
            "weeks": weeks,
            "today": today,
            "week_end": week_end(today),
            "timeline_url": absolute_url(reverse("plans:timeline")),
        },
    )


def register_kinds() -> None:
    notifications.register(KIND_REFLECTION_REMINDER, reflection_reminder_render, replace=True)
    notifications.register(KIND_WEEKLY_DIGEST, weekly_digest_render, replace=True)
