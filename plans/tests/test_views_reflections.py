"""The reflection pages: starting or resuming one, answering the prompts (saved as a draft as
the member types), and adjusting goals in place, each change landing in the goal's history."""

import datetime as dt

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from plans import services
from plans.history import describe
from plans.models import Goal, GoalKind, GoalStatus, Reflection, Task
from plans.periods import Cadence, Period
from plans.reflections import period_review
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory

pytestmark = pytest.mark.django_db

# Tuesday 9 December 2025, in the morning in London.
NOW = dt.datetime(2025, 12, 9, 10, 0, tzinfo=dt.UTC)
NOVEMBER = Period(Cadence.MONTHLY, dt.date(2025, 11, 1))
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _december_ninth():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reflection(member) -> Reflection:
    return ReflectionFactory(member=member, period=NOVEMBER)


@pytest.fixture
def goal(member) -> Goal:
    return GoalFactory(
        member=member,
        title="Pass the SQL exam",
        kind=GoalKind.SKILLS,
        start_date=dt.date(2025, 9, 1),
        target_date=dt.date(2026, 1, 31),
    )


def answers(**changes) -> dict[str, str]:
    return {
        "what_worked": "Two evenings a week on the course.",
        "what_got_in_the_way": "A busy month at work.",
        "what_to_change": "Move the exam to March.",
        "confidence": "4",
        **changes,
    }


def goal_url(name: str, reflection: Reflection, goal: Goal) -> str:
    return reverse(f"plans:{name}", args=[reflection.pk, goal.pk])


# Starting and resuming


def test_starting_a_monthly_reflection_offers_the_month_just_ended_and_begins_it_on_request(
    member_client, member
):
    url = reverse("plans:reflection_start", args=["monthly"])

    page = member_client.get(url)
    assert not Reflection.objects.filter(member=member).exists(), "opening it begins nothing"
    assertContains(page, "Begin my reflection on November 2025")
    response = member_client.post(url)

    reflection = Reflection.objects.get(member=member)
    assertRedirects(response, reflection.get_absolute_url())
    assert reflection.period == NOVEMBER
    assert reflection.period_end == dt.date(2025, 11, 30)
    assert not reflection.is_completed


def test_the_reminder_link_with_a_period_opens_that_period_and_resumes_it(member_client, member):
    url = reverse("plans:reflection_start", args=["quarterly", "2025-Q3"])

    first = member_client.get(url)
    begun = member_client.post(url)
    again = member_client.post(url)
    later = member_client.get(url)

    reflection = Reflection.objects.get(member=member)
    assert reflection.period.label == "Q3 2025"
    assertContains(first, "Begin my reflection on Q3 2025")
    assert begun.url == again.url == later.url == reflection.get_absolute_url()


def test_the_reflection_page_opens_a_draft_already_begun(member_client, reflection):
    reflection.what_worked = "Half-written thoughts"
    reflection.save()

    response = member_client.get(reverse("plans:reflection_start", args=["monthly", "2025-11"]))
    page = member_client.get(response.url)

    assert response.url == reflection.get_absolute_url()
    assertContains(page, "Half-written thoughts")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_period_that_has_not_started_cannot_be_reflected_on(member_client, member, method):
    url = reverse("plans:reflection_start", args=["yearly", "2026"])

    response = getattr(member_client, method)(url, follow=True)

    assertContains(response, "2026 has not started yet")
    assert not Reflection.objects.filter(member=member).exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "args", [["yearly", "0001"], ["monthly", "2025-10"], ["quarterly", "2025-Q3"]]
)
def test_a_period_over_before_the_member_joined_is_refused(member_client, member, method, args):
    member.date_joined = dt.datetime(2025, 11, 3, 9, tzinfo=dt.UTC)
    member.save(update_fields=["date_joined"])

    response = getattr(member_client, method)(
        reverse("plans:reflection_start", args=args), follow=True
    )

    assertContains(response, "was over before you joined careerdev on 3 November 2025")
    assert not Reflection.objects.filter(member=member).exists()


def test_a_member_who_joined_this_month_is_offered_only_this_month(member_client, member):
    member.date_joined = dt.datetime(2025, 12, 2, 9, tzinfo=dt.UTC)
    member.save(update_fields=["date_joined"])

    listing = member_client.get(reverse("plans:reflection_list"))
    start = member_client.get(reverse("plans:reflection_start", args=["monthly"]))

    assertContains(start, "Begin my reflection on December 2025")
    monthly = listing.context["choices"][0]
    assert (monthly.period.label, monthly.other) == ("December 2025", None)
    for choice in listing.context["choices"]:
        assert choice.period.end >= dt.date(2025, 12, 2)
        assert choice.other is None or choice.other.end >= dt.date(2025, 12, 2)
    assertNotContains(listing, "November 2025")


