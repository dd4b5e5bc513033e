"""The sweep, the outbox and sending, run in-process (the workers' part is called directly)."""

import smtplib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careerdev import notifications
from careerdev.models import Delivery, EmailOptOut, ReminderSchedule, Topic
from careerdev.outbox import (
    CLAIM_EXPIRES,
    MAX_ATTEMPTS,
    REDISPATCH_AFTER,
    _send_one,
    deliveries_send,
    delivery_send,
)
from careerdev.reminders import (
    ScheduleSetting,
    delivery_schedule,
    reminder_preferences_update,
    reminders_sweep,
)
from careerdev.services import profile_update
from careerdev.tests.conftest import broker_unreachable, make_due
from careerdev.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

NOTE = "test_note"


def note_render(delivery: Delivery) -> notifications.Email | None:
    """A stand-in for an app's renderer: one line per merged item, one query for the member."""
    notes = [item["text"] for item in delivery.items]
    if not notes:
        return None
    return notifications.Email(
        subject=f"{len(notes)} new notes",
        template="emails/notice",
        reason="You get notes because a test asked for them.",
        context={"heading": "Notes", "paragraphs": notes},
    )


@pytest.fixture
def note_kind():
    notifications.register(NOTE, note_render, topic=Topic.MENTOR_COMMENTS)
    yield NOTE
    notifications.unregister(NOTE)


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


# New members and their schedules


def test_a_new_member_gets_a_monthly_reflection_reminder_on_the_1st_at_nine_local():
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=UTC), tick=False):
        member = MemberFactory(time_zone="Asia/Tokyo")

    schedule = ReminderSchedule.objects.get(member=member)
    assert (schedule.topic, schedule.enabled, schedule.day, schedule.hour) == (
        "reflection-monthly",
        True,
        1,
        9,
    )
    # 1 July 09:00 in Tokyo (UTC+9) is 00:00 UTC.
    assert schedule.next_run_at == datetime(2026, 7, 1, 0, tzinfo=UTC)


def test_signing_up_schedules_the_default_reminder_in_the_zone_chosen_on_the_form(client):
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=UTC), tick=False):
        client.post(
            reverse("account_signup"),
            {
                "email": "new.person@example.com",
                "display_name": "New Person",
                "time_zone": "Australia/Sydney",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    schedule = ReminderSchedule.objects.get(member__email="new.person@example.com")
    # 1 July 09:00 AEST (UTC+10) is 30 June 23:00 UTC.
    assert schedule.next_run_at == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_changing_time_zone_moves_the_next_reminder_to_the_new_zone(member):
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=UTC), tick=False):
        profile_update(
            user=member,
            display_name="Ada",
            time_zone="America/Los_Angeles",
            current_role="",
            target_role="",
        )

    # 1 July 09:00 PDT (UTC-7) is 16:00 UTC.
    assert member.reminder_schedules.get().next_run_at == datetime(2026, 7, 1, 16, tzinfo=UTC)


def test_saving_preferences_schedules_each_enabled_cadence_and_clears_the_others(member):
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=UTC), tick=False):
        reminder_preferences_update(
            member=member,
            schedules={
                Topic.REFLECTION_MONTHLY: ScheduleSetting(False, 1, 9),
                Topic.REFLECTION_QUARTERLY: ScheduleSetting(True, 31, 18, month=1),
                Topic.WEEKLY_DIGEST: ScheduleSetting(True, 4, 16),
            },
            mentor_comments=False,
        )

    schedules = {s.topic: s for s in member.reminder_schedules.all()}
    assert schedules["reflection-monthly"].next_run_at is None
    # Quarterly on the 31st: July has one; 18:00 BST is 17:00 UTC.
    assert schedules["reflection-quarterly"].next_run_at == datetime(2026, 7, 31, 17, tzinfo=UTC)
    # Friday 12 June 2026 at 16:00 BST.
    assert schedules["weekly-digest"].next_run_at == datetime(2026, 6, 12, 15, tzinfo=UTC)
    assert EmailOptOut.objects.filter(member=member, topic=Topic.MENTOR_COMMENTS).exists()


# The sweep


