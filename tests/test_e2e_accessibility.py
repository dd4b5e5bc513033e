"""Every main page passes axe-core with no serious or critical violation, at 1280 px and at
390 px: the demo member's and the demo mentor's pages, and the log-in and sign-up pages.

axe-core comes inside axe-playwright-python (no CDN); it is injected into each page after it
has loaded. A summary per page is written to test-results/axe.txt for a person to read.
"""

import time
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.test_e2e_phone import demo, log_in, member_pages, mentor_pages  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SERIOUS = {"serious", "critical"}
REPORT = Path("test-results/axe.txt")
VISITOR_PAGES = {"login": "/accounts/login/", "sign-up": "/accounts/signup/"}

AXE = Axe()


def detail(node: dict) -> str:
    """A contrast failure's colours and ratio, so the fix can be chosen from the message."""
    for check in node.get("any", []):
        data = check.get("data") or {}
        if isinstance(data, dict) and "contrastRatio" in data:
            return f" ({data['fgColor']} on {data['bgColor']}: {data['contrastRatio']})"
    return ""


def problems_on(page: Page, url: str, name: str, report: list[str]) -> list[str]:
    """Visits a page, runs axe on it and names each serious or critical violation."""
    response = page.goto(url)
    assert response is not None
    assert response.ok, f"{name}: {url} answered {response.status}"
    started = time.monotonic()
    violations = AXE.run(page).response["violations"]
    took = time.monotonic() - started
    minor = [v["id"] for v in violations if v["impact"] not in SERIOUS]
    found = []
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            continue
        targets = [
            ", ".join(map(str, node["target"])) + detail(node) for node in violation["nodes"][:3]
        ]
        found.append(
            f"{name} ({url}): {violation['impact']} {violation['id']}: {violation['help']}"
            f" at {'; '.join(targets)}"
        )
    report.append(
        f"{name:<40} {len(found)} serious/critical, minor: {', '.join(minor) or 'none'}"
        f" ({took:.1f} s)"
    )
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_every_main_page_has_no_serious_accessibility_violation(
    browser: Browser,
    live_server,
    demo,  # noqa: F811
    viewport: dict,
):
    member, mentor = demo
    width = viewport["width"]
    report: list[str] = [f"# {width} px"]
    problems: list[str] = []

    visitor = browser.new_context(viewport=viewport).new_page()
    for name, url in VISITOR_PAGES.items():
        problems += problems_on(visitor, live_server.url + url, f"visitor-{name}", report)
    visitor.context.close()
    for label, pages in (("member", member_pages(member)), ("mentor", mentor_pages(mentor))):
        page = log_in(browser, live_server, label, viewport)
        for name, url in pages.items():
            problems += problems_on(page, live_server.url + url, f"{label}-{name}", report)
        page.context.close()

    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as out:
        out.write("\n".join(report) + "\n")
    assert len(report) > 40, "too few pages checked"
    assert not problems, "\n".join(problems)
