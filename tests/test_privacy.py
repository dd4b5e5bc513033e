"""Download all my data: one JSON file holding every row of the member's data.

Complete by construction: tests.member_data walks every model with a path to the member, so a
table added later fails these tests until the export covers it (careerdev.privacy.SECTIONS)
or says why not (NOT_EXPORTED), and until world_with_full_data gives it a row.
"""

import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careerdev.privacy import NOT_EXPORTED, SECTIONS, member_data_export
from careerdev.tests.factories import MemberFactory
from mentoring.tests.factories import CommentFactory, MentorshipFactory
from plans.tests.factories import GoalFactory, JournalEntryFactory, TaskFactory
from tests.member_data import label, member_models, rows_of, world_with_full_data

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "your-data.md"
MAX_EXPORT_QUERIES = len(SECTIONS) + sum(len(section.many) for section in SECTIONS)


def covered_tables() -> dict[str, str]:
    """Each table the export covers, and the key it is under."""
    covered = {}
    for section in SECTIONS:
        covered[label(section.model)] = section.key
        for through in section.through_models:
            covered[label(through)] = section.key
    return covered


def test_every_table_holding_member_data_is_exported_or_says_why_not():
    tables = {label(model) for model in member_models()}

    missing = tables - set(covered_tables()) - set(NOT_EXPORTED)

    assert not missing, f"Add these to careerdev.privacy.SECTIONS or NOT_EXPORTED: {missing}"
    assert set(covered_tables()) <= tables
    assert set(NOT_EXPORTED) <= tables, "NOT_EXPORTED names a table that no longer holds data"


def test_every_column_of_an_exported_table_is_in_the_file_or_left_out_on_purpose():
    member = world_with_full_data()["member"]
    data = member_data_export(member)

    for section in SECTIONS:
        written = set(data[section.key][0]) | set(section.omitted.split())
        for field in section.model._meta.concrete_fields:
            implied = field.primary_key or field.related_model is get_user_model()
            assert implied or field.name in written, (
                f"{section.key}: export {field.name}, or say why not in `omitted`"
            )


def test_the_full_data_member_has_a_row_in_every_member_table():
    member = world_with_full_data()["member"]

    empty = [label(model) for model in member_models() if not rows_of(model, member.pk).exists()]

    assert not empty, f"Give the member a row in these (tests/member_data.py): {empty}"


def test_the_export_holds_every_row_of_the_members_data():
    member = world_with_full_data()["member"]

    data = member_data_export(member)

    assert data["profile"]["email"] == member.email
    for section in SECTIONS:
        assert len(data[section.key]) == rows_of(section.model, member.pk).count(), section.key
        for name, through in zip(section.many, section.through_models, strict=True):
            listed = sum(len(row[name]) for row in data[section.key])
            assert listed == rows_of(through, member.pk).count(), f"{section.key}.{name}"


def test_the_export_keeps_secrets_out():
    member = world_with_full_data()["member"]

    text = json.dumps(member_data_export(member), default=str)

    assert member.password not in text
    assert all(
        row.keys() == {"type", "created_at", "last_used_at"}
        for row in json.loads(text)["two_factor"]
    )
    assert member.calendar_feed.token not in text


def test_the_export_runs_as_many_queries_for_a_lot_of_data_as_for_a_little(
    django_assert_max_num_queries,
):
    world = world_with_full_data()
    member = world["member"]
    with CaptureQueriesContext(connection) as little:
        member_data_export(member)
    for _ in range(5):
        goal = GoalFactory(member=member)
        TaskFactory.create_batch(4, goal=goal)
        JournalEntryFactory(member=member, goal=goal)
        CommentFactory(goal=goal, author=member)
        MentorshipFactory(mentor=member, goals=[GoalFactory()])

    with django_assert_max_num_queries(MAX_EXPORT_QUERIES) as a_lot:
        data = member_data_export(member)

    assert len(data["tasks"]) > 20
    assert len(a_lot.captured_queries) == len(little.captured_queries)


# The file, through the page


def test_a_member_downloads_their_data_as_one_json_file(client):
    member = world_with_full_data()["member"]
    client.force_login(member)

    response = client.get(reverse("data_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="careerdev-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Maria Member"
    assert {goal["title"] for goal in data["goals"]} >= {"Lead the data team (Maria Member)"}


def test_another_member_downloads_only_their_own_data(client):
    world = world_with_full_data()
    stranger = MemberFactory(display_name="Sam Stranger")
    client.force_login(stranger)

    text = client.get(reverse("data_export")).content.decode()

    data = json.loads(text)
    assert data["profile"]["email"] == stranger.email
    # A new account has its address and its default reminder, and nothing else.
    assert [row["email"] for row in data["email_addresses"]] == [stranger.email]
    filled = {section.key for section in SECTIONS if data[section.key]}
    assert filled == {"email_addresses", "reminder_schedules"}
    for person in world.values():
        assert person.email not in text
        assert str(person) not in text


def test_a_visitor_is_sent_to_log_in_for_the_download(client):
    response = client.get(reverse("data_export"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_data_page_offers_the_download_the_spreadsheets_and_deletion(member_client):
    response = member_client.get(reverse("your_data"))

    assert response.status_code == 200
    for url in (
        reverse("data_export"),
        reverse("plans:export_csv", args=["goals"]),
        reverse("plans:export_csv", args=["tasks"]),
        reverse("plans:export_csv", args=["journal"]),
        reverse("account_delete"),
    ):
        assert f'href="{url}"' in response.text


def test_the_account_menu_links_to_two_factor_sign_in_and_your_data(member_client):
    page = member_client.get(reverse("dashboard")).text

    assert f'href="{reverse("mfa_index")}"' in page
    assert f'href="{reverse("your_data")}"' in page


# The documentation of the file


def documented() -> dict[str, set[str]]:
    """Each `### `key`` heading of docs/your-data.md, with the fields its bullets name."""
    keys: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text().splitlines():
        if heading := re.fullmatch(r"### `(\w+)`", line):
            current = keys.setdefault(heading.group(1), set())
        elif line.startswith("- ") and current is not None:
            current.update(re.findall(r"`(\w+)`", line.split(": ", 1)[0]))
    return keys


def test_the_documentation_describes_every_key_and_field_of_the_file():
    member = world_with_full_data()["member"]
    data = member_data_export(member)
    docs = documented()

    assert set(docs) == set(data)
    assert docs["profile"] == set(data["profile"])
    for section in SECTIONS:
        assert docs[section.key] == set(data[section.key][0]), section.key