def test_the_sweep_records_one_delivery_per_due_reminder_and_moves_the_schedule_on(due_member):
    now = timezone.now()

    result = reminders_sweep(now=now)

    delivery = Delivery.objects.get()
    schedule = due_member.reminder_schedules.get()
    assert result.scheduled == 1
    assert (delivery.member, delivery.kind, delivery.topic, delivery.status) == (
        due_member,
        "reflection_reminder",
        "reflection-monthly",
        "pending",
    )
    assert delivery.occurrence < now < schedule.next_run_at
    # The 1st of next month, 09:00 in New York.
    local = schedule.next_run_at.astimezone(due_member.zone)
    assert (local.day, local.hour, local.minute) == (1, 9, 0)
    assert delivery.dispatch_at == now + REDISPATCH_AFTER


def test_a_second_sweep_finds_nothing_more(due_member):
    reminders_sweep()
    result = reminders_sweep()

    assert result.scheduled == 0
    assert Delivery.objects.count() == 1


def test_schedules_not_yet_due_or_turned_off_are_left_alone(member, other_member):
    make_due(other_member)
    ReminderSchedule.objects.filter(member=other_member).update(enabled=False, next_run_at=None)

    assert reminders_sweep().scheduled == 0
    assert not Delivery.objects.exists()


def test_reminders_missed_for_months_are_sent_once_and_the_schedule_moves_past_now(member):
    make_due(member, minutes_ago=60 * 24 * 95)

    reminders_sweep()

    assert Delivery.objects.count() == 1
    assert member.reminder_schedules.get().next_run_at > timezone.now()


def test_an_occurrence_already_recorded_is_not_recorded_twice(due_member):
    schedule = due_member.reminder_schedules.get()
    Delivery.objects.create(
        kind="reflection_reminder",
        member=due_member,
        schedule=schedule,
        occurrence=schedule.next_run_at,
        send_after=schedule.next_run_at,
    )

    result = reminders_sweep()

    assert result.scheduled == 1
    assert Delivery.objects.count() == 1
    schedule.refresh_from_db()
    assert schedule.next_run_at > timezone.now()


def test_the_sweep_works_in_batches(db):
    members = MemberFactory.create_batch(7)
    for member in members:
        make_due(member)

    assert reminders_sweep(batch_size=3).scheduled == 7
    assert Delivery.objects.count() == 7


def test_the_sweep_queues_again_deliveries_whose_task_was_lost(due_member):
    reminders_sweep()
    Delivery.objects.update(dispatch_at=timezone.now() - timedelta(minutes=1))

    result = reminders_sweep()

    assert result.dispatched == 1
    assert Delivery.objects.get().dispatch_at > timezone.now()


def test_with_the_broker_down_a_sweep_raises_nothing_and_leaves_the_delivery_for_the_next_tick(
    due_member, django_capture_on_commit_callbacks
):
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        result = reminders_sweep()

    delivery = Delivery.objects.get()
    assert result.scheduled == 1
    assert delivery.status == "pending"
    assert delivery.dispatch_at <= timezone.now()
    assert reminders_sweep().dispatched == 1


# Sending


def test_sending_renders_both_parts_with_the_reason_and_an_unsubscribe_link(due_member):
    reminders_sweep()
    delivery = Delivery.objects.get()

    outcome = delivery_send(delivery_id=delivery.pk)

    assert outcome == "sent"
    [message] = mail.outbox
    assert message.to == [due_member.email]
    assert message.subject == "Time for your monthly reflection"
    assert "on the 1st of each month at 09:00 (America/New_York time)" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert "/dashboard/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.dispatch_at) == ("sent", None)
    assert delivery.sent_at is not None


def test_a_delivery_is_sent_once_however_often_its_task_runs(due_member):
    reminders_sweep()
    delivery = Delivery.objects.get()

    outcomes = [delivery_send(delivery_id=delivery.pk) for _ in range(3)]

    assert outcomes == ["sent", "not claimed", "not claimed"]
    assert len(mail.outbox) == 1


