from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from plans.ical import BlockEvent, DueEvent, build_feed, first_on_or_after
from plans.vtimezone import vtimezone

LONDON = ZoneInfo("Europe/London")
CHANGED = datetime(2026, 5, 2, 8, 30, tzinfo=UTC)


def test_first_on_or_after_finds_the_next_weekday():
    wednesday = date(2026, 5, 13)

    assert first_on_or_after(wednesday, 2) == wednesday
    assert first_on_or_after(wednesday, 1) == date(2026, 5, 19)


def feed(zone: ZoneInfo = LONDON) -> icalendar.Calendar:
    body = build_feed(
        name="careerdev: Ada",
        zone=zone,
        blocks=[
            BlockEvent(
                "time-block-1", "Study", 1, time(18), time(19), date(2026, 5, 13), CHANGED, 2
            )
        ],
        due=[
            DueEvent(
                "task-7", "Due: Read", date(2026, 5, 20), "Goal\n1 h", "https://x/t", CHANGED, 0
            )
        ],
    )
    return icalendar.Calendar.from_ical(body)


def test_time_blocks_become_weekly_events_in_the_members_zone_and_tasks_all_day_events():
    calendar = feed()

    block, task = calendar.walk("VEVENT")
    assert block["UID"] == "time-block-1@careerdev"
    assert block.decoded("DTSTART") == datetime(2026, 5, 19, 18, tzinfo=LONDON)
    assert block["DTSTART"].params["TZID"] == "Europe/London"
    assert block["RRULE"]["FREQ"] == ["WEEKLY"]
    assert block["RRULE"]["BYDAY"] == ["TU"]
    assert task.decoded("DTSTART") == date(2026, 5, 20)
    assert task.decoded("DTEND") == date(2026, 5, 21)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_each_event_is_stamped_with_its_rows_last_change_and_how_often_it_changed():
    for event, sequence in zip(feed().walk("VEVENT"), (2, 0), strict=True):
        assert event.decoded("DTSTAMP") == CHANGED
        assert event.decoded("LAST-MODIFIED") == CHANGED
        assert event["DTSTAMP"].to_ical() == b"20260502T083000Z"
        assert event["SEQUENCE"] == sequence


def test_the_vtimezone_repeats_yearly_as_the_zones_current_rules_say():
    [timezone] = feed(ZoneInfo("America/Los_Angeles")).walk("VTIMEZONE")

    parts = {part.name: part for part in timezone.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"}
    assert parts["DAYLIGHT"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"
    assert parts["STANDARD"]["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"
    assert parts["DAYLIGHT"]["TZOFFSETFROM"].td == timedelta(hours=-8)
    assert parts["DAYLIGHT"]["TZOFFSETTO"].td == timedelta(hours=-7)
    assert "RDATE" not in parts["DAYLIGHT"]


ZONES = [
    "America/Los_Angeles",  # second Sunday of March, first of November
    "Europe/London",  # last Sunday, at 01:00 UTC
    "Europe/Dublin",  # "standard" time is the summer one
    "Australia/Sydney",  # southern summer, across the new year
    "Pacific/Chatham",  # +12:45 and +13:45
    "Asia/Jerusalem",  # the Friday before the last Sunday: 4th Thursday at 26:00
    "America/Nuuk",  # the Saturday before the last Sunday: at -1:00
    "America/Santiago",  # first Saturday at 24:00
    "Asia/Tokyo",  # no clock changes
]


@pytest.mark.parametrize("key", ZONES)
def test_vobject_reads_the_vtimezone_as_the_zone_itself_for_years_to_come(key):
    zone = ZoneInfo(key)
    calendar = icalendar.Calendar()
    calendar.add_component(vtimezone(key, 2026))
    tzinfo = vobject.readOne(calendar.to_ical().decode()).vtimezone.gettzinfo()

    moment, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC)
    wrong = []
    while moment < end:
        if moment.astimezone(tzinfo).utcoffset() != moment.astimezone(zone).utcoffset():
            wrong.append(moment)
        moment += timedelta(hours=6)
    assert wrong == []
    assert "RDATE" not in vtimezone(key, 2026).to_ical().decode()  # rules, not dated changes


def test_a_zone_whose_changes_follow_no_yearly_rule_gets_its_dated_transitions():
    # Morocco's clocks go back for Ramadan, on dates no yearly rule gives.
    timezone = vtimezone("Africa/Casablanca", 2026)
    zone = timezone.to_tz()

    assert "RRULE" not in timezone.to_ical().decode()
    casablanca = ZoneInfo("Africa/Casablanca")
    for day in range(0, 365 * 3, 5):
        moment = datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=day)
        assert moment.astimezone(zone).utcoffset() == moment.astimezone(casablanca).utcoffset()
