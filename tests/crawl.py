"""A member with every kind of data, each piece carrying a marker string found nowhere else,
and a crawler that finds every URL their pages lead to: links, form actions and htmx
attributes, followed breadth-first with the Django test client.

Used by tests/test_crawler.py (nobody else reads the member's data) and tests/test_fuzz.py
(no input breaks a form or a query string).
"""

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from assessments.models import Attempt, CareerDirection, Item
from assessments.occupations import catalogue
from assessments.results import load_results
from assessments.tests.factories import AttemptFactory, completed_attempt
from careerdev.models import User
from careerdev.tests.factories import MemberFactory
from mentoring import programmes
from mentoring import services as mentoring_services
from mentoring.models import FeedbackRequest, MentorshipRequest
from mentoring.tests.factories import (
    CommentFactory,
    InvitationFactory,
    MentorProfileFactory,
    MentorshipFactory,
)
from plans import adoption, quickstart
from plans import services as plans_services
from plans.library import library
from plans.models import CalendarFeed
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    MilestoneFactory,
    ReflectionFactory,
    TaskFactory,
    TimeBlockFactory,
    WinFactory,
    today,
)

INSTRUMENTS = ("skills", "leadership", "interests", "values", "personality")
PATH = "support-technician-to-network-architect"
HX_METHODS = ("get", "post", "put", "patch", "delete")
# Opening more pages of one view (other objects, other query values) finds little new;
# asking more of them as someone else teaches nothing the first few did not.
FOLLOW_PER_VIEW = 6
PER_VIEW = 3
LIMIT = 1500


def _spread(item: Item) -> int:
    """Answers that differ from area to area, so results rank areas rather than tie."""
    return max(1, 5 - item.area_id % 6)


@dataclass
class World:
    member: User
    mentor: User  # shares goal A and reflections with them, not goal B nor the journal
    revoked: User  # had the same access, ended by the member
    other: User  # a member with a plan of their own
    markers: dict[str, str]  # what the member wrote (or their answers made), by kind
    private_from_mentor: tuple[str, ...]  # marker kinds the mentor is never shown
    objects: dict[str, Any]


