"""Every main page fits a phone (390 px) and a small tablet (768 px): nothing pans sideways.

The demo member and the demo mentor (what `make run` seeds) visit each page; full-page
screenshots land in test-results/phone/ for a person to look at.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from assessments import services as assessment_services
from assessments.models import Attempt, Instrument
from careerdev.demo import DEMO_ACCOUNTS, demo_accounts_ensure
from careerdev.models import User
from mentoring.demo import demo_mentoring_ensure
from mentoring.models import Mentorship
from plans import services
from plans.models import Goal, Reflection
from plans.periods import Cadence, Period
from plans.seed import seed_demo_assessments, seed_demo_direction, seed_demo_member
from plans.tests.factories import today
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 768, "height": 1024}
SHOTS = Path("test-results/phone")

# The element reaching furthest right, outside anything that scrolls or clips on its own,
# named by a short CSS path so a failure says where to look.
WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  let widest = null, right = limit;
  const walk = (element) => {
    for (const child of element.children) {
      const box = child.getBoundingClientRect();
      if (box.width > 0 && box.right > right + 0.5) { right = box.right; widest = child; }
      if (getComputedStyle(child).overflowX === "visible") walk(child);
    }
  };
  walk(document.body);
  if (widest === null) return "nothing found";
  const name = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].map((c) => "." + c).join("");
  const path = [];
  for (let e = widest; e && e !== document.body && path.length < 4; e = e.parentElement) {
    path.unshift(name(e));
  }
  return `${path.join(" > ")} reaches ${Math.round(right)} px`;
}"""


# Each chart comes in a wide and a narrow layout: exactly one of them may show.
DOUBLED_CHARTS = """() => [...document.querySelectorAll("svg.chart-narrow")]
  .map((narrow) => narrow.parentElement)
  .filter((box) => [...box.querySelectorAll(":scope > svg.chart")]
    .filter((chart) => chart.checkVisibility()).length !== 1)
  .length"""


def account(label: str):
    return next(known for known in DEMO_ACCOUNTS if known.label == label)


def log_in(browser: Browser, live_server, label: str, viewport: dict) -> Page:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    demo = account(label)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(demo.email)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name=f"Hello, {demo.display_name}")).to_be_visible()
    return page


def overflow(page: Page, url: str, name: str, width: int) -> str | None:
    """Visits a page, saves a screenshot and says what sticks out, if anything does."""
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{name}: {url} answered {response.status}"
    page.screenshot(path=SHOTS / f"{width}-{name}.png", full_page=True)
    if doubled := page.evaluate(DOUBLED_CHARTS):
        return f"{name} ({url}) at {width} px: {doubled} chart(s) show both layouts, or neither"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width <= width:
        return None
    return f"{name} ({url}) is {scroll_width} px wide at {width} px: {page.evaluate(WIDEST)}"


def member_pages(member: User) -> dict[str, str]:
    goals = list(Goal.objects.for_member(member).order_by("pk"))
    attempts = {
        a.version.instrument.slug: a for a in Attempt.objects.for_member(member).completed()
    }
    open_attempts = Attempt.objects.for_member(member).in_progress().select_related("instrument")
    monthly, yearly = Reflection.objects.for_member(member).order_by("period_end")
    mentorship = Mentorship.objects.for_member(member).get()
    pages = {
        "dashboard": reverse("dashboard"),
        "quick-start": reverse("plans:quickstart") + "?current=support",
        "quick-start-interests": reverse("plans:quickstart_interests"),
        "quick-start-skills": reverse("plans:quickstart_skills"),
        "profile": reverse("profile"),
        "reminders": reverse("reminder_settings"),
        "email": reverse("account_email"),
        "password": reverse("account_change_password"),
        "two-factor": reverse("mfa_index"),
        "confirm-it-is-you": reverse("account_reauthenticate"),
        "your-data": reverse("your_data"),
        "assessments": reverse("assessments:overview"),
        "assessment-summary": reverse("assessments:summary"),
        "instrument-skills": reverse("assessments:instrument", args=["skills"]),
        "sources-personality": reverse("assessments:sources", args=["personality"]),
        "occupations": reverse("assessments:occupation_list") + "?q=support",
        "occupation": reverse("assessments:occupation", args=["15-1232.00"]),
        "occupations-about": reverse("assessments:occupation_about"),
        "fit": reverse("assessments:fit"),
        "paths": reverse("plans:path_list"),
        "path": reverse("plans:path_detail", args=["support-technician-to-network-architect"]),
        "path-adopt": reverse("plans:path_adopt", args=["support-technician-to-network-architect"]),
        "activities": reverse("plans:activity_list") + "?skill=troubleshooting",
        "activity": reverse("plans:activity_detail", args=["comptia-network-plus"]),
        "goals": reverse("plans:goal_list"),
        "goal-new": reverse("plans:goal_create"),
        "goal-suggestions": reverse("plans:goal_suggestions"),
        "goal-edit": reverse("plans:goal_edit", args=[goals[0].pk]),
        "timeline": reverse("plans:timeline"),
        "schedule": reverse("plans:schedule"),
        "journal": reverse("plans:journal"),
        "wins": reverse("plans:wins"),
        "reflections": reverse("plans:reflection_list"),
        "reflection": monthly.get_absolute_url(),
        "reflection-year": yearly.get_absolute_url(),
        "export": reverse("plans:export"),
        "mentoring": reverse("mentoring:home"),
        "invite": reverse("mentoring:invite"),
        "find-mentor": reverse("mentoring:mentor_find"),
        "mentor": reverse("mentoring:mentor_detail", args=[mentorship.mentor_id]),
        "sharing": reverse("mentoring:sharing_edit", args=[mentorship.pk]),
    }
    for n, goal in enumerate(goals, start=1):
        pages[f"goal-{n}"] = goal.get_absolute_url()
    for slug, attempt in attempts.items():
        pages[f"results-{slug}"] = reverse("assessments:attempt_detail", args=[attempt.pk])
    for attempt in open_attempts:
        pages[f"questions-{attempt.instrument.slug}"] = reverse(
            "assessments:attempt_page", args=[attempt.pk, 1]
        )
    return pages


