"""Reminders through the real machinery: the configured broker (Redis when REDIS_URL is set,
the filesystem broker otherwise), a real Celery worker, and concurrent database sessions."""

import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.core import mail
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from psycopg import sql

from careerdev import notifications
from careerdev.models import Delivery, Topic
from careerdev.outbox import CLAIM_EXPIRES, REDISPATCH_AFTER, deliveries_send, delivery_send
from careerdev.reminders import delivery_schedule, reminders_sweep
from careerdev.tasks import deliveries_send as deliveries_send_task
from careerdev.tasks import reminders_sweep as reminders_sweep_task
from careerdev.tests.conftest import (
    broker_unreachable,
    live_worker,
    make_due,
    purge_queue,
    unacked_forget,
    wait_until,
    worker_process,
)
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


def mail_log_read(path: Path) -> list[tuple[str, str]]:
    """(Message-ID, recipient) for each e-mail the worker processes handed over."""
    if not path.exists():
        return []
    return [tuple(line.split()) for line in path.read_text().splitlines()]


@pytest.mark.worker
def test_a_worker_killed_while_sending_loses_nothing_and_a_resend_keeps_the_message_id(
    task_queue, tmp_path
):
    members = MemberFactory.create_batch(12)
    for member in members:
        make_due(member)
    mail_log = tmp_path / "mail.log"
    purge_queue(task_queue)
    reminders_sweep()  # one send task with the twelve

    # The mail server takes the 4th e-mail and does not answer; the worker is killed then.
    with worker_process(task_queue, mail_log, stall_at=4) as victim:
        wait_until(lambda: len(mail_log_read(mail_log)) == 4, timeout=60)
        victim.kill()
        victim.wait()
    unacked_forget(task_queue)

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == {"sent": 3, "sending": 1, "pending": 8}
    in_hand = Delivery.objects.get(status="sending")
    assert mail_log_read(mail_log)[-1] == (in_hand.message_id, in_hand.member.email)

    # Later: the claim has expired, and the lost task's deliveries are due to be queued again.
    later = timezone.now() + REDISPATCH_AFTER + timedelta(seconds=1)
    result = reminders_sweep(now=later)
    assert (result.reclaimed, result.dispatched, result.given_up) == (1, 9, 0)
    with worker_process(task_queue, mail_log):
        wait_until(lambda: not Delivery.objects.exclude(status="sent").exists(), timeout=60)

    sent = mail_log_read(mail_log)
    assert len(sent) == 13
    by_recipient = {
        member.email: [mid for mid, to in sent if to == member.email] for member in members
    }
    stored = dict(Delivery.objects.values_list("member__email", "message_id"))
    # Each reminder went out under its own Message-ID; the one the dead worker had in hand
    # went twice under the same one, so mail clients show it once.
    assert by_recipient == {
        email: [stored[email]] * (2 if email == in_hand.member.email else 1) for email in stored
    }
    assert len(set(stored.values())) == 12


def test_a_database_error_while_rendering_hands_the_delivery_back_for_its_task_to_retry(
    note_kind,
):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL, whose sessions can be cut off from outside.")
    member = MemberFactory()
    delivery = delivery_schedule(kind=note_kind, member=member, item={"text": "hi"})
    outage = OUTAGES[delivery.pk] = DatabaseOutage(blip=True)
    try:
        with pytest.raises((OperationalError, InterfaceError)):  # for the task to retry
            delivery_send(delivery_id=delivery.pk)
    finally:
        outage.end()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, mail.outbox) == ("pending", 1, [])
    assert "terminating connection" in delivery.last_error
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    [message] = mail.outbox
    assert message.message()["Message-ID"] == delivery.message_id


@pytest.mark.worker
def test_a_database_outage_while_rendering_leaves_the_email_to_be_sent_once_it_is_back(
    task_queue, note_kind
):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL, whose test database can refuse connections for a while.")
    members = MemberFactory.create_batch(3)
    ids = [delivery_schedule(kind=note_kind, member=m, item={"text": "hi"}).pk for m in members]
    outage = DatabaseOutage()
    first = ids[0]
    OUTAGES[first] = outage  # rendering the first delivery brings the database down

    with live_worker(task_queue):
        try:
            deliveries_send_task.delay(ids)
            wait_until(outage.started.is_set)
            time.sleep(1)  # a short outage: the task fails and waits to retry
        finally:
            outage.end()

        # The task ran again once the database was back and sent the two it had not reached.
        def others_sent() -> bool:
            return Delivery.objects.filter(pk__in=ids[1:], status="sent").count() == 2

        wait_until(others_sent, timeout=60)
        delivery = Delivery.objects.get(pk=first)
        # Rendering failed before anything went out, and the worker could not hand it back:
        # it stays claimed until the claim expires.
        assert (delivery.status, len(mail.outbox)) == ("sending", 2)

        result = reminders_sweep(now=timezone.now() + CLAIM_EXPIRES + timedelta(seconds=1))
        assert (result.reclaimed, result.dispatched) == (1, 1)
        wait_until(lambda: Delivery.objects.filter(status="sent").count() == 3)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)
    [message] = [message for message in mail.outbox if message.to == [members[0].email]]
    delivery.refresh_from_db()
    assert message.message()["Message-ID"] == delivery.message_id


class DatabaseOutage:
    """The session that began the outage is cut off and, unless it is a mere blip, the test
    database refuses new connections until end(). Run from the maintenance database."""

    def __init__(self, *, blip: bool = False) -> None:
        self.blip = blip
        self.started = threading.Event()
        db = connection.settings_dict
        self.database = sql.Identifier(db["NAME"])
        self.admin = psycopg.connect(
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )

    def begin(self, backend_pid: int) -> None:
        if not self.blip:
            query = sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(self.database)
            self.admin.execute(query)
        self.admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
        self.started.set()

    def end(self) -> None:
        self.admin.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(self.database)
        )
        self.admin.close()


OUTAGES: dict[int, DatabaseOutage] = {}
OUTAGE_NOTE = "test_outage_note"


def outage_note_render(delivery: Delivery) -> notifications.Email:
    """A renderer that reads the database, as they all do; for a delivery in OUTAGES it first
    takes the database away."""
    outage = OUTAGES.pop(delivery.pk, None)
    if outage is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            outage.begin(cursor.fetchone()[0])
    earlier = Delivery.objects.filter(member=delivery.member, status="sent").count()
    return notifications.Email(
        subject="A note",
        template="emails/notice",
        reason="A test asked for it.",
        context={"heading": "Note", "paragraphs": [f"{earlier} notes before this one."]},
    )


@pytest.fixture
def note_kind():
    notifications.register(OUTAGE_NOTE, outage_note_render, topic=Topic.MENTOR_COMMENTS)
    yield OUTAGE_NOTE
    notifications.unregister(OUTAGE_NOTE)
    OUTAGES.clear()
