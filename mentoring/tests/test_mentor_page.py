"""The mentor's page: mentees, what waits for feedback, recent activity, in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from careerdev.models import User
from careerdev.tests.factories import MemberFactory
from mentoring.models import Comment, FeedbackRequest, MentorshipRequest
from mentoring.tests.factories import CommentFactory, FeedbackRequestFactory, MentorshipFactory
from plans.tests.factories import GoalFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_the_mentor_page_lists_mentees_requests_and_recent_comments(
    mentor_client, mentor, mentorship, member, goal, task
):
    FeedbackRequestFactory(mentorship=mentorship, goal=goal, note="Too ambitious?")
    MentorshipRequest.objects.create(
        member=MemberFactory(display_name="Ria Asker"), mentor=mentor, message="Hi"
    )
    CommentFactory(goal=goal, task=task, author=member, body="I finished chapter one.")
    CommentFactory(goal=goal, author=mentor, body="My own note")

    response = mentor_client.get(reverse("mentoring:mentor_home"))

    assertContains(response, str(member))
    assertContains(response, "1 shared goal")
    assertContains(response, "Too ambitious?")
    assertContains(response, "Ria Asker")
    assertContains(response, "I finished chapter one.")
    assertNotContains(response, "My own note")


def test_activity_on_goals_no_longer_shared_is_not_shown(mentor_client, mentorship, member):
    hidden = GoalFactory(member=member)
    CommentFactory(goal=hidden, author=member, body="Private musing")

    response = mentor_client.get(reverse("mentoring:mentor_home"))

    assertNotContains(response, "Private musing")


def test_an_empty_mentor_page_says_what_will_appear(member_client):
    response = member_client.get(reverse("mentoring:mentor_home"))

    assertContains(response, "Nobody yet.")
    assertContains(response, "Nothing waits for you.")


def mentees_with_comments(mentor: User, count: int) -> None:
    for n in range(count):
        member = MemberFactory()
        goals = [GoalFactory(member=member), GoalFactory(member=member)]
        mentorship = MentorshipFactory(member=member, mentor=mentor, goals=goals)
        FeedbackRequest.objects.create(mentorship=mentorship, goal=goals[0], note=f"Note {n}")
        MentorshipRequest.objects.create(member=MemberFactory(), mentor=mentor, message="Hi")
        task = TaskFactory(goal=goals[1])
        Comment.objects.bulk_create(
            Comment(
                goal=goal,
                owner=member,
                author=member,
                task=task if goal == goals[1] else None,
                body="x",
            )
            for goal in goals
            for _ in range(5)
        )


def test_the_mentor_page_runs_as_many_queries_for_30_mentees_as_for_1(
    client, django_assert_max_num_queries
):
    few, many = MemberFactory(), MemberFactory()
    mentees_with_comments(few, 1)
    mentees_with_comments(many, 30)
    client.force_login(few)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("mentoring:mentor_home"))
    client.force_login(many)

    with django_assert_max_num_queries(len(queries)):
        response = client.get(reverse("mentoring:mentor_home"))

    assert response.content.decode().count('class="badge badge-warn"') == 30


def test_the_members_mentors_page_runs_as_many_queries_for_20_mentors_as_for_1(
    client, django_assert_max_num_queries
):
    few, many = MemberFactory(), MemberFactory()
    for member, count in ((few, 1), (many, 20)):
        goals = [GoalFactory(member=member) for _ in range(3)]
        for _ in range(count):
            mentorship = MentorshipFactory(member=member, goals=goals)
            FeedbackRequest.objects.create(mentorship=mentorship, goal=goals[0])
    client.force_login(few)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("mentoring:home"))
    client.force_login(many)

    with django_assert_max_num_queries(len(queries)):
        response = client.get(reverse("mentoring:home"))

    assert response.content.decode().count('class="sharing-card"') == 20
