import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer, CareerDirection
from careerdev.tests.factories import PASSWORD, MemberFactory

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
