import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from careerdev.tests.factories import PASSWORD, MemberFactory
from plans.models import Goal, Task
from plans.periods import Cadence, period_just_ended
from plans.tests.factories import GoalFactory, JournalEntryFactory, TaskFactory, WinFactory
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def done(goal: Goal, title: str, day: dt.date, hours: str) -> Task:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0)))
    return TaskFactory(
        goal=goal,
        title=title,
        due_date=day,
        status="done",
        completed_at=moment,
        effort_hours=Decimal(hours),
    )


def log_in(page: Page, live_server) -> Goal:
    """A member with a goal and a quarter of work behind them: tasks done each month, one
    missed, a journal entry and a win."""
    member = MemberFactory(display_name="Grace Hopper")
    today = timezone.localdate()
    quarter = period_just_ended(Cadence.QUARTERLY, today)
    month = period_just_ended(Cadence.MONTHLY, today)
    goal = GoalFactory(
        member=member,
        title="Lead the data platform migration",
        start_date=quarter.start - dt.timedelta(days=30),
        target_date=today + dt.timedelta(days=45),
    )
    second = GoalFactory(
        member=member, title="Speak at a meetup", start_date=quarter.start, target_date=None
    )
    for n, first_day in enumerate(quarter.month_starts()):
        done(goal, f"Migration step {n + 1}", first_day + dt.timedelta(days=9), str(2 + n * 2))
        done(second, f"Talk draft {n + 1}", first_day + dt.timedelta(days=16), "1")
    done(goal, "Write the cut-over plan", month.start + dt.timedelta(days=3), "3")
    TaskFactory(
        goal=goal, title="Dry-run the cut-over", due_date=month.start + dt.timedelta(days=20)
    )
    TaskFactory(goal=goal, title="Train the support team", due_date=today + dt.timedelta(days=30))
    TaskFactory(goal=second, title="Submit the talk", due_date=today + dt.timedelta(days=20))
    JournalEntryFactory(
        member=member,
        goal=goal,
        written_on=month.start + dt.timedelta(days=5),
        body="Pairing helped.",
    )
    WinFactory(
        member=member, title="Cut-over plan approved", won_on=month.start + dt.timedelta(days=6)
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Grace Hopper")).to_be_visible()
    return goal


def test_a_monthly_reflection_moves_a_target_date_and_the_goal_history_shows_it(
    page: Page, live_server
):
    goal = log_in(page, live_server)
    month = period_just_ended(Cadence.MONTHLY, timezone.localdate())
    new_target = goal.target_date + dt.timedelta(days=30)

    # The dashboard's refinement step leads to the month just ended.
    step = page.get_by_role("article").filter(has_text="5. Refinement")
    expect(step).to_contain_text(f"your reflection on {month.label} is due")
    step.get_by_role("link", name=f"Reflect on {month.label}").click()
    # Opening the link begins nothing; the button does.
    page.get_by_role("button", name=f"Begin my reflection on {month.label}").click()
    expect(page.get_by_role("heading", name=f"Monthly reflection on {month.label}")).to_be_visible()

    # First, what happened.
    look_back = page.locator("#look-back")
    expect(look_back).to_contain_text("Write the cut-over plan")
    expect(look_back).to_contain_text("Dry-run the cut-over")
    expect(look_back).to_contain_text("Pairing helped.")
    expect(look_back).to_contain_text("Cut-over plan approved")

    # Answers are kept as a draft while typing.
    page.get_by_label("What worked?").fill("Pairing with the platform team twice a week.")
    page.get_by_label("What got in the way?").fill("Two weeks of on-call.")
    expect(page.locator("#draft-status")).to_contain_text("Draft saved at")

    # The target date moves in place, with a reason.
    card = page.locator(f"#reflection-goal-{goal.pk}")
    card.get_by_text("Move the target date").click()
    card.get_by_label("New target date").fill(new_target.isoformat())
    card.get_by_label("Why? (optional)").first.fill("On-call ate two weeks")
    card.get_by_role("button", name="Move the date").click()
    expect(card.get_by_role("status")).to_contain_text(
        f"now aims for {new_target.day} {new_target:%b %Y}"
    )
    changes = page.locator("#reflection-changes")
    expect(changes).to_contain_text("Changed target date: On-call ate two weeks")

    page.get_by_label("What will you change?").fill("Protect Tuesday evenings.")
    page.get_by_text("Quite confident").click()
    page.get_by_role("button", name="Finish reflection").click()
    expect(page.get_by_text("Reflection finished.")).to_be_visible()
    expect(page.get_by_label("What worked?")).to_have_value(
        "Pairing with the platform team twice a week."
    )
    page.screenshot(path="test-results/reflection-monthly.png", full_page=True)

    # The goal's history shows the change: from what to what, and why.
    page.locator("#reflection-changes").get_by_role("link", name=goal.title).click()
    history = page.locator("#goal-history")
    expect(history).to_contain_text(
        f"Changed target date: On-call ate two weeks (monthly reflection on {month.label})"
    )
    old, new = goal.target_date, new_target
    expect(history).to_contain_text(
        f"Target date from {old.day} {old:%b %Y} to {new.day} {new:%b %Y}"
    )
    expect(history.get_by_role("link", name="See the reflection")).to_be_visible()
    history.screenshot(path="test-results/reflection-goal-history.png")


def test_a_quarterly_reflection_shows_the_trend_across_its_months(page: Page, live_server):
    log_in(page, live_server)
    quarter = period_just_ended(Cadence.QUARTERLY, timezone.localdate())

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reflect").click()
    expect(page.get_by_role("heading", name="Reflections", exact=True)).to_be_visible()
    page.screenshot(path="test-results/reflection-list.png", full_page=True)
    page.goto(f"{live_server.url}/plans/reflections/start/quarterly/{quarter.slug}/")
    page.get_by_role("button", name=f"Begin my reflection on {quarter.label}").click()

    trend = page.locator(".trend")
    expect(trend).to_contain_text("Month by month")
    months = trend.locator(".trend-table").first.locator("tbody tr")
    expect(months).to_have_count(3)
    expect(
        page.get_by_role("img", name=f"Hours of work done each month, {quarter.label}")
    ).to_be_visible()
    trend.screenshot(path="test-results/reflection-quarter-trend.png")
    page.screenshot(path="test-results/reflection-quarterly.png", full_page=True)
