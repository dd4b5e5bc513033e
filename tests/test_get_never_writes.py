"""Opening a page changes nothing: every GET of the product, as its owner, a mentor and a
visitor, runs no INSERT, UPDATE or DELETE.

The session is the one exception: an invitation link remembers, for a visitor who goes on to
sign up, which invitation brought them.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_permissions import (
    ENTRIES,
    PROGRAMME_ENTRIES,
    Entry,
    build_programme_world,
    build_world,
    entry_id,
)

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
GETS = [entry for entry in ENTRIES if entry.method == "get"]


def writes(queries: list[dict]) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if WRITE.match(query["sql"]) and '"django_session"' not in query["sql"]
    ]


@pytest.mark.parametrize("entry", GETS, ids=entry_id)
def test_opening_a_page_writes_nothing(client, entry: Entry):
    world = build_world()
    url = reverse(entry.name, args=entry.args(world)) + entry.query(world)

    for role in ("owner", "mentor", "visitor"):
        client.logout()
        if role != "visitor":
            client.force_login(world[role])
        with CaptureQueriesContext(connection) as captured:
            client.get(url)

        assert writes(captured.captured_queries) == [], f"{role} wrote on GET {url}"


@pytest.mark.parametrize(
    "entry", [entry for entry in PROGRAMME_ENTRIES if entry.method == "get"], ids=entry_id
)
def test_opening_a_programme_page_writes_nothing(client, entry: Entry):
    world = build_programme_world()
    url = reverse(entry.name, args=entry.args(world)) + entry.query(world)

    for role in ("admin", "member", "no_programme", "visitor"):
        client.logout()
        if role != "visitor":
            client.force_login(world[role])
        with CaptureQueriesContext(connection) as captured:
            client.get(url)

        assert writes(captured.captured_queries) == [], f"{role} wrote on GET {url}"
