import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from assessments.models import Attempt, Item
from assessments.tests.factories import completed_attempt
from careerdev.tests.factories import PASSWORD, MemberFactory
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server) -> Attempt:
    member = MemberFactory(display_name="Ada Lovelace")

    def sql_gap(item: Item) -> int:
        if item.area.slug == "programming":
            return 2 if item.facet == "current" else 5
        return 3

    skills = completed_attempt(member, "skills", sql_gap)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Ada Lovelace")).to_be_visible()
    return skills


def add_task(page: Page, title: str, hours: str, days: int) -> None:
    form = page.get_by_role("form", name="Add a task")
    form.get_by_label("Task").fill(title)
    form.get_by_label("Due date").fill((dt.date.today() + dt.timedelta(days=days)).isoformat())
    form.get_by_label("Effort (hours)").fill(hours)
    form.get_by_label("Kind of activity").select_option(label="Course or degree")
    form.get_by_role("button", name="Add task").click()
    expect(page.get_by_text(title, exact=True)).to_be_visible()


def test_a_member_sets_a_goal_plans_it_works_on_it_and_takes_the_calendar(page: Page, live_server):
    skills = log_in(page, live_server)

    # From the skills result to a suggested goal, pre-filled and still the member's to edit.
    page.goto(f"{live_server.url}{reverse('assessments:attempt_detail', args=[skills.pk])}")
    expect(page.get_by_role("heading", name="Skills: your results")).to_be_visible()
    page.get_by_role("link", name="Set goals from your results").click()
    suggestion = page.get_by_role("article").filter(has_text="Programming")
    expect(suggestion).to_contain_text("from level 2 to 5")
    suggestion.get_by_role("link", name="Use this goal").click()
    expect(page.get_by_label("Goal", exact=True)).to_have_value(
        "Raise my Programming skills from level 2 to 5"
    )

    # The SMART check answers as the member types.
    page.get_by_label("Goal", exact=True).fill("Get better at SQL")
    notes = page.locator("#smart-notes")
    expect(notes).to_contain_text("“better” is vague")
    page.get_by_label("Goal", exact=True).fill("Pass the SQL for analysts exam")
    page.get_by_label("Why it matters to you").fill("Analysts in my target team write SQL daily.")
    page.get_by_label("How you will measure success").fill("Pass with 80% or more.")
    target = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    page.get_by_label("Target date").fill(target)
    expect(notes).to_contain_text("nothing to add")
    page.get_by_role("button", name="Save goal").click()
    # A goal from a skills gap is offered ways to build the skill first; this member skips.
    expect(page.get_by_role("heading", name="Ways to build programming")).to_be_visible()
    page.get_by_role("link", name="Not now").click()
    expect(page.get_by_role("heading", name="Pass the SQL for analysts exam")).to_be_visible()

    # A milestone and three tasks, added in place.
    milestone = page.get_by_role("form", name="Add a milestone")
    milestone.get_by_label("Milestone").fill("Learn the basics")
    milestone.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("heading", name="Learn the basics")).to_be_visible()
    add_task(page, "Watch the SELECT lectures", "1", 3)
    add_task(page, "Do the joins exercises", "1", 5)
    add_task(page, "Take a practice exam", "2", 12)
    bar = page.locator("#goal-progress-bar")
    expect(bar).to_have_attribute("value", "0")

    # Completing a task in place moves the progress bar.
    page.get_by_role("button", name="Mark “Watch the SELECT lectures” done").click()
    expect(page.get_by_role("button", name="Reopen “Watch the SELECT lectures”")).to_be_visible()
    expect(bar).to_have_attribute("value", "25")
    expect(page.locator("#goal-progress")).to_contain_text("1 of 4 hours of work done")

    # Reordering by keyboard keeps focus on the button pressed.
    down = page.get_by_role("button", name="Move “Do the joins exercises” down")
    down.focus()
    page.keyboard.press("Enter")
    titles = page.locator("#action-plan .task-title")
    expect(titles).to_have_text(
        ["Watch the SELECT lectures", "Take a practice exam", "Do the joins exercises"]
    )
    expect(page.get_by_role("button", name="Move “Do the joins exercises” down")).to_be_focused()
    page.screenshot(path="test-results/plans-goal.png", full_page=True)

    page.get_by_role("link", name="Timeline").first.click()
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    expect(page.get_by_text("Take a practice exam")).to_be_visible()
    page.screenshot(path="test-results/plans-timeline.png", full_page=True)

    # A weekly time block, then the private calendar feed.
    page.get_by_role("link", name="Schedule").click()
    page.get_by_label("Day").select_option(label="Tuesday")
    page.get_by_label("Starts").fill("18:00")
    page.get_by_label("Ends").fill("19:00")
    page.get_by_role("button", name="Add time block").click()
    expect(page.get_by_text("Time block added: Tuesday 18:00-19:00.")).to_be_visible()
    page.get_by_role("button", name="Create my calendar address").click()
    feed_url = page.get_by_label("Private calendar address").input_value()

    response = page.request.get(feed_url)

    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == [
        "Career development time",
        "Due: Do the joins exercises",
        "Due: Take a practice exam",
    ]
