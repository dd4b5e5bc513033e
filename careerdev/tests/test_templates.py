import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone

# A valid global date and time string in HTML: at most three fractional digits.
HTML_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$")
# Every datetime attribute a template writes, and what feeds it.
DATETIME_ATTRIBUTE = re.compile(r'datetime="\{\{\s*[^}|]+\|([^}]+?)\s*\}\}"')


def render(source: str, **context: object) -> str:
    return Template("{% load timestamps %}" + source).render(Context(context))


def test_html_datetime_writes_whole_seconds_in_the_zone_the_page_is_shown_in():
    moment = datetime(2026, 3, 8, 17, 46, 29, 875698, tzinfo=UTC)

    with timezone.override(ZoneInfo("America/Los_Angeles")):
        written = render("{{ moment|html_datetime }}", moment=moment)

    assert written == "2026-03-08T10:46:29-07:00"
    assert HTML_DATETIME.match(written)


def test_html_datetime_writes_a_date_as_a_date_and_nothing_for_nothing():
    assert render("{{ day|html_datetime }}", day=date(2026, 5, 1)) == "2026-05-01"
    assert render("[{{ missing|html_datetime }}]", missing=None) == "[]"


def test_every_datetime_attribute_in_the_templates_uses_the_one_filter_or_a_plain_date():
    found = {}
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        for filters in DATETIME_ATTRIBUTE.findall(path.read_text()):
            found[f"{path.name}: {filters}"] = filters

    assert found, "the pattern should find the templates' datetime attributes"
    wrong = [
        where
        for where, filters in found.items()
        if filters not in ("html_datetime", "date:'Y-m-d'")
    ]
    assert not wrong
