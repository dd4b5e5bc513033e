"""Every kind of e-mail careerdev sends, sent through Django's SMTP backend to a real SMTP
server on loopback, read back with Python's email package and checked as a mail client would:
both parts and their charset, Date, Message-ID on the sending domain, the one-click
unsubscribe headers on what one can stop, and every link in the text part opening."""

import datetime as dt
import email
import email.policy
import html
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import Client
from django.urls import reverse

from careerdev import notifications
from careerdev.models import (
    KIND_REFLECTION_REMINDER,
    KIND_WEEKLY_DIGEST,
    Delivery,
    ReminderSchedule,
    Topic,
    User,
)
from careerdev.outbox import deliveries_send
from careerdev.reminders import (
    ScheduleSetting,
    reminder_preferences_update,
    reminders_sweep,
)
from careerdev.tests.factories import PASSWORD, MemberFactory
from mentoring import emails as mentoring_emails
from mentoring import programmes
from mentoring import services as mentoring
from mentoring.models import MentorshipRequest
from mentoring.tests.factories import MentorProfileFactory, MentorshipFactory
from plans.tests.factories import GoalFactory, TaskFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s<>\"]+")
ONE_CLICK = "List-Unsubscribe=One-Click"


class Inbox:
    """An aiosmtpd handler that keeps what it is sent, as bytes off the wire."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(envelope.content)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings) -> Iterator[Inbox]:
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "use_tls": False},
        }
    }
    try:
        yield handler
    finally:
        controller.stop()


@dataclass
class World:
    """A member with a goal and work due, a mentor who mentors them, and the inbox."""

    inbox: Inbox
    client: Client
    member: User = field(init=False)
    mentor: User = field(init=False)

    def __post_init__(self) -> None:
        self.member = MemberFactory(display_name="Ada Member", time_zone="America/Los_Angeles")
        self.mentor = MentorProfileFactory(user__display_name="Morgan Mentor").user
        self.goal = GoalFactory(member=self.member, title="Lead the product review")
        TaskFactory(goal=self.goal, title="Draft the agenda", due_date=dt.date.today())
        self.mentorship = MentorshipFactory(
            member=self.member, mentor=self.mentor, goals=[self.goal]
        )


def send_outbox(later: dt.timedelta = dt.timedelta(0)) -> None:
    """What a worker does once the outbox's deliveries are due."""
    ids = list(Delivery.objects.pending().values_list("pk", flat=True))
    with time_machine.travel(dt.datetime.now(dt.UTC) + later):
        deliveries_send(delivery_ids=ids)


