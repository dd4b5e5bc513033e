import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, CareerDirection
from careerdev.tests.factories import PASSWORD, MemberFactory
from plans.models import Goal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_finds_their_target_role_as_they_type_and_the_skills_assessment_starts_from_it(
    page: Page, live_server
):
    member = MemberFactory(display_name="Sam Support", target_role="")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explore").click()

    # Results follow the typing, without a press of the button.
    page.get_by_label("Job title").fill("network architect")
    results = page.locator("#occupation-results")
    expect(results.get_by_text("1 occupation matches “network architect”")).to_be_visible()
    # The address keeps the search, so it can be shared or reloaded.
    expect(page).to_have_url(re.compile(r"/assessments/occupations/\?q=network(%20|\+)architect"))
    results.get_by_role("link", name="Computer Network Architects").click()

    expect(page.get_by_role("heading", name="Computer Network Architects", level=1)).to_be_visible()
    expect(page.get_by_text("our estimate", exact=True)).to_be_visible()
    page.screenshot(path="test-results/occupation-page.png", full_page=True)
    page.get_by_role("button", name="Set as my target role").click()
    expect(page.get_by_text("Computer Network Architects is now your target role.")).to_be_visible()
    assert CareerDirection.objects.get(member=member).target_code == "15-1241.00"

    page.goto(f"{live_server.url}/assessments/skills/")
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("Your target role is Computer Network Architects.")).to_be_visible()
    prefilled = page.get_by_text("From Computer Network Architects: its typical level")
    expect(prefilled.first).to_be_visible()
    assert not Answer.objects.filter(attempt__member=member).exists()

    for fieldset in page.locator("fieldset.question").all():
        if fieldset.locator("input:checked").count() == 0:
            fieldset.get_by_label("Capable", exact=False).check()
            expect(fieldset.get_by_text("Saved")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Page 2 of 5").first).to_be_visible()
    assert Answer.objects.filter(attempt__member=member).count() == 10


def test_a_support_technician_aims_for_network_architect_and_adopts_the_path_there(
    page: Page, live_server
):
    member = MemberFactory(display_name="Tess Tech", current_role="", target_role="")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # 1. Search for the job they do now, and find a path from it to the role they want.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explore").click()
    page.get_by_label("Job title").fill("support technician")
    results = page.locator("#occupation-results")
    results.get_by_role("link", name="Computer User Support Specialists").click()
    page.get_by_role("button", name="This is my current role").click()
    page.get_by_role("link", name="Support technician to network architect").click()
    page.get_by_role("button", name="Set Computer Network Architects as my target role").click()
    expect(page.get_by_text("Computer Network Architects is now your target role.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Support technician to network architect")
    ).to_be_visible()
    direction = CareerDirection.objects.get(member=member)
    assert (direction.current_code, direction.target_code) == ("15-1232.00", "15-1241.00")

    # 2. The skills assessment starts from the target role's levels; they rate themselves.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Self-assessment").click()
    page.get_by_role("article", name="Skills").get_by_role("button", name="Start").click()
    expect(page.get_by_text("Your target role is Computer Network Architects.")).to_be_visible()
    prefilled_targets = 0
    for number in range(1, 6):
        expect(page.get_by_text(f"Page {number} of 5").first).to_be_visible()
        for fieldset in page.locator("fieldset.question").all():
            if fieldset.locator("input:checked").count():
                prefilled_targets += 1
                continue
            fieldset.get_by_label("Developing", exact=False).check()
            expect(fieldset.get_by_text("Saved")).to_be_visible()
        name = "Save and continue" if number < 5 else "Finish and see my results"
        page.get_by_role("button", name=name).click()
    assert prefilled_targets >= 5
    expect(page.get_by_text("Computer Network Architects").first).to_be_visible()

    # 3. The occupations that fit them.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Explore").click()
    page.get_by_role("navigation", name="Explore careers").get_by_role(
        "link", name="Fit for me"
    ).click()
    expect(page.locator("li.fit").first).to_be_visible()
    page.screenshot(path="test-results/direction-fit.png", full_page=True)

    # 4. Adopt the path, through its preview.
    page.get_by_role("navigation", name="Explore careers").get_by_role(
        "link", name="Career paths"
    ).click()
    page.get_by_role("link", name="Support technician to network architect").first.click()
    page.get_by_role("link", name="Adopt this path").first.click()
    expect(page.get_by_role("heading", name="Stage 4: Network architect")).to_be_visible()
    page.get_by_role("button", name="Confirm and set this goal").click()

    # 5. A goal with a milestone per stage and dated tasks.
    plan = page.locator("#action-plan")
    expect(plan.locator(".milestone")).to_have_count(4)
    page.screenshot(path="test-results/direction-adopted-goal.png", full_page=True)
    goal = Goal.objects.get(member=member)
    assert goal.path_slug == "support-technician-to-network-architect"
    assert goal.milestones.count() == 4
    tasks = list(goal.tasks.all())
    assert len(tasks) >= 4
    assert all(task.due_date >= goal.start_date for task in tasks)
