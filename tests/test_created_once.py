"""Every form that creates something does it once: sent again with the same one-time token
(Back then Save, a second click, two requests at the same moment), it shows what the first
one made instead of making another."""

import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from careerdev.models import FormToken
from careerdev.once import FIELD, KEPT_FOR
from careerdev.tests.factories import MemberFactory
from mentoring.models import Comment, FeedbackRequest, Invitation, MentorshipRequest
from mentoring.tests.factories import MentorProfileFactory, MentorshipFactory
from plans.models import Goal, JournalEntry, Milestone, Task, TimeBlock, Win
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory

SENT_BEFORE = "This form was sent before"
LATER = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
TODAY = timezone.localdate().isoformat()
BLOCK = {"weekday": "2", "starts_at": "07:00", "ends_at": "08:00", "label": "Early study"}


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]
    count: Callable[[dict], int]
    # The page that holds the form, and where a form sent again leads.
    page: Callable[[dict], str]
    lands: Callable[[dict], str]


def build_world() -> dict[str, Any]:
    member = MemberFactory(display_name="Fran Form")
    goal = GoalFactory(member=member, title="Lead the data team")
    mentor = MemberFactory(display_name="Morgan Mentor")
    mentorship = MentorshipFactory(member=member, mentor=mentor, goals=[goal])
    return {
        "member": member,
        "goal": goal,
        "task": TaskFactory(goal=goal, title="Read the handbook"),
        "mentorship": mentorship,
        "reflection": ReflectionFactory(member=member),
        "mentor_profile": MentorProfileFactory(),
    }


def goal_page(w: dict) -> str:
    return w["goal"].get_absolute_url()


def newest(model: type[Model], **lookup: object) -> Model:
    return model.objects.filter(**lookup).latest("pk")


CASES = [
    Case(
        "goal",
        url=lambda w: reverse("plans:goal_create"),
        data=lambda w: {"kind": "skills", "title": "Learn SQL", "start_date": TODAY},
        count=lambda w: Goal.objects.filter(member=w["member"]).count(),
        page=lambda w: reverse("plans:goal_create"),
        lands=lambda w: newest(Goal, title="Learn SQL").get_absolute_url(),
    ),
    Case(
        "milestone",
        url=lambda w: reverse("plans:milestone_create", args=[w["goal"].pk]),
        data=lambda w: {"milestone-title": "First half", "milestone-due_date": ""},
        count=lambda w: Milestone.objects.filter(goal=w["goal"]).count(),
        page=goal_page,
        lands=goal_page,
    ),
    Case(
        "task",
        url=lambda w: reverse("plans:task_create", args=[w["goal"].pk]),
        data=lambda w: {
            "title": "Write the brief",
            "due_date": LATER,
            "effort_hours": "1",
            "activity": "online_course",
        },
        count=lambda w: Task.objects.filter(goal=w["goal"]).count(),
        page=goal_page,
        lands=lambda w: newest(Task, title="Write the brief").get_absolute_url(),
    ),
    Case(
        "task added in a reflection",
        url=lambda w: reverse(
            "plans:reflection_task_create", args=[w["reflection"].pk, w["goal"].pk]
        ),
        data=lambda w: {
            f"goal-{w['goal'].pk}-task-{name}": value
            for name, value in {
                "title": "Book the course",
                "due_date": LATER,
                "effort_hours": "1",
                "activity": "other",
            }.items()
        },
        count=lambda w: Task.objects.filter(goal=w["goal"]).count(),
        page=lambda w: w["reflection"].get_absolute_url(),
        lands=lambda w: f"{w['reflection'].get_absolute_url()}#reflection-goal-{w['goal'].pk}",
    ),
    Case(
        "task split",
        url=lambda w: reverse("plans:task_split", args=[w["task"].pk]),
        data=lambda w: {},
        count=lambda w: Task.objects.filter(goal=w["goal"]).count(),
        page=None,  # offered only to a goal behind schedule
        lands=lambda w: w["task"].get_absolute_url(),
    ),
    Case(
        "catch-up time block",
        url=lambda w: reverse("plans:catch_up_time_block", args=[w["goal"].pk]),
        data=lambda w: BLOCK,
        count=lambda w: TimeBlock.objects.filter(member=w["member"]).count(),
        page=None,  # offered only to a goal behind schedule
        lands=goal_page,
    ),
    Case(
        "time block",
        url=lambda w: reverse("plans:schedule"),
        data=lambda w: BLOCK,
        count=lambda w: TimeBlock.objects.filter(member=w["member"]).count(),
        page=lambda w: reverse("plans:schedule"),
        lands=lambda w: reverse("plans:schedule"),
    ),
    Case(
        "journal entry",
        url=lambda w: reverse("plans:journal"),
        data=lambda w: {"written_on": TODAY, "body": "A good week."},
        count=lambda w: JournalEntry.objects.filter(member=w["member"]).count(),
        page=lambda w: reverse("plans:journal"),
        lands=lambda w: reverse("plans:journal"),
    ),
    Case(
        "win",
        url=lambda w: reverse("plans:wins"),
        data=lambda w: {"kind": "connection", "title": "Met the CTO", "won_on": TODAY},
        count=lambda w: Win.objects.filter(member=w["member"]).count(),
        page=lambda w: reverse("plans:wins"),
        lands=lambda w: reverse("plans:wins"),
    ),
    Case(
        "mentor invitation",
        url=lambda w: reverse("mentoring:invite"),
        data=lambda w: {"email": "new.mentor@example.org", "goals": [w["goal"].pk]},
        count=lambda w: Invitation.objects.count() + len(mail.outbox),
        page=lambda w: reverse("mentoring:invite"),
        lands=lambda w: reverse("mentoring:home"),
    ),
    Case(
        "comment",
        url=lambda w: reverse("mentoring:comment_thread", args=["goal", w["goal"].pk]),
        data=lambda w: {"body": "Here is my plan."},
        count=lambda w: Comment.objects.count(),
        page=goal_page,
        lands=lambda w: f"{goal_page(w)}#thread-goal-{w['goal'].pk}",
    ),
    Case(
        "feedback request",
        url=lambda w: reverse("mentoring:feedback_request", args=[w["mentorship"].pk]),
        data=lambda w: {"subject": f"goal-{w['goal'].pk}", "note": "Is the date right?"},
        count=lambda w: FeedbackRequest.objects.count(),
        page=lambda w: reverse("mentoring:feedback_request", args=[w["mentorship"].pk]),
        lands=lambda w: reverse("mentoring:home"),
    ),
    Case(
        "mentorship request",
        url=lambda w: reverse("mentoring:request_create", args=[w["mentor_profile"].user_id]),
        data=lambda w: {"message": "Would you mentor me?", "goals": [w["goal"].pk]},
        count=lambda w: MentorshipRequest.objects.count(),
        page=lambda w: reverse("mentoring:request_create", args=[w["mentor_profile"].user_id]),
        lands=lambda w: newest(MentorshipRequest).get_absolute_url(),
    ),
]
IDS = [case.name for case in CASES]


