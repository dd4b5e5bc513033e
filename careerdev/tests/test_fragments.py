"""Members' pages are cached (careerdev/fragments.py): never stale, never another member's."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from assessments.models import Instrument, Item
from careerdev import fragments
from careerdev.models import User
from mentoring import services as mentoring_services
from mentoring.tests.factories import MentorshipFactory
from plans import services as plan_services
from plans.models import Task
from plans.tests.factories import GoalFactory, TaskFactory

pytestmark = pytest.mark.django_db

# A page served from the cache reads the session and the member, and nothing else.
CACHED_PAGE_QUERIES = 2


def version(member: User) -> int:
    return User.objects.get(pk=member.pk).data_version


@pytest.fixture
def goal(member):
    return GoalFactory(member=member, title="Pass the SQL certification exam")


@pytest.fixture
def task(goal):
    return TaskFactory(goal=goal, title="Book the exam")


def test_a_member_coming_back_to_their_dashboard_is_served_it_from_the_cache(
    member_client, task, django_assert_max_num_queries
):
    first = member_client.get(reverse("dashboard"))

    with django_assert_max_num_queries(CACHED_PAGE_QUERIES):
        again = member_client.get(reverse("dashboard"))

    assert again.status_code == 200
    assert _tokenless(again) == _tokenless(first)


def _tokenless(response) -> str:
    """The page without its form tokens, which are masked afresh on every visit."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


def test_ticking_a_task_off_shows_at_once_on_the_dashboard_and_the_goal_page(
    member_client, member, goal, task
):
    dashboard, goal_page = reverse("dashboard"), goal.get_absolute_url()
    assert "1 task to do" in member_client.get(dashboard).content.decode()
    before = _tokenless(member_client.get(goal_page))

    response = member_client.post(
        reverse("plans:task_complete", args=[task.pk]), headers={"hx-request": "true"}
    )

    assert response.status_code == 200
    assert "0 tasks to do" in member_client.get(dashboard).content.decode()
    assert _tokenless(member_client.get(goal_page)) != before


def test_editing_a_goal_shows_the_new_title_on_the_goal_page_and_the_timeline(
    member_client, goal, task
):
    member_client.get(goal.get_absolute_url())
    member_client.get(reverse("plans:timeline"))

    plan_services.goal_update(goal=goal, title="Pass the PostgreSQL certification exam")

    assert "PostgreSQL" in member_client.get(goal.get_absolute_url()).content.decode()
    assert "PostgreSQL" in member_client.get(reverse("plans:timeline")).content.decode()


def test_a_mentors_new_comment_shows_on_the_members_goal_page_and_dashboard(
    member_client, member, goal
):
    mentorship = MentorshipFactory(member=member, goals=[goal])
    member_client.get(goal.get_absolute_url())
    member_client.get(reverse("dashboard"))

    mentoring_services.comment_create(
        author=mentorship.mentor, subject=goal, body="Book the exam date first.", notify=False
    )

    assert (
        "Book the exam date first." in member_client.get(goal.get_absolute_url()).content.decode()
    )
    assert "Book the exam date first." in member_client.get(reverse("dashboard")).content.decode()


def test_finishing_an_assessment_shows_on_the_dashboard(member_client, member):
    instrument = Instrument.objects.get(slug="values")
    attempt = assessment_services.attempt_start(member=member, instrument=instrument)
    items = Item.objects.filter(version=attempt.version)
    assessment_services.answers_save(attempt=attempt, answers={item.pk: 3 for item in items})
    member_client.get(reverse("dashboard"))
    in_progress = _tokenless(member_client.get(reverse("dashboard")))

    assessment_services.attempt_submit(attempt=attempt)

    assert _tokenless(member_client.get(reverse("dashboard"))) != in_progress


def test_a_mentor_whose_access_is_revoked_no_longer_sees_the_member_on_their_page(
    client, member, goal
):
    mentorship = MentorshipFactory(member=member, goals=[goal])
    client.force_login(mentorship.mentor)
    page = reverse("mentoring:mentor_home")
    assert member.display_name in client.get(page).content.decode()

    mentoring_services.mentorship_end(mentorship=mentorship, by=member)

    assert member.display_name not in client.get(page).content.decode()


def test_a_mentor_sees_a_mentees_ticked_task_at_once(client, member, goal, task):
    mentorship = MentorshipFactory(member=member, goals=[goal])
    client.force_login(mentorship.mentor)
    before = _tokenless(client.get(reverse("mentoring:mentor_home")))

    plan_services.task_complete(task=task, today=timezone.localdate())

    assert _tokenless(client.get(reverse("mentoring:mentor_home"))) != before


def test_two_members_never_share_a_cached_page(client, member, other_member, goal, task):
    GoalFactory(member=other_member, title="Lead the data team")
    client.force_login(member)
    mine = client.get(reverse("dashboard")).content.decode()
    mine_timeline = client.get(reverse("plans:timeline")).content.decode()

    client.force_login(other_member)
    theirs = client.get(reverse("dashboard")).content.decode()
    theirs_timeline = client.get(reverse("plans:timeline")).content.decode()

    assert goal.title in mine
    assert goal.title not in theirs
    assert "Lead the data team" in theirs
    assert "Lead the data team" not in mine
    assert "Book the exam" in mine_timeline
    assert "Book the exam" not in theirs_timeline


