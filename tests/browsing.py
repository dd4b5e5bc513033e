"""Steps browser tests share."""

import re

from playwright.sync_api import Page

LANDED = re.compile(r"/(dashboard|plans/start)/")


def past_quick_start(page: Page) -> None:
    """A new member lands in the quick start after logging in: put it aside, as a person
    who came for something else would, and go on to the dashboard."""
    page.wait_for_url(LANDED)
    if "/plans/start/" in page.url:
        page.get_by_role("button", name="Not now: go to my dashboard").click()
