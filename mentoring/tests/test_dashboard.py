"""What the dashboard shows of mentoring."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from mentoring.models import MentorshipStatus
from mentoring.overview import NEW_COMMENT_DAYS, mentoring_counts
from mentoring.tests.factories import (
    CommentFactory,
    FeedbackRequestFactory,
    MentorshipFactory,
    MentorshipRequestFactory,
)
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_a_member_with_no_mentoring_is_invited_to_find_a_mentor(member_client):
    response = member_client.get(reverse("dashboard"))

    assertContains(response, reverse("mentoring:invite"))
    assertContains(response, reverse("mentoring:mentor_find"))
    assertNotContains(response, "People you mentor")


def test_a_mentor_sees_their_mentees_and_what_waits_for_them(client, member):
    mentorships = MentorshipFactory.create_batch(2, mentor=member)
    FeedbackRequestFactory(
        mentorship=mentorships[0], goal=GoalFactory(member=mentorships[0].member)
    )
    MentorshipRequestFactory(mentor=member)
    MentorshipFactory(mentor=member, status=MentorshipStatus.ENDED)
    MentorshipFactory(member=member)
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert mentoring_counts(member).__dict__ == {"mentors": 1, "mentees": 2, "waiting": 2}
    assertContains(response, "You mentor 2 people.")
    assertContains(response, "2 requests wait for your answer.")
    assertContains(response, "1 mentor can read what you chose to share.")
    assertContains(response, reverse("mentoring:mentor_home"))


def test_the_mentoring_counts_take_one_query_however_many_mentees(member, other_member):
    for mentor in (member, other_member):
        MentorshipFactory.create_batch(1 if mentor == member else 25, mentor=mentor)

    counts = []
    for mentor in (member, other_member):
        with CaptureQueriesContext(connection) as captured:
            mentoring_counts(mentor)
        counts.append(len(captured))

    assert counts == [1, 1]


# A mentor's dashboard starts with the people they mentor


def steps_at(html: str) -> int:
    return html.index('id="steps-heading"')


def test_a_mentor_starts_with_their_mentees_and_what_waits_and_their_empty_steps_fold_away(
    client, member
):
    mentorship = MentorshipFactory(mentor=member, member__display_name="Dana Member")
    goal = GoalFactory(member=mentorship.member, title="Move into product")
    FeedbackRequestFactory(mentorship=mentorship, goal=goal, note="Is this realistic?")
    MentorshipRequestFactory(mentor=member, member__display_name="Sam Seeker")
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    html = response.text
    assert html.index("Dana Member") < html.index("Sam Seeker") < steps_at(html)
    assertContains(response, "asks for feedback on")
    assertContains(response, "“Is this realistic?”")
    assertContains(response, reverse("mentoring:mentee_detail", args=[mentorship.pk]))
    assertContains(response, "<summary>Your own five steps: not started yet</summary>", html=True)


def test_a_mentor_with_a_plan_of_their_own_keeps_their_steps_open(client, member):
    MentorshipFactory(mentor=member, member__display_name="Dana Member")
    GoalFactory(member=member)
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert response.text.index("Dana Member") < steps_at(response.text)
    assertNotContains(response, "Your own five steps: not started yet")


def test_a_member_who_mentors_nobody_sees_no_mentor_section(member_client):
    response = member_client.get(reverse("dashboard"))

    assertNotContains(response, "Your mentees")
    assertNotContains(response, "Waiting for you")
    assertNotContains(response, "not started yet</summary>")


# The member's dashboard shows new comments from their mentors


def test_the_dashboard_shows_new_mentor_comments_on_goals_tasks_and_reflections(
    member_client, member
):
    mentorship = MentorshipFactory(member=member, mentor__display_name="Morgan Mentor")
    mentor = mentorship.mentor
    goal = GoalFactory(member=member, title="Move into product")
    task = TaskFactory(goal=goal, title="Read the product book")
    reflection = ReflectionFactory(member=member)
    CommentFactory(goal=goal, author=mentor, body="Ask three product managers.")
    on_task = CommentFactory(goal=goal, task=task, author=mentor, body="Chapter 4 first.")
    CommentFactory(reflection=reflection, owner=member, author=mentor, body="Good month.")
    CommentFactory(goal=goal, body="My own note.")  # by the member
    CommentFactory(goal=goal, author=mentor, body="Deleted one.", deleted_at=timezone.now())
    CommentFactory(
        goal=goal,
        author=mentor,
        body="Long ago.",
        created_at=timezone.now() - dt.timedelta(days=NEW_COMMENT_DAYS + 1),
    )

    response = member_client.get(reverse("dashboard"))

    assertContains(response, "New from your mentors")
    for body in ("Ask three product managers.", "Chapter 4 first.", "Good month."):
        assertContains(response, body)
    for body in ("My own note.", "Deleted one.", "Long ago."):
        assertNotContains(response, body)
    assertContains(response, "Morgan Mentor</strong> commented on", count=3)
    assertContains(response, f'href="{goal.get_absolute_url()}#{on_task.thread_id()}"')
    assertContains(response, f'href="{reflection.get_absolute_url()}#thread-reflection-')


def test_a_member_without_mentors_sees_no_comment_section(member_client, member):
    goal = GoalFactory(member=member)
    CommentFactory(goal=goal, body="My own note.")

    response = member_client.get(reverse("dashboard"))

    assertNotContains(response, "New from your mentors")


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(captured)


def test_mentor_comments_and_mentees_add_no_query_per_item(client, member, other_member):
    """The dashboard of a mentored member who also mentors: as many queries with one comment
    and one mentee as with twelve of each, within its budget."""
    counts = []
    for person, many in ((member, 1), (other_member, 12)):
        mentorship = MentorshipFactory(member=person)
        goal = GoalFactory(member=person)
        for n in range(many):
            CommentFactory(goal=goal, author=mentorship.mentor, body=f"Note {n}")
            mentee = MentorshipFactory(mentor=person)
            FeedbackRequestFactory(mentorship=mentee, goal=GoalFactory(member=mentee.member))
            MentorshipRequestFactory(mentor=person)
        client.force_login(person)
        counts.append(dashboard_queries(client))

    # The member's own dashboard (18 queries at most, test_queries, its target role, its
    # programmes and the quick start's offer among them) with the comments (1 query) and the
    # mentor's lists: mentees, feedback and requests (3 queries).
    assert counts[0] == counts[1] <= 21
