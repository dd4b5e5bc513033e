"""Times mentor suggestions over many mentors: the query that narrows them, the ranking, and
the whole call a page makes (profile summary included). Everything it creates is rolled back
unless --keep is given."""

import random
import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import CareerDirection
from careerdev.bench import summary, timed
from careerdev.demo import demo_accounts_ensure
from mentoring.demo import mentors_create
from mentoring.finder import aim_of, candidates, seeker_for, suggest_mentors, suggested_fields
from mentoring.matching import rank
from mentoring.models import MentorProfile
from plans.seed import seed_demo_assessments, seed_demo_member


class Command(BaseCommand):
    help = "Measures mentor matching over N generated mentors (rolled back unless --keep)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--keep", action="store_true", help="Keep the generated mentors.")

    def handle(
        self, *args: object, mentors: int, runs: int, seed: int, keep: bool, **o: object
    ) -> None:
        with transaction.atomic():
            self._bench(mentors, runs, seed)
            if not keep:
                transaction.set_rollback(True)
                self.stdout.write("Rolled back: nothing was kept.")

    def _bench(self, count: int, runs: int, seed: int) -> None:
        member, _mentor = demo_accounts_ensure()
        seed_demo_assessments(member)
        seed_demo_member(member, today=timezone.localdate())
        started = time.perf_counter()
        mentors_create(count, rng=random.Random(seed), log=lambda line: None)  # noqa: S311
        self.stdout.write(
            f"{MentorProfile.objects.count()} mentor profiles in the database "
            f"({time.perf_counter() - started:.1f} s to create); {connection.vendor}."
        )
        # Role matching needs a direction: the demo member's own, else one for the run.
        CareerDirection.objects.get_or_create(
            member=member, defaults={"current_code": "15-1232.00", "target_code": "15-2051.01"}
        )
        aim = aim_of(member)
        fields = sorted(suggested_fields(member, aim))
        now = timezone.now()
        seeker = seeker_for(member, fields, now, aim)
        loaded = candidates(member, now)
        self.stdout.write(
            f"{len(loaded)} available with a free place are loaded and ranked; "
            f"seeker gaps {', '.join(seeker.gap_skills)}; fields {', '.join(fields)}; "
            f"occupation compared {seeker.target or 'none'}."
        )
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            suggestions = suggest_mentors(member, fields, aim=aim)
        self.stdout.write(f"One suggestion call runs {len(queries)} queries.")
        for suggestion in suggestions:
            self.stdout.write(
                f"  {suggestion.percent:3}% ({suggestion.fit:.3f}) {suggestion.mentor.name}: "
                f"{'; '.join(suggestion.reasons) or 'nothing in common'}; "
                f"{suggestion.overlap_hours:g} h overlap; "
                f"{suggestion.mentor.free_places} of {suggestion.mentor.capacity} places free"
            )
        self.stdout.write(f"Over {runs} runs after a warm-up (wall-clock time):")
        measures = {
            "narrow in SQL + load": lambda: candidates(member, now),
            "rank (pure Python)": lambda: rank(seeker, loaded),
            "whole call": lambda: suggest_mentors(member, fields),
        }
        for label, call in measures.items():
            self.stdout.write(f"  {label:<21} {summary(timed(runs, call, time.perf_counter))}")
        cpu = timed(runs, measures["whole call"], time.process_time)
        self.stdout.write(f"  whole call, CPU time of this process only: {summary(cpu)}")
