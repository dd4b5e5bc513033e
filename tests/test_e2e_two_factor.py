from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from careerdev.tests.factories import PASSWORD, MemberFactory
from tests.browsing import past_quick_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page, name: str) -> None:
    page.get_by_text(name, exact=True).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Take charge of your career")).to_be_visible()


def test_a_member_turns_on_two_factor_sign_in_then_logs_in_with_a_code_or_a_recovery_code(
    page: Page, live_server
):
    member = MemberFactory(display_name="Ada Byron")
    log_in(page, live_server.url, member.email)

    page.get_by_text("Ada Byron", exact=True).click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.screenshot(path="test-results/two_factor_activate.png", full_page=True)
    app = pyotp.TOTP(page.get_by_label("Setup key").input_value())
    page.get_by_label("Code from the app").fill("000000" if app.now() != "000000" else "111111")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    page.get_by_label("Code from the app").fill(app.now())
    page.get_by_role("button", name="Turn on").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    recovery_codes = page.get_by_label("Unused codes").input_value().split()
    assert len(recovery_codes) == 10
    page.screenshot(path="test-results/two_factor_recovery_codes.png", full_page=True)
    log_out(page, "Ada Byron")

    # The next code: one code lets a person in once.
    with time_machine.travel(timezone.now() + timedelta(seconds=30), tick=True):
        log_in(page, live_server.url, member.email)
        expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
        page.get_by_label("Code").fill(app.now())
        page.get_by_role("button", name="Log in").click()
        past_quick_start(page)
        expect(page.get_by_role("heading", name="Hello, Ada Byron")).to_be_visible()
        log_out(page, "Ada Byron")

    log_in(page, live_server.url, member.email)
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Log in").click()
    past_quick_start(page)
    expect(page.get_by_role("heading", name="Hello, Ada Byron")).to_be_visible()
    log_out(page, "Ada Byron")

    log_in(page, live_server.url, member.email)
    page.get_by_label("Code").fill(recovery_codes[0])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