def test_each_email_is_marked_sent_before_the_next_is_claimed(db, note_kind, settings):
    settings.MAILERS = {"default": {"BACKEND": "careerdev.tests.test_reminders.PeekingMailer"}}
    members = MemberFactory.create_batch(3)
    ids = [delivery_schedule(kind=note_kind, member=m, item={"text": "hi"}).pk for m in members]

    deliveries_send(delivery_ids=ids)

    # What the database said as each e-mail was handed over: a worker killed then would have
    # left every earlier one marked.
    assert PeekingMailer.seen == [
        {ids[0]: "sending", ids[1]: "pending", ids[2]: "pending"},
        {ids[0]: "sent", ids[1]: "sending", ids[2]: "pending"},
        {ids[0]: "sent", ids[1]: "sent", ids[2]: "sending"},
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


class PeekingMailer(LocmemBackend):
    seen: list[dict[int, str]] = []

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        PeekingMailer.seen = []

    def send_messages(self, messages: list) -> int:
        PeekingMailer.seen.append(dict(Delivery.objects.values_list("pk", "status")))
        return super().send_messages(messages)


def test_the_message_id_is_chosen_at_the_first_claim_and_is_the_emails_own(
    member, note_kind, settings
):
    delivery = delivery_schedule(kind=note_kind, member=member, item={"text": "hi"})
    assert delivery.message_id == ""

    delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    [message] = mail.outbox
    assert delivery.message_id.startswith("<")
    assert delivery.message_id.endswith(f"@{settings.EMAIL_MESSAGE_ID_DOMAIN}>")
    assert message.message()["Message-ID"] == delivery.message_id


def test_a_claim_left_by_a_worker_that_died_goes_again_under_its_message_id_once_it_expires(
    due_member,
):
    reminders_sweep()
    delivery = Delivery.objects.get()
    # A worker claimed it, may have sent it, and was killed before marking it sent.
    claimed_at = timezone.now()
    Delivery.objects.update(
        status="sending", claimed_at=claimed_at, attempts=1, message_id="<first@careerdev.test>"
    )

    assert delivery_send(delivery_id=delivery.pk) == "not claimed"
    assert reminders_sweep().reclaimed == 0  # its worker may still be sending it

    result = reminders_sweep(now=claimed_at + CLAIM_EXPIRES + timedelta(seconds=1))

    assert (result.reclaimed, result.dispatched, result.given_up) == (1, 1, 0)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    [message] = mail.outbox
    assert message.message()["Message-ID"] == "<first@careerdev.test>"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_a_claim_that_goes_stale_after_every_attempt_is_given_up_and_reported(due_member):
    reminders_sweep()
    Delivery.objects.update(
        status="sending",
        claimed_at=timezone.now() - CLAIM_EXPIRES - timedelta(seconds=1),
        attempts=MAX_ATTEMPTS,
    )
    out = StringIO()

    call_command("reminders_sweep", stdout=out)

    assert "0 stale claims sent again under the same Message-ID, 1 stale claims given up" in (
        out.getvalue()
    )
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.dispatch_at) == ("failed", None)
    assert "may have gone out" in delivery.last_error


def test_a_stale_batch_goes_back_although_a_new_batch_opened_under_its_key(member, note_kind):
    first = delivery_schedule(kind=note_kind, member=member, item={"text": "a"}, batch_key="k")
    Delivery.objects.update(status="sending", claimed_at=timezone.now() - timedelta(hours=1))
    second = delivery_schedule(kind=note_kind, member=member, item={"text": "b"}, batch_key="k")
    assert second.pk != first.pk

    assert reminders_sweep().reclaimed == 1

    assert delivery_send(delivery_id=first.pk) == "sent"
    assert delivery_send(delivery_id=second.pk) == "sent"
    first_email, second_email = mail.outbox
    assert ("a" in first_email.body.split(), "b" in second_email.body.split()) == (True, True)


def test_a_reminder_turned_off_after_it_was_queued_is_skipped(due_member):
    reminders_sweep()
    ReminderSchedule.objects.update(enabled=False, next_run_at=None)

    assert delivery_send(delivery_id=Delivery.objects.get().pk) == "skipped"
    assert mail.outbox == []


def test_nothing_is_sent_to_an_unverified_address(due_member):
    EmailAddress.objects.filter(user=due_member).update(verified=False)
    reminders_sweep()

    assert delivery_send(delivery_id=Delivery.objects.get().pk) == "skipped"
    assert mail.outbox == []


def test_nothing_is_sent_to_a_closed_account(due_member):
    due_member.is_active = False
    due_member.save()
    reminders_sweep()

    assert delivery_send(delivery_id=Delivery.objects.get().pk) == "skipped"


@pytest.fixture
def digest_kind_saved() -> Iterator[None]:
    """Whatever an app registered for the weekly digest, put back after the test."""
    saved = (
        notifications.get("weekly_digest") if notifications.is_registered("weekly_digest") else None
    )
    yield
    if saved is None:
        notifications.unregister("weekly_digest")
    else:
        notifications.register(saved.key, saved.render, topic=saved.topic, replace=True)


