"""Nobody else reaches a member's data, by any URL their pages lead to.

A member with data of every kind, and a mentor who sees part of it, are crawled: every
link, form action and htmx attribute on their pages, followed breadth-first. The URLs found
(up to PER_VIEW of each view, method and query shape: the access helper is the view's) are
then asked for (GET, or a POST with empty and with garbage data) by another member, by a
mentor whose access was revoked, and by a visitor. None of them gets a page holding any of the
marker strings planted in the member's data; each gets a 404, a 403, a 405, the log-in page,
a redirect to something of their own (followed, and checked too), or a page without the
member's data.
"""

import time
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from careerdev.models import User
from tests.crawl import PER_VIEW, Crawl, Target, World, body_of, build_world, crawl, view_name
from tests.test_permissions import product_url_names

pytestmark = pytest.mark.django_db

# Capability URLs: the secret in the address is the key (calendar apps and e-mail clients
# cannot log in), so whoever holds one gets what it opens, by design. Each has its own tests.
CAPABILITIES = ("plans:calendar_feed", "unsubscribe", "mentoring:invitation")
# A mentor's own download of their data records whom they mentored, by name, after the end
# too (careerdev/privacy.py): their own history, not the member's plan.
ALLOWED = {("a revoked mentor", "data_export"): ("display name",)}
LOGIN = "/accounts/login/"
GARBAGE = {"id": "99999999", "goal": "-1", "title": "\x00" * 3, "body": "x" * 5000, "pk": "[]"}
MIN_URLS = 800
MIN_HTMX = 150
MIN_VIEWS = 0.85  # of the product's named URLs


@pytest.fixture
def world() -> World:
    return build_world()


def crawled(world: World) -> tuple[Crawl, Crawl]:
    member, mentor = Client(), Client()
    member.force_login(world.member)
    mentor.force_login(world.mentor)
    mentorship = world.objects["mentorship"]
    return (
        crawl(member, ["/", reverse("dashboard")]),
        crawl(
            mentor,
            ["/", reverse("dashboard"), reverse("mentoring:mentee_detail", args=[mentorship.pk])],
        ),
    )


def sample(targets: set[Target]) -> list[Target]:
    """At most PER_VIEW URLs for each view, method and query-name set: what the access
    helper decides depends on the view, and a hundred occupation pages teach nothing more."""
    kept: dict[tuple, list[Target]] = {}
    for target in sorted(targets, key=lambda t: (t.url, t.method, t.htmx)):
        parts = urlsplit(target.url)
        key = (view_name(target.url), target.method, target.htmx, parts.query.count("="))
        group = kept.setdefault(key, [])
        if len(group) < PER_VIEW:
            group.append(target)
    return [target for group in kept.values() for target in group]


def ask(client: Client, person: User | None, target: Target, data: dict) -> list:
    """The answers one person gets from one URL: a redirect that is not to the log-in page
    is followed once, so where it leads is checked too."""
    if person is not None and "_auth_user_id" not in client.session:
        # Logged out by a logout URL among the targets: log in again, or they are a visitor.
        client.force_login(person)
    headers = {"HX-Request": "true"} if target.htmx else {}
    if target.method == "get":
        response = client.get(target.url, headers=headers)
    elif target.method == "delete":
        response = client.delete(target.url, headers=headers)
    else:
        response = client.post(target.url, data, headers=headers)
    answers = [response]
    location = response.get("Location", "")
    if response.status_code in (301, 302, 303) and not location.startswith(LOGIN):
        answers.append(client.get(location))
    return answers


def verdict(response, markers: dict[str, str]) -> str | None:
    """What is wrong with an answer, or None."""
    status = response.status_code
    text = body_of(response) + response.get("Location", "")
    found = [kind for kind, marker in markers.items() if marker in text]
    if found:
        return f"{status} with the member's {', '.join(found)}"
    # 400 is a form of their own sent back with its errors (the quick start answers so).
    if status in (200, 301, 302, 303, 400, 403, 404, 405):
        return None
    return f"status {status}"


def test_nobody_else_gets_a_members_data_from_any_url_their_pages_lead_to(world):
    started = time.monotonic()
    own, mentors = crawled(world)
    crawled_in = time.monotonic() - started
    found = own.targets | mentors.targets
    targets = sample(found)

    # The crawl cannot pass for finding nothing: enough URLs, htmx partials among them, most
    # of the product's views, and every marker on a page the crawl opened.
    names = product_url_names()
    reached = (own.view_names() | mentors.view_names()) & names
    assert len(found) >= MIN_URLS
    assert len({t for t in found if t.htmx}) >= MIN_HTMX
    assert {t.method for t in found} >= {"get", "post"}
    assert len(reached) >= MIN_VIEWS * len(names), sorted(names - reached)
    bodies = "".join([*own.bodies.values(), *mentors.bodies.values()])
    assert [kind for kind, marker in world.markers.items() if marker not in bodies] == []

    problems = []
    answers = 0
    for person, who in (
        (world.other, "another member"),
        (world.revoked, "a revoked mentor"),
        (None, "a visitor"),
    ):
        client = Client(raise_request_exception=False)  # a 500 is reported with the rest
        if person is not None:
            client.force_login(person)
        for target in targets:
            name = view_name(target.url)
            if name in CAPABILITIES:
                continue
            allowed = ALLOWED.get((who, name), ())
            markers = {k: m for k, m in world.markers.items() if k not in allowed}
            for data in [{}] if target.method == "get" else [{}, GARBAGE]:
                for response in ask(client, person, target, data):
                    answers += 1
                    if problem := verdict(response, markers):
                        problems.append(f"{who}: {target.method} {target.url}: {problem}")
    print(
        f"crawled: {len(found)} URLs ({len(own.bodies) + len(mentors.bodies)} pages opened,"
        f" {len({t for t in found if t.htmx})} htmx, {len(reached)} of {len(names)} views)"
        f" in {crawled_in:.1f} s; asked: {len(targets)} URLs, {answers} answers"
        f" in {time.monotonic() - started - crawled_in:.1f} s"
    )
    assert not problems, "\n".join(problems)


def test_a_mentor_with_part_of_a_members_plan_sees_nothing_beyond_it(world):
    client = Client()
    client.force_login(world.mentor)
    mentorship = world.objects["mentorship"]
    mentors = crawl(client, ["/", reverse("mentoring:mentee_detail", args=[mentorship.pk])])
    private = {kind: world.markers[kind] for kind in world.private_from_mentor}
    shared = {kind: world.markers[kind] for kind in ("goal A", "reflection", "display name")}

    shown = [
        f"{url}: {kind}"
        for url, body in mentors.bodies.items()
        for kind, marker in private.items()
        if marker in body
    ]
    assert shown == []
    # What is shared is on the mentor's pages, so the check above looks in the right places.
    assert all(any(m in body for body in mentors.bodies.values()) for m in shared.values())