def build_world() -> World:
    markers = {
        "display name": "Zephyrine Quillfeather",
        "email": "zq-marker-3141@example.net",
        "goal A": "Chart the Aardvark quasar",
        "goal B": "Tame the Bittern nebula",
        "goal B why": "Because Cormorant tides turn",
        "milestone": "Reach the Dugong reef",
        "task": "Polish the Echidna lens",
        "journal": "Talked to Fennec about the Gannet budget",
        "win": "Won the Heron cup",
        "reflection": "Ibis mornings worked best",
        "comment": "Jackal note on the plan",
        "feedback": "Is the Kestrel timeline realistic",
        "request": "Would you guide the Lemur move",
        "change note": "Moved for the Marmot launch",
    }
    member = MemberFactory(display_name=markers["display name"], email=markers["email"])
    mentor = MemberFactory(display_name="Mo Mentor")
    revoked = MemberFactory(display_name="Rae Revoked")
    other = MemberFactory(display_name="Olu Other")
    MentorProfileFactory(user=mentor)

    CareerDirection.objects.create(
        member=member, current_code="15-1232.00", target_code="15-1241.00"
    )
    last_year = timezone.now() - dt.timedelta(days=365)
    completed_attempt(member, "values", when=last_year)  # an earlier attempt to compare
    for slug in INSTRUMENTS:
        completed_attempt(member, slug, value=_spread)
    open_attempt = AttemptFactory(member=member, slug="values")

    goal = GoalFactory(member=member, title=markers["goal A"])
    goal_b = GoalFactory(member=member, title=markers["goal B"], why=markers["goal B why"])
    milestone = MilestoneFactory(goal=goal, title=markers["milestone"])
    task = TaskFactory(goal=goal, milestone=milestone, title=markers["task"], due_date=today())
    TaskFactory(goal=goal, milestone=milestone)
    TaskFactory(goal=goal_b)
    done = TaskFactory(goal=goal, milestone=milestone)
    plans_services.task_complete(task=done, today=today())
    # A goal well behind: catch-up offers, and a task due after the goal's target date.
    late = GoalFactory(
        member=member,
        start_date=today() - dt.timedelta(days=80),
        target_date=today() + dt.timedelta(days=10),
    )
    for days in (60, 40, 20):
        TaskFactory(goal=late, due_date=today() - dt.timedelta(days=days))
    TaskFactory(goal=late, due_date=today() + dt.timedelta(days=40))
    undo = plans_services.task_delete(task=TaskFactory(goal=goal), today=today())
    reflection = ReflectionFactory(
        member=member, what_worked=markers["reflection"], completed_at=timezone.now()
    )
    plans_services.goal_update(
        goal=goal,
        reflection=reflection,
        change_note=markers["change note"],
        target_date=goal.target_date + dt.timedelta(days=30),
    )
    ReflectionFactory(member=member, period=reflection.period.previous())  # a draft
    TimeBlockFactory(member=member)
    CalendarFeed.objects.create(member=member)
    JournalEntryFactory(member=member, goal=goal, body=markers["journal"])
    WinFactory(member=member, goal=goal, title=markers["win"])
    path = library().path(PATH)
    adopted = adoption.path_adopt(
        member=member,
        draft=adoption.draft_plan(path, today=today(), hours_a_week=None),
        today=today(),
    )
    assert member.reminder_schedules.exists()  # made when the account was
    # The quick start begun again, up to its plan, and a programme the member runs, with the
    # mentor in its pool: their pages are the member's too.
    occupations = catalogue()
    quickstart.quick_start_roles(
        member=member,
        current=occupations.get("15-1232.00"),
        target=occupations.get("15-1241.00"),
    )
    rated = {skill.slug: (2, 4) for skill in quickstart.standing(member).skills}
    quickstart.quick_ratings_record(member=member, ratings=rated)
    quickstart.quick_start_update(member=member, hours_a_week=Decimal(4))
    programme = programmes.programme_create(
        member=member,
        name="Crawl academy",
        description="A programme the member runs.",
        starts_on=today(),
        ends_on=None,
        guidance="Take the quick start first.",
        checkin_cadence="monthly",
        paths=[PATH],
    )
    programmes.programme_join(member=mentor, code_text=programme.codes.get().code)
    programmes.pool_set(membership=programme.memberships.get(member=mentor), in_pool=True)

    mentorship = MentorshipFactory(
        member=member, mentor=mentor, goals=[goal], share_summary=True, share_reflections=True
    )
    ended = MentorshipFactory(
        member=member, mentor=revoked, goals=[goal, goal_b], share_reflections=True
    )
    mentoring_services.mentorship_end(mentorship=ended, by=member)
    InvitationFactory(member=member, goals=[goal])
    feedback = FeedbackRequest.objects.create(
        mentorship=mentorship, goal=goal, note=markers["feedback"]
    )
    CommentFactory(goal=goal, author=member, body=markers["comment"])
    CommentFactory(goal=goal, task=task, author=mentor, body="Mentor on the task")
    CommentFactory(reflection=reflection, goal=None, owner=member, author=mentor)
    MentorshipRequest.objects.create(
        member=member, mentor=mentor, message=markers["request"], last_activity_at=timezone.now()
    ).goals.set([goal])

    # The other member: a plan of their own, and a mentorship of their own.
    their_goal = GoalFactory(member=other, title="Other's own goal")
    MilestoneFactory(goal=their_goal)
    TaskFactory(goal=their_goal)
    JournalEntryFactory(member=other, goal=their_goal)
    completed_attempt(other, "values")

    # What the member's answers made: their strongest interests, in their words on the page.
    interests = Attempt.objects.for_member(member).completed().with_versions()
    interests = interests.get(instrument__slug="interests")
    result = load_results([interests])[interests.pk]
    leading = ", ".join(area.name for area in result.leading_interests)
    markers["interest result"] = f"Your strongest interest areas, strongest first: {leading}."

    return World(
        member=member,
        mentor=mentor,
        revoked=revoked,
        other=other,
        markers=markers,
        private_from_mentor=("goal B", "goal B why", "journal", "email"),
        objects={
            "goal": goal,
            "goal_b": goal_b,
            "milestone": milestone,
            "task": task,
            "undo": undo,
            "reflection": reflection,
            "open_attempt": open_attempt,
            "adopted": adopted,
            "mentorship": mentorship,
            "feedback": feedback,
        },
    )


# Finding URLs


@dataclass(frozen=True)
class Target:
    """One way a page reaches a URL: its method, and whether htmx asks (a partial)."""

    method: str
    url: str
    htmx: bool = False