@pytest.mark.usefixtures("digest_kind_saved")
def test_a_kind_nobody_registered_fails_with_a_reason(member):
    notifications.unregister("weekly_digest")
    reminder_preferences_update(
        member=member,
        schedules={Topic.WEEKLY_DIGEST: ScheduleSetting(True, 0, 8)},
        mentor_comments=True,
    )
    ReminderSchedule.objects.filter(topic="weekly-digest").update(
        next_run_at=timezone.now() - timedelta(minutes=1)
    )
    assert not notifications.is_registered("weekly_digest")
    reminders_sweep()

    delivery = Delivery.objects.get(kind="weekly_digest")
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert "weekly_digest" in delivery.last_error


@pytest.mark.usefixtures("digest_kind_saved")
def test_the_weekly_digest_goes_out_through_the_renderer_an_app_registers(member):
    def digest(delivery: Delivery) -> notifications.Email:
        return notifications.Email(
            subject="Your week",
            template="emails/notice",
            reason="You asked for a weekly digest.",
            context={"heading": "This week", "paragraphs": ["2 tasks due, 1 overdue."]},
        )

    notifications.register("weekly_digest", digest, replace=True)
    try:
        reminder_preferences_update(
            member=member,
            schedules={Topic.WEEKLY_DIGEST: ScheduleSetting(True, 0, 8)},
            mentor_comments=True,
        )
        ReminderSchedule.objects.filter(topic="weekly-digest").update(
            next_run_at=timezone.now() - timedelta(minutes=1)
        )
        reminders_sweep()
        deliveries_send(delivery_ids=Delivery.objects.values_list("pk", flat=True))
    finally:
        notifications.unregister("weekly_digest")

    [message] = mail.outbox
    assert message.subject == "Your week"
    assert "2 tasks due, 1 overdue." in message.body
    assert "Stop the weekly digest" in message.body


def test_a_message_the_mail_server_refuses_is_retried_later_then_given_up(due_member, settings):
    settings.MAILERS = {"default": {"BACKEND": "careerdev.tests.test_reminders.RefusingMailer"}}
    reminders_sweep()
    delivery = Delivery.objects.get()

    assert delivery_send(delivery_id=delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.dispatch_at > timezone.now()
    assert "Try again later" in delivery.last_error

    for _ in range(MAX_ATTEMPTS - 1):
        Delivery.objects.update(status="pending")
        outcome = delivery_send(delivery_id=delivery.pk)
    assert outcome == "failed"


def test_with_the_mail_server_gone_the_delivery_goes_back_and_its_task_is_told_to_retry(
    due_member, settings
):
    working = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "careerdev.tests.test_reminders.BrokenMailer"}}
    reminders_sweep()
    delivery = Delivery.objects.get()

    with pytest.raises(ConnectionError):
        delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "SMTP is down" in delivery.last_error
    settings.MAILERS = working
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert mail.outbox[0].message()["Message-ID"] == delivery.message_id


class BrokenMailer:
    error: Exception = ConnectionError("SMTP is down")

    def __init__(self, **kwargs: object) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def send_messages(self, messages: list) -> int:
        raise self.error


class RefusingMailer(BrokenMailer):
    error = smtplib.SMTPDataError(451, b"Try again later")


def test_two_queries_per_email_plus_one_per_batch(db, note_kind):
    def queries_for(count: int) -> int:
        Delivery.objects.all().delete()
        members = MemberFactory.create_batch(count)
        ids = [
            delivery_schedule(kind=note_kind, member=member, item={"text": "hi"}).pk
            for member in members
        ]
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as captured:
            deliveries_send(delivery_ids=ids)
        assert len(mail.outbox) == count
        return len(captured)

    # Load all; claim each, and mark each sent.
    assert queries_for(1) == 3
    assert queries_for(25) == 51


def test_a_notice_merged_after_the_worker_loaded_the_batch_is_not_lost(member, note_kind):
    delivery = delivery_schedule(
        kind=note_kind, member=member, item={"text": "first"}, batch_key="k"
    )
    stale = Delivery.objects.get(pk=delivery.pk)
    delivery_schedule(kind=note_kind, member=member, item={"text": "second"}, batch_key="k")

    assert _send_one(stale, mailer=None) == "sent"

    [message] = mail.outbox
    assert "first" in message.body
    assert "second" in message.body


# One-off and batched e-mails


