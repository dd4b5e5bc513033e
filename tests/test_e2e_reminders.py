import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from careerdev.models import Delivery, ReminderSchedule
from careerdev.outbox import deliveries_send
from careerdev.reminders import reminders_sweep
from careerdev.tests.conftest import make_due
from careerdev.tests.factories import PASSWORD, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_sets_reminders_and_stops_one_from_the_email(
    page: Page, live_server, browser: Browser, settings
):
    settings.SITE_URL = live_server.url
    member = MemberFactory(display_name="Grace Hopper", time_zone="America/New_York")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_text("Grace Hopper", exact=True).click()
    page.get_by_role("link", name="Reminders and e-mails").click()
    expect(page.get_by_role("heading", name="Reminders and e-mails")).to_be_visible()
    quarterly = page.get_by_role("group", name="Quarterly")
    quarterly.get_by_label("Remind me to reflect every quarter").check()
    quarterly.get_by_label("Months").select_option(label="March, June, September and December")
    quarterly.get_by_label("Day of the month").select_option(label="31st")
    quarterly.get_by_label("Time").select_option(label="18:00")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    expect(quarterly.get_by_text(re.compile(r"Next: \w+ 3[01] \w+ \d{4}, 18:00\."))).to_be_visible()
    page.screenshot(path="test-results/reminder_settings.png", full_page=True)

    page.get_by_role("link", name="Dashboard").click()
    refinement = page.get_by_role("article", name="5. Refinement")
    expect(refinement.get_by_role("link", name=re.compile(r"^Reflect on "))).to_be_visible()
    expect(
        refinement.get_by_text("on the 31st of March, June, September and December")
    ).to_be_visible()

    # The monthly reminder comes due and goes out; its link works without logging in.
    make_due(member)
    reminders_sweep()
    deliveries_send(delivery_ids=Delivery.objects.values_list("pk", flat=True))
    [message] = mail.outbox
    link = re.search(r"Stop monthly reflection reminders: (\S+)", message.body).group(1)

    visitor_context = browser.new_context()
    visitor = visitor_context.new_page()
    visitor.goto(link)
    expect(
        visitor.get_by_role("heading", name="Stop monthly reflection reminders?")
    ).to_be_visible()
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    visitor.screenshot(path="test-results/unsubscribe.png", full_page=True)
    visitor_context.close()
    assert not ReminderSchedule.objects.get(member=member, topic="reflection-monthly").enabled
