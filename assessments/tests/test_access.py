"""A member's attempts and results are theirs alone: every URL naming one is 404 to others."""

import pytest
from django.urls import reverse

from assessments.tests.factories import AttemptFactory, completed_attempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(member):
    """An open attempt with one answer and two completed ones, all the member's."""
    attempt = AttemptFactory(member=member, slug="values")
    item = attempt.version.items.first()
    attempt.answers.create(item=item, value=2, answered_at=attempt.started_at)
    return {
        "open": attempt,
        "item": item,
        "done": completed_attempt(member, "values"),
        "done2": completed_attempt(member, "values"),
    }


def compare_url(first, second):
    return reverse("assessments:compare", args=["values"]) + f"?first={first.pk}&second={second.pk}"


ATTEMPT_URLS = {
    "results": lambda o: ("get", reverse("assessments:attempt_detail", args=[o["done"].pk]), {}),
    "resume": lambda o: ("get", reverse("assessments:attempt_detail", args=[o["open"].pk]), {}),
    "page": lambda o: ("get", reverse("assessments:attempt_page", args=[o["open"].pk, 1]), {}),
    "save answers": lambda o: (
        "post",
        reverse("assessments:attempt_page", args=[o["open"].pk, 1]),
        {o["item"].field_name: "5", "move": "next"},
    ),
    "save by htmx": lambda o: (
        "post-htmx",
        reverse("assessments:attempt_page", args=[o["open"].pk, 1]),
        {o["item"].field_name: "5"},
    ),
    "finish": lambda o: (
        "post",
        reverse("assessments:attempt_page", args=[o["open"].pk, 3]),
        {"move": "finish"},
    ),
    "compare": lambda o: ("get", compare_url(o["done"], o["done2"]), {}),
}


@pytest.mark.parametrize("name", ATTEMPT_URLS)
def test_another_member_gets_404_and_changes_nothing(other_client, owned, name):
    method, url, data = ATTEMPT_URLS[name](owned)

    if method == "get":
        response = other_client.get(url)
    else:
        extra = {"HTTP_HX_REQUEST": "true"} if method == "post-htmx" else {}
        response = other_client.post(url, data, **extra)

    assert response.status_code == 404
    owned["open"].refresh_from_db()
    assert owned["open"].completed_at is None
    assert list(owned["open"].answers.values_list("value", flat=True)) == [2]


def test_another_member_cannot_pair_their_attempt_with_the_members(
    other_client, other_member, owned
):
    theirs = completed_attempt(other_member, "values")

    assert other_client.get(compare_url(theirs, owned["done"])).status_code == 404
    assert other_client.get(compare_url(owned["done"], theirs)).status_code == 404


def test_the_pages_without_an_attempt_in_the_url_show_only_the_members_own_data(
    other_client, owned
):
    overview = other_client.get(reverse("assessments:overview"))
    instrument = other_client.get(reverse("assessments:instrument", args=["values"]))
    summary = other_client.get(reverse("assessments:summary"))

    assert overview.text.count("Not started") == 5
    assert "You have not completed this assessment yet" in instrument.text
    assert "No self-assessment has been completed yet" in summary.text


def test_starting_never_resumes_another_members_attempt(other_client, other_member, owned):
    response = other_client.post(reverse("assessments:start", args=["values"]))

    theirs = other_member.assessment_attempts.get()
    assert theirs.pk != owned["open"].pk
    assert response.url == reverse("assessments:attempt_page", args=[theirs.pk, 1])


@pytest.mark.parametrize(
    "url",
    [
        reverse("assessments:overview"),
        reverse("assessments:summary"),
        reverse("assessments:instrument", args=["values"]),
        reverse("assessments:attempt_detail", args=[1]),
        reverse("assessments:attempt_page", args=[1, 1]),
        reverse("assessments:compare", args=["values"]),
    ],
)
def test_a_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_visitor_cannot_start_an_attempt(client):
    assert client.post(reverse("assessments:start", args=["values"])).status_code == 302
