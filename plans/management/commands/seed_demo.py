import random
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from careerdev.demo import DEMO_ACCOUNTS, demo_accounts_ensure
from plans.seed import (
    SEED_DOMAIN,
    SEED_PASSWORD,
    seed_demo_assessments,
    seed_demo_direction,
    seed_demo_member,
    seed_members,
)


class Command(BaseCommand):
    help = (
        "Creates the demo member (with assessments, goals, plans, journal and wins) and the "
        "demo mentor, "
        "and with --members N that many generated members with realistic plans. "
        "Safe to run again: nothing that exists is created twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--members", type=int, default=0, help="How many generated members to ensure."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed, for repeatable data."
        )

    def handle(self, *args: object, members: int, seed: int, **options: object) -> None:
        if members < 0:
            self.stderr.write("--members must be 0 or more.")
            return
        today = timezone.localdate()
        with transaction.atomic():
            demo_member, _mentor = demo_accounts_ensure()
            if seed_demo_direction(demo_member):
                self.stdout.write("Demo member has a current and a target role.")
            if seed_demo_assessments(demo_member):
                self.stdout.write("Demo member has taken the five self-assessments.")
            if seed_demo_member(demo_member, today=today):
                self.stdout.write("Demo member given goals, plans, a journal and wins.")
        if members:
            started = time.perf_counter()
            self.stdout.write(f"Ensuring {members} generated members...")
            created = seed_members(
                members,
                today=today,
                rng=random.Random(seed),  # noqa: S311 (repeatable demo data, not secrets)
                log=self.stdout.write,
            )
            seconds = time.perf_counter() - started
            self.stdout.write(f"Created {created} members in {seconds:.1f} s.")
        self.stdout.write(self.style.SUCCESS("Demo accounts ready. Log in at /accounts/login/ as:"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.label:<7} {account.email}  password: {account.password}")
        if members:
            self.stdout.write(
                f"  or any of seed-1@{SEED_DOMAIN} .. seed-{members}@{SEED_DOMAIN}"
                f"  password: {SEED_PASSWORD}"
            )
