"""No input breaks a page: every form and every query string the product renders, sent random
text, huge values, control characters (NUL too), wrong types, missing fields and another
member's ids, answers with a page, a 4xx or a redirect, never a server error, and nothing of
another member's changes.

The forms and URLs come from crawling a member's and a mentor's pages (tests/crawl.py), so a
form added later is fuzzed without being listed here. Each example runs in a savepoint that is
rolled back, so one example's delete does not leave the next with nothing to send to.
FUZZ_EXAMPLES (environment) sets the examples per endpoint.
"""

import os
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from careerdev.models import User
from mentoring.models import Mentorship
from plans.models import Goal, JournalEntry, Milestone, Reflection, Task, TimeBlock
from tests.crawl import Form, Target, World, build_world, crawl, view_name
from tests.member_data import member_models, rows_of
from tests.test_permissions import product_url_names

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
ONLY = os.environ.get("FUZZ_ONLY", "")  # a part of a URL: fuzz only the endpoints it names
MIN_ENDPOINTS = 120
MIN_VIEWS = 0.85  # of the product's named URLs
# Ends the session it is sent in: every later example would be a visitor's.
NOT_FUZZED = ("account_logout",)
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\x1b[2J",
    "\x7f",
    "\u2028",
    "\ufeff",
    "\U0001f600",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "²",
    "٣",
    "2026-02-30",
    "0000-00-00",
    "25:61",
    "[]",
    "{}",
    "null",
    "true",
    "<script>alert(1)</script>",
    "'; DROP TABLE plans_goal; --",
    "../../etc/passwd",
    "%00",
]
HUGE = ["x" * 100_000, "9" * 5000, "é" * 20_000]
EXTRA_KEYS = ["pk", "id", "member", "goal", "next", "page", "status", "move", "q"]


DIGEST = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"


class Rollback(Exception):
    """Undoes one example's writes."""


@dataclass(frozen=True)
class Endpoint:
    who: str  # "member" or "mentor": whose page showed it
    target: Target
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # name and the values the page offered

    @property
    def label(self) -> str:
        kind = "form" if self.target.method != "get" else "query"
        return f"{self.who} {self.target.method} {kind} {self.target.url}"


def other_ids(world: World) -> list[str]:
    """The other member's ids: sent where the member's own belong."""
    other = world.other
    found = [other.pk]
    for model in (Goal, Milestone, Task, JournalEntry, Reflection, TimeBlock):
        found += list(model.objects.for_member(other).values_list("pk", flat=True))
    found += list(Mentorship.objects.filter(member=other).values_list("pk", flat=True))
    return [str(pk) for pk in found]


def endpoints_of(crawls: dict[str, tuple], ids: list[str]) -> list[Endpoint]:
    """Each rendered form (by view, method and fields) and each view's query string once."""
    found: dict[tuple, Endpoint] = {}
    for who, (crawled, _) in crawls.items():
        forms: list[Form] = crawled.forms
        query_names = crawled.query_names()
        for form in forms:
            name = view_name(form.target.url)
            if name is None or name in NOT_FUZZED:
                continue
            fields = tuple(
                sorted(
                    (key, tuple(values))
                    for key, values in form.fields.items()
                    if key != "csrfmiddlewaretoken"
                )
            )
            key = (name, form.target.method, tuple(k for k, _ in fields))
            found.setdefault(key, Endpoint(who, form.target, fields))
        # htmx writes without a form of their own (hx-post on a button), and GET views
        for target in sorted(crawled.targets, key=lambda t: (t.url, t.method, t.htmx)):
            name = view_name(target.url)
            if name is None or name in NOT_FUZZED:
                continue
            if target.method == "get":
                names = query_names.get(name, set())
                key = (name, "get", target.htmx)
                fields = tuple((key_, ()) for key_ in sorted(names))
            else:
                key = (name, target.method, ())
                fields = ()
            found.setdefault(key, Endpoint(who, target, fields))
    return list(found.values())


def value(offered: tuple[str, ...], ids: list[str]) -> st.SearchStrategy[str]:
    choices = [
        st.text(max_size=40),
        st.sampled_from(NASTY),
        st.sampled_from(HUGE),
        st.sampled_from(ids),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    ]
    if offered:
        choices.append(st.sampled_from(offered))
    if offered and all(option.isdigit() for option in offered if option):
        # A choice of ids (a goal, a milestone): the other member's come up often.
        choices += [st.sampled_from(ids)] * 3
    return st.one_of(choices)


