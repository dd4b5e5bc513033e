"""Pieces the benchmarks share: timing a call and summing the times up; for the reminder
benchmark (manage.py bench_reminders), bulk members and a mail backend that serialises each
message, as a real one would, and logs when it took it."""

import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import batched

from allauth.account.models import EmailAddress
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from careerdev.models import ReminderSchedule, User

BENCH_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Pacific/Auckland",
)
MAIL_LOG_ENV = "BENCH_MAIL_LOG"


def timed(
    runs: int, call: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    """Milliseconds each of `runs` calls took, after one warm-up call (connection, caches)."""
    call()
    times = []
    for _ in range(runs):
        started = clock()
        call()
        times.append((clock() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  "
        f"min {ordered[0]:6.2f} ms  max {ordered[-1]:6.2f} ms"
    )


class LoggingMailBackend(BaseEmailBackend):
    """Takes each message as SMTP would (fully serialised), then logs its time and recipient."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.log_path = os.environ[MAIL_LOG_ENV]

    def send_messages(self, email_messages: Sequence) -> int:
        lines = []
        for message in email_messages:
            message.message().as_bytes()
            lines.append(f"{time.time():.6f} {message.to[0]}\n")
        with open(self.log_path, "a") as log:
            log.writelines(lines)
        return len(email_messages)


def verified_members(numbers: Iterable[int], email: str) -> list[User]:
    """Inserts a member with a verified address for each number (`email` holds `{n}`), in
    time zones spread round the world, with unusable passwords."""
    users = User.objects.bulk_create(
        User(
            email=email.format(n=n),
            display_name=f"Bench member {n}",
            time_zone=BENCH_ZONES[n % len(BENCH_ZONES)],
            password="!",  # noqa: S106 (an unusable password)
        )
        for n in numbers
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


@transaction.atomic
def members_with_due_reminders(count: int, *, due_at: datetime, batch: int = 5000) -> None:
    """Inserts `count` verified members, each with a monthly reminder due at `due_at`."""
    for numbers in batched(range(count), batch):
        users = verified_members(numbers, "bench{n}@bench.example.com")
        ReminderSchedule.objects.bulk_create(
            ReminderSchedule(
                member=user,
                topic="reflection-monthly",
                enabled=True,
                day=1,
                hour=9,
                next_run_at=due_at,
            )
            for user in users
        )


def mail_log_read(paths: Sequence[str]) -> tuple[int, int, float]:
    """(e-mails logged, distinct recipients, time of the last one)."""
    total, recipients, last = 0, set(), 0.0
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path) as log:
            for line in log:
                stamp, recipient = line.split()
                total += 1
                recipients.add(recipient)
                last = max(last, float(stamp))
    return total, len(recipients), last
