import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_new_person_signs_up_verifies_logs_in_and_out(page: Page, live_server, settings):
    settings.SITE_URL = live_server.url  # e-mailed links use it
    page.goto(live_server.url)
    page.get_by_role("link", name="Create your free account").click()

    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Password", exact=True).fill("analytical-Engine-1843")
    page.get_by_label("Password (again)").fill("analytical-Engine-1843")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Verify your e-mail address")).to_be_visible()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("analytical-Engine-1843")
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Ada Lovelace")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Self-assessment")).to_be_visible()
    page.screenshot(path="test-results/dashboard.png", full_page=True)

    page.get_by_text("Ada Lovelace", exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Take charge of your career")).to_be_visible()
