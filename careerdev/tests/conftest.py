import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from careerdev.celery import app as celery_app
from careerdev.management.commands.bench_reminders import database_url
from careerdev.models import ReminderSchedule, User
from careerdev.tests import fault_worker
from careerdev.tests.factories import MemberFactory

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def purge_queue(queue: str) -> int:
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
def broker_silent(*, hang_up_after: float = 10) -> Iterator[None]:
    """A Redis broker that accepts connections and never answers, as a stopped or wedged
    Redis does: connecting succeeds, and every reply is waited for in vain. It hangs up after
    `hang_up_after` seconds, so that a client with no timeout fails a test rather than hang it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    held: list[tuple[socket.socket, float]] = []
    done = threading.Event()

    def hold() -> None:
        while not done.is_set():
            with suppress(TimeoutError):
                held.append((server.accept()[0], time.monotonic()))
            for connection, accepted in held:
                if time.monotonic() - accepted > hang_up_after:
                    connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    celery_app.conf.broker_transport_options = dict(settings.REDIS_TRANSPORT_OPTIONS)
    # kombu imports a transport the first time it is used; a running server did that long ago.
    celery_app.connection_for_write().transport  # noqa: B018
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
        done.set()
        holder.join()
        for connection, _ in held:
            connection.close()
        server.close()


@contextmanager
def worker_process(queue: str, mail_log: Path, *, stall_at: int = 0) -> Iterator[subprocess.Popen]:
    """A real `celery worker` process (careerdev.tests.fault_worker) on this test's database
    and queue, logging what it sends to mail_log. Yields the process, for a test to kill."""
    ready = mail_log.with_name(f"{mail_log.stem}-ready-{time.monotonic_ns()}")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        fault_worker.MAIL_LOG: str(mail_log),
        fault_worker.STALL_AT: str(stall_at),
        fault_worker.READY_FILE: str(ready),
        fault_worker.TRANSPORT_OPTIONS: json.dumps(celery_app.conf.broker_transport_options),
        # Containers and CI run as root; Celery's warning about it is noise here.
        "PYTHONWARNINGS": "ignore:You're running the worker with superuser privileges",
    }
    output = mail_log.with_suffix(".out")
    with open(output, "a") as out:
        process = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            [sys.executable, "-m", "careerdev.tests.fault_worker", queue],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def worker_ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"The worker process stopped:\n{output.read_text()}")
        return ready.exists()

    try:
        wait_until(worker_ready, timeout=90)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def unacked_forget(queue: str) -> None:
    """Forgets what a killed worker had taken from `queue` and not acknowledged. Redis would
    hand it back an hour later, perhaps to a worker of another test run and database."""
    with celery_app.connection_for_write() as connection:
        channel = connection.default_channel
        if not hasattr(channel, "unacked_key"):
            return  # the filesystem broker keeps nothing unacknowledged
        client = channel.client
        for tag, entry in client.hgetall(channel.unacked_key).items():
            if json.loads(entry)[-1] == queue:  # [message, exchange, routing key]
                client.hdel(channel.unacked_key, tag)
                client.zrem(channel.unacked_index_key, tag)


@contextmanager
def live_worker(queue: str) -> Iterator[None]:
    """A real Celery worker, in a thread, consuming this process's queue from the broker."""
    purge_queue(queue)
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
