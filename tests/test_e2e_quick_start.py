"""A new member goes from logging in to a saved goal with dated tasks through the quick
start, as a person would: counting every click and form submission, and estimating the
minutes a person spends reading and answering. Screenshots of each step, at 1280 px and
at 390 px, land in test-results/quick-start/ for a person to look at.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from assessments.models import Attempt, CareerDirection
from careerdev.models import User
from careerdev.tests.factories import PASSWORD, MemberFactory
from plans.models import Goal, Task

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results/quick-start")
WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
MOST_ACTIONS = 40
WORDS_PER_MINUTE = 200  # reading speed for plain prose
SECONDS_PER_DECISION = 4  # choosing a radio button, a button or a field
SECONDS_PER_CHARACTER = 0.3  # typing


@dataclass
class Visit:
    """What the person does: each click and form submission, and what they read."""

    page: Page
    actions: int = 0
    words: int = 0
    typed: int = 0
    pages: list[tuple[str, int]] = field(default_factory=list)

    def click(self, target: Locator) -> None:
        self.actions += 1
        target.click()

    def type(self, target: Locator, text: str) -> None:
        self.click(target)  # into the field
        target.press_sequentially(text, delay=20)
        self.typed += len(text)

    def read(self, name: str, *, count: bool = True) -> None:
        """Counts the words of the page's main content and saves its screenshots."""
        if count:
            words = len(self.page.locator("main").inner_text().split())
            self.words += words
            self.pages.append((name, words))
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width, size in WIDTHS.items():
            self.page.set_viewport_size(size)
            self.page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
            self.page.screenshot(path=SHOTS / f"{name}-{width}-top.png")
            # Nothing pans sideways, at either width.
            wide = self.page.evaluate("document.documentElement.scrollWidth")
            assert wide <= size["width"], f"{name} is {wide} px wide at {width} px"
        self.page.set_viewport_size(WIDTHS["1280"])

    @property
    def minutes(self) -> float:
        seconds = (
            self.words / WORDS_PER_MINUTE * 60
            + self.actions * SECONDS_PER_DECISION
            + self.typed * SECONDS_PER_CHARACTER
        )
        return seconds / 60


def first_log_in(page: Page, live_server, name: str) -> User:
    """A new member logs in for the first time, and lands in the guided start."""
    member = MemberFactory(display_name=name, current_role="", target_role="")
    page.set_viewport_size(WIDTHS["1280"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/plans/start/$"))
    return member


def test_a_new_member_reaches_a_dated_plan_from_their_own_ratings_in_few_clicks(
    page: Page, live_server
):
    member = first_log_in(page, live_server, "Hana Helpdesk")

    # The first log-in lands in the guided start. The count starts from the dashboard, which
    # offers it too, so the click from its card counts as well.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    visit = Visit(page)
    visit.read("0-dashboard")
    visit.click(page.get_by_role("link", name="Start the quick start"))
    expect(page).to_have_url(re.compile(r"/plans/start/$"))
    visit.read("1-roles")

    visit.type(page.get_by_label("The role you have now"), "helpdesk analyst")
    now = page.locator("#current-results").get_by_label(re.compile("Computer User Support"))
    visit.click(now)
    visit.type(page.get_by_label("The role you aim for"), "network architect")
    aim = page.locator("#target-results").get_by_label(re.compile("Computer Network Architects"))
    visit.click(aim)
    visit.read("1-roles-chosen", count=False)
    visit.click(page.get_by_role("button", name="Continue"))

    # Step 2: one click a skill, the targets already filled in from the role.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Computer Network Architects")
    visit.read("2-skills")
    skills = page.locator("fieldset.qs-skill").all()
    assert 8 <= len(skills) <= 10
    for number, skill in enumerate(skills):
        level = (2, 3, 1)[number % 3]
        visit.click(skill.locator(f"label[for$='-current-{level}']"))
    visit.click(page.get_by_role("button", name="See my gaps"))

    # Step 3: the largest gaps, and the hours a week.
    expect(page.get_by_role("heading", name="Your largest gaps")).to_be_visible()
    visit.read("3-gaps")
    hours = page.get_by_label("Hours a week you can give to your plan")
    visit.click(hours)
    hours.fill("4")
    visit.click(page.get_by_role("button", name="Build my plan"))

    # Step 4: the plan, dated at four hours a week; accepted as it is.
    expect(page.get_by_role("heading", name="Your plan", exact=True)).to_be_visible()
    expect(page.get_by_text("4 hours a week")).to_be_visible()
    visit.read("4-plan")
    visit.click(page.get_by_role("button", name="Save my goal and plan"))

    expect(page.get_by_text("Your goal is set")).to_be_visible()
    visit.read("5-goal", count=False)  # after the goal is saved
    goal = Goal.objects.get(member=member)
    dated = Task.objects.filter(goal=goal, due_date__isnull=False)
    assert dated.count() >= 3
    attempt = Attempt.objects.get(member=member, instrument__slug="skills")
    assert attempt.completed_at is None
    assert attempt.answers.count() == 2 * len(skills)

    # The dashboard no longer offers the quick start, and recommends finishing the skills.
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_text("Next: Skills. Finish it")).to_be_visible()
    expect(page.get_by_text("Quick start: from your roles")).to_have_count(0)
    visit.read("6-dashboard", count=False)

    minutes = visit.minutes
    print(
        f"\nQuick start: {visit.actions} clicks and form submissions (at most {MOST_ACTIONS})."
        f"\nMinutes, an estimate: {minutes:.1f} (under 15). Computed as the words of each page's"
        f" main content read at {WORDS_PER_MINUTE} words a minute ({visit.words} words),"
        f" plus {SECONDS_PER_DECISION} s for each click or submission and"
        f" {SECONDS_PER_CHARACTER} s for each character typed ({visit.typed});"
        f" not a measurement of real people.\nWords by page: {visit.pages}"
    )
    assert visit.actions <= MOST_ACTIONS
    assert minutes < 15


def test_a_member_who_does_not_know_their_target_finds_one_through_their_interests(
    page: Page, live_server
):
    member = first_log_in(page, live_server, "Uma Unsure")
    visit = Visit(page)

    visit.type(page.get_by_label("The role you have now"), "receptionist")
    visit.click(page.locator("#current-results label").first)
    visit.click(page.get_by_role("button", name="I don't know my target role yet"))

    expect(page.get_by_role("heading", name="What kind of work would you enjoy?")).to_be_visible()
    visit.read("1a-interests")
    for fieldset, answer in zip(
        page.locator("fieldset.qs-interest").all(), (1, 2, 2, 5, 3, 4), strict=True
    ):
        visit.click(fieldset.locator("label").nth(answer - 1))
    visit.click(page.get_by_role("button", name="See the occupations that fit"))

    expect(page.get_by_role("heading", name="Occupations that fit what you enjoy")).to_be_visible()
    visit.read("1b-fits")
    visit.click(page.locator(".qs-fits label").first)
    visit.click(page.get_by_role("button", name="Aim for this role"))

    expect(page.locator("fieldset.qs-skill").first).to_be_visible()
    assert visit.actions <= 15
    assert CareerDirection.objects.get(member=member).target_code