@st.composite
def inputs(draw, endpoint: Endpoint, ids: list[str]) -> dict[str, list[str]]:
    """Some of the fields (missing ones left out), each with one value or several, and now
    and then a field the form does not have."""
    sent: dict[str, list[str]] = {}
    for name, offered in endpoint.fields:
        if draw(st.integers(0, 5)) == 0:
            continue  # missing
        sent[name] = draw(st.lists(value(offered, ids), min_size=1, max_size=2))
    if draw(st.booleans()):
        sent[draw(st.sampled_from(EXTRA_KEYS))] = [draw(value((), ids))]
    return sent


def fingerprint(user: User) -> list[tuple[str, str]]:
    """One digest per table of everything reaching the user: any change shows, in one query."""
    if connection.vendor != "postgresql":  # the slow way, one query per table
        return sorted(
            (model._meta.label, repr(sorted(map(repr, rows_of(model, user.pk).values_list()))))
            for model in member_models()
        )
    parts, params = [], []
    for model in member_models():
        sql, model_params = rows_of(model, user.pk).query.sql_with_params()
        parts.append(f"(SELECT %s, {DIGEST} FROM ({sql}) AS t)")  # noqa: S608 (the ORM's SQL)
        params += [model._meta.label, *model_params]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return sorted(cursor.fetchall())


def send(client: Client, endpoint: Endpoint, data: dict[str, list[str]]):
    target = endpoint.target
    headers = {"HX-Request": "true"} if target.htmx else {}
    if target.method == "get":
        return client.get(urlsplit(target.url).path, data, headers=headers)
    if target.method == "delete":
        return client.delete(target.url, headers=headers)
    return client.post(target.url, data, headers=headers)


def fuzz(endpoint: Endpoint, client: Client, person: User, world: World, ids: list[str]) -> int:
    """Runs one endpoint's examples; says how many ran."""
    before = fingerprint(world.other)
    ran = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=inputs(endpoint, ids))
    def answers_without_a_server_error(data: dict[str, list[str]]) -> None:
        nonlocal ran
        ran += 1
        note(endpoint.label)
        if client.session.get("_auth_user_id") != str(person.pk):
            client.force_login(person)  # a rolled-back example can take the session with it
        try:
            with transaction.atomic():
                status = send(client, endpoint, data).status_code
                assert status < 500, f"{endpoint.label} answered {status}"
                assert status < 300 or status >= 400 or status in (301, 302, 303), status
                # A GET writes nothing (tests/test_get_never_writes.py): only writes can reach.
                if endpoint.target.method != "get":
                    assert fingerprint(world.other) == before, f"{endpoint.label} changed theirs"
                raise Rollback
        except Rollback:
            pass

    answers_without_a_server_error()
    return ran


def test_no_input_breaks_a_form_or_a_query_string_or_touches_another_members_data():
    started = time.monotonic()
    world = build_world()
    mentorship = world.objects["mentorship"]
    people = {"member": world.member, "mentor": world.mentor}
    crawls = {}
    for who, start in (
        ("member", ["/", reverse("dashboard")]),
        ("mentor", ["/", reverse("mentoring:mentee_detail", args=[mentorship.pk])]),
    ):
        client = Client()
        client.force_login(people[who])
        crawls[who] = (crawl(client, start), client)
    ids = other_ids(world)
    endpoints = endpoints_of(crawls, ids)
    chosen = [endpoint for endpoint in endpoints if ONLY in endpoint.target.url]
    names = product_url_names()
    fuzzed = {view_name(e.target.url) for e in endpoints} & names
    assert len(endpoints) >= MIN_ENDPOINTS
    assert len(fuzzed) >= MIN_VIEWS * len(names), sorted(names - fuzzed)
    assert sum(e.target.method == "post" for e in endpoints) >= MIN_ENDPOINTS // 2
    before = fingerprint(world.other)
    crawled_in = time.monotonic() - started
    examples = 0

    for endpoint in chosen:
        examples += fuzz(endpoint, crawls[endpoint.who][1], people[endpoint.who], world, ids)

    assert fingerprint(world.other) == before
    print(
        f"fuzzed: {len(endpoints)} endpoints ({len(fuzzed)} of {len(names)} views),"
        f" {examples} examples; crawl {crawled_in:.1f} s,"
        f" fuzz {time.monotonic() - started - crawled_in:.1f} s"
    )
