"""make bench: the main pages under load, against a minimal view served the same way.

Seeds the database it is given (seed_demo --members N, idempotent), gives a few seeded members
mentees, logs a sample of members in, starts gunicorn with production settings, and drives
each page with wrk (a second process) as those members, rotating their session cookies. A
minimal view, enabled for this run alone by BENCH_REFERENCE_VIEW, is measured first and last:
every page's throughput is given as a ratio to it, since other work on the machine moves the
absolute figures from run to run. Results go to bench/results/<time>.json and .md.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessments.models import Attempt
from careerdev.models import User
from mentoring.models import Mentorship
from mentoring.services import comment_create, mentorship_open
from plans.models import Goal, Task
from plans.seed import SEED_DOMAIN

BENCH_DIR = Path(settings.BASE_DIR) / "bench"
LUA = BENCH_DIR / "pages.lua"
REFERENCE = "reference"
MENTORS = 10
MENTEES_EACH = 4


@dataclass
class Member:
    user: User
    cookie: str
    csrf: str
    goal_id: int
    task_id: int
    attempt_id: int


@dataclass
class Target:
    name: str
    # (method, path, body) for a member: each request goes out as the next member.
    requests: list[tuple[str, str, str, str, str]]
    description: str
    figures: dict[str, Any] = field(default_factory=dict)


class Command(BaseCommand):
    help = "Benchmarks the main pages under gunicorn against a minimal view (make bench)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=10_000, help="Members to seed.")
        parser.add_argument("--sample", type=int, default=200, help="Members logged in.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--threads", type=int, default=2, help="wrk threads.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page.")
        parser.add_argument("--warmup", type=int, default=2, help="Seconds before each page.")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--only", nargs="*", help="Only these pages (and the reference).")
        parser.add_argument("--note", default="", help="A note saved with the results.")
        parser.add_argument(
            "--cold", action="store_true", help="Skip loading each page once before measuring."
        )

    def handle(self, *args: object, **options: Any) -> None:
        self.options = options
        self.check_setup()
        started = datetime.now(UTC)
        self.stdout.write(f"Seeding {options['members']} members (skipped where present)...")
        call_command("migrate", "--no-input", verbosity=0)
        call_command("seed_demo", members=options["members"], stdout=self.stdout)
        self.mentors_ensure(options["members"])
        members = self.members_log_in(options["sample"])
        mentors = self.mentors_log_in()
        targets = self.targets(members, mentors)
        if options["only"]:
            targets = [t for t in targets if t.name == REFERENCE or t.name in options["only"]]
        self.static_collect()
        self.queries_count(targets)
        connections.close_all()
        server = self.server_start()
        try:
            workers = self.worker_pids(server)
            runs = [targets[0], *targets[1:], targets[0]]
            for number, target in enumerate(runs):
                label = f"{target.name} (again)" if number and target.name == REFERENCE else ""
                self.load(target, label=label)
            memory = {str(pid): self.rss_mb(pid) for pid in workers}
        finally:
            self.server_stop(server)
        self.report(targets, memory, started)

    # Setting up

    def check_setup(self) -> None:
        if connection.vendor != "postgresql" or not settings.REDIS_URL:
            raise CommandError(
                "The bench runs on PostgreSQL and Redis: set DATABASE_URL and REDIS_URL."
            )
        if settings.DEBUG or not settings.BENCH_REFERENCE_VIEW:
            raise CommandError(
                "Run it as make bench does: DEBUG=false, a SECRET_KEY, BENCH_REFERENCE_VIEW=true."
            )
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (apt-get install wrk).")

    def mentors_ensure(self, count: int) -> None:
        """The last MENTORS seeded members each mentor MENTEES_EACH of the first ones, who
        share their goals and summary and have a comment from their mentor."""
        emails = [f"seed-{n}@{SEED_DOMAIN}" for n in range(1, count + 1)]
        mentors = list(User.objects.filter(email__in=emails[-MENTORS:]).order_by("pk"))
        mentees = list(User.objects.filter(email__in=emails[: MENTORS * MENTEES_EACH]))
        for number, mentor in enumerate(mentors):
            for member in mentees[number * MENTEES_EACH : (number + 1) * MENTEES_EACH]:
                if Mentorship.objects.active().filter(member=member, mentor=mentor).exists():
                    continue
                goals = list(Goal.objects.for_member(member).active())
                mentorship_open(
                    member=member,
                    mentor=mentor,
                    origin=Mentorship.Origin.INVITATION,
                    goals=goals,
                    share_summary=True,
                    share_reflections=True,
                )
                if goals:
                    comment_create(
                        author=mentor,
                        subject=goals[0],
                        body="Good progress: what is the next step?",
                        notify=False,
                    )

    def session(self, user: User) -> tuple[str, str]:
        client = Client()
        client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
        token = _get_new_csrf_string()
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        return f"{cookie}; {settings.CSRF_COOKIE_NAME}={token}", token

    def members_log_in(self, sample: int) -> list[Member]:
        emails = [f"seed-{n}@{SEED_DOMAIN}" for n in range(1, sample * 2 + 1)]
        members = []
        for user in User.objects.filter(email__in=emails).order_by("pk"):
            task = (
                Task.objects.for_member(user).live().open().of_active_goals().order_by("pk").first()
            )
            attempt = Attempt.objects.for_member(user).completed().order_by("pk").first()
            if task is None or attempt is None:
                continue
            cookie, csrf = self.session(user)
            members.append(Member(user, cookie, csrf, task.goal_id, task.pk, attempt.pk))
            if len(members) == sample:
                break
        self.stdout.write(f"Logged in {len(members)} members.")
        return members

    def mentors_log_in(self) -> list[tuple[str, str]]:
        mentor_ids = Mentorship.objects.active().values_list("mentor", flat=True).distinct()
        return [self.session(user) for user in User.objects.filter(pk__in=mentor_ids)]

    def targets(self, members: list[Member], mentors: list[tuple[str, str]]) -> list[Target]:
        def each(path: Any, method: str = "GET", body: str = "") -> list:
            return [(method, path(m), m.cookie, m.csrf, body) for m in members]

        # Each task is completed, then reopened when the rotation comes round again.
        toggles = []
        for action in ("complete", "reopen"):
            toggles += each(lambda m, action=action: f"/plans/tasks/{m.task_id}/{action}/", "POST")
        return [
            Target(REFERENCE, [("GET", "/bench/reference/", "", "", "")], "a minimal view"),
            Target("dashboard", each(lambda m: "/dashboard/"), "the dashboard"),
            Target("goal", each(lambda m: f"/plans/goals/{m.goal_id}/"), "a goal page"),
            Target("task toggle", toggles, "htmx: tick a task on the goal page, or untick it"),
            Target(
                "assessment results",
                each(lambda m: f"/assessments/attempts/{m.attempt_id}/"),
                "a finished assessment's results",
            ),
            Target("timeline", each(lambda m: "/plans/timeline/"), "the timeline"),
            Target(
                "mentor",
                [("GET", "/mentoring/mentees/", cookie, csrf, "") for cookie, csrf in mentors],
                "a mentor's page of mentees",
            ),
            Target("fit", each(lambda m: "/assessments/occupations/fit/"), "occupations that fit"),
        ]

    def queries_count(self, targets: list[Target]) -> None:
        """Queries per request, in this process on the same database: the first request
        (nothing cached) and the one after it, each as the first member of the target."""
        for target in targets:
            method, path, cookie, csrf, body = target.requests[0]
            client = Client(headers={"cookie": cookie} if cookie else {})
            counts = []
            for _ in range(2):
                extra = {"HTTP_HOST": "127.0.0.1", "secure": True}
                with CaptureQueriesContext(connection) as queries:
                    if method == "POST":
                        response = client.post(
                            path,
                            body,
                            content_type="application/x-www-form-urlencoded",
                            headers={"x-csrftoken": csrf, "hx-request": "true"},
                            **extra,
                        )
                        # Put the task back as it was, uncounted.
                        method, path = "POST", path.replace("/complete/", "/reopen/")
                    else:
                        response = client.get(path, **extra)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code} in-process.")
                counts.append(len(queries))
            target.figures["queries_first"], target.figures["queries"] = counts

    # The server and the load

    def server_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DEBUG="false",
            BENCH_REFERENCE_VIEW="true",
            # As behind a TLS proxy: wrk sends X-Forwarded-Proto, so cookies stay secure.
            BEHIND_TLS_PROXY="true",
            ALLOWED_HOSTS="127.0.0.1",
            LOG_LEVEL="WARNING",
        )
        return env

    def static_collect(self) -> None:
        call_command("collectstatic", "--no-input", verbosity=0)

    def server_start(self) -> subprocess.Popen:
        env = self.server_env()
        python = sys.executable
        port = self.options["port"]
        command = [
            str(Path(python).parent / "gunicorn"),
            "careerdev.wsgi",
            "--workers",
            str(self.options["workers"]),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if self.options["verbosity"] > 1 else "/dev/null",
        ]
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = urllib.request.Request(
                    f"http://127.0.0.1:{port}/health/", headers={"X-Forwarded-Proto": "https"}
                )
                with urllib.request.urlopen(health, timeout=2):  # noqa: S310 (http, ours)
                    pass
            except urllib.error.HTTPError as error:
                raise CommandError(f"gunicorn answered {error.code} to /health/.") from None
            except OSError:
                if server.poll() is not None:
                    raise CommandError("gunicorn stopped as it started.") from None
                time.sleep(0.5)
                continue
            break
        else:
            self.server_stop(server)
            raise CommandError("gunicorn did not answer within a minute.")
        return server

    def worker_pids(self, server: subprocess.Popen) -> list[int]:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
            if len(children) >= self.options["workers"]:
                return [int(pid) for pid in children]
            time.sleep(0.5)
        raise CommandError("gunicorn's workers did not start.")

    def server_stop(self, server: subprocess.Popen) -> None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    @staticmethod
    def rss_mb(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        return 0.0

    def wrk(self, target: Target, seconds: int, requests_file: Path) -> dict[str, Any]:
        port = self.options["port"]
        command = [
            "wrk",
            "--threads",
            str(self.options["threads"]),
            "--connections",
            str(self.options["connections"]),
            "--duration",
            f"{seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(LUA),
            f"http://127.0.0.1:{port}",
            "--",
            str(requests_file),
            f"https://127.0.0.1:{port}",
        ]
        run = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        output = run.stdout
        line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
        return json.loads(line.removeprefix("BENCH_JSON "))

    def warm(self, target: Target) -> None:
        """Each member's page once, as a member coming back finds it (--cold skips this)."""
        port = self.options["port"]
        for method, path, cookie, _csrf, _body in target.requests:
            if method != "GET":
                continue
            headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
            page = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
            with urllib.request.urlopen(page, timeout=30):  # noqa: S310 (http, ours)
                pass

    def load(self, target: Target, *, label: str = "") -> None:
        requests_file = BENCH_DIR / "results" / f".requests-{os.getpid()}.tsv"
        requests_file.parent.mkdir(parents=True, exist_ok=True)
        requests_file.write_text("".join("\t".join(r) + "\n" for r in target.requests))
        try:
            if not self.options["cold"]:
                self.warm(target)
            if self.options["warmup"]:
                self.wrk(target, self.options["warmup"], requests_file)
            figures = self.wrk(target, self.options["duration"], requests_file)
        finally:
            requests_file.unlink(missing_ok=True)
        figures["errors"] = sum(
            figures[key] for key in ("not_ok", "connect", "read", "write", "timeout")
        )
        if label:
            target.figures["again"] = figures
        else:
            target.figures.update(figures)
        self.stdout.write(
            f"  {label or target.name:<20} {figures['rps']:8.1f} req/s  "
            f"p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
            f"errors {figures['errors']}"
        )

    # The results

    def report(self, targets: list[Target], memory: dict[str, float], started: datetime) -> None:
        reference = targets[0].figures
        runs = [reference["rps"], reference.get("again", {}).get("rps", reference["rps"])]
        reference_rps = sum(runs) / len(runs)
        rows = []
        for target in targets:
            f = target.figures
            rows.append(
                {
                    "page": target.name,
                    "what": target.description,
                    "rps": round(f["rps"], 1),
                    "ratio": round(f["rps"] / reference_rps, 3),
                    "p50_ms": round(f["p50_ms"], 1),
                    "p95_ms": round(f["p95_ms"], 1),
                    "p99_ms": round(f["p99_ms"], 1),
                    "requests": f["requests"],
                    "errors": f["errors"],
                    "queries": f["queries"],
                    "queries_first": f["queries_first"],
                }
            )
        result = {
            "started": started.isoformat(timespec="seconds"),
            "note": self.options["note"],
            "settings": {
                key: self.options[key]
                for key in (
                    "members",
                    "sample",
                    "connections",
                    "threads",
                    "workers",
                    "duration",
                    "cold",
                )
            },
            "reference_rps_runs": [round(rps, 1) for rps in runs],
            "reference_rps": round(reference_rps, 1),
            "worker_rss_mb": memory,
            "pages": rows,
            "targets": {"ratio": 0.10, "p95_ms": 50, "errors": 0},
        }
        table = self.markdown(result)
        self.stdout.write("\n" + table)
        stamp = started.strftime("%Y-%m-%dT%H%M%SZ")
        out = BENCH_DIR / "results"
        (out / f"{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
        (out / f"{stamp}.md").write_text(table)
        self.stdout.write(f"Written to bench/results/{stamp}.json and .md")

    @staticmethod
    def markdown(result: dict[str, Any]) -> str:
        s = result["settings"]
        lines = [
            f"# Page benchmark, {result['started']}",
            "",
            f"{s['members']} members seeded, {s['sample']} logged in; gunicorn with "
            f"{s['workers']} workers; wrk with {s['connections']} connections, "
            f"{s['duration']} s a page"
            + (", caches cold" if s.get("cold") else ", each member's page loaded once first")
            + ". Reference (minimal view), first and last: "
            + " and ".join(f"{rps} req/s" for rps in result["reference_rps_runs"])
            + ".",
            "",
        ]
        if result["note"]:
            lines += [result["note"], ""]
        lines += [
            "| page | req/s | ratio | p50 ms | p95 ms | p99 ms | errors | queries |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in result["pages"]:
            queries = f"{row['queries']} ({row['queries_first']} cold)"
            lines.append(
                f"| {row['page']} | {row['rps']} | {row['ratio']} | {row['p50_ms']} | "
                f"{row['p95_ms']} | {row['p99_ms']} | {row['errors']} | {queries} |"
            )
        rss = ", ".join(f"{mb} MB" for mb in result["worker_rss_mb"].values())
        lines += ["", f"Worker memory (RSS) after the run: {rss}.", ""]
        return "\n".join(lines)
