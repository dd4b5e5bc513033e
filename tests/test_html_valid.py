"""The main pages, as a member with data, as a mentor and as a visitor, pass the W3C Nu HTML
checker. htmx's hx-* attributes are the one accepted exception: they are the spelling htmx
documents. The checker (vnu.jar from npm, run on the machine's Java) is installed by
`make test`; the Java start-up is slow, so every page goes through one run."""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Attempt
from assessments.occupations import catalogue
from careerdev.demo import DEMO_ACCOUNTS
from careerdev.models import User
from careerdev.tests.factories import MemberFactory
from mentoring import programmes
from mentoring.models import MentorProfile, Mentorship
from mentoring.tests.factories import (
    InvitationFactory,
    MentorProfileFactory,
    MentorshipRequestFactory,
)
from plans import quickstart
from plans.models import Goal, JournalEntry, Reflection

pytestmark = [pytest.mark.validator, pytest.mark.django_db]

VNU_JAR = settings.BASE_DIR / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element “[a-z0-9]+”")


def nu_check(files: list[Path]) -> list[dict]:
    """Every message the checker has about the files, in one run of the JVM."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML checker needs Java and {VNU_JAR}: run `make validator`.")
    result = subprocess.run(  # noqa: S603 (our own files, a fixed command)
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)["messages"]


def is_error(message: dict) -> bool:
    return message["type"] in ("error", "non-document-error")


def describe(message: dict) -> str:
    return (
        f"{Path(message.get('url', '?')).stem}:{message.get('lastLine', '?')}: {message['message']}"
    )


@pytest.fixture
def demo(db) -> tuple[User, User]:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_mentoring", stdout=io.StringIO())
    emails = [account.email for account in DEMO_ACCOUNTS]
    member, mentor = (User.objects.get(email=email) for email in emails)
    return member, mentor


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def quick_starter() -> User:
    """A new member at the last step of the quick start, having taken the interests check."""
    starter = MemberFactory(display_name="Quinn Start")
    quickstart.quick_start_roles(
        member=starter, current=catalogue().get("15-1232.00"), target=catalogue().get("15-1241.00")
    )
    skills = quickstart.standing(starter).skills
    quickstart.quick_ratings_record(
        member=starter, ratings={skill.slug: (2, skill.typical) for skill in skills}
    )
    quickstart.quick_start_update(
        member=starter, hours_a_week=3, interests={"R": 1, "I": 5, "A": 2, "S": 3, "E": 2, "C": 4}
    )
    return starter


def main_pages(member: User, mentor: User) -> dict[str, tuple[User | None, str]]:
    """Page name -> (who looks, address)."""
    goal = Goal.objects.for_member(member).active().first()
    mentorship = Mentorship.objects.get(member=member, mentor=mentor)
    reflection = Reflection.objects.for_member(member).completed().first()
    entry = JournalEntry.objects.filter(member=member).first()
    attempt = Attempt.objects.filter(member=member).first()
    task = goal.tasks.live().first()
    milestone = goal.milestones.first()
    other_mentor = MentorProfileFactory(user__display_name="Sam Senior").user
    request = MentorshipRequestFactory(member=member, mentor=other_mentor)
    InvitationFactory(member=member, goals=[goal])
    shared = mentorship.goals.first()
    programme = programmes.programme_create(
        member=member,
        name="Data academy",
        description="A year of growing our data people.",
        starts_on=goal.start_date,
        ends_on=None,
        guidance="Take the skills assessment first.\n\nThen adopt a path.",
        checkin_cadence="monthly",
        paths=["support-technician-to-network-architect"],
    )
    programmes.programme_join(member=mentor, code_text=programme.codes.get().code)
    programmes.pool_set(membership=programme.memberships.get(member=mentor), in_pool=True)
    code = programmes.code_create(programme=programme, role="admin")
    starter = quick_starter()
    return {
        "quickstart_dashboard": (starter, reverse("dashboard")),
        "quickstart_roles": (starter, reverse("plans:quickstart")),
        "quickstart_interests": (starter, reverse("plans:quickstart_interests")),
        "quickstart_fits": (starter, reverse("plans:quickstart_fits")),
        "quickstart_skills": (starter, reverse("plans:quickstart_skills")),
        "quickstart_gaps": (starter, reverse("plans:quickstart_gaps")),
        "quickstart_plan": (starter, reverse("plans:quickstart_plan")),
        "home": (None, reverse("home")),
        "signup": (None, reverse("account_signup")),
        "login": (None, reverse("account_login")),
        "password_reset": (None, reverse("account_reset_password")),
        "dashboard": (member, reverse("dashboard")),
        "profile": (member, reverse("profile")),
        "reminder_settings": (member, reverse("reminder_settings")),
        "two_factor": (member, reverse("mfa_index")),
        "reauthenticate": (member, reverse("account_reauthenticate")),
        "your_data": (member, reverse("your_data")),
        "assessments": (member, reverse("assessments:overview")),
        "assessment_summary": (member, reverse("assessments:summary")),
        "assessment_results": (member, reverse("assessments:attempt_detail", args=[attempt.pk])),
        "assessment_instrument": (
            member,
            reverse("assessments:instrument", args=[attempt.instrument.slug]),
        ),
        "goals": (member, reverse("plans:goal_list")),
        "goal_new": (member, reverse("plans:goal_create")),
        "goal_suggestions": (member, reverse("plans:goal_suggestions")),
        "goal": (member, reverse("plans:goal_detail", args=[goal.pk])),
        "goal_edit": (member, reverse("plans:goal_edit", args=[goal.pk])),
        "task_edit": (member, reverse("plans:task_edit", args=[task.pk])),
        "milestone_edit": (member, reverse("plans:milestone_edit", args=[milestone.pk])),
        "timeline": (member, reverse("plans:timeline")),
        "schedule": (member, reverse("plans:schedule")),
        "journal": (member, reverse("plans:journal")),
        "journal_edit": (member, reverse("plans:journal_edit", args=[entry.pk])),
        "wins": (member, reverse("plans:wins")),
        "reflections": (member, reverse("plans:reflection_list")),
        "reflection": (member, reverse("plans:reflection_detail", args=[reflection.pk])),
        "export": (member, reverse("plans:export")),
        "mentoring": (member, reverse("mentoring:home")),
        "invite": (member, reverse("mentoring:invite")),
        "sharing": (member, reverse("mentoring:sharing_edit", args=[mentorship.pk])),
        "feedback_request": (member, reverse("mentoring:feedback_request", args=[mentorship.pk])),
        "mentor_find": (member, reverse("mentoring:mentor_find")),
        "mentor_detail": (member, reverse("mentoring:mentor_detail", args=[other_mentor.pk])),
        "request_new": (
            member,
            reverse("mentoring:request_create", args=[MentorProfile.objects.first().user_id]),
        ),
        "request": (member, reverse("mentoring:request_detail", args=[request.pk])),
        "mentor_profile": (mentor, reverse("mentoring:mentor_profile")),
        "mentees": (mentor, reverse("mentoring:mentor_home")),
        "mentee": (mentor, reverse("mentoring:mentee_detail", args=[mentorship.pk])),
        "mentee_summary": (mentor, reverse("mentoring:mentee_summary", args=[mentorship.pk])),
        "shared_goal": (mentor, reverse("mentoring:shared_goal", args=[shared.pk])),
        "shared_reflection": (mentor, reverse("mentoring:shared_reflection", args=[reflection.pk])),
        "programmes": (member, reverse("mentoring:programme_list")),
        "programme_new": (member, reverse("mentoring:programme_create")),
        "programme_join": (member, reverse("mentoring:programme_join")),
        "programme_join_link": (mentor, reverse("mentoring:programme_join_link", args=[code.code])),
        "programme": (mentor, programme.get_absolute_url()),
        "programme_as_admin": (member, programme.get_absolute_url()),
        "programme_overview": (
            member,
            reverse("mentoring:programme_overview", args=[programme.pk]),
        ),
        "programme_settings": (
            member,
            reverse("mentoring:programme_settings", args=[programme.pk]),
        ),
        "programme_access": (member, reverse("mentoring:programme_access", args=[programme.pk])),
        "mentor_find_in_programme": (mentor, reverse("mentoring:mentor_find")),
    }


def test_the_main_pages_pass_the_nu_html_checker_apart_from_htmx_attributes(demo, tmp_path):
    member, mentor = demo
    clients = {None: client_for(None), member: client_for(member), mentor: client_for(mentor)}
    files = []
    for name, (user, url) in main_pages(member, mentor).items():
        if user not in clients:
            clients[user] = client_for(user)
        response = clients[user].get(url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)

    messages = nu_check(files)

    errors = [message for message in messages if is_error(message)]
    others = [error for error in errors if not HTMX_ATTRIBUTE.match(error["message"])]
    print(f"Nu checker: {len(errors)} errors on {len(files)} pages, {len(others)} not about hx-*")
    assert not others, "\n".join(describe(error) for error in others)