@dataclass
class Form:
    """A form as rendered: where it goes, how, and the fields it sends."""

    target: Target
    fields: dict[str, list[str]] = field(default_factory=dict)  # name: values offered
    page: str = ""


class _Links(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[Target] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def _add(self, method: str, url: str | None, htmx: bool = False) -> Target | None:
        if url is None:
            return None
        absolute = same_site(urljoin(self.base, url.strip()))
        if absolute is None:
            return None
        target = Target(method.lower(), absolute, htmx)
        self.found.append(target)
        return target

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        for method in HX_METHODS:
            if f"hx-{method}" in given:
                self._add(method, given[f"hx-{method}"] or self.base, htmx=True)
        if tag == "a":
            self._add("get", given.get("href"))
        elif tag == "form":
            method = (given.get("method") or "get").lower()
            target = self._add(method, given.get("action") or self.base)
            self._form = Form(target, page=self.base) if target else None
            if self._form:
                self.forms.append(self._form)
        elif tag in ("button", "input") and given.get("formaction"):
            self._add(given.get("formmethod") or "post", given["formaction"])
        if self._form is None:
            return
        name = given.get("name")
        if tag in ("input", "textarea", "button") and name:
            kind = (given.get("type") or "text").lower()
            if kind == "file":
                return
            values = self._form.fields.setdefault(name, [])
            value = given.get("value")
            if value is not None and value not in values:
                values.append(value)
        elif tag == "select" and name:
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            value = given.get("value")
            if value is not None:
                self._form.fields[self._select].append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def same_site(url: str) -> str | None:
    """The path and query of a URL of this site worth requesting, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith(("/static/", "/admin/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def view_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Crawl:
    targets: set[Target] = field(default_factory=set)
    forms: list[Form] = field(default_factory=list)
    bodies: dict[str, str] = field(default_factory=dict)  # every page fetched: url -> text

    def of_method(self, method: str) -> list[Target]:
        return sorted(t for t in self.targets if t.method == method)

    @property
    def htmx(self) -> set[Target]:
        return {t for t in self.targets if t.htmx}

    def view_names(self) -> set[str]:
        return {name for t in self.targets if (name := view_name(t.url))}

    def query_names(self) -> dict[str, set[str]]:
        """Each view's query-string names, from links and from forms sent by GET."""
        names: dict[str, set[str]] = {}
        for target in self.targets:
            name = view_name(target.url)
            if name and target.method == "get":
                keys = {key for key, _ in parse_qsl(urlsplit(target.url).query)}
                names.setdefault(name, set()).update(keys)
        for form in self.forms:
            name = view_name(form.target.url)
            if name and form.target.method == "get":
                names.setdefault(name, set()).update(form.fields)
        return names


# Pages a crawl must not open as the person it crawls as: it would end their session.
NOT_FOLLOWED = ("/accounts/logout/",)


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def crawl(client: Client, start: list[str]) -> Crawl:
    """Every URL reachable from `start`: GETs (links, GET forms, hx-get) are followed
    breadth-first, at most FOLLOW_PER_VIEW per view and query-name set, redirects too; the
    rest are recorded."""
    found = Crawl()
    queue = deque(Target("get", url) for url in start)
    seen: set[Target] = set(queue)
    per_view: dict[tuple, int] = {}
    while queue and len(found.bodies) < LIMIT:
        target = queue.popleft()
        found.targets.add(target)
        headers = {"HX-Request": "true"} if target.htmx else {}
        response = client.get(target.url, headers=headers)
        location = same_site(urljoin(target.url, response.get("Location", "")))
        if response.status_code in (301, 302, 303) and location:
            moved = Target("get", location)
            found.targets.add(moved)
            if moved not in seen and view_name(location):
                seen.add(moved)
                queue.append(moved)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found.bodies[target.url] = body_of(response)
        parser = _Links(target.url)
        parser.feed(found.bodies[target.url])
        found.forms += parser.forms
        for link in parser.found:
            found.targets.add(link)
            if link.method != "get" or link in seen or link.url.startswith(NOT_FOLLOWED):
                continue
            parts = urlsplit(link.url)
            key = (view_name(link.url), frozenset(k for k, _ in parse_qsl(parts.query)))
            if key[0] is None or per_view.get(key, 0) >= FOLLOW_PER_VIEW:
                continue
            per_view[key] = per_view.get(key, 0) + 1
            seen.add(link)
            queue.append(link)
    return found


def member_start_pages() -> list[str]:
    return ["/", "/dashboard/"]
