import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from assessments.models import CareerDirection
from careerdev.models import Delivery
from careerdev.outbox import deliveries_send
from careerdev.tests.factories import PASSWORD, MemberFactory
from mentoring.tests.factories import MentorProfileFactory
from plans.tests.factories import GoalFactory, MilestoneFactory, TaskFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def outbox_link(subject_part: str) -> str:
    (message,) = [m for m in mail.outbox if subject_part in m.subject]
    return re.search(r"https?://\S+/mentoring/join/\S+/", message.body).group(0)


def send_due_notices() -> None:
    """What the beat tick and a worker do once the batching window has passed."""
    Delivery.objects.pending().update(send_after=timezone.now())
    deliveries_send(delivery_ids=list(Delivery.objects.pending().values_list("pk", flat=True)))


def test_a_member_invites_a_new_mentor_who_comments_until_revoked(
    page: Page, browser: Browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    member = MemberFactory(display_name="Dana Member")
    goal = GoalFactory(member=member, title="Move into product management")
    milestone = MilestoneFactory(goal=goal, title="Learn the craft")
    TaskFactory(goal=goal, milestone=milestone, title="Read Inspired")
    GoalFactory(member=member, title="Private side project")

    # The member invites a mentor from the goal page.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{goal.get_absolute_url()}")
    page.get_by_role("link", name="Invite a mentor").click()
    expect(page.get_by_label("Move into product management")).to_be_checked()
    expect(page.get_by_label("Private side project")).not_to_be_checked()
    page.get_by_label("Mentor's e-mail address").fill("morgan@example.org")
    page.get_by_label("A short message").fill("Would you look at my plan to move into product?")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to morgan@example.org.")).to_be_visible()

    # The mentor, in another browser, signs up from the e-mailed link.
    mentor_context = browser.new_context()
    mentor = mentor_context.new_page()
    mentor.set_default_timeout(10_000)
    mentor.goto(outbox_link("invites you to mentor them"))
    expect(
        mentor.get_by_role("heading", name="Dana Member invites you to be their mentor")
    ).to_be_visible()
    mentor.get_by_role("link", name="Create your account as morgan@example.org").click()
    expect(mentor.get_by_label("Email")).to_have_value("morgan@example.org")
    mentor.get_by_label("Your name").fill("Morgan Mentor")
    mentor.get_by_label("Password", exact=True).fill("a-Long-mentor-secret-7")
    mentor.get_by_label("Password (again)").fill("a-Long-mentor-secret-7")
    mentor.get_by_role("button", name="Sign up").click()

    # It lands on the shared goal: read-only, and nothing else of the member's.
    expect(mentor.get_by_role("heading", name="Move into product management")).to_be_visible()
    expect(mentor.get_by_text("Read Inspired")).to_be_visible()
    expect(mentor.get_by_role("link", name="Edit goal")).to_have_count(0)
    expect(mentor.get_by_role("button", name=re.compile("Mark .* done"))).to_have_count(0)
    mentor.get_by_role("link", name="Dana Member").click()
    expect(mentor.get_by_role("link", name="Move into product management")).to_be_visible()
    expect(mentor.get_by_text("Private side project")).to_have_count(0)
    mentor.get_by_role("link", name="Move into product management").click()

    # The mentor comments on a task and on the goal, in place.
    task_thread = mentor.locator(".comment-thread-task")
    task_thread.get_by_text("Comment", exact=True).click()
    task_thread.get_by_label("Your comment").fill("Read chapter 4 first: it is the heart of it.")
    task_thread.get_by_role("button", name="Post comment").click()
    expect(task_thread.get_by_text("Read chapter 4 first: it is the heart of it.")).to_be_visible()
    expect(task_thread.get_by_text("1 comment")).to_be_visible()
    goal_thread = mentor.locator(".comment-thread-goal")
    goal_thread.get_by_label("Your comment").fill("A clear goal. <b>Who</b> will you ask?")
    goal_thread.get_by_role("button", name="Post comment").click()
    expect(goal_thread.get_by_text("A clear goal. <b>Who</b> will you ask?")).to_be_visible()
    mentor.screenshot(path="test-results/mentoring-mentor-shared-goal.png", full_page=True)

    # The member sees the comments on their own goal page, and replies in place.
    page.goto(f"{live_server.url}{goal.get_absolute_url()}")
    member_goal_thread = page.locator(".comment-thread-goal")
    expect(member_goal_thread.get_by_text("A clear goal. <b>Who</b> will you ask?")).to_be_visible()
    expect(page.get_by_text("Read chapter 4 first: it is the heart of it.")).to_be_visible()
    member_goal_thread.get_by_text("Reply", exact=True).click()
    member_goal_thread.get_by_label("Reply to Morgan Mentor").fill("Three product managers I know.")
    member_goal_thread.get_by_role("button", name="Post reply").click()
    expect(member_goal_thread.get_by_text("Three product managers I know.")).to_be_visible()

    # The notices go out as one e-mail each once the batching window has passed.
    send_due_notices()
    (to_member,) = [m for m in mail.outbox if m.to == [member.email]]
    assert to_member.subject == "2 new comments from Morgan Mentor"
    assert "Read chapter 4 first" in to_member.body
    assert any(
        "Three product managers I know." in m.body
        for m in mail.outbox
        if m.to == ["morgan@example.org"]
    )

    # The member revokes the mentor on the sharing page; the mentor's next request is a 404.
    page.get_by_role("link", name="Mentoring").click()
    expect(page.get_by_role("heading", name="Morgan Mentor")).to_be_visible()
    expect(
        page.get_by_text("Goal “Move into product management” and its action plan")
    ).to_be_visible()
    page.screenshot(path="test-results/mentoring-member-sharing.png", full_page=True)
    page.get_by_role("button", name="Revoke the access of Morgan Mentor").click()
    expect(page.get_by_text("Morgan Mentor no longer sees anything of yours.")).to_be_visible()

    response = mentor.reload()
    assert response.status == 404
    mentor_context.close()

    # The mentor's comments stay on the member's goal, attributed.
    page.goto(f"{live_server.url}{goal.get_absolute_url()}")
    expect(page.get_by_text("A clear goal. <b>Who</b> will you ask?")).to_be_visible()
    expect(page.locator(".comment-thread-goal").get_by_text("former mentor").first).to_be_visible()


def wider_than_the_screen(page: Page) -> list[str]:
    """Elements of the page's main content that stick out on the right (the site header's
    menu is left to the header's own tests)."""
    return page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1).map(e => e.tagName + '.' + e.className)"
    )


