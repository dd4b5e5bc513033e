"""What plans puts in the scheduled e-mails: the reflection reminder links to the reflection
on its period; the weekly digest lists what is due this week and overdue, per active goal."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from careerdev import notifications
from careerdev.models import Delivery, ReminderSchedule, Topic
from careerdev.outbox import deliveries_send
from careerdev.reminders import (
    ScheduleSetting,
    reminder_preferences_update,
    reminders_sweep,
)
from careerdev.tests.factories import MemberFactory
from plans.emails import reflection_reminder_render, weekly_digest_render
from plans.models import GoalStatus, Reflection
from plans.periods import Cadence, Period
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# The reminder a new member gets: the 1st of the month at 09:00 in their zone. In Auckland
# that is still 30 November in UTC.
DECEMBER_FIRST_AUCKLAND = dt.datetime(2025, 11, 30, 20, 0, tzinfo=UTC)
# Monday 8 December 2025, 08:00 in London: the weekly digest's default time.
DIGEST_TIME = dt.datetime(2025, 12, 8, 8, 0, tzinfo=UTC)


@pytest.fixture
def sent() -> Iterator[None]:
    """Runs the sweep and sends everything it recorded, as beat and a worker would."""

    def run() -> list:
        reminders_sweep()
        deliveries_send(delivery_ids=Delivery.objects.values_list("pk", flat=True))
        return mail.outbox

    return run


def due(member, topic: str, moment: dt.datetime) -> ReminderSchedule:
    schedule = ReminderSchedule.objects.get(member=member, topic=topic)
    schedule.next_run_at = moment
    schedule.save(update_fields=["next_run_at"])
    return schedule


def digest_on(member) -> None:
    reminder_preferences_update(
        member=member,
        schedules={Topic.WEEKLY_DIGEST: ScheduleSetting(True, 0, 8)},
        mentor_comments=True,
    )


def test_plans_writes_both_scheduled_kinds():
    assert notifications.get("reflection_reminder").render is reflection_reminder_render
    assert notifications.get("weekly_digest").render is weekly_digest_render


# The reflection reminder


def test_the_monthly_reminder_links_to_the_reflection_on_the_month_just_ended(sent, client):
    member = MemberFactory(time_zone="Pacific/Auckland")
    due(member, "reflection-monthly", DECEMBER_FIRST_AUCKLAND)

    with time_machine.travel(DECEMBER_FIRST_AUCKLAND + dt.timedelta(minutes=2), tick=False):
        [message] = sent()

    url = "http://127.0.0.1:8000/plans/reflections/start/monthly/2025-11/"
    assert f"Reflect on November 2025: {url}" in message.body
    html, _ = message.alternatives[0]
    assert f'href="{url}"' in html
    assert "Time to reflect on November 2025" in html
    assert "/dashboard/" in html
    assert "Stop monthly reflection reminders" in message.body
    # The link offers that reflection to the member, and its button begins it.
    client.force_login(member)
    page = client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert "Begin my reflection on November 2025" in page.content.decode()
    response = client.post(url.removeprefix("http://127.0.0.1:8000"))
    assert response.url == Reflection.objects.get(member=member).get_absolute_url()
    assert Reflection.objects.get(member=member).period.label == "November 2025"


def test_a_quarterly_reminder_asks_about_the_quarter_just_ended(sent):
    member = MemberFactory(time_zone="America/Los_Angeles")
    reminder_preferences_update(
        member=member,
        schedules={
            Topic.REFLECTION_MONTHLY: ScheduleSetting(False, 1, 9),
            Topic.REFLECTION_QUARTERLY: ScheduleSetting(True, 1, 9),
        },
        mentor_comments=True,
    )
    # 1 January 2026, 09:00 in Los Angeles.
    moment = dt.datetime(2026, 1, 1, 17, 0, tzinfo=UTC)
    due(member, "reflection-quarterly", moment)

    with time_machine.travel(moment + dt.timedelta(minutes=1), tick=False):
        [message] = sent()

    assert "/plans/reflections/start/quarterly/2025-Q4/" in message.body
    assert "Reflect on Q4 2025" in message.body


def test_no_reminder_goes_to_a_member_who_already_finished_that_reflection(sent):
    member = MemberFactory(time_zone="Pacific/Auckland")
    ReflectionFactory(
        member=member,
        period=Period(Cadence.MONTHLY, dt.date(2025, 11, 1)),
        completed_at=DECEMBER_FIRST_AUCKLAND,
        confidence=4,
    )
    due(member, "reflection-monthly", DECEMBER_FIRST_AUCKLAND)

    with time_machine.travel(DECEMBER_FIRST_AUCKLAND + dt.timedelta(minutes=2), tick=False):
        assert sent() == []

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("skipped", "Nothing left to say.")


def test_a_draft_does_not_stop_the_reminder(sent):
    member = MemberFactory(time_zone="Pacific/Auckland")
    ReflectionFactory(
        member=member, period=Period(Cadence.MONTHLY, dt.date(2025, 11, 1)), what_worked="Half"
    )
    due(member, "reflection-monthly", DECEMBER_FIRST_AUCKLAND)

    with time_machine.travel(DECEMBER_FIRST_AUCKLAND + dt.timedelta(minutes=2), tick=False):
        assert len(sent()) == 1


# The weekly digest


@pytest.fixture
def london_member():
    member = MemberFactory(time_zone="Europe/London", display_name="Ada")
    digest_on(member)
    due(member, "weekly-digest", DIGEST_TIME)
    return member


def test_the_digest_lists_each_active_goals_overdue_work_and_work_due_this_week(
    sent, london_member
):
    start = dt.date(2025, 9, 1)
    exam = GoalFactory(
        member=london_member,
        title="Pass the SQL exam",
        start_date=start,
        target_date=dt.date(2026, 1, 31),
    )
    talk = GoalFactory(
        member=london_member, title="Give a talk", start_date=start, target_date=dt.date(2026, 3, 1)
    )
    paused = GoalFactory(member=london_member, title="Learn Spanish", status=GoalStatus.PAUSED)
    idle = GoalFactory(member=london_member, title="Nothing due soon")
    TaskFactory(goal=exam, title="Joins exercises", due_date=dt.date(2025, 12, 3))
    TaskFactory(goal=exam, title="Practice exam", due_date=dt.date(2025, 12, 10))
    TaskFactory(goal=exam, title="Done already", due_date=dt.date(2025, 12, 9), status="done")
    TaskFactory(goal=exam, title="Dropped", due_date=dt.date(2025, 12, 2), status="dropped")
    TaskFactory(goal=exam, title="Next week", due_date=dt.date(2025, 12, 15))
    TaskFactory(goal=talk, title="Write the abstract", due_date=dt.date(2025, 12, 14))
    TaskFactory(goal=paused, title="Spanish lesson", due_date=dt.date(2025, 12, 9))
    TaskFactory(goal=idle, title="Far away", due_date=dt.date(2026, 2, 1))

    with time_machine.travel(DIGEST_TIME + dt.timedelta(minutes=1), tick=False):
        [message] = sent()

    assert message.subject == "Your week: 2 tasks due this week, 1 overdue"
    body = message.body
    assert "Your week, 8 Dec to 14 Dec: 2 tasks due this week, 1 overdue." in body
    assert body.index("Pass the SQL exam") < body.index("Give a talk")
    assert "- Joins exercises (was due Wed 3 Dec)" in body
    assert "- Practice exam (Wed 10 Dec)" in body
    assert "- Write the abstract (Sun 14 Dec)" in body
    for absent in ("Done already", "Dropped", "Next week", "Spanish", "Nothing due soon"):
        assert absent not in body
    assert f"http://127.0.0.1:8000/plans/goals/{exam.pk}/" in body
    assert "/plans/timeline/" in body
    assert "every Monday at 08:00 (Europe/London time)" in body
    assert "Stop the weekly digest" in body
    html, _ = message.alternatives[0]
    assert "Joins exercises" in html
    assert "was due Wed 3 Dec" in html


def test_a_goal_with_much_due_shows_the_first_few_and_how_many_more(london_member):
    goal = GoalFactory(member=london_member, start_date=dt.date(2025, 1, 1))
    for day in range(1, 13):
        TaskFactory(goal=goal, due_date=dt.date(2025, 11, day))
    delivery = Delivery.objects.create(
        kind="weekly_digest",
        member=london_member,
        topic="weekly-digest",
        occurrence=DIGEST_TIME,
        send_after=DIGEST_TIME,
    )

    email = weekly_digest_render(delivery)

    (week,) = email.context["weeks"]
    assert (len(week.overdue), week.more_overdue) == (8, 4)
    assert email.subject == "Your week: 0 tasks due this week, 12 overdue"


def test_nothing_due_and_nothing_overdue_sends_nothing(sent, london_member):
    GoalFactory(member=london_member)

    with time_machine.travel(DIGEST_TIME + dt.timedelta(minutes=1), tick=False):
        assert sent() == []

    assert Delivery.objects.get().status == "skipped"


def test_the_digest_reads_the_same_number_of_queries_for_any_amount_of_work(london_member):
    def render_queries(member) -> int:
        delivery = Delivery.objects.create(
            kind="weekly_digest",
            member=member,
            topic="weekly-digest",
            occurrence=DIGEST_TIME,
            send_after=DIGEST_TIME,
        )
        delivery = Delivery.objects.select_related("member", "schedule").get(pk=delivery.pk)
        with CaptureQueriesContext(connection) as captured:
            email = weekly_digest_render(delivery)
            for week in email.context["weeks"]:
                [task.goal.title for task in week.overdue + week.due]
                week.url  # noqa: B018
        return len(captured)

    light = MemberFactory()
    TaskFactory(goal=GoalFactory(member=light), due_date=dt.date(2025, 12, 9))
    for n in range(20):
        goal = GoalFactory(member=london_member, start_date=dt.date(2025, 1, 1))
        for day in range(1, 15):
            TaskFactory(goal=goal, due_date=dt.date(2025, 12, day), title=f"{n}-{day}")

    assert render_queries(light) == render_queries(london_member) == 1


def test_the_reminder_reads_one_query_whatever_the_member_has(london_member):
    for period in [Period(Cadence.MONTHLY, dt.date(2025, m, 1)) for m in range(1, 11)]:
        ReflectionFactory(member=london_member, period=period, completed_at=DIGEST_TIME)
    schedule = ReminderSchedule.objects.get(member=london_member, topic="reflection-monthly")
    delivery = Delivery.objects.create(
        kind="reflection_reminder",
        member=london_member,
        topic="reflection-monthly",
        schedule=schedule,
        occurrence=DIGEST_TIME,
        send_after=DIGEST_TIME,
    )
    delivery = Delivery.objects.select_related("member", "schedule").get(pk=delivery.pk)

    with CaptureQueriesContext(connection) as captured:
        email = reflection_reminder_render(delivery)

    assert len(captured) == 1
    # 8 December: the first half of December, so November is the month to look back at.
    assert email.context["period_label"] == "November 2025"