def schedule_due(member: User, topic: Topic) -> None:
    """Makes a member's reminder due now and runs a beat tick and a worker."""
    ReminderSchedule.objects.filter(member=member, topic=topic).update(
        enabled=True, next_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    reminders_sweep()
    send_outbox()


# What each kind of e-mail takes to be sent; each returns who it goes to.


def sign_up(world: World) -> str:
    world.client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.com",
            "display_name": "New Person",
            "time_zone": "Europe/Berlin",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return "new.person@example.com"


def address_added(world: World) -> str:
    world.client.force_login(world.member)
    world.client.post(reverse("account_email"), {"action_add": "", "email": "ada@work.example"})
    world.client.logout()
    return "ada@work.example"


def password_reset(world: World) -> str:
    world.client.post(reverse("account_reset_password"), {"email": world.member.email})
    return world.member.email


def password_reset_for_no_account(world: World) -> str:
    world.client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    return "nobody@example.com"


def reflection_reminder(world: World) -> str:
    schedule_due(world.member, Topic.REFLECTION_MONTHLY)
    return world.member.email


def weekly_digest(world: World) -> str:
    reminder_preferences_update(
        member=world.member,
        schedules={Topic.WEEKLY_DIGEST: ScheduleSetting(True, 0, 8)},
        mentor_comments=True,
    )
    schedule_due(world.member, Topic.WEEKLY_DIGEST)
    return world.member.email


def invitation(world: World, capture: Callable) -> str:
    with capture(execute=True):
        mentoring.invitation_send(
            member=world.member,
            email="sam.senior@example.org",
            message="Would you look at my plan?",
            goals=[world.goal],
            share_summary=True,
            share_reflections=False,
        )
    return "sam.senior@example.org"


def comment_notice(world: World) -> str:
    mentoring.comment_create(author=world.mentor, subject=world.goal, body="Good start & more.")
    send_outbox(later=dt.timedelta(minutes=settings.MENTORING_NOTICE_MINUTES, seconds=1))
    return world.member.email


def feedback_request(world: World) -> str:
    mentoring.feedback_request_create(
        mentorship=world.mentorship, subject=world.goal, note="Is the date realistic?"
    )
    send_outbox()
    return world.mentor.email


def programme_checkin(world: World) -> str:
    programme = programmes.programme_create(
        member=world.mentor,
        name="Data academy",
        description="",
        starts_on=dt.date.today(),
        ends_on=None,
        guidance="Tick off a task, move a date, note one thing you learned.",
        checkin_cadence="weekly",
        paths=["support-technician-to-network-architect"],
    )
    programmes.programme_join(member=world.member, code_text=programme.codes.get().code)
    programme.memberships.filter(member=world.member).update(
        next_checkin_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    programmes.checkins_sweep()
    send_outbox()
    return world.member.email


def _request(world: World) -> MentorshipRequest:
    other = MentorProfileFactory(user__display_name="Sam Senior")
    request = mentoring.mentorship_request_create(
        member=world.member,
        profile=other,
        message="Would you mentor me into product management?",
        goals=[world.goal],
        share_summary=False,
        share_reflections=False,
    )
    send_outbox()
    return request


def request_received(world: World) -> str:
    return _request(world).mentor.email


def request_answered(world: World) -> str:
    request = _request(world)
    world.inbox.received.clear()
    mentoring.mentorship_request_respond(
        request=request, decision=mentoring.Decision.ASK, note="Which team are you in?"
    )
    send_outbox()
    return world.member.email


def request_replied(world: World) -> str:
    request = _request(world)
    request = mentoring.mentorship_request_respond(
        request=request, decision=mentoring.Decision.ASK, note="Which team are you in?"
    )
    send_outbox()
    world.inbox.received.clear()
    mentoring.mentorship_request_reply(request=request, reply="Customer support.")
    send_outbox()
    return request.mentor.email


def request_expired(world: World) -> str:
    _request(world)
    world.inbox.received.clear()
    later = dt.timedelta(days=settings.MENTORING_REQUEST_DAYS + 1)
    mentoring.mentorship_requests_expire(now=dt.datetime.now(dt.UTC) + later)
    send_outbox()
    return world.member.email


@dataclass(frozen=True)
class Kind:
    send: Callable[..., str]
    subject: str  # a part of the subject line
    can_stop: bool = False  # carries the one-click unsubscribe headers
    delivery_kind: str = ""  # the outbox kind it is, if any
    request_event: str = ""


KINDS = {
    "sign-up verification": Kind(sign_up, "Confirm your e-mail address"),
    "added address verification": Kind(address_added, "Confirm your e-mail address"),
    "password reset": Kind(password_reset, "Reset your password"),
    "password reset for an address with no account": Kind(
        password_reset_for_no_account, "an address with no account"
    ),
    "reflection reminder": Kind(
        reflection_reminder,
        "monthly reflection",
        can_stop=True,
        delivery_kind=KIND_REFLECTION_REMINDER,
    ),
    "weekly digest": Kind(
        weekly_digest, "Your week", can_stop=True, delivery_kind=KIND_WEEKLY_DIGEST
    ),
    "mentor invitation": Kind(invitation, "invites you to mentor them"),
    "programme check-in": Kind(
        programme_checkin,
        "Check-in time: Data academy",
        can_stop=True,
        delivery_kind=programmes.KIND_CHECKIN,
    ),
    "comment notice": Kind(
        comment_notice, "commented on", can_stop=True, delivery_kind=mentoring_emails.KIND_COMMENTS
    ),
    "feedback request": Kind(
        feedback_request, "asks for your feedback", delivery_kind=mentoring_emails.KIND_FEEDBACK
    ),
    "mentorship request": Kind(
        request_received,
        "asks you to mentor them",
        delivery_kind=mentoring_emails.KIND_REQUEST,
        request_event="received",
    ),
    "mentorship request answered": Kind(
        request_answered, "would like to know more", request_event="answered"
    ),
    "mentorship request replied": Kind(
        request_replied, "answered your question", request_event="replied"
    ),
    "mentorship request expired": Kind(request_expired, "expired", request_event="expired"),
}


def test_the_kinds_below_are_every_email_careerdev_sends():
    account_templates = {
        path.name.removesuffix("_message.txt")
        for path in (settings.BASE_DIR / "templates/account/email").glob("*_message.txt")
        if not path.name.startswith("base_")
    }

    assert {kind.delivery_kind for kind in KINDS.values()} - {""} == set(notifications.keys())
    assert {kind.request_event for kind in KINDS.values()} - {""} == set(
        mentoring_emails.REQUEST_EVENTS
    )
    # The account e-mails allauth sends here: sign-up, another address, a new password, and
    # the answer to a new password asked for an address with no account.
    assert account_templates == {
        "email_confirmation_signup",
        "email_confirmation",
        "password_reset_key",
        "unknown_account",
    }


def received_one(inbox: Inbox, to: str, subject: str) -> EmailMessage:
    matching = [
        message
        for message in inbox.messages()
        if message["To"].addresses[0].addr_spec == to and subject in message["Subject"]
    ]
    assert len(matching) == 1, [(m["To"], m["Subject"]) for m in inbox.messages()]
    return matching[0]


def links_open(links: list[str], to: str) -> dict[str, int]:
    """Each link, opened by the person it was sent to (or a visitor, for an address with no
    account yet), and the status it answered with."""
    client = Client()
    user = User.objects.filter(email=to).first()
    if user is not None:
        client.force_login(user)
    statuses = {}
    for link in links:
        assert link.startswith(settings.SITE_URL + "/"), link
        path = link.removeprefix(settings.SITE_URL).split("#")[0]
        statuses[link] = client.get(path).status_code
    return statuses


@pytest.mark.parametrize("name", KINDS)
def test_an_email_arrives_over_smtp_as_a_mail_client_expects(
    name, inbox, client, django_capture_on_commit_callbacks
):
    kind = KINDS[name]
    world = World(inbox, client)
    arguments = (world, django_capture_on_commit_callbacks) if kind.send is invitation else (world,)

    to = kind.send(*arguments)

    message = received_one(inbox, to, kind.subject)
    assert not message.defects
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    domain = re.escape(settings.EMAIL_MESSAGE_ID_DOMAIN)
    assert re.fullmatch(rf"<[^@\s<>]+@{domain}>", message["Message-ID"])
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text_part, html_part = message.iter_parts()
    assert text_part.get_content_type() == "text/plain"
    assert html_part.get_content_type() == "text/html"
    for part in (text_part, html_part):
        assert part.get_content_charset() == "utf-8"
        assert not part.defects
    text, page = text_part.get_content(), html.unescape(html_part.get_content())
    assert page.startswith("<!DOCTYPE html>")

    links = [link.rstrip(".,;:)") for link in LINK.findall(text)]
    assert links, "the text part should link somewhere"
    assert [link for link in links if link not in page] == [], "both parts carry the same links"
    statuses = links_open(links, to)
    assert {link: status for link, status in statuses.items() if status not in (200, 302)} == {}

    if kind.can_stop:
        unsubscribe = re.fullmatch(r"<(\S+)>", message["List-Unsubscribe"]).group(1)
        assert unsubscribe in links
        assert message["List-Unsubscribe-Post"] == ONE_CLICK
    else:
        assert message["List-Unsubscribe"] is None
        assert message["List-Unsubscribe-Post"] is None