def test_a_mentor_adds_occupations_as_they_type_and_a_member_aiming_for_one_finds_them(
    page: Page, browser: Browser, live_server
):
    mentor = MemberFactory(display_name="Tomás Mentor", current_role="")
    member = MemberFactory(display_name="Dana Member")
    CareerDirection.objects.create(
        member=member, current_code="15-1232.00", target_code="15-1241.00"
    )
    MentorProfileFactory(
        user=MemberFactory(display_name="Sam Chef"), occupations=["35-1011.00"], expertise=[]
    )

    # The mentor searches the catalogue as they type and adds two occupations.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(mentor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/mentoring/profile/")
    search = page.get_by_label("Find an occupation")
    chosen = page.get_by_role("list", name="Chosen occupations")
    search.press_sequentially("helpdesk", delay=30)
    page.get_by_role("button", name="Add Computer User Support Specialists").click()
    expect(chosen.get_by_label("Computer User Support Specialists")).to_be_checked()
    search.fill("")
    search.press_sequentially("network architect", delay=30)
    page.get_by_role("button", name="Add Computer Network Architects").click()
    expect(chosen.get_by_label("Computer Network Architects")).to_be_checked()
    expect(page.get_by_role("button", name="Add Computer Network Architects")).to_have_count(0)
    page.get_by_label("Troubleshooting", exact=True).check()
    page.screenshot(path="test-results/mentoring-profile-occupations-1280.png", full_page=True)
    page.get_by_role("button", name="Offer to mentor").click()
    expect(page.get_by_text("Members looking for a mentor can now find you.")).to_be_visible()

    # A member aiming for network architecture finds them first, for the occupation held.
    member_context = browser.new_context(viewport={"width": 390, "height": 844})
    seeker = member_context.new_page()
    seeker.set_default_timeout(10_000)
    seeker.goto(f"{live_server.url}/accounts/login/")
    seeker.get_by_label("Email").fill(member.email)
    seeker.get_by_label("Password").fill(PASSWORD)
    seeker.get_by_role("button", name="Log in").click()
    seeker.goto(f"{live_server.url}/mentoring/find/")
    first = seeker.locator(".suggestion").first
    expect(first.get_by_role("heading", name="Tomás Mentor")).to_be_visible()
    expect(
        first.get_by_text("Has worked as Computer Network Architects, the occupation you aim for")
    ).to_be_visible()
    expect(first.get_by_text(re.compile(r"Places: \d+ of \d+ free"))).to_be_visible()
    expect(seeker.locator(".suggestion").last.get_by_text("Nothing in common yet")).to_be_visible()
    seeker.screenshot(path="test-results/mentoring-find-390.png", full_page=True)
    assert wider_than_the_screen(seeker) == []
    seeker.goto(f"{live_server.url}/mentoring/profile/")
    seeker.get_by_label("Find an occupation").press_sequentially("nurse", delay=30)
    expect(seeker.get_by_role("button", name="Add Registered Nurses")).to_be_visible()
    seeker.screenshot(path="test-results/mentoring-profile-occupations-390.png", full_page=True)
    assert wider_than_the_screen(seeker) == []
    member_context.close()
