"""Reminders through the real machinery: the configured broker (Redis when REDIS_URL is set,
the filesystem broker otherwise), a real Celery worker, and concurrent database sessions."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from careerdev.models import Delivery
from careerdev.outbox import deliveries_send
from careerdev.reminders import reminders_sweep
from careerdev.tasks import deliveries_send as deliveries_send_task
from careerdev.tasks import reminders_sweep as reminders_sweep_task
from careerdev.tests.conftest import broker_unreachable, live_worker, make_due, wait_until
from careerdev.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.worker
def test_a_due_reminder_becomes_exactly_one_email_through_a_real_worker(due_member, celery_worker):
    # What beat does on each tick: queue the sweep. The worker runs it, then the send.
    reminders_sweep_task.delay()

    def one_email_sent() -> bool:
        return Delivery.objects.filter(status="sent").count() == 1

    wait_until(one_email_sent)
    delivery = Delivery.objects.get()
    # A retried task and another tick change nothing; a member due later proves both ran,
    # since the queue is worked in order.
    deliveries_send_task.delay([delivery.pk])
    reminders_sweep_task.delay()
    latecomer = MemberFactory()
    make_due(latecomer)
    reminders_sweep_task.delay()

    def latecomer_emailed() -> bool:
        return any(message.to == [latecomer.email] for message in mail.outbox)

    wait_until(latecomer_emailed)
    assert [message.to for message in mail.outbox].count([due_member.email]) == 1
    assert Delivery.objects.filter(member=due_member).count() == 1


@pytest.mark.worker
def test_with_the_broker_down_the_sweep_raises_nothing_and_the_next_tick_sends(
    due_member, task_queue
):
    with broker_unreachable():
        result = reminders_sweep()  # as a web request or a cron job would call it

    assert result.scheduled == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.dispatch_at <= timezone.now()) == ("pending", True)
    assert mail.outbox == []

    with live_worker(task_queue):
        assert reminders_sweep().dispatched == 1

        def sent() -> bool:
            return Delivery.objects.filter(status="sent").exists()

        wait_until(sent)
    assert [message.to for message in mail.outbox] == [[due_member.email]]


def run_together(work, *, threads: int = 2) -> list:
    """Runs work() in several threads at once, each with its own database connection."""
    barrier = threading.Barrier(threads)
    results: list = []
    errors: list = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_sweeps_at_once_still_give_one_email_per_reminder():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: SQLite has no row locks (SKIP LOCKED) and lets one writer in "
            "at a time, so two sweeps cannot run at once there."
        )
    members = MemberFactory.create_batch(120)
    for member in members:
        make_due(member)
    now = timezone.now()

    sweeps = run_together(lambda: reminders_sweep(now=now, batch_size=10))

    assert sum(result.scheduled for result in sweeps) == 120
    assert Delivery.objects.count() == 120
    assert Delivery.objects.values("schedule").distinct().count() == 120

    # Two workers handed the same ids (a redelivered task) send each e-mail once.
    ids = list(Delivery.objects.values_list("pk", flat=True))
    outcomes = run_together(lambda: deliveries_send(delivery_ids=ids))

    assert sum(outcomes, Counter()) == Counter({"sent": 120, "not claimed": 120})
    recipients = Counter(message.to[0] for message in mail.outbox)
    assert len(recipients) == 120
    assert set(recipients.values()) == {1}
