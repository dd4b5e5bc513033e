"""What should have gone out and has not: `manage.py deliveries_stuck` and the admin list it
with its age, and send it again under the Message-ID it was first claimed with."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from careerdev import notifications
from careerdev.models import Delivery, Topic
from careerdev.outbox import deliveries_send
from careerdev.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

NOTE = "test_stuck_note"


@pytest.fixture(autouse=True)
def note_kind():
    def render(delivery: Delivery) -> notifications.Email:
        return notifications.Email(
            subject="A note",
            template="emails/notice",
            reason="A test asked for it.",
            context={"heading": "Note", "paragraphs": ["Hello."]},
        )

    notifications.register(NOTE, render, topic=Topic.MENTOR_COMMENTS)
    yield
    notifications.unregister(NOTE)


def note(*, minutes_late: int, **fields: object) -> Delivery:
    due = timezone.now() - timedelta(minutes=minutes_late)
    return Delivery.objects.create(
        kind=NOTE,
        member=MemberFactory(),
        topic=Topic.MENTOR_COMMENTS,
        send_after=due,
        dispatch_at=due,
        **fields,
    )


@pytest.fixture
def deliveries() -> dict[str, Delivery]:
    now = timezone.now()
    return {
        # Its worker was killed while sending it: claimed ten minutes ago.
        "stale": note(
            minutes_late=12,
            status="sending",
            claimed_at=now - timedelta(minutes=10),
            attempts=1,
            message_id="<stale@careerdev.test>",
        ),
        # Nobody has worked the queue for three hours.
        "late": note(minutes_late=180),
        "failed": note(minutes_late=300, status="failed", attempts=3, last_error="SMTP 554"),
        # Not stuck: being sent right now, due a moment ago, and sent.
        "sending": note(minutes_late=2, status="sending", claimed_at=now, attempts=1),
        "due": note(minutes_late=1),
        "sent": note(minutes_late=600, status="sent", sent_at=now),
    }


def stuck(*args: str) -> str:
    out = StringIO()
    call_command("deliveries_stuck", *args, stdout=out)
    return out.getvalue()


def test_the_command_lists_stale_claims_and_late_deliveries_with_their_age(deliveries):
    stale, late = deliveries["stale"], deliveries["late"]

    out = stuck()

    assert out.splitlines() == [
        f"#{late.pk} {NOTE} to {late.recipient}: pending, due 3 hours ago, 0 attempts",
        f"#{stale.pk} {NOTE} to {stale.recipient}: sending, due 12 minutes ago, "
        "claimed 10 minutes ago, 1 attempts",
        "2 stuck.",
    ]
    assert Delivery.objects.filter(status="pending").count() == 2  # nothing changed


def test_the_command_lists_failed_deliveries_when_asked(deliveries):
    out = stuck("--failed")

    assert f"#{deliveries['failed'].pk} {NOTE}" in out
    assert "failed, due 5 hours ago, 3 attempts. Last error: SMTP 554" in out
    assert out.endswith("3 stuck.\n")


def test_retrying_sends_a_stale_claim_again_under_its_message_id(deliveries):
    out = stuck("--retry")

    assert out.endswith("2 stuck.\n2 queued again, each under its own Message-ID.\n")
    stale = Delivery.objects.get(pk=deliveries["stale"].pk)
    assert (stale.status, stale.attempts) == ("pending", 0)
    # What was being sent, and what was sent, are left alone.
    assert Delivery.objects.get(pk=deliveries["sending"].pk).status == "sending"
    assert Delivery.objects.get(pk=deliveries["sent"].pk).status == "sent"

    assert deliveries_send(delivery_ids=[stale.pk, deliveries["late"].pk])["sent"] == 2
    [message] = [message for message in mail.outbox if message.to == [stale.recipient]]
    assert message.message()["Message-ID"] == "<stale@careerdev.test>"
    assert stuck() == "0 stuck.\n"


def test_a_negative_wait_is_refused(db):
    with pytest.raises(CommandError, match="--waiting must be 0 minutes or more"):
        stuck("--waiting", "-1")


def test_the_admin_filters_stuck_deliveries_and_shows_how_late_they_are(admin_client, deliveries):
    response = admin_client.get(reverse("admin:careerdev_delivery_changelist"), {"stuck": "yes"})

    assert response.status_code == 200
    listed = {delivery.pk for delivery in response.context["cl"].result_list}
    assert listed == {deliveries["stale"].pk, deliveries["late"].pk}
    assert "3\xa0hours" in response.text


def test_the_admin_sends_chosen_deliveries_again(admin_client, deliveries):
    chosen = [deliveries["stale"].pk, deliveries["sending"].pk, deliveries["failed"].pk]

    admin_client.post(
        reverse("admin:careerdev_delivery_changelist"),
        {"action": "send_again", "_selected_action": chosen},
    )

    statuses = dict(Delivery.objects.filter(pk__in=chosen).values_list("pk", "status"))
    # A claim only two minutes old belongs to a worker that may still be sending it.
    assert statuses == {
        deliveries["stale"].pk: "pending",
        deliveries["sending"].pk: "sending",
        deliveries["failed"].pk: "pending",
    }
