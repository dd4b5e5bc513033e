"""What a mentor sees, how the owner changes it, and revoking."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from assessments.tests.factories import completed_attempt
from mentoring.models import FeedbackRequest, Mentorship
from mentoring.tests.factories import CommentFactory, FeedbackRequestFactory, MentorshipFactory
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_a_mentor_reads_the_shared_goal_and_its_plan_without_any_control(
    mentor_client, goal, milestone, task
):
    response = mentor_client.get(reverse("mentoring:shared_goal", args=[goal.pk]))

    assertContains(response, goal.title)
    assertContains(response, goal.why)
    assertContains(response, goal.measure)
    assertContains(response, milestone.title)
    assertContains(response, task.title)
    html = response.content.decode()
    for owner_only in ("plans:task_complete", "plans:goal_edit", "plans:task_edit"):
        assert reverse(owner_only, args=[task.pk if "task" in owner_only else goal.pk]) not in html


def test_a_mentor_gets_404_for_a_goal_that_is_not_shared_with_them(mentor_client, member):
    private = GoalFactory(member=member, title="Private plan")

    response = mentor_client.get(reverse("mentoring:shared_goal", args=[private.pk]))

    assert response.status_code == 404


def test_the_mentee_page_lists_only_what_is_shared(mentor_client, mentorship, member, goal):
    GoalFactory(member=member, title="Private plan")

    response = mentor_client.get(reverse("mentoring:mentee_detail", args=[mentorship.pk]))

    assertContains(response, goal.title)
    assertNotContains(response, "Private plan")
    assertNotContains(response, "self-assessment summary")


def test_the_summary_is_readable_only_once_shared_and_links_nowhere(
    mentor_client, mentorship, member
):
    completed_attempt(member, "skills")
    url = reverse("mentoring:mentee_summary", args=[mentorship.pk])
    assert mentor_client.get(url).status_code == 404

    Mentorship.objects.filter(pk=mentorship.pk).update(share_summary=True)
    response = mentor_client.get(url)

    assertContains(response, "Top strengths")
    assertNotContains(response, reverse("assessments:instrument", args=["skills"]))


def test_the_owner_sees_who_sees_what(member_client, mentorship, goal):
    response = member_client.get(reverse("mentoring:home"))

    assertContains(response, str(mentorship.mentor))
    assertContains(response, f"Goal “{goal.title}” and its action plan")


def test_unsharing_a_goal_hides_it_from_the_mentor_at_once(
    member_client, client, mentor, mentorship, goal, member
):
    other = GoalFactory(member=member, title="Second goal")
    member_client.post(
        reverse("mentoring:sharing_edit", args=[mentorship.pk]),
        {"goals": [other.pk], "share_summary": "on"},
    )
    client.force_login(mentor)

    assert client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 404
    assert client.get(reverse("mentoring:shared_goal", args=[other.pk])).status_code == 200
    mentorship.refresh_from_db()
    assert mentorship.share_summary


def test_the_sharing_form_refuses_another_members_goal(member_client, mentorship, other_member):
    theirs = GoalFactory(member=other_member)

    response = member_client.post(
        reverse("mentoring:sharing_edit", args=[mentorship.pk]), {"goals": [theirs.pk]}
    )

    assertContains(response, "Select a valid choice")
    assert theirs not in mentorship.goals.all()


def test_a_revoked_mentor_gets_404_at_once_and_their_comments_stay_attributed(
    client, member, mentor, mentorship, goal
):
    CommentFactory(goal=goal, author=mentor, body="Start with the course.")
    client.force_login(member)
    client.post(reverse("mentoring:mentorship_revoke", args=[mentorship.pk]))

    page = client.get(reverse("plans:goal_detail", args=[goal.pk]))
    client.force_login(mentor)

    assert client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 404
    assert client.get(reverse("mentoring:mentee_detail", args=[mentorship.pk])).status_code == 404
    assertContains(page, "Start with the course.")
    assertContains(page, "Morgan Mentor")
    assertContains(page, "former mentor")


def test_revoking_closes_open_feedback_requests(member_client, mentorship, goal):
    FeedbackRequestFactory(mentorship=mentorship, goal=goal)

    member_client.post(reverse("mentoring:mentorship_revoke", args=[mentorship.pk]))

    assert not FeedbackRequest.objects.unanswered().exists()


def test_the_mentor_can_step_down(mentor_client, mentorship, goal):
    mentor_client.post(reverse("mentoring:mentorship_end", args=[mentorship.pk]))

    mentorship.refresh_from_db()
    assert not mentorship.is_active
    assert mentor_client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("mentoring:sharing_edit", "get"),
        ("mentoring:sharing_edit", "post"),
        ("mentoring:mentorship_revoke", "post"),
        ("mentoring:feedback_request", "get"),
        ("mentoring:feedback_request", "post"),
    ],
)
def test_other_member_and_the_mentor_get_404_on_the_owners_sharing_pages(
    other_client, mentor_client, mentorship, goal, name, method
):
    url = reverse(name, args=[mentorship.pk])

    for client in (other_client, mentor_client):
        response = getattr(client, method)(url, {"goals": [goal.pk]} if method == "post" else None)
        assert response.status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.is_active


@pytest.mark.parametrize("name", ["mentoring:mentee_detail", "mentoring:mentee_summary"])
def test_other_member_gets_404_on_the_mentee_pages(other_client, mentorship, name):
    Mentorship.objects.update(share_summary=True)

    assert other_client.get(reverse(name, args=[mentorship.pk])).status_code == 404


def test_other_member_gets_404_on_a_shared_goal(other_client, mentorship, goal):
    assert other_client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 404


def test_other_member_gets_404_ending_someone_elses_mentorship(other_client, mentorship):
    response = other_client.post(reverse("mentoring:mentorship_end", args=[mentorship.pk]))

    assert response.status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.is_active


# Seeking feedback


def test_the_owner_asks_for_feedback_and_it_waits_on_the_mentors_page(
    client, member, mentor, mentorship, goal, send_notices
):
    client.force_login(member)
    client.post(
        reverse("mentoring:feedback_request", args=[mentorship.pk]),
        {"subject": f"goal-{goal.pk}", "note": "Is the timeline realistic?"},
    )
    client.force_login(mentor)

    page = client.get(reverse("mentoring:mentor_home"))
    assertContains(page, "asks for feedback on")
    assertContains(page, "Is the timeline realistic?")
    (message,) = send_notices()
    assert message.to == [mentor.email]
    assert message.subject == f"{member} asks for your feedback on “{goal}”"
    assert reverse("mentoring:shared_goal", args=[goal.pk]) in message.body


def test_a_feedback_request_answered_before_the_email_goes_is_not_mailed(
    member, mentorship, goal, send_notices
):
    from mentoring import services

    feedback = services.feedback_request_create(mentorship=mentorship, subject=goal, note="")
    services.feedback_request_answer(feedback_request=feedback)

    assert send_notices() == []


def test_feedback_can_be_asked_only_on_a_shared_goal(member_client, member, mentorship):
    private = GoalFactory(member=member)

    response = member_client.post(
        reverse("mentoring:feedback_request", args=[mentorship.pk]),
        {"subject": f"goal-{private.pk}"},
    )

    assertContains(response, "Select a valid choice")
    assert not FeedbackRequest.objects.exists()


def test_a_mentors_comment_on_the_goal_answers_the_feedback_request(
    mentor_client, mentorship, goal, task
):
    request = FeedbackRequestFactory(mentorship=mentorship, goal=goal)

    mentor_client.post(
        reverse("mentoring:comment_thread", args=["task", task.pk]), {"body": "Looks good."}
    )

    request.refresh_from_db()
    assert request.answered_at is not None
    page = mentor_client.get(reverse("mentoring:mentor_home"))
    assertNotContains(page, "asks for feedback on")


def test_the_mentor_marks_a_feedback_request_answered(mentor_client, mentorship, goal):
    request = FeedbackRequestFactory(mentorship=mentorship, goal=goal)

    mentor_client.post(reverse("mentoring:feedback_answered", args=[request.pk]))

    request.refresh_from_db()
    assert request.answered_at is not None


def test_other_member_gets_404_marking_feedback_answered(other_client, mentorship, goal):
    request = FeedbackRequestFactory(mentorship=mentorship, goal=goal)

    response = other_client.post(reverse("mentoring:feedback_answered", args=[request.pk]))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.answered_at is None


def test_a_goal_of_the_same_owner_not_shared_is_not_reachable_through_a_milestone_thread(
    mentor_client, member
):
    private = GoalFactory(member=member)
    milestone = MilestoneFactory(goal=private)
    task = TaskFactory(goal=private)

    for kind, pk in (("goal", private.pk), ("milestone", milestone.pk), ("task", task.pk)):
        url = reverse("mentoring:comment_thread", args=[kind, pk])
        assert mentor_client.get(url).status_code == 404
        assert mentor_client.post(url, {"body": "Sneaky"}).status_code == 404
    assert not private.comments.exists()


def test_a_mentor_of_one_member_sees_nothing_of_another_member(mentor_client, other_member):
    theirs = GoalFactory(member=other_member)
    MentorshipFactory(member=other_member, goals=[theirs])

    assert mentor_client.get(reverse("mentoring:shared_goal", args=[theirs.pk])).status_code == 404
