"""An organisation programme, as its admin and a member live it: the admin creates it, a
member joins through its link and builds a first plan with the quick start, the admin's
counts move (small ones read "fewer than 5"), and the member's request reaches a mentor of
the programme's pool."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from careerdev.models import Delivery
from careerdev.outbox import deliveries_send
from careerdev.tests.factories import PASSWORD, MemberFactory
from mentoring import programmes
from mentoring.models import MentorshipRequest
from mentoring.programme_models import Programme
from mentoring.tests.factories import MentorProfileFactory
from plans.models import Goal
from plans.tests.factories import GoalFactory
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PATH_NAME = "Support technician to network architect"


def log_in(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello", exact=False)).to_be_visible()


def first_plan(page: Page) -> None:
    """The member's first plan, through the quick start the dashboard offers: from the role
    they have and the one they aim for to a saved goal with dated tasks."""
    page.get_by_role("link", name="Dashboard").first.click()
    page.get_by_role("link", name="Start the quick start").click()
    page.get_by_label("The role you have now").press_sequentially("helpdesk analyst")
    page.locator("#current-results").get_by_label(re.compile("Computer User Support")).click()
    page.get_by_label("The role you aim for").press_sequentially("network architect")
    page.locator("#target-results").get_by_label(re.compile("Computer Network Architects")).click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Computer Network Architects")
    for number, skill in enumerate(page.locator("fieldset.qs-skill").all()):
        skill.locator(f"label[for$='-current-{(2, 3, 1)[number % 3]}']").click()
    page.get_by_role("button", name="See my gaps").click()
    page.get_by_label("Hours a week you can give to your plan").fill("4")
    page.get_by_role("button", name="Build my plan").click()
    page.get_by_role("button", name="Save my goal and plan").click()
    expect(page.get_by_text("Your goal is set")).to_be_visible()


def count(page: Page, name: str):
    return page.locator(f'[data-count="{name}"]')


def test_an_admin_runs_a_programme_that_a_member_joins_plans_in_and_finds_a_mentor_through(
    page: Page, browser: Browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    admin = MemberFactory(display_name="Ada Admin")

    # 1. The admin creates the programme and gets its join link.
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server.url}/mentoring/programmes/")
    page.get_by_role("link", name="Start a programme").click()
    page.get_by_label("Name").fill("Data academy")
    page.get_by_label("Guidance").fill(
        "Take the quick start in your first week, then meet your mentor."
    )
    page.get_by_label(PATH_NAME).check()
    page.get_by_role("button", name="Create the programme").click()
    expect(page.get_by_role("heading", name="Joining and admins")).to_be_visible()
    link = page.locator("#join-link").inner_text()

    # Four colleagues are in already, each with a plan; one mentors in the pool.
    programme = Programme.objects.get(name="Data academy")
    code = programme.codes.get().code
    for _ in range(4):
        colleague = MemberFactory()
        programmes.programme_join(member=colleague, code_text=code)
        GoalFactory(member=colleague)
    mentor = MentorProfileFactory(user__display_name="Pia Pool").user
    programmes.programme_join(member=mentor, code_text=code)
    programmes.pool_set(membership=programme.memberships.get(member=mentor), in_pool=True)

    page.get_by_role("link", name="Overview").click()
    expect(count(page, "joined")).to_have_text("6")
    expect(count(page, "planning")).to_have_text("fewer than 5")

    # 2. A member joins through the link (logging in on the way) and builds a first plan.
    member = MemberFactory(display_name="Sam Member")
    member_context = browser.new_context()
    them = member_context.new_page()
    them.set_default_timeout(10_000)
    them.goto(link)
    them.get_by_label("Email").fill(member.email)
    them.get_by_label("Password").fill(PASSWORD)
    them.get_by_role("button", name="Log in").click()
    them.get_by_role("button", name="Join Data academy").click()
    expect(them.get_by_role("heading", name="Data academy")).to_be_visible()
    expect(them.get_by_text("Take the quick start in your first week")).to_be_visible()
    first_plan(them)
    goal = Goal.objects.filter(member=member).active().get()
    assert goal.tasks.filter(due_date__isnull=False).count() >= 3

    # 3. The admin sees the counts move; what is still small still reads "fewer than 5".
    page.reload()
    expect(count(page, "joined")).to_have_text("7")
    expect(count(page, "planning")).to_have_text("5")
    expect(count(page, "assessed")).to_have_text("fewer than 5")
    expect(page.get_by_text("Sam Member")).to_have_count(0)

    # 4. The member finds the pool's mentor first and asks them; the mentor is told.
    them.goto(f"{live_server.url}/mentoring/find/")
    expect(
        them.get_by_text("Mentors from the mentor pool of Data academy come first")
    ).to_be_visible()
    first = them.locator(".mentor-suggestions > li").first
    expect(first).to_contain_text("Pia Pool")
    first.get_by_role("link", name="Ask Pia Pool to mentor you").click()
    them.get_by_label("Your message").fill("I joined Data academy and would value your eye.")
    them.get_by_role("button", name="Send the request").click()
    expect(them.get_by_text("I joined Data academy and would value your eye.")).to_be_visible()
    assert MentorshipRequest.objects.filter(member=member, mentor=mentor).exists()

    Delivery.objects.pending().update(send_after=timezone.now())
    deliveries_send(delivery_ids=list(Delivery.objects.pending().values_list("pk", flat=True)))
    (notice,) = [m for m in mail.outbox if m.to == [mentor.email]]
    assert notice.subject.endswith("Sam Member asks you to mentor them")
    member_context.close()