def sent(client: Client, case: Case, world: dict, token: str, **extra: Any):
    return client.post(case.url(world), {**case.data(world), FIELD: token}, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("case", [case for case in CASES if case.page], ids=lambda case: case.name)
def test_each_create_form_carries_a_fresh_one_time_token(client, case: Case):
    world = build_world()
    client.force_login(world["member"])

    first = client.get(case.page(world))
    second = client.get(case.page(world))

    assertContains(first, f'name="{FIELD}"')
    assert first.content.decode().count(f'name="{FIELD}"') >= 1
    tokens = [
        response.content.decode().split(f'name="{FIELD}" value="', 1)[1][:32]
        for response in (first, second)
    ]
    assert tokens[0] != tokens[1]
    uuid.UUID(tokens[0])


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_form_sent_again_shows_what_the_first_made_and_makes_nothing_more(client, case: Case):
    world = build_world()
    client.force_login(world["member"])
    token = uuid.uuid4().hex
    before = case.count(world)

    first = sent(client, case, world, token)
    after_first = case.count(world)
    again = sent(client, case, world, token)

    assert first.status_code == 302, first.content.decode()[:2000]
    assert after_first > before
    assert case.count(world) == after_first
    assert again.status_code == 302
    assert again.url == case.lands(world)
    notices = [str(message) for message in get_messages(again.wsgi_request)]
    assert any(SENT_BEFORE in notice for notice in notices), notices


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES[:3], ids=IDS[:3])
def test_with_htmx_a_form_sent_again_loads_what_the_first_made(client, case: Case):
    world = build_world()
    client.force_login(world["member"])
    token = uuid.uuid4().hex

    sent(client, case, world, token, HTTP_HX_REQUEST="true")
    count = case.count(world)
    again = sent(client, case, world, token, HTTP_HX_REQUEST="true")

    assert case.count(world) == count
    assert again["HX-Redirect"] == case.lands(world)


@pytest.mark.django_db
def test_a_form_refused_for_an_error_can_be_corrected_and_sent_with_its_token(client):
    member = MemberFactory()
    client.force_login(member)
    token = uuid.uuid4().hex
    url = reverse("plans:goal_create")

    refused = client.post(url, {"kind": "skills", "title": "", "start_date": TODAY, FIELD: token})
    saved = client.post(
        url, {"kind": "skills", "title": "Learn SQL", "start_date": TODAY, FIELD: token}
    )

    assert refused.status_code == 200
    assert saved.status_code == 302
    assert Goal.objects.filter(member=member).count() == 1


@pytest.mark.django_db
def test_another_members_token_is_no_key_to_what_it_made(client):
    owner, other = MemberFactory(), MemberFactory()
    token = uuid.uuid4().hex
    client.force_login(owner)
    client.post(
        reverse("plans:goal_create"),
        {"kind": "skills", "title": "Owner's goal", "start_date": TODAY, FIELD: token},
    )
    client.force_login(other)

    response = client.post(
        reverse("plans:goal_create"),
        {"kind": "skills", "title": "Other's goal", "start_date": TODAY, FIELD: token},
    )

    theirs = Goal.objects.get(member=other)
    assert response.url == theirs.get_absolute_url()
    assert theirs.title == "Other's goal"


@pytest.mark.django_db
def test_tokens_are_forgotten_after_a_while(client):
    member = MemberFactory()
    client.force_login(member)
    old = FormToken.objects.create(
        member=member, token=uuid.uuid4(), url="/", label="x", created_at=timezone.now() - KEPT_FOR
    )

    client.post(
        reverse("plans:goal_create"),
        {"kind": "skills", "title": "Learn SQL", "start_date": TODAY, FIELD: uuid.uuid4().hex},
    )

    assert not FormToken.objects.filter(pk=old.pk).exists()
    assert FormToken.objects.filter(member=member).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_make_one_goal():
    member = MemberFactory()
    token = uuid.uuid4().hex
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def click() -> None:
        client = Client()
        client.force_login(member)
        barrier.wait()
        response = client.post(
            reverse("plans:goal_create"),
            {"kind": "skills", "title": "Learn SQL", "start_date": TODAY, FIELD: token},
        )
        answers.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert answers == [302, 302]
    assert Goal.objects.filter(member=member).count() == 1
