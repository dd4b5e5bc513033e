"""Pieces of the reminder benchmark (manage.py bench_reminders): bulk members and a mail
backend that serialises each message, as a real one would, and logs when it took it."""

import os
import time
from collections.abc import Sequence
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


@transaction.atomic
def members_with_due_reminders(count: int, *, due_at: datetime, batch: int = 5000) -> None:
    """Inserts `count` verified members, each with a monthly reminder due at `due_at`."""
    for numbers in batched(range(count), batch):
        users = User.objects.bulk_create(
            User(
                email=f"bench{n}@bench.example.com",
                display_name=f"Bench member {n}",
                time_zone=BENCH_ZONES[n % len(BENCH_ZONES)],
                password="!",  # noqa: S106 (an unusable password)
            )
            for n in numbers
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
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