def test_another_member_is_not_served_a_cached_goal_page_they_cannot_see(
    client, member, other_member, goal
):
    client.force_login(member)
    assert client.get(goal.get_absolute_url()).status_code == 200

    client.force_login(other_member)

    assert client.get(goal.get_absolute_url()).status_code == 404


def test_a_cached_page_carries_a_form_token_that_works_for_its_visitor(member, task):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(reverse("dashboard"))

    page = client.get(reverse("dashboard")).content.decode()
    response = client.post(
        reverse("plans:task_complete", args=[task.pk]),
        {"csrfmiddlewaretoken": _token_in(page), "where": "dashboard"},
    )

    assert fragments.CSRF_PLACEHOLDER not in page
    assert response.status_code == 302


def test_a_cached_page_is_not_served_with_another_visitors_form_token(member, task):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(member)
    second.force_login(member)
    first.get(reverse("dashboard"))

    page = second.get(reverse("dashboard")).content.decode()
    response = second.post(
        reverse("plans:task_complete", args=[task.pk]),
        {"csrfmiddlewaretoken": _token_in(page), "where": "dashboard"},
    )

    assert response.status_code == 302


def _token_in(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_notice_is_shown_once_and_never_kept_with_the_page(member_client, goal, task):
    member_client.get(goal.get_absolute_url())
    member_client.post(reverse("plans:task_complete", args=[task.pk]))

    shown = member_client.get(goal.get_absolute_url()).content.decode()
    again = member_client.get(goal.get_absolute_url()).content.decode()

    assert "Done: Book the exam." in shown
    assert "Done: Book the exam." not in again


def test_a_goal_page_offering_an_undo_is_rendered_afresh_so_the_offer_ends_on_time(
    member_client, goal, task
):
    plan_services.task_delete(task=task, today=timezone.localdate())
    member_client.get(goal.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        page = member_client.get(goal.get_absolute_url()).content.decode()

    assert "undo-bar" in page
    assert len(queries) > CACHED_PAGE_QUERIES


def test_a_kept_goal_page_carries_fresh_one_time_form_tokens_on_every_visit(member_client, goal):
    first = member_client.get(goal.get_absolute_url()).content.decode()
    second = member_client.get(goal.get_absolute_url()).content.decode()
    third = member_client.get(goal.get_absolute_url()).content.decode()

    tokens = [
        re.findall(r'name="form_token" value="([0-9a-f]{32})"', page)
        for page in (first, second, third)
    ]
    assert tokens[0]
    assert fragments.FORM_TOKEN_PLACEHOLDER not in second
    assert len({token for page in tokens for token in page}) == sum(len(page) for page in tokens)


def test_writes_outside_save_move_the_members_version_on(member, goal, task):
    before = version(member)

    Task.objects.filter(pk=task.pk).change(title="Book the exam for June")

    assert version(member) == before + 1


@override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)
def test_with_the_page_cache_off_every_visit_renders_the_page(member_client, task):
    member_client.get(reverse("dashboard"))

    with CaptureQueriesContext(connection) as queries:
        member_client.get(reverse("dashboard"))

    assert len(queries) > CACHED_PAGE_QUERIES


def test_the_benchmarks_reference_view_is_not_served_in_normal_runs(member_client):
    assert member_client.get("/bench/reference/").status_code == 404


def test_another_members_write_leaves_my_version_alone(member, other_member):
    before = version(member)

    GoalFactory(member=other_member)

    assert version(member) == before


def test_joining_a_programme_and_its_new_guidance_show_at_once_on_the_dashboard(
    member_client, member, other_member
):
    from mentoring import programmes

    programme = programmes.programme_create(
        member=other_member,
        name="Data academy",
        description="",
        starts_on=timezone.localdate(),
        ends_on=None,
        guidance="Meet your mentor in the first week.",
        checkin_cadence="",
        paths=[],
    )
    assert "Data academy" not in member_client.get(reverse("dashboard")).content.decode()

    programmes.programme_join(member=member, code_text=programme.codes.get().code)
    assert "Meet your mentor in the first week." in (
        member_client.get(reverse("dashboard")).content.decode()
    )

    programme.guidance = "Take the quick start before your first check-in."
    programme.save()
    page = member_client.get(reverse("dashboard")).content.decode()
    assert "Take the quick start before your first check-in." in page
    assert "Meet your mentor in the first week." not in page


def test_a_step_of_the_quick_start_shows_at_once_on_the_dashboard(member_client, member):
    from assessments.occupations import catalogue
    from plans import quickstart

    assert "Start the quick start" in member_client.get(reverse("dashboard")).content.decode()

    quickstart.quick_start_roles(member=member, current=None, target=catalogue().get("15-1241.00"))
    page = member_client.get(reverse("dashboard")).content.decode()
    assert "Continue the quick start" in page

    quickstart.quick_start_dismiss(member=member)
    assert "quick start" not in member_client.get(reverse("dashboard")).content.decode().lower()
