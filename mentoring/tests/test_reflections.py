"""Sharing finished reflections with a mentor, comments on them, and feedback requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from careerdev.models import User
from mentoring import services
from mentoring.models import Comment, FeedbackRequest, Mentorship
from mentoring.tests.factories import CommentFactory, MentorshipFactory
from plans.models import Reflection
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reflection(member: User) -> Reflection:
    return ReflectionFactory(
        member=member,
        what_worked="Evenings blocked for study",
        what_got_in_the_way="On-call weeks",
        confidence=4,
        completed_at=timezone.now(),
    )


@pytest.fixture
def sharing(mentorship: Mentorship) -> Mentorship:
    Mentorship.objects.filter(pk=mentorship.pk).update(share_reflections=True)
    mentorship.refresh_from_db()
    return mentorship


def shared_url(reflection: Reflection) -> str:
    return reverse("mentoring:shared_reflection", args=[reflection.pk])


def test_a_mentor_reads_a_finished_reflection_the_member_shares(mentor_client, sharing, reflection):
    listing = mentor_client.get(reverse("mentoring:mentee_detail", args=[sharing.pk]))
    response = mentor_client.get(shared_url(reflection))

    assertContains(listing, reflection.title)
    assertContains(response, "Evenings blocked for study")
    assertContains(response, "On-call weeks")
    assertContains(response, "Quite confident (4 of 5)")
    assertNotContains(response, reflection.get_absolute_url())
    assertNotContains(response, reverse("plans:reflection_save", args=[reflection.pk]))


def test_what_happened_in_the_period_is_not_shown_so_unshared_goals_stay_private(
    mentor_client, sharing, reflection, member
):
    private = GoalFactory(member=member, title="Private side project")
    TaskFactory(goal=private, title="Secret task", status="done", completed_at=timezone.now())

    response = mentor_client.get(shared_url(reflection))

    assertNotContains(response, "Private side project")
    assertNotContains(response, "Secret task")


def test_a_draft_reflection_is_not_shared(mentor_client, sharing, member):
    draft = ReflectionFactory(member=member, what_worked="Half a thought")

    assert mentor_client.get(shared_url(draft)).status_code == 404
    page = mentor_client.get(reverse("mentoring:mentee_detail", args=[sharing.pk]))
    assertNotContains(page, "Half a thought")
    assert (
        mentor_client.get(
            reverse("mentoring:comment_thread", args=["reflection", draft.pk])
        ).status_code
        == 404
    )


def test_reflections_not_shared_are_404_and_not_listed(mentor_client, mentorship, reflection):
    assert mentor_client.get(shared_url(reflection)).status_code == 404
    page = mentor_client.get(reverse("mentoring:mentee_detail", args=[mentorship.pk]))
    assertNotContains(page, reflection.title)


def test_a_revoked_mentor_loses_the_reflections_at_once(client, mentor, sharing, reflection):
    services.mentorship_end(mentorship=sharing, by=sharing.member)
    client.force_login(mentor)

    assert client.get(shared_url(reflection)).status_code == 404


def test_other_member_gets_404_on_a_shared_reflection(other_client, sharing, reflection):
    assert other_client.get(shared_url(reflection)).status_code == 404


def test_the_mentor_comments_on_a_reflection_and_the_owner_replies_on_their_page(
    client, member, mentor, sharing, reflection, send_notices
):
    thread = reverse("mentoring:comment_thread", args=["reflection", reflection.pk])
    client.force_login(mentor)
    response = client.post(
        thread, {"body": "On-call weeks: plan lighter tasks."}, HTTP_HX_REQUEST="true"
    )
    assertContains(response, f'id="thread-reflection-{reflection.pk}"')
    comment = Comment.objects.get()
    assert (comment.reflection, comment.goal, comment.owner) == (reflection, None, member)

    client.force_login(member)
    page = client.get(reflection.get_absolute_url())
    assertContains(page, "On-call weeks: plan lighter tasks.")
    reply = client.post(thread, {"body": "Good idea.", "parent": comment.pk})
    assertRedirects(reply, f"{reflection.get_absolute_url()}#thread-reflection-{reflection.pk}")

    to_owner, to_mentor = sorted(send_notices(), key=lambda m: m.to != [member.email])
    assert to_owner.subject == f"Morgan Mentor commented on “{reflection.title}”"
    assert reflection.get_absolute_url() in to_owner.body
    assert shared_url(reflection) in to_mentor.body


def test_the_owners_reflection_page_shows_no_thread_until_shared(member_client, reflection):
    page = member_client.get(reflection.get_absolute_url())

    assertNotContains(page, f'id="thread-reflection-{reflection.pk}"')


def test_feedback_on_a_reflection_waits_for_the_mentor_until_they_comment(
    client, member, mentor, sharing, reflection, send_notices
):
    client.force_login(member)
    form = client.get(reverse("mentoring:feedback_request", args=[sharing.pk]))
    assertContains(form, reflection.title)
    client.post(
        reverse("mentoring:feedback_request", args=[sharing.pk]),
        {"subject": f"reflection-{reflection.pk}", "note": "Was I too hard on myself?"},
    )
    (message,) = send_notices()
    assert reflection.title_in_sentence in message.body
    client.force_login(mentor)

    waiting = client.get(reverse("mentoring:mentor_home"))
    assertContains(waiting, reflection.title_in_sentence)
    client.post(
        reverse("mentoring:comment_thread", args=["reflection", reflection.pk]),
        {"body": "Not at all."},
    )

    assert FeedbackRequest.objects.get().answered_at is not None


def test_reflections_are_offered_for_feedback_only_when_shared(
    member_client, mentorship, reflection
):
    response = member_client.post(
        reverse("mentoring:feedback_request", args=[mentorship.pk]),
        {"subject": f"reflection-{reflection.pk}"},
    )

    assertContains(response, "Select a valid choice")
    assert not FeedbackRequest.objects.exists()


def test_the_mentors_activity_shows_comments_on_shared_reflections(
    mentor_client, member, sharing, reflection
):
    CommentFactory(goal=None, reflection=reflection, author=member, owner=member, body="Thoughts")

    response = mentor_client.get(reverse("mentoring:mentor_home"))

    assertContains(response, "Thoughts")
    assertContains(response, shared_url(reflection))


def test_a_shared_reflection_page_runs_as_many_queries_with_40_comments_as_with_1(
    mentor_client, member, mentor, sharing, reflection, django_assert_max_num_queries
):
    other = ReflectionFactory(
        member=member,
        period=reflection.period.previous(),
        completed_at=timezone.now(),
    )
    CommentFactory(goal=None, reflection=other, author=mentor, owner=member)
    Comment.objects.bulk_create(
        Comment(reflection=reflection, author=[member, mentor][n % 2], owner=member, body=f"{n}")
        for n in range(40)
    )
    with CaptureQueriesContext(connection) as few:
        mentor_client.get(shared_url(other))

    with django_assert_max_num_queries(len(few)):
        response = mentor_client.get(shared_url(reflection))

    assert response.content.decode().count('<article id="comment-') == 40


def test_a_reflection_of_another_mentee_is_not_reachable(mentor_client, sharing, other_member):
    theirs = ReflectionFactory(member=other_member, completed_at=timezone.now())
    MentorshipFactory(member=other_member, share_reflections=True)

    assert mentor_client.get(shared_url(theirs)).status_code == 404
