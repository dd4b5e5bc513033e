import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Answer
from careerdev.tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Questions cycle through R, I, A, S, E, C in turn, so the position says the area.
CHOICES = ("Dislike", "Like", "Strongly like", "Not sure", "Dislike", "Strongly dislike")


def answer(page: Page, fieldsets: list, first_position: int) -> None:
    for offset, fieldset in enumerate(fieldsets):
        choice = CHOICES[(first_position + offset - 1) % 6]
        fieldset.get_by_label(choice, exact=True).check()
        # Saved the moment it is given: the server confirms each answer.
        expect(fieldset.get_by_text("Saved")).to_be_visible()


def test_a_member_takes_the_interest_inventory_leaves_half_way_and_finishes_later(
    page: Page, live_server
):
    member = MemberFactory(display_name="Ida Interest")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Self-assessment").click()
    page.get_by_role("article", name="Interests").get_by_role("button", name="Start").click()

    expect(page.get_by_role("heading", name="Interests", level=1)).to_be_visible()
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(12)
    answer(page, questions.all(), 1)
    expect(page.get_by_text("12 of 48 questions answered")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Page 2 of 4", exact=False).first).to_be_visible()
    answer(page, questions.all()[:6], 13)
    page.close()
    assert Answer.objects.filter(attempt__member=member).count() == 18

    page = page.context.new_page()
    page.goto(f"{live_server.url}/assessments/")
    expect(page.get_by_text("In progress: 18 of 48 answered")).to_be_visible()
    page.get_by_role("article", name="Interests").get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/page/2/$"))
    questions = page.locator("fieldset.question")
    expect(questions.nth(5).get_by_label("Strongly dislike", exact=True)).to_be_checked()
    expect(questions.nth(6).locator("input:checked")).to_have_count(0)
    page.screenshot(path="test-results/assessment-page.png", full_page=True)

    answer(page, questions.all()[6:], 19)
    # Each page is answered only once it has loaded: questions.all() takes the page as it is.
    for page_number, first_position in ((3, 25), (4, 37)):
        page.get_by_role("button", name="Save and continue").click()
        expect(page).to_have_url(re.compile(rf"/page/{page_number}/$"))
        expect(page.get_by_text(f"Page {page_number} of 4", exact=False).first).to_be_visible()
        answer(page, questions.all(), first_position)
    page.get_by_role("button", name="Finish and see my results").click()

    expect(page.get_by_role("heading", name="Interests: your results")).to_be_visible()
    expect(page.get_by_text("Thank you: your results are ready.")).to_be_visible()
    expect(page.locator(".code")).to_have_text("AIS")
    chart = page.get_by_role("img", name="Interests: your results")
    expect(chart).to_be_visible()
    expect(chart.locator("polygon")).to_have_count(5)
    expect(page.get_by_role("row", name=re.compile(r"Artistic 40 of 40 100"))).to_be_visible()
    page.screenshot(path="test-results/assessment-results.png", full_page=True)
