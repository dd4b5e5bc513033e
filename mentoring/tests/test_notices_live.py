"""Notices when the broker hangs: a broker that accepts connections and never answers costs a
web request about a second (BROKER_TIMEOUT_SECONDS), and the next beat tick sends what the
request could not queue, once. Real PostgreSQL (or SQLite), the configured broker, a real
Celery worker."""

import time
from collections.abc import Callable

import pytest
from django.core import mail
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from careerdev.models import Delivery
from careerdev.reminders import reminders_sweep
from careerdev.tests.conftest import broker_silent, live_worker, wait_until
from mentoring.emails import KIND_COMMENTS, KIND_FEEDBACK

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def timed(request: Callable[[], HttpResponse]) -> tuple[HttpResponse, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def test_with_the_broker_hung_a_comment_and_a_feedback_request_answer_within_two_seconds(
    client, member, mentor, goal, mentorship, task_queue, settings
):
    settings.MENTORING_NOTICE_MINUTES = 0  # the comment's notice is queued as it commits
    client.force_login(mentor)
    client.get(reverse("mentoring:shared_goal", args=[goal.pk]))  # what the mentor reads first

    with broker_silent():
        commented, comment_took = timed(
            lambda: client.post(
                reverse("mentoring:comment_thread", args=["goal", goal.pk]),
                {"body": "The plan looks realistic."},
            )
        )
        client.force_login(member)
        asked, ask_took = timed(
            lambda: client.post(
                reverse("mentoring:feedback_request", args=[mentorship.pk]),
                {"subject": f"goal-{goal.pk}", "note": "Is the timeline realistic?"},
            )
        )

    assert (commented.status_code, asked.status_code) == (302, 302)
    assert comment_took < 2
    assert ask_took < 2
    # Neither could be queued: each is due at the next tick.
    notices = {delivery.kind: delivery for delivery in Delivery.objects.all()}
    assert notices.keys() == {KIND_COMMENTS, KIND_FEEDBACK}
    for delivery in notices.values():
        assert (delivery.status, delivery.dispatch_at <= timezone.now()) == ("pending", True)
    assert mail.outbox == []

    # The broker is back: the next tick queues both, and each goes out once.
    with live_worker(task_queue):
        assert reminders_sweep().dispatched == 2

        def both_sent() -> bool:
            return Delivery.objects.filter(status="sent").count() == 2

        wait_until(both_sent)
        assert reminders_sweep().dispatched == 0

    assert sorted(message.to[0] for message in mail.outbox) == sorted([member.email, mentor.email])
