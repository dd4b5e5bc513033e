"""make bench-reminders: times one beat tick over many due reminders, end to end.

Runs in a database of its own (<name>_bench, dropped afterwards) and a queue of its own, so
it touches neither your data nor a running worker. Workers are real `celery worker`
processes; their mail backend serialises each message and logs the moment it took it.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careerdev import bench
from careerdev.celery import app as celery_app
from careerdev.emails import Unsubscribe, email_build
from careerdev.models import Delivery, ReminderSchedule, Topic
from careerdev.outbox import TASK_BATCH, deliveries_send
from careerdev.reminders import reflection_reminder_render, reminders_sweep
from careerdev.tasks import deliveries_send as deliveries_send_task

READY_ENV = "BENCH_READY_FILE"
MAILER = {"default": {"BACKEND": "careerdev.bench.LoggingMailBackend"}}


class Command(BaseCommand):
    help = "Benchmarks reminders: the sweep for many due reminders, then sending them."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
        parser.add_argument("--timeout", type=float, default=1800, help="Seconds per run.")
        parser.add_argument("--keep-database", action="store_true")
        parser.add_argument("--serve", metavar="QUEUE", help=argparse.SUPPRESS)

    def handle(self, *args: object, **options: object) -> None:
        if options["serve"]:
            self.serve(str(options["serve"]))
            return
        vendor = connection.vendor
        broker = celery_app.conf.broker_url.split("://")[0]
        if vendor != "postgresql" or broker != "redis":
            self.stdout.write(
                self.style.WARNING(
                    f"Running on {vendor} with the {broker} broker; the figures that count "
                    "are PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)."
                )
            )
        original = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"] = {
            **connection.settings_dict.get("TEST", {}),
            "NAME": f"{original}_bench" if vendor != "sqlite" else f"{original}.bench",
        }
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        self.stdout.write(f"Database {connection.settings_dict['NAME']}, broker {broker}.")
        try:
            self.run(options)
        finally:
            if not options["keep_database"]:
                connection.creation.destroy_test_db(original, verbosity=0)

    def run(self, options: dict) -> None:
        members = int(options["members"])
        queue = "bench-reminders"
        celery_app.conf.task_default_queue = queue
        folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
        self.enqueue_rates(f"{queue}-scratch")

        due_at = timezone.now() - timedelta(minutes=1)
        started = time.perf_counter()
        bench.members_with_due_reminders(members, due_at=due_at)
        self.line(f"Inserted {members:,} members with a due reminder", started)

        self.sweep_alone(queue)
        for workers in options["workers"]:
            self.reset(queue, due_at)
            self.one_run(members, workers, queue, folder, float(options["timeout"]))
        self.queries_per_email(folder)
        self.purge(queue, delete=True)

    def enqueue_rates(self, queue: str) -> None:
        """Why send tasks carry a batch of ids: one message per id is far slower to queue."""
        count = 5000
        with celery_app.connection_for_write() as broker:
            producer = broker.Producer()
            started = time.perf_counter()
            for n in range(count):
                deliveries_send_task.apply_async(([n],), producer=producer, queue=queue)
            single = count / (time.perf_counter() - started)
            started = time.perf_counter()
            for n in range(count // TASK_BATCH):
                ids = list(range(n * TASK_BATCH, (n + 1) * TASK_BATCH))
                deliveries_send_task.apply_async((ids,), producer=producer, queue=queue)
            batched = count / (time.perf_counter() - started)
        self.purge(queue, delete=True)
        self.stdout.write(
            f"Queueing: {single:,.0f} ids/s with one id per task, "
            f"{batched:,.0f} ids/s with {TASK_BATCH} ids per task."
        )

    def sweep_alone(self, queue: str) -> None:
        """The sweep with no worker competing for the machine (the tasks wait in the queue)."""
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = reminders_sweep()
            elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS("\nSweep alone: ")
            + f"{result.scheduled:,} due reminders found, claimed, recorded and queued in "
            f"{elapsed:.2f} s ({len(captured)} queries)"
        )

    def reset(self, queue: str, due_at: object) -> None:
        Delivery.objects.all().delete()
        ReminderSchedule.objects.update(next_run_at=due_at)
        self.purge(queue)

    def one_run(self, members: int, workers: int, queue: str, folder: Path, timeout: float):
        logs = [str(folder / f"mail-{workers}-{n}.log") for n in range(workers)]
        processes = [
            self.start_worker(queue, log, folder / f"ready-{workers}-{n}")
            for n, log in enumerate(logs)
        ]
        try:
            deadline = time.monotonic() + 60
            while not all((folder / f"ready-{workers}-{n}").exists() for n in range(workers)):
                if time.monotonic() > deadline:
                    raise CommandError("The workers did not start within a minute.")
                time.sleep(0.2)

            tick = time.time()
            with CaptureQueriesContext(connection) as captured:
                result = reminders_sweep()
            swept = time.time() - tick
            deadline = time.monotonic() + timeout
            while Delivery.objects.filter(status="sent").count() < members:
                if time.monotonic() > deadline:
                    break
                time.sleep(1)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=120)

        sent = Delivery.objects.filter(status="sent").count()
        logged, recipients, last = bench.mail_log_read(logs)
        self.stdout.write(self.style.SUCCESS(f"\n{workers} worker{'s' if workers > 1 else ''}:"))
        self.stdout.write(
            f"  sweep, while the workers send: {result.scheduled:,} due reminders in "
            f"{swept:.2f} s ({len(captured)} queries)"
        )
        self.stdout.write(
            f"  tick to last e-mail handed to the backend: {last - tick:.1f} s "
            f"({logged / max(last - tick, 1e-9):,.0f} e-mails/s)"
        )
        self.stdout.write(
            f"  e-mails: {logged:,} logged, {recipients:,} distinct recipients, "
            f"{sent:,} deliveries marked sent"
        )
        if not logged == recipients == sent == members:
            self.stdout.write(self.style.ERROR("  not every reminder went out exactly once"))

    def start_worker(self, queue: str, log: str, ready: Path) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            bench.MAIL_LOG_ENV: log,
            READY_ENV: str(ready),
            # Containers and CI run as root; Celery's warning about it is noise here.
            "PYTHONWARNINGS": "ignore:You're running the worker with superuser privileges",
        }
        return subprocess.Popen(  # noqa: S603 (this same command, with fixed arguments)
            [sys.executable, "manage.py", "bench_reminders", "--serve", queue],
            cwd=settings.BASE_DIR,
            env=env,
        )

    def queries_per_email(self, folder: Path) -> None:
        sample = list(Delivery.objects.order_by("pk").values_list("pk", flat=True)[:500])
        Delivery.objects.filter(pk__in=sample).update(status="pending", sent_at=None)
        os.environ[bench.MAIL_LOG_ENV] = str(folder / "mail-in-process.log")
        settings.MAILERS = MAILER
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcomes = deliveries_send(delivery_ids=sample)
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"\nIn one process: {outcomes['sent']} e-mails, {len(captured)} queries "
            f"({len(captured) / len(sample):.1f} per e-mail), "
            f"{elapsed / len(sample) * 1000:.2f} ms per e-mail, of which rendering and "
            f"MIME serialisation alone take {self.render_time(sample) * 1000:.2f} ms."
        )

    def render_time(self, sample: list[int]) -> float:
        deliveries = list(
            Delivery.objects.select_related("member", "schedule").filter(pk__in=sample)
        )
        started = time.perf_counter()
        for delivery in deliveries:
            content = reflection_reminder_render(delivery)
            email_build(
                to=delivery.member.email,
                subject=content.subject,
                template=content.template,
                reason=content.reason,
                context=content.context,
                unsubscribe=Unsubscribe(delivery.member_id, Topic(delivery.topic)),
            ).message().as_bytes()
        return (time.perf_counter() - started) / len(deliveries)

    def serve(self, queue: str) -> None:
        """A bench worker: a plain Celery worker whose mail backend logs each message."""
        from celery.signals import worker_ready

        settings.MAILERS = MAILER

        @worker_ready.connect(weak=False)
        def _ready(**kwargs: object) -> None:
            Path(os.environ[READY_ENV]).touch()

        celery_app.worker_main(
            [
                "--quiet",
                "worker",
                "--concurrency",
                "1",
                "--queues",
                queue,
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--hostname",
                f"bench-{os.getpid()}@%h",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ]
        )

    def purge(self, queue: str, *, delete: bool = False) -> None:
        with celery_app.connection_for_write() as broker:
            channel = broker.default_channel
            channel.queue_declare(queue)
            channel.queue_purge(queue)
            if delete:
                channel.queue_delete(queue)

    def line(self, text: str, started: float) -> None:
        self.stdout.write(f"{text} in {time.perf_counter() - started:.1f} s.")


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