@pytest.mark.parametrize(
    "args", [["weekly"], ["daily", "2025-11"], ["monthly", "2025-13"], ["quarterly", "2025-11"]]
)
def test_an_unknown_cadence_or_period_is_not_found(member_client, args):
    assert member_client.get(reverse("plans:reflection_start", args=args)).status_code == 404


def test_a_visitor_must_log_in_to_start_a_reflection(client):
    response = client.get(reverse("plans:reflection_start", args=["monthly"]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The page


def test_the_page_shows_what_happened_then_the_prompts_then_the_goals(
    member_client, reflection, goal
):
    TaskFactory(
        goal=goal,
        title="Finish the joins module",
        status="done",
        completed_at=dt.datetime(2025, 11, 14, 18, 0, tzinfo=dt.UTC),
    )
    TaskFactory(goal=goal, title="Practice exam", due_date=dt.date(2025, 11, 28))

    response = member_client.get(reflection.get_absolute_url())

    html = response.text
    assert html.index("What happened in November 2025") < html.index("What worked?")
    assert html.index("What worked?") < html.index("Move the target date")
    assertContains(response, "Finish the joins module")
    assertContains(response, "Practice exam")
    assertContains(response, f'id="reflection-goal-{goal.pk}"')
    assertNotContains(response, "Month by month")
    assertContains(response, "Your answers are kept as a draft as you type.")


def test_a_quarterly_reflection_shows_the_trend_as_a_chart_and_a_table(member_client, member, goal):
    TaskFactory(
        goal=goal, status="done", completed_at=dt.datetime(2025, 10, 8, 12, 0, tzinfo=dt.UTC)
    )
    reflection = ReflectionFactory(
        member=member, period=Period(Cadence.QUARTERLY, dt.date(2025, 10, 1))
    )

    response = member_client.get(reflection.get_absolute_url())

    assertContains(response, "Month by month")
    # Each chart twice: beside its table on wide screens, stacked on phones.
    assertContains(response, '<svg class="chart chart-columns chart-wide"', html=False)
    assertContains(response, '<svg class="chart chart-bar chart-narrow"', html=False)
    assertContains(response, '<svg class="chart chart-lines chart-wide"', html=False)
    assertContains(response, '<svg class="chart chart-lines chart-narrow"', html=False)
    assertContains(response, "<caption>Q4 2025 month by month</caption>", html=True)
    assertContains(response, '<th scope="row">October 2025</th>', html=True)
    assert ' style="' not in response.text


def test_a_quiet_month_and_a_member_without_goals_are_told_what_to_do(member_client, reflection):
    response = member_client.get(reflection.get_absolute_url())

    assertContains(response, "Nothing was recorded in November 2025")
    assertContains(response, "No goals to adjust.")
    assertContains(response, reverse("plans:goal_create"))


# Answers


def test_answers_save_as_a_draft_while_the_member_types(member_client, reflection):
    response = member_client.post(
        reverse("plans:reflection_save", args=[reflection.pk]),
        answers(what_to_change="", confidence=""),
        **HTMX,
    )

    reflection.refresh_from_db()
    assertContains(response, "Draft saved at <time")
    assertContains(response, ">10:00</time>")
    assertNotContains(response, "<form")
    assert reflection.what_worked == "Two evenings a week on the course."
    assert reflection.confidence is None
    assert not reflection.is_completed


def test_a_draft_saved_without_javascript_comes_back_on_the_page(member_client, reflection):
    url = reverse("plans:reflection_save", args=[reflection.pk])

    response = member_client.post(url, {**answers(), "save": "1"}, follow=True)

    reflection.refresh_from_db()
    assert not reflection.is_completed
    assertContains(response, "Your answers are saved.")
    assertContains(response, "A busy month at work.")


def test_finishing_a_reflection_completes_it(member_client, reflection):
    url = reverse("plans:reflection_save", args=[reflection.pk])

    response = member_client.post(url, {**answers(), "finish": "1"})

    reflection.refresh_from_db()
    assertRedirects(response, reflection.get_absolute_url())
    assert reflection.completed_at == NOW
    assert reflection.confidence == 4


def test_finishing_without_a_confidence_or_any_answer_keeps_what_was_typed(
    member_client, reflection
):
    url = reverse("plans:reflection_save", args=[reflection.pk])

    blank = answers(what_worked="", what_got_in_the_way="", what_to_change="  ", confidence="")
    response = member_client.post(url, {**blank, "finish": "1"})
    with_text = member_client.post(url, {**answers(confidence=""), "finish": "1"})

    assert response.status_code == 200
    assertContains(response, "Choose how confident you feel before you finish.")
    assertContains(response, "Write at least one answer before you finish.")
    assertContains(with_text, "A busy month at work.")
    reflection.refresh_from_db()
    assert not reflection.is_completed
    assert reflection.what_got_in_the_way == ""


def test_a_confidence_outside_one_to_five_is_refused_and_nothing_saved(member_client, reflection):
    url = reverse("plans:reflection_save", args=[reflection.pk])

    page = member_client.post(url, answers(confidence="9"))
    status = member_client.post(url, answers(confidence="9"), **HTMX)

    assertContains(page, "Select a valid choice.")
    assertContains(page, "Two evenings a week on the course.")
    assertContains(status, "Not saved:")
    reflection.refresh_from_db()
    assert reflection.what_worked == ""


def test_a_finished_reflection_can_still_be_edited_and_stays_finished(member_client, member):
    finished_at = dt.datetime(2025, 12, 2, 9, 0, tzinfo=dt.UTC)
    reflection = ReflectionFactory(
        member=member, period=NOVEMBER, completed_at=finished_at, confidence=3, what_worked="x"
    )

    response = member_client.post(
        reverse("plans:reflection_save", args=[reflection.pk]), answers(), **HTMX
    )

    reflection.refresh_from_db()
    assertContains(response, "Changes saved at <time")
    assert reflection.completed_at == finished_at
    assert reflection.confidence == 4


# Adjusting goals in place


def test_moving_a_target_date_in_place_records_why_and_the_reflection(
    member_client, reflection, goal
):
    response = member_client.post(
        goal_url("reflection_goal_target", reflection, goal),
        {
            f"goal-{goal.pk}-target-target_date": "2026-03-31",
            f"goal-{goal.pk}-target-change_note": "Exam slots are full",
        },
        **HTMX,
    )

    goal.refresh_from_db()
    assert goal.target_date == dt.date(2026, 3, 31)
    record = goal.history.order_by("-history_id").first()
    assert record.reflection == reflection
    assert record.history_change_reason == (
        "Changed target date: Exam slots are full (monthly reflection on November 2025)"
    )
    assertContains(response, f'id="reflection-goal-{goal.pk}"')
    assertContains(response, "“Pass the SQL exam” now aims for 31 Mar 2026.")
    assertContains(response, 'id="reflection-changes"')
    assertContains(response, 'hx-swap-oob="true"')
    assertContains(response, "Exam slots are full")


def test_without_a_reason_typed_the_history_names_the_reflection(member_client, reflection, goal):
    response = member_client.post(
        goal_url("reflection_goal_target", reflection, goal),
        {f"goal-{goal.pk}-target-target_date": "2026-02-28"},
    )

    assertRedirects(
        response,
        f"{reflection.get_absolute_url()}#reflection-goal-{goal.pk}",
        fetch_redirect_response=False,
    )
    assert goal.history.order_by("-history_id").first().history_change_reason == (
        "Changed target date: Monthly reflection on November 2025"
    )
    page = member_client.get(reflection.get_absolute_url())
    assertContains(page, "now aims for 28 Feb 2026")
    assertContains(page, "Changed target date: Monthly reflection on November 2025")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_target_date_before_the_start_is_refused_with_the_typed_date_kept(
    member_client, reflection, goal, htmx
):
    response = member_client.post(
        goal_url("reflection_goal_target", reflection, goal),
        {f"goal-{goal.pk}-target-target_date": "2025-08-01"},
        **(HTMX if htmx else {}),
    )

    assert response.status_code == 200
    assertContains(response, "The target date must be on or after the start date.")
    assertContains(response, 'value="2025-08-01"')
    assertContains(response, '<details class="goal-action" open>', html=False)
    goal.refresh_from_db()
    assert goal.target_date == dt.date(2026, 1, 31)
    assert goal.history.count() == 1


@pytest.mark.parametrize(
    ("status", "said", "reason"),
    [
        ("paused", "is paused", "Paused: Too much at work (monthly reflection on November 2025)"),
        (
            "dropped",
            "is dropped",
            "Dropped: Too much at work (monthly reflection on November 2025)",
        ),
    ],
)
def test_pausing_or_dropping_a_goal_in_place(member_client, reflection, goal, status, said, reason):
    response = member_client.post(
        goal_url("reflection_goal_status", reflection, goal),
        {
            f"goal-{goal.pk}-status-status": status,
            f"goal-{goal.pk}-status-change_note": "Too much at work",
        },
        **HTMX,
    )

    goal.refresh_from_db()
    assert goal.status == status
    assert goal.history.order_by("-history_id").first().history_change_reason == reason
    assertContains(response, f"“Pass the SQL exam” {said}.")


def test_a_paused_goal_can_be_resumed_and_a_dropped_one_made_active(
    member_client, member, reflection
):
    paused = GoalFactory(member=member, status=GoalStatus.PAUSED)
    dropped = GoalFactory(member=member, status=GoalStatus.DROPPED)

    page = member_client.get(reflection.get_absolute_url())
    for goal in (paused, dropped):
        member_client.post(
            goal_url("reflection_goal_status", reflection, goal),
            {f"goal-{goal.pk}-status-status": "active"},
        )

    assertContains(page, ">Resume</button>", html=False)
    assertContains(page, "Make active again")
    assert set(Goal.objects.filter(member=member).values_list("status", flat=True)) == {"active"}


def test_an_unknown_status_is_refused(member_client, reflection, goal):
    response = member_client.post(
        goal_url("reflection_goal_status", reflection, goal),
        {f"goal-{goal.pk}-status-status": "achieved"},
        **HTMX,
    )

    assertContains(response, "Choose pause, resume or drop.")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE


def test_pivoting_a_goal_changes_its_kind_and_wording(member_client, reflection, goal):
    prefix = f"goal-{goal.pk}-pivot"
    response = member_client.post(
        goal_url("reflection_goal_pivot", reflection, goal),
        {
            f"{prefix}-kind": GoalKind.CHANGE,
            f"{prefix}-title": "Move into data engineering",
            f"{prefix}-why": "I enjoy the pipelines more than the reports.",
            f"{prefix}-measure": "An offer for a data engineering role.",
            f"{prefix}-change_note": "The SQL work showed me what I like",
        },
        **HTMX,
    )

    goal.refresh_from_db()
    assert (goal.kind, goal.title) == (GoalKind.CHANGE, "Move into data engineering")
    record = goal.history.order_by("-history_id").first()
    assert record.history_change_reason.startswith(
        "Changed kind, title, why it matters, how success is measured: The SQL work"
    )
    assert record.reflection == reflection
    assertContains(response, "is now “Move into data engineering” (career change)")


def test_a_pivot_without_a_title_is_refused_and_nothing_changes(member_client, reflection, goal):
    prefix = f"goal-{goal.pk}-pivot"
    response = member_client.post(
        goal_url("reflection_goal_pivot", reflection, goal),
        {f"{prefix}-kind": GoalKind.CHANGE, f"{prefix}-title": "", f"{prefix}-why": "Typed"},
    )

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assertContains(response, "Typed</textarea>", html=False)
    goal.refresh_from_db()
    assert (goal.kind, goal.title) == (GoalKind.SKILLS, "Pass the SQL exam")


def test_a_pivot_that_changes_nothing_says_so(member_client, reflection, goal):
    prefix = f"goal-{goal.pk}-pivot"
    data = {f"{prefix}-{name}": getattr(goal, name) for name in ("kind", "title", "why", "measure")}

    response = member_client.post(goal_url("reflection_goal_pivot", reflection, goal), data, **HTMX)

    assertContains(response, "is unchanged")
    assert goal.history.count() == 1


def test_adding_a_task_in_place_puts_it_in_the_goals_plan(member_client, reflection, goal):
    prefix = f"goal-{goal.pk}-task"
    response = member_client.post(
        goal_url("reflection_task_create", reflection, goal),
        {
            f"{prefix}-title": "Book the exam",
            f"{prefix}-due_date": "2025-12-19",
            f"{prefix}-effort_hours": "0.5",
            f"{prefix}-activity": "certification",
        },
        **HTMX,
    )

    task = Task.objects.get(goal=goal)
    assert (task.title, task.milestone) == ("Book the exam", None)
    assertContains(response, "Task added to “Pass the SQL exam”: Book the exam.")
    assertContains(response, "0 of 0.5 h")


def test_a_task_added_in_place_is_listed_at_once_among_the_reflections_changes(
    member_client, reflection, goal
):
    prefix = f"goal-{goal.pk}-task"
    response = member_client.post(
        goal_url("reflection_task_create", reflection, goal),
        {
            f"{prefix}-title": "Book the exam",
            f"{prefix}-due_date": "2025-12-19",
            f"{prefix}-effort_hours": "0.5",
            f"{prefix}-activity": "certification",
        },
        **HTMX,
    )

    changes = response.text[response.text.index('<section id="reflection-changes"') :]
    changes = changes[: changes.index("</section>")]
    assert 'hx-swap-oob="true"' in changes
    assert "None yet" not in changes
    assert "Added a task: Book the exam (monthly reflection on November 2025)" in changes
    record = goal.history.order_by("-history_id").first()
    assert record.reflection == reflection
    page = member_client.get(reflection.get_absolute_url())
    assertContains(page, "Added a task: Book the exam (monthly reflection on November 2025)")
    history = member_client.get(goal.get_absolute_url())
    assertContains(history, "Added a task: Book the exam (monthly reflection on November 2025)")


def test_a_task_due_before_the_goal_starts_is_refused(member_client, reflection, goal):
    prefix = f"goal-{goal.pk}-task"
    response = member_client.post(
        goal_url("reflection_task_create", reflection, goal),
        {
            f"{prefix}-title": "Too early",
            f"{prefix}-due_date": "2025-01-01",
            f"{prefix}-effort_hours": "1",
            f"{prefix}-activity": "course",
        },
    )

    assertContains(response, "The due date cannot be before the goal starts")
    assertContains(response, 'value="Too early"')
    assert not Task.objects.filter(goal=goal).exists()


def test_the_page_links_to_retaking_an_assessment(member_client, reflection):
    response = member_client.get(reflection.get_absolute_url())

    assertContains(response, reverse("assessments:overview"))
    assertContains(response, "Retake an assessment")


# The list and the dashboard


def test_the_list_offers_each_cadence_and_lists_past_reflections(member_client, member):
    ReflectionFactory(
        member=member,
        period=Period(Cadence.MONTHLY, dt.date(2025, 10, 1)),
        completed_at=NOW,
        confidence=4,
        what_worked="x",
    )
    ReflectionFactory(member=member, period=Period(Cadence.QUARTERLY, dt.date(2025, 10, 1)))

    response = member_client.get(reverse("plans:reflection_list"))

    assertContains(response, "Reflect on November 2025")
    assertContains(response, "reflect on December 2025 so far")
    assertContains(response, "Continue your reflection on Q4 2025")
    assertContains(response, "Reflect on 2025")
    assertContains(response, reverse("plans:reflection_start", args=["monthly", "2025-11"]))
    titles = [r.title for r in response.context["page"]]
    assert titles == ["Quarterly reflection on Q4 2025", "Monthly reflection on October 2025"]
    assertContains(response, "4 of 5")


def test_a_member_without_reflections_sees_how_to_begin(member_client):
    response = member_client.get(reverse("plans:reflection_list"))

    assertContains(response, "No reflections yet.")


def test_the_dashboard_refinement_step_leads_to_the_reflection_due(member_client):
    response = member_client.get(reverse("dashboard"))

    step = response.context["steps"][4]
    assert step.title == "Refinement"
    assert step.action == "Reflect on November 2025"
    assert step.url == reverse("plans:reflection_start", args=["monthly", "2025-11"])
    assertContains(response, "your reflection on November 2025 is due")


def test_reflection_pages_keep_to_the_content_security_policy(member_client, reflection, goal):
    pages = [reverse("plans:reflection_list"), reflection.get_absolute_url()]

    for url in pages:
        html = member_client.get(url).text
        assert "<style" not in html, url
        assert ' style="' not in html, url
        assert "<script>" not in html, url


def test_the_read_only_partials_render_alone_without_links_to_the_members_pages(member, goal):
    """What another page (a mentor's view) includes to show a reflection and a goal's history."""
    quarter = Period(Cadence.QUARTERLY, dt.date(2025, 10, 1))
    task = TaskFactory(
        goal=goal, status="done", completed_at=dt.datetime(2025, 10, 8, 12, 0, tzinfo=dt.UTC)
    )
    reflection = ReflectionFactory(
        member=member, period=quarter, what_worked="Pairing", confidence=4
    )
    services.goal_update(
        goal=goal, title="Pass the SQL exam in March", reflection=reflection, change_note="Later"
    )
    review = period_review(member, quarter, NOW.date())
    history = describe(goal.history.select_related("reflection").order_by("history_date"))

    html = "".join(
        render_to_string(name, context)
        for name, context in [
            ("plans/reflection_detail.html#period_review", {"review": review, "read_only": True}),
            ("plans/reflection_detail.html#trend", {"review": review}),
            ("plans/reflection_detail.html#reflection_answers", {"reflection": reflection}),
            ("plans/goal_detail.html#goal_history", {"history": history, "read_only": True}),
        ]
    )

    assert task.title in html
    assert "Month by month" in html
    assert "Pairing" in html
    assert "Quite confident (4 of 5)" in html
    assert "Pass the SQL exam in March" in html
    assert "href=" not in html
    assert "<form" not in html
