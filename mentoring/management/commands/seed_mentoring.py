import random
import time

from django.core.management.base import BaseCommand, CommandParser

from careerdev.demo import DEMO_ACCOUNTS
from mentoring.demo import (
    SEED_MENTOR_DOMAIN,
    SEED_MENTOR_PASSWORD,
    demo_mentoring_ensure,
    mentors_create,
)


class Command(BaseCommand):
    help = (
        "Gives the demo mentor a mentor profile and a mentorship with the demo member (run "
        "after seed_demo), and with --mentors N that many generated mentors. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=0, help="Generated mentors to ensure.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")

    def handle(self, *args: object, mentors: int, seed: int, **options: object) -> None:
        if mentors < 0:
            self.stderr.write("--mentors must be 0 or more.")
            return
        if demo_mentoring_ensure():
            mentor = next(account for account in DEMO_ACCOUNTS if account.label == "mentor")
            self.stdout.write(
                f"The demo mentor ({mentor.email}) mentors the demo member, who shares a goal."
            )
        else:
            self.stdout.write("No demo accounts yet: run seed_demo first.")
        if mentors:
            started = time.perf_counter()
            created = mentors_create(
                mentors,
                rng=random.Random(seed),  # noqa: S311 (repeatable demo data, not secrets)
                log=self.stdout.write,
            )
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"Created {created} mentors in {seconds:.1f} s (mentor-N@{SEED_MENTOR_DOMAIN}, "
                f"password {SEED_MENTOR_PASSWORD})."
            )
