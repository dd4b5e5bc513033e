import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from careerdev.celery import app as celery_app
from careerdev.models import ReminderSchedule, User
from careerdev.tests.factories import MemberFactory

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(scope="session", autouse=True)
def task_queue(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Each test process queues into its own queue (and, without Redis, its own folders),
    so a worker started by one test never picks up work queued against another database."""
    queue = f"test-reminders-{worker_id}"
    saved = (celery_app.conf.task_default_queue, dict(celery_app.conf.broker_transport_options))
    celery_app.conf.task_default_queue = queue
    if celery_app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path_factory.mktemp("broker")
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "store_processed": False,
            "polling_interval": 0.1,
        }
    yield queue
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)
    celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options = saved


def _purge(queue: str) -> int:
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_declare(queue)
        return channel.queue_purge(queue) or 0


@contextmanager
def broker_unreachable() -> Iterator[None]:
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = UNREACHABLE_BROKER
    try:
        yield
    finally:
        celery_app.conf.broker_url = saved


@contextmanager
def live_worker(queue: str) -> Iterator[None]:
    """A real Celery worker, in a thread, consuming this process's queue from the broker."""
    _purge(queue)
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30
    ):
        yield


@pytest.fixture
def celery_worker(task_queue: str) -> Iterator[None]:
    with live_worker(task_queue):
        yield


def wait_until(check: Callable[[], bool], *, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up after {timeout} s waiting for {check.__name__}.")
        time.sleep(0.05)


def make_due(member: User, *, minutes_ago: int = 1) -> ReminderSchedule:
    """The member's monthly reminder, due a few minutes ago."""
    schedule = ReminderSchedule.objects.get(member=member, topic="reflection-monthly")
    schedule.next_run_at = timezone.now() - timedelta(minutes=minutes_ago)
    schedule.save(update_fields=["next_run_at"])
    return schedule


@pytest.fixture
def due_member(db) -> User:
    member = MemberFactory(time_zone="America/New_York")
    make_due(member)
    return member
