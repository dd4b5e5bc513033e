"""Nothing a person does is lost: an answer that could not be saved says so and is tried
again, and saving a form a second time after Back makes nothing twice."""

import re

import pytest
from playwright.sync_api import Page, Route, expect

from assessments.models import Answer
from assessments.tests.factories import AttemptFactory
from careerdev.models import User
from careerdev.tests.factories import PASSWORD, MemberFactory
from plans.models import Goal
from plans.tests.factories import ReflectionFactory
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANSWER_SAVE = re.compile(r"/assessments/attempts/\d+/page/1/$")


def log_in(page: Page, live_server) -> User:
    member = MemberFactory(display_name="Nell Network")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Nell Network")).to_be_visible()
    return member


def open_interests(page: Page, live_server, member: User):
    attempt = AttemptFactory(member=member, slug="interests")
    page.goto(f"{live_server.url}/assessments/attempts/{attempt.pk}/page/1/")
    return page.locator("fieldset.question").first


def test_an_answer_the_server_fails_to_save_is_shown_as_not_saved_and_tried_again(
    page: Page, live_server
):
    member = log_in(page, live_server)
    question = open_interests(page, live_server, member)
    failures = []

    def fail_twice(route: Route) -> None:
        if route.request.method == "POST" and len(failures) < 2:
            failures.append(route.request.url)
            route.fulfill(status=500, body="Server error")
        else:
            route.continue_()

    page.route(ANSWER_SAVE, fail_twice)
    question.get_by_label("Like", exact=True).check()

    expect(question.get_by_text("Not saved yet: trying again…")).to_be_visible()
    expect(question.get_by_text("Saved", exact=True)).to_be_visible(timeout=15_000)
    expect(question.get_by_label("Like", exact=True)).to_be_checked()
    assert len(failures) == 2
    assert Answer.objects.filter(attempt__member=member).count() == 1


def test_when_an_answer_cannot_be_saved_at_all_the_member_is_told_and_can_try_again(
    page: Page, live_server
):
    member = log_in(page, live_server)
    question = open_interests(page, live_server, member)

    def offline(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(ANSWER_SAVE, offline)
    question.get_by_label("Dislike", exact=True).check()

    alert = question.get_by_role("alert")
    expect(alert).to_contain_text("Could not save", timeout=15_000)
    expect(alert).to_contain_text("What you chose is kept on this page.")
    expect(question.get_by_label("Dislike", exact=True)).to_be_checked()
    page.screenshot(path="test-results/autosave-failed.png", full_page=False)
    assert not Answer.objects.filter(attempt__member=member).exists()

    # Back online: one click saves it.
    page.unroute(ANSWER_SAVE)
    alert.get_by_role("button", name="Try again").click()
    expect(question.get_by_text("Saved", exact=True)).to_be_visible()
    assert Answer.objects.filter(attempt__member=member).count() == 1


def test_a_reflection_draft_that_cannot_be_saved_says_so_instead_of_saved(page: Page, live_server):
    member = log_in(page, live_server)
    reflection = ReflectionFactory(member=member)
    page.route(
        re.compile(r"/plans/reflections/\d+/answers/$"),
        lambda route: route.fulfill(status=500, body="Server error"),
    )
    page.goto(f"{live_server.url}{reflection.get_absolute_url()}")

    page.get_by_label("What worked?").fill("Two quiet evenings a week.")

    status = page.locator("#draft-status")
    expect(status).to_contain_text("Not saved yet: trying again…")
    expect(status).to_contain_text("Could not save", timeout=15_000)
    expect(page.get_by_label("What worked?")).to_have_value("Two quiet evenings a week.")
    reflection.refresh_from_db()
    assert reflection.what_worked == ""


def test_back_then_save_again_shows_the_goal_already_set_instead_of_a_second_one(
    page: Page, live_server
):
    member = log_in(page, live_server)
    page.goto(f"{live_server.url}/plans/goals/new/")
    page.get_by_label("Goal", exact=True).fill("Pass the SQL for analysts exam")
    page.get_by_role("button", name="Save goal").click()
    expect(page.get_by_role("heading", name="Pass the SQL for analysts exam")).to_be_visible()

    page.go_back()
    expect(page.get_by_label("Goal", exact=True)).to_have_value("Pass the SQL for analysts exam")
    page.get_by_role("button", name="Save goal").click()

    expect(page.get_by_role("heading", name="Pass the SQL for analysts exam")).to_be_visible()
    expect(page.get_by_text("This form was sent before")).to_be_visible()
    (goal,) = Goal.objects.filter(member=member)
    assert page.url.endswith(goal.get_absolute_url())
