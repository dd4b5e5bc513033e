"""Times the occupation catalogue: ranking one member's fit over every occupation, and search.

A throwaway member with results in all five instruments is made inside a transaction that
is rolled back, so nothing is kept. Times are medians after a warm-up: wall-clock, and CPU
time of this process, since other work on a shared machine inflates wall-clock time.
"""

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from assessments.demo import demo_attempts_create
from assessments.fit import fit_input, rank_fits
from assessments.occupations import catalogue, load_catalogue
from assessments.summary import profile_summary
from careerdev import bench
from careerdev.models import User

QUERIES = (
    "IT support technician",
    "helpdesk analyst",
    "nurse",
    "manager",
    "software developer",
    "graphic designer",
    "sales representative",
    "a",
    "IT support analyst",
    "zzzz",
)


class Command(BaseCommand):
    help = "Measures fit ranking over the whole occupation catalogue, and search (rolled back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: object, runs: int, seed: int, **options: object) -> None:
        started = time.perf_counter()
        everything = load_catalogue()
        self.stdout.write(
            f"{len(everything)} occupations, read and checked in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms (once per process); "
            f"{connection.vendor}; {runs} runs after a warm-up, wall-clock time."
        )
        with transaction.atomic():
            self._bench(runs, seed)
            transaction.set_rollback(True)
        self.stdout.write("Rolled back: nothing was kept.")

    def _bench(self, runs: int, seed: int) -> None:
        member = User.objects.create_user("bench-direction@example.invalid", None)
        demo_attempts_create([member], seed=seed)
        summary = profile_summary(member)
        member_input = fit_input(summary)
        ranking = rank_fits(member_input, catalogue())
        best = ranking.fits[0]
        self.stdout.write(
            f"Member: interests {summary.interest_code}, ranked on "
            f"{', '.join(ranking.basis.parts)}; first: {best.occupation.title} "
            f"({best.match}%)."
        )
        self.stdout.write("Fit:")
        self.stdout.write(
            f"  {'rank all (pure)':<24} "
            f"{bench.summary(bench.timed(runs, lambda: rank_fits(member_input, catalogue())))}"
        )
        with CaptureQueriesContext(connection) as queries:
            profile_summary(member)
        self.stdout.write(
            f"  {f'summary ({len(queries)} queries)':<24} "
            f"{bench.summary(bench.timed(runs, lambda: profile_summary(member)))}"
        )

        def whole() -> object:
            return rank_fits(fit_input(profile_summary(member)), catalogue())

        self.stdout.write(f"  {'summary + rank all':<24} {bench.summary(bench.timed(runs, whole))}")
        cpu = bench.timed(runs, lambda: rank_fits(member_input, catalogue()), time.process_time)
        self.stdout.write(f"  {'rank all, CPU time':<24} {bench.summary(cpu)}")
        self.stdout.write("Search (whole result list, before paging):")
        every = []
        for text in QUERIES:
            times = bench.timed(runs, lambda text=text: catalogue().search(text))
            every += times
            hits = len(catalogue().search(text))
            self.stdout.write(f"  {text!r:<24} {hits:>4} hits  {bench.summary(times)}")
        self.stdout.write(f"  {'all queries':<24}            {bench.summary(every)}")
        cpu = []
        for text in QUERIES:
            cpu += bench.timed(runs, lambda text=text: catalogue().search(text), time.process_time)
        self.stdout.write(f"  {'all queries, CPU time':<24}            {bench.summary(cpu)}")