def mentor_pages(mentor: User) -> dict[str, str]:
    mentorship = Mentorship.objects.for_mentor(mentor).get()
    goal = mentorship.goals.get()
    pages = {
        "dashboard": reverse("dashboard"),
        "mentees": reverse("mentoring:mentor_home"),
        "mentee": reverse("mentoring:mentee_detail", args=[mentorship.pk]),
        "mentee-summary": reverse("mentoring:mentee_summary", args=[mentorship.pk]),
        "shared-goal": reverse("mentoring:shared_goal", args=[goal.pk]),
        "mentor-profile": reverse("mentoring:mentor_profile"),
        "goals-empty": reverse("plans:goal_list"),
        "assessments-empty": reverse("assessments:overview"),
    }
    reflection = Reflection.objects.filter(member=mentorship.member, completed_at__isnull=False)
    if reflection.exists():
        pages["shared-reflection"] = reverse(
            "mentoring:shared_reflection", args=[reflection.first().pk]
        )
    return pages


@pytest.fixture
def demo(db) -> tuple[User, User]:
    member, mentor = demo_accounts_ensure()
    seed_demo_direction(member)
    seed_demo_assessments(member)
    seed_demo_member(member, today=today())
    assert demo_mentoring_ensure()
    # Retakes under way, for the question pages.
    for slug in ("skills", "values"):
        assessment_services.attempt_start(
            member=member, instrument=Instrument.objects.get(slug=slug)
        )
    # This year so far, for the month-by-month charts of a longer reflection.
    services.reflection_open(
        member=member, period=Period.containing(Cadence.YEARLY, today()), today=today()
    )
    return member, mentor


TABLET_PAGES = (
    "dashboard",
    "fit",
    "path",
    "goal-1",
    "results-skills",
    "results-interests",
    "questions-skills",
    "reflection-year",
    "mentee",
    "shared-goal",
)


def test_every_main_page_fits_a_phone_and_a_small_tablet_for_member_and_mentor(
    browser: Browser, live_server, demo
):
    member, mentor = demo
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for label, pages in (("member", member_pages(member)), ("mentor", mentor_pages(mentor))):
        for viewport in (PHONE, TABLET):
            page = log_in(browser, live_server, label, viewport)
            for name, url in pages.items():
                if viewport is TABLET and name not in TABLET_PAGES:
                    continue
                width = viewport["width"]
                problems.append(overflow(page, live_server.url + url, f"{label}-{name}", width))
            page.context.close()
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)


def test_on_a_phone_the_main_menu_opens_and_closes_by_keyboard(browser: Browser, live_server, demo):
    page = log_in(browser, live_server, "member", PHONE)
    menu = page.get_by_role("navigation", name="Main")
    button = menu.get_by_role("button", name="Menu")
    goals = menu.get_by_role("link", name="Goals")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(goals).to_be_hidden()

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(goals).to_be_visible()
    page.screenshot(path=SHOTS / "390-member-menu-open.png")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Dashboard")).to_be_focused()
    page.keyboard.press("Escape")
    expect(goals).to_be_hidden()
    expect(button).to_be_focused()

    page.keyboard.press("Space")
    goals.click()
    expect(page.get_by_role("heading", name="Your goals", level=1)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Goals")
    ).to_be_hidden()