def test_a_burst_of_notices_with_one_batch_key_becomes_one_email(member, note_kind):
    later = timezone.now() + timedelta(minutes=10)
    for text in ("First comment", "Second comment", "Third comment"):
        delivery_schedule(
            kind=note_kind,
            member=member,
            item={"text": text},
            batch_key="goal:7",
            send_after=later,
        )

    delivery = Delivery.objects.get()
    assert [item["text"] for item in delivery.items] == [
        "First comment",
        "Second comment",
        "Third comment",
    ]
    assert delivery.send_after == later
    # Not yet: the batch waits for its time.
    assert reminders_sweep().dispatched == 0
    assert delivery_send(delivery_id=delivery.pk) == "not claimed"

    with time_machine.travel(later + timedelta(seconds=1)):
        assert reminders_sweep().dispatched == 1
        assert delivery_send(delivery_id=delivery.pk) == "sent"
    [message] = mail.outbox
    assert message.subject == "3 new notes"
    assert "Second comment" in message.body


def test_a_notice_after_the_batch_went_out_starts_a_new_batch(member, note_kind):
    first = delivery_schedule(kind=note_kind, member=member, item={"text": "a"}, batch_key="k")
    delivery_send(delivery_id=first.pk)

    second = delivery_schedule(kind=note_kind, member=member, item={"text": "b"}, batch_key="k")

    assert second.pk != first.pk
    assert second.items == [{"text": "b"}]


def test_batches_are_kept_apart_by_member_and_key(member, other_member, note_kind):
    delivery_schedule(kind=note_kind, member=member, item={"text": "a"}, batch_key="goal:1")
    delivery_schedule(kind=note_kind, member=member, item={"text": "b"}, batch_key="goal:2")
    delivery_schedule(kind=note_kind, member=other_member, item={"text": "c"}, batch_key="goal:1")

    assert Delivery.objects.count() == 3


def test_a_member_who_stopped_the_topic_gets_no_notice(member, note_kind):
    EmailOptOut.objects.create(member=member, topic=Topic.MENTOR_COMMENTS)
    delivery = delivery_schedule(kind=note_kind, member=member, item={"text": "hello"})

    assert delivery_send(delivery_id=delivery.pk) == "skipped"
    assert mail.outbox == []


def test_a_renderer_with_nothing_left_to_say_skips_the_delivery(member, note_kind):
    delivery = delivery_schedule(kind=note_kind, member=member)

    assert delivery_send(delivery_id=delivery.pk) == "skipped"


def test_an_email_can_go_to_someone_without_an_account(db, note_kind):
    delivery = delivery_schedule(kind=note_kind, address="new@example.org", item={"text": "hi"})

    assert delivery_send(delivery_id=delivery.pk) == "sent"
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    # Nobody to unsubscribe: no link, no header.
    assert "List-Unsubscribe" not in message.extra_headers


def test_one_unsendable_address_does_not_stop_the_others_in_the_batch(member, note_kind):
    bad = delivery_schedule(
        kind=note_kind, address="x@example.org\r\nBcc: y@example.org", item={"text": "hi"}
    )
    good = delivery_schedule(kind=note_kind, member=member, item={"text": "hi"})

    outcomes = deliveries_send(delivery_ids=[bad.pk, good.pk])

    assert outcomes == {"retry": 1, "sent": 1}
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_scheduling_an_unknown_kind_is_refused(member):
    with pytest.raises(notifications.UnknownKind):
        delivery_schedule(kind="no_such_kind", member=member)


def test_scheduling_with_the_broker_down_raises_nothing_and_waits_for_the_next_tick(
    member, note_kind, django_capture_on_commit_callbacks
):
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_schedule(kind=note_kind, member=member, item={"text": "hi"})

    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.dispatch_at <= timezone.now()
    assert reminders_sweep().dispatched == 1


def test_a_second_renderer_for_a_kind_needs_replace(note_kind):
    with pytest.raises(ValueError, match="already registered"):
        notifications.register(note_kind, lambda delivery: None)
    notifications.register(note_kind, note_render, replace=True)


def test_the_sweep_command_runs_one_tick(due_member):
    out = StringIO()

    call_command("reminders_sweep", stdout=out)

    assert out.getvalue() == (
        "1 due reminders queued, 0 deliveries queued again, 0 stale claims sent again under "
        "the same Message-ID, 0 stale claims given up as failed.\n"
    )
    assert Delivery.objects.filter(member=due_member).count() == 1
