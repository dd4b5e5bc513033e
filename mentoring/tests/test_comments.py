"""Comments on goals, milestones and tasks: posting in place, threads, edits, limits,
notices, and a goal page whose query count does not grow with its comments."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from careerdev.models import Delivery, Topic, User
from careerdev.outbox import deliveries_send
from careerdev.reminders import email_unsubscribe
from careerdev.tests.factories import MemberFactory
from mentoring import services
from mentoring.models import Comment
from mentoring.tests.factories import CommentFactory, MentorshipFactory
from plans.models import Goal, Milestone, Task
from plans.tests.factories import GoalFactory, TaskFactory

pytestmark = pytest.mark.django_db


def thread_url(kind: str, pk: int) -> str:
    return reverse("mentoring:comment_thread", args=[kind, pk])


def test_a_mentor_posts_on_a_task_with_htmx_and_gets_the_thread_back(mentor_client, task):
    response = mentor_client.post(
        thread_url("task", task.pk),
        {"body": "Try the free chapter first."},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"thread-task-{task.pk}",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section id="thread-task-{task.pk}"')
    assert "Try the free chapter first." in html
    assert "<html" not in html
    comment = Comment.objects.get()
    assert (comment.goal, comment.task, comment.milestone) == (task.goal, task, None)


def test_without_javascript_a_comment_posts_and_redirects_to_the_thread(mentor_client, milestone):
    response = mentor_client.post(thread_url("milestone", milestone.pk), {"body": "Good step."})

    expected = reverse("mentoring:shared_goal", args=[milestone.goal_id])
    assertRedirects(response, f"{expected}#thread-milestone-{milestone.pk}")
    assert Comment.objects.get().milestone == milestone


def test_the_owner_replies_on_their_own_goal_page_and_is_sent_back_there(
    member_client, mentorship, goal, mentor
):
    question = CommentFactory(goal=goal, author=mentor, body="Why this date?")

    response = member_client.post(
        thread_url("goal", goal.pk), {"body": "Because of the review cycle.", "parent": question.pk}
    )

    assertRedirects(response, f"{goal.get_absolute_url()}#thread-goal-{goal.pk}")
    reply = Comment.objects.get(parent=question)
    assert reply.author == goal.member
    page = member_client.get(goal.get_absolute_url())
    assertContains(page, "Because of the review cycle.")


def test_a_reply_to_a_reply_joins_the_same_thread(mentor_client, member, mentor, goal):
    root = CommentFactory(goal=goal, author=mentor)
    reply = CommentFactory(goal=goal, author=member, parent=root)

    mentor_client.post(thread_url("goal", goal.pk), {"body": "Agreed.", "parent": reply.pk})

    assert Comment.objects.get(body="Agreed.").parent == root


def test_a_reply_cannot_hang_from_another_subjects_thread(mentor_client, goal, task, mentor):
    on_goal = CommentFactory(goal=goal, author=mentor)

    response = mentor_client.post(
        thread_url("task", task.pk), {"body": "Moved?", "parent": on_goal.pk}
    )

    assertContains(response, "A reply belongs in the thread it answers.")
    assert not Comment.objects.filter(body="Moved?").exists()


def test_html_and_script_in_a_comment_show_as_text(mentor_client, goal):
    body = '<script>alert("x")</script><b>bold</b>'
    mentor_client.post(thread_url("goal", goal.pk), {"body": body})

    response = mentor_client.get(reverse("mentoring:shared_goal", args=[goal.pk]))

    assertContains(
        response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"
    )
    assertNotContains(response, '<script>alert("x")</script>')
    assertNotContains(response, "<b>bold</b>")


def test_an_over_long_comment_is_refused_and_the_text_kept(mentor_client, goal):
    response = mentor_client.post(
        thread_url("goal", goal.pk), {"body": "y" * 2001}, HTTP_HX_REQUEST="true"
    )

    assertContains(response, "at most 2000 characters")
    assertContains(response, "y" * 2001)
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(mentor_client, goal):
    response = mentor_client.post(thread_url("goal", goal.pk), {"body": "   "})

    assertContains(response, "Write something before you post.")
    assert not Comment.objects.exists()


def test_the_author_edits_their_comment_in_place(mentor_client, mentor, goal):
    comment = CommentFactory(goal=goal, author=mentor, body="Frist")
    url = reverse("mentoring:comment_edit", args=[comment.pk])

    form = mentor_client.get(url, HTTP_HX_REQUEST="true")
    saved = mentor_client.post(url, {"body": "First"}, HTTP_HX_REQUEST="true")

    assertContains(form, f'id="comment-{comment.pk}"')
    assertContains(form, "Frist")
    assertContains(saved, "First")
    assertContains(saved, "edited")
    comment.refresh_from_db()
    assert comment.body == "First"
    assert comment.edited_at is not None


def test_an_edit_over_the_limit_is_refused_and_kept(mentor_client, mentor, goal):
    comment = CommentFactory(goal=goal, author=mentor, body="Short")

    response = mentor_client.post(
        reverse("mentoring:comment_edit", args=[comment.pk]), {"body": "z" * 2001}
    )

    assertContains(response, "at most 2000 characters")
    comment.refresh_from_db()
    assert comment.body == "Short"


def test_the_author_deletes_a_comment_and_a_comment_with_replies_leaves_a_marker(
    mentor_client, member, mentor, goal
):
    lonely = CommentFactory(goal=goal, author=mentor)
    answered = CommentFactory(goal=goal, author=mentor, body="Answered one")
    CommentFactory(goal=goal, author=member, parent=answered, body="The answer")

    mentor_client.post(reverse("mentoring:comment_delete", args=[lonely.pk]))
    response = mentor_client.post(
        reverse("mentoring:comment_delete", args=[answered.pk]), HTTP_HX_REQUEST="true"
    )

    assert not Comment.objects.filter(pk=lonely.pk).exists()
    assertContains(response, "This comment was deleted.")
    assertContains(response, "The answer")
    assertNotContains(response, "Answered one")


@pytest.mark.parametrize(
    ("name", "method"),
    [("comment_edit", "get"), ("comment_edit", "post"), ("comment_delete", "post")],
)
def test_nobody_else_edits_or_deletes_a_comment(client, member, mentorship, goal, name, method):
    comment = CommentFactory(goal=goal, author=mentorship.mentor, body="Mine")
    url = reverse(f"mentoring:{name}", args=[comment.pk])

    for someone in (member, MemberFactory()):
        client.force_login(someone)
        response = getattr(client, method)(url, {"body": "Changed"} if method == "post" else None)
        assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_a_revoked_mentor_can_no_longer_comment_edit_or_delete(client, mentor, mentorship, goal):
    comment = CommentFactory(goal=goal, author=mentor, body="Before")
    services.mentorship_end(mentorship=mentorship, by=mentorship.member)
    client.force_login(mentor)

    assert client.post(thread_url("goal", goal.pk), {"body": "After"}).status_code == 404
    assert (
        client.post(
            reverse("mentoring:comment_edit", args=[comment.pk]), {"body": "Changed"}
        ).status_code
        == 404
    )
    assert client.post(reverse("mentoring:comment_delete", args=[comment.pk])).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Before"


def test_a_thread_of_an_unknown_kind_is_404(mentor_client, goal):
    assert mentor_client.get(thread_url("journal", goal.pk)).status_code == 404


def test_a_deleted_task_has_no_thread(mentor_client, task):
    Task.objects.filter(pk=task.pk).update(deleted_at=timezone.now())

    assert mentor_client.get(thread_url("task", task.pk)).status_code == 404


def test_the_thread_page_works_without_javascript(mentor_client, task, mentor):
    CommentFactory(goal=task.goal, task=task, author=mentor, body="On the task")

    response = mentor_client.get(thread_url("task", task.pk))

    assertContains(response, "<h1>Comments on Read the product book</h1>", html=True)
    assertContains(response, "On the task")


def test_the_owner_is_mailed_about_a_mentors_comment_and_the_mentor_about_the_reply(
    member, mentor, mentorship, goal, task, send_notices
):
    comment = services.comment_create(author=mentor, subject=task, body="Nice plan <b>")
    services.comment_create(author=member, subject=task, body="Thanks!", parent=comment)

    to_owner, to_mentor = sorted(send_notices(), key=lambda message: message.to != [member.email])

    assert to_owner.to == [member.email]
    assert to_owner.subject == f"Morgan Mentor commented on “{goal}”"
    assert "Nice plan <b>" in to_owner.body
    assert "Nice plan &lt;b&gt;" in to_owner.alternatives[0][0]
    assert reverse("plans:goal_detail", args=[goal.pk]) in to_owner.body
    assert "List-Unsubscribe" in to_owner.extra_headers
    assert to_mentor.to == [mentor.email]
    assert "Thanks!" in to_mentor.body
    assert reverse("mentoring:shared_goal", args=[goal.pk]) in to_mentor.body


def test_a_burst_of_comments_is_one_email_sent_after_the_batching_window(
    member, mentor, mentorship, goal, task, send_notices, settings
):
    settings.MENTORING_NOTICE_MINUTES = 10
    for n in range(4):
        services.comment_create(author=mentor, subject=task if n % 2 else goal, body=f"Point {n}")
    delivery = Delivery.objects.get()
    assert len(delivery.items) == 4
    assert delivery.send_after > timezone.now() + dt.timedelta(minutes=9)

    deliveries_send(delivery_ids=[delivery.pk])
    assert mail.outbox == [], "nothing goes out before the window has passed"
    (message,) = send_notices()

    assert message.subject == "4 new comments from Morgan Mentor"
    for n in range(4):
        assert f"Point {n}" in message.body


def test_a_mentor_whose_name_holds_a_line_break_loses_nobody_elses_comment(
    member, mentor, mentorship, goal, send_notices
):
    # Saved before names were kept to one line.
    odd = MemberFactory(email="odd@example.org")
    User.objects.filter(pk=odd.pk).update(display_name="Odd\r\nBcc: eve@example.org")
    odd.refresh_from_db()
    MentorshipFactory(member=member, mentor=odd, goals=[goal])
    services.comment_create(author=odd, subject=goal, body="First thought")
    services.comment_create(author=mentor, subject=goal, body="Second thought")

    messages = [message for message in send_notices() if message.to == [member.email]]

    (message,) = messages
    assert message.subject == "2 new comments from Morgan Mentor, Odd Bcc: eve@example.org"
    assert "First thought" in message.body
    assert "Second thought" in message.body
    assert message.recipients() == [member.email]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_comment_deleted_or_a_mentor_revoked_before_sending_is_not_mailed(
    member, mentor, mentorship, goal, send_notices
):
    deleted = services.comment_create(author=mentor, subject=goal, body="Oops")
    services.comment_delete(comment=deleted, user=mentor)
    services.comment_create(author=member, subject=goal, body="For my mentor")
    services.mentorship_end(mentorship=mentorship, by=member)

    assert send_notices() == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}


def test_a_comment_whose_author_deleted_their_account_is_mailed_from_a_former_member(
    member, mentor, mentorship, goal, send_notices
):
    services.comment_create(author=mentor, subject=goal, body="Keep going")
    Comment.objects.update(author=None)  # what deleting the mentor's account leaves

    (message,) = send_notices()

    assert message.subject == f"A former member commented on “{goal}”"
    assert "A former member" in message.body
    assert "Keep going" in message.body


def test_a_member_who_stopped_comment_notices_gets_none(
    member, mentor, mentorship, goal, send_notices
):
    email_unsubscribe(member=member, topic=Topic.MENTOR_COMMENTS)

    services.comment_create(author=mentor, subject=goal, body="Hello")

    assert send_notices() == []


def test_comments_on_the_owners_page_show_only_once_the_goal_is_shared_or_commented(
    member_client, member, goal
):
    page = member_client.get(goal.get_absolute_url())
    assertNotContains(page, f'id="thread-goal-{goal.pk}"')

    MentorshipFactory(member=member, goals=[goal])
    page = member_client.get(goal.get_absolute_url())
    assertContains(page, f'id="thread-goal-{goal.pk}"')
    assertContains(page, "Mentors you share this goal with can comment here")


def test_the_owner_page_shows_threads_on_goal_milestones_and_tasks(
    member_client, mentor, mentorship, goal, milestone, task
):
    CommentFactory(goal=goal, author=mentor, body="On the goal")
    CommentFactory(goal=goal, milestone=milestone, author=mentor, body="On the milestone")
    CommentFactory(goal=goal, task=task, author=mentor, body="On the task")

    page = member_client.get(goal.get_absolute_url()).content.decode()

    goal_thread = page.index(f'id="thread-goal-{goal.pk}"')
    assert page.index("On the goal") > goal_thread
    milestone_thread = page.index(f'id="thread-milestone-{milestone.pk}"')
    assert milestone_thread < page.index("On the milestone") < page.index(f'id="task-{task.pk}"')
    assert page.index(f'id="thread-task-{task.pk}"') < page.index("On the task") < goal_thread


def fill(goal: Goal, people: list, count: int) -> None:
    """`count` milestones and tasks, each with a comment and a reply."""
    milestones = Milestone.objects.bulk_create(
        Milestone(goal=goal, title=f"Step {n}", position=n) for n in range(count)
    )
    tasks = [TaskFactory(goal=goal, milestone=milestones[n % count]) for n in range(count)]
    roots = Comment.objects.bulk_create(
        Comment(goal=goal, author=people[n % 2], owner=goal.member, task=task, body=f"On {n}")
        for n, task in enumerate(tasks)
    ) + Comment.objects.bulk_create(
        Comment(goal=goal, author=people[n % 2], owner=goal.member, milestone=ms, body="Hm")
        for n, ms in enumerate(milestones)
    )
    Comment.objects.bulk_create(
        Comment(
            goal=goal,
            author=people[1],
            owner=goal.member,
            task=root.task,
            milestone=root.milestone,
            parent=root,
            body="Reply",
        )
        for root in roots
    )


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["owner", "mentor"])
def test_a_commented_goal_page_runs_as_many_queries_for_40_commented_tasks_as_for_2(
    client, member, mentor, mentorship, viewer, django_assert_max_num_queries
):
    small, large = GoalFactory(member=member), GoalFactory(member=member)
    mentorship.goals.add(small, large)
    fill(small, [member, mentor], 2)
    fill(large, [member, mentor], 40)
    client.force_login(member if viewer == "owner" else mentor)
    name = "plans:goal_detail" if viewer == "owner" else "mentoring:shared_goal"
    few = page_queries(client, reverse(name, args=[small.pk]))

    with django_assert_max_num_queries(few):
        response = client.get(reverse(name, args=[large.pk]))

    assert response.content.decode().count('<article id="comment-') == 40 * 4
