import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from assessments.models import Item
from assessments.tests.factories import completed_attempt
from careerdev.tests.factories import PASSWORD, MemberFactory
from plans.models import Goal, Task
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PATH = "support-technician-to-network-architect"


def log_in(page: Page, live_server):
    member = MemberFactory(display_name="Sam Okafor")

    def support_desk(item: Item) -> int:
        current = 2 if item.area.slug in ("troubleshooting", "systems-analysis") else 3
        return current if item.facet == "current" else 4

    completed_attempt(member, "skills", support_desk)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Sam Okafor")).to_be_visible()
    return member


def test_a_member_adopts_a_path_after_editing_its_preview_then_adds_and_undoes_an_activity(
    page: Page, live_server
):
    member = log_in(page, live_server)

    # Find the path by field, and see where they stand against its first stage.
    page.goto(f"{live_server.url}{reverse('plans:path_list')}")
    page.get_by_role("link", name="Technical").click()
    page.get_by_role("link", name="Support technician to network architect").click()
    first_stage = page.locator(".stage").first
    expect(first_stage).to_contain_text("Computer User Support Specialists")
    expect(first_stage).to_contain_text("Short: Troubleshooting by 2 levels")

    # The preview: edit the goal, leave one task out, confirm.
    page.get_by_role("link", name="Adopt this path").first.click()
    expect(page.get_by_role("heading", name="Stage 4: Network architect")).to_be_visible()
    assert not Goal.objects.filter(member=member).exists()
    page.get_by_label("Goal", exact=True).fill("Network architect by 2036")
    stage_one = page.locator(".adopt-stage").first
    left_out = stage_one.locator(".adopt-task").nth(1)
    left_out_title = left_out.get_by_label("Task").input_value()
    left_out.get_by_label("Keep").uncheck()
    page.get_by_role("button", name="Confirm and set this goal").click()

    expect(page.get_by_role("heading", name="Network architect by 2036")).to_be_visible()
    expect(page.locator(".goal-path")).to_contain_text("Support technician to network architect")
    expect(page.locator("#action-plan .milestone")).to_have_count(4)
    expect(page.locator("#action-plan")).not_to_contain_text(left_out_title)
    goal = Goal.objects.get(member=member)

    # Adopting the same path again asks first.
    page.goto(f"{live_server.url}{reverse('plans:path_adopt', args=[PATH])}")
    expect(page.get_by_role("heading", name="You already follow this path")).to_be_visible()

    # The library, filtered as the member picks a skill; one click adds, one undoes.
    page.goto(f"{live_server.url}{reverse('plans:activity_list')}")
    page.get_by_label("Skill it builds").select_option(label="Negotiation")
    expect(page).to_have_url(
        f"{live_server.url}{reverse('plans:activity_list')}?skill=negotiation&type=&cost="
    )
    card = page.locator(".activity-card").first
    name = card.get_by_role("heading").inner_text()
    card.get_by_role("button", name="Add to goal").click()
    expect(card).to_contain_text("Added to “Network architect by 2036”")
    task = Task.objects.live().get(goal=goal, title=name)
    card.get_by_role("button", name="Undo").click()
    expect(card).to_contain_text("Removed from “Network architect by 2036”")
    task.refresh_from_db()
    assert task.deleted_at is not None
