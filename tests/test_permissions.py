"""Who gets what, for every URL of the product.

Six people ask for each URL: the owner of the data; a mentor the owner shares goal A and
their reflections with; a mentor of the same owner who sees only goal B ("mentor without
access" to goal A, what hangs from it, and the reflections); a mentor whose access was
revoked; another member; and a visitor.
Each gets the page (or, after a write, its redirect), a 404, or the log-in page.

The URL list comes from the resolver: a URL added without a line here fails the test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.tests.factories import AttemptFactory, completed_attempt
from careerdev.emails import Unsubscribe
from careerdev.models import Topic
from careerdev.tests.factories import MemberFactory
from mentoring import services as mentoring_services
from mentoring.models import FeedbackRequest, MentorshipRequest
from mentoring.tests.factories import (
    CommentFactory,
    InvitationFactory,
    MentorProfileFactory,
    MentorshipFactory,
)
from plans import services as plans_services
from plans.adoption import activities_add
from plans.library import library
from plans.models import CalendarFeed
from plans.tests.factories import (
    GoalFactory,
    JournalEntryFactory,
    MilestoneFactory,
    ReflectionFactory,
    TaskFactory,
    TimeBlockFactory,
    WinFactory,
    today,
)

pytestmark = pytest.mark.django_db

ROLES = ("owner", "mentor", "mentor_without", "revoked", "other", "visitor")
PAGE, DONE, MISSING, LOGIN = "the page", "done (redirect)", "404", "log-in page"
OK = frozenset({PAGE, DONE})  # a write answers with the page (form errors) or a redirect
TOKEN = "matrix-invitation-token"
PATH = "support-technician-to-network-architect"
ACTIVITY = "comptia-network-plus"
# Not the product's pages: the admin, and allauth's account pages (tested in careerdev).
NOT_PRODUCT_MODULES = ("allauth.",)


def answers(**given: object) -> dict[str, frozenset[str]]:
    return {
        role: frozenset([value]) if isinstance(value, str) else value
        for role, value in given.items()
    }


def owner_only(ok: object = PAGE) -> dict:
    """The owner's own pages: nobody else even learns they exist."""
    return answers(
        owner=ok,
        mentor=MISSING,
        mentor_without=MISSING,
        revoked=MISSING,
        other=MISSING,
        visitor=LOGIN,
    )


def any_member(ok: object = PAGE) -> dict:
    """Pages about the viewer's own data (or none): every member gets their own."""
    return answers(owner=ok, mentor=ok, mentor_without=ok, revoked=ok, other=ok, visitor=LOGIN)


def shared(ok: object = PAGE) -> dict:
    """Goal A and what hangs from it: its owner and the mentor it is shared with."""
    return answers(
        owner=ok,
        mentor=ok,
        mentor_without=MISSING,
        revoked=MISSING,
        other=MISSING,
        visitor=LOGIN,
    )


def mentor_only(ok: object = PAGE) -> dict:
    """The mentor's side of their mentorship of the owner."""
    return answers(
        owner=MISSING,
        mentor=ok,
        mentor_without=MISSING,
        revoked=MISSING,
        other=MISSING,
        visitor=LOGIN,
    )


def everyone(ok: object = PAGE) -> dict:
    return answers(**dict.fromkeys(ROLES, ok))


@dataclass(frozen=True)
class Entry:
    name: str
    args: Callable[[dict], list] = lambda w: []
    expect: dict = field(default_factory=owner_only)
    method: str = "get"
    data: Callable[[dict], dict] = lambda w: {}
    query: Callable[[dict], str] = lambda w: ""
    label: str = ""


def obj(key: str) -> Callable[[dict], list]:
    return lambda w: [w[key].pk]


def compare_query(w: dict) -> str:
    return f"?first={w['done'].pk}&second={w['done2'].pk}"


ENTRIES = [
    # careerdev
    Entry(
        "home",
        expect=answers(
            owner=DONE, mentor=DONE, mentor_without=DONE, revoked=DONE, other=DONE, visitor=PAGE
        ),
    ),
    Entry("dashboard", expect=any_member()),
    # Where logging in lands: the viewer's own quick start, or the dashboard.
    Entry("welcome", expect=any_member(DONE)),
    Entry("profile", expect=any_member()),
    Entry("health", expect=everyone()),
    Entry("reminder_settings", expect=any_member()),
    # Each member's own data: the download holds only the viewer's (tests/test_privacy.py).
    Entry("your_data", expect=any_member()),
    Entry("data_export", expect=any_member()),
    # Asks for the password first (the answer is a redirect to it): nobody is deleted here.
    Entry("account_delete", expect=any_member(DONE)),
    Entry(
        "account_delete",
        method="post",
        data=lambda w: {"confirm": "on"},
        expect=any_member(DONE),
        label="confirm",
    ),
    # The signed link in each e-mail is its own key: one click, no log-in.
    Entry("unsubscribe", args=lambda w: [w["unsubscribe"]], expect=everyone()),
    # assessments
    Entry("assessments:overview", expect=any_member()),
    Entry("assessments:summary", expect=any_member()),
    Entry("assessments:instrument", args=lambda w: ["values"], expect=any_member()),
    Entry("assessments:sources", args=lambda w: ["personality"], expect=any_member()),
    Entry("assessments:start", args=lambda w: ["values"], method="post", expect=any_member(DONE)),
    Entry("assessments:attempt_detail", args=obj("done")),
    Entry("assessments:attempt_page", args=lambda w: [w["open"].pk, 1]),
    Entry(
        "assessments:attempt_page",
        args=lambda w: [w["open"].pk, 1],
        method="post",
        data=lambda w: {"move": "next"},
        expect=owner_only(OK),
        label="save",
    ),
    Entry("assessments:compare", args=lambda w: ["values"], query=compare_query),
    # The occupation catalogue: knowledge every member reads; its credit page is public.
    Entry("assessments:occupation_list", expect=any_member()),
    Entry("assessments:occupation_about", expect=everyone()),
    Entry("assessments:occupation", args=lambda w: ["15-1232.00"], expect=any_member()),
    Entry("assessments:fit", expect=any_member()),
    # Choosing a role changes only the chooser's own direction.
    Entry(
        "assessments:occupation_choose",
        args=lambda w: ["15-1232.00"],
        method="post",
        data=lambda w: {"role": "target"},
        expect=any_member(DONE),
    ),
    Entry(
        "assessments:direction_clear",
        method="post",
        data=lambda w: {"role": "target"},
        expect=any_member(DONE),
    ),
    # plans: the member's own pages
    Entry("plans:goal_list", expect=any_member()),
    Entry("plans:goal_create", expect=any_member()),
    Entry("plans:goal_suggestions", expect=any_member()),
    Entry("plans:goal_smart_check", method="post", expect=any_member()),
    Entry("plans:timeline", expect=any_member()),
    Entry("plans:schedule", expect=any_member()),
    Entry("plans:calendar_regenerate", method="post", expect=any_member(DONE)),
    # The feed's secret address is its own key: calendar apps cannot log in.
    Entry("plans:calendar_feed", args=lambda w: [w["feed"].token], expect=everyone()),
    Entry("plans:journal", expect=any_member()),
    Entry("plans:wins", expect=any_member()),
    Entry("plans:export", expect=any_member()),
    Entry("plans:export_csv", args=lambda w: ["goals"], expect=any_member()),
    # plans: objects; a mentor never reaches the owner's plan pages, let alone edits them
    Entry("plans:goal_detail", args=obj("goal")),
    Entry("plans:goal_edit", args=obj("goal")),
    Entry("plans:goal_edit", args=obj("goal"), method="post", expect=owner_only(OK), label="save"),
    Entry(
        "plans:goal_status",
        args=obj("goal"),
        method="post",
        data=lambda w: {"status": "paused"},
        expect=owner_only(DONE),
    ),
    Entry("plans:milestone_create", args=obj("goal"), method="post", expect=owner_only(OK)),
    Entry("plans:task_create", args=obj("goal"), method="post", expect=owner_only(OK)),
    Entry("plans:catch_up_reschedule", args=obj("goal"), method="post", expect=owner_only(DONE)),
    Entry("plans:catch_up_time_block", args=obj("goal"), method="post", expect=owner_only(OK)),
    Entry("plans:milestone_edit", args=obj("milestone")),
    Entry("plans:milestone_delete", args=obj("milestone"), method="post", expect=owner_only(DONE)),
    Entry("plans:task_row", args=obj("task"), expect=owner_only(OK)),
    Entry("plans:task_edit", args=obj("task")),
    Entry("plans:task_complete", args=obj("task"), method="post", expect=owner_only(DONE)),
    Entry("plans:task_reopen", args=obj("task"), method="post", expect=owner_only(DONE)),
    Entry(
        "plans:task_move",
        args=obj("task"),
        method="post",
        data=lambda w: {"direction": "up"},
        expect=owner_only(DONE),
    ),
    Entry("plans:task_delete", args=obj("task"), method="post", expect=owner_only(DONE)),
    Entry("plans:task_drop", args=obj("task"), method="post", expect=owner_only(DONE)),
    Entry("plans:task_split", args=obj("task"), method="post", expect=owner_only(OK)),
    Entry(
        "plans:task_dates_fit",
        args=obj("task"),
        method="post",
        data=lambda w: {"move": "target"},
        expect=owner_only(DONE),
    ),
    Entry("plans:undo", args=obj("undo"), method="post", expect=owner_only(DONE)),
    Entry("plans:time_block_delete", args=obj("block"), method="post", expect=owner_only(DONE)),
    Entry("plans:journal_edit", args=obj("entry")),
    Entry("plans:journal_delete", args=obj("entry"), method="post", expect=owner_only(DONE)),
    Entry("plans:win_delete", args=obj("win"), method="post", expect=owner_only(DONE)),
    # plans: career paths and the activity library are for every member; what they add to
    # a goal is the goal owner's alone
    Entry("plans:path_list", expect=any_member()),
    Entry("plans:path_detail", args=lambda w: [PATH], expect=any_member()),
    Entry("plans:path_adopt", args=lambda w: [PATH], expect=any_member()),
    Entry(
        "plans:path_adopt",
        args=lambda w: [PATH],
        method="post",
        expect=any_member(OK),
        label="confirm",
    ),
    # plans: the quick start works on the viewer's own roles, ratings and plan only; a step
    # reached before the one it needs sends the viewer back to it
    Entry("plans:quickstart", expect=any_member()),
    Entry(
        "plans:quickstart",
        method="post",
        data=lambda w: {"current": "helpdesk analyst", "target": "network architect"},
        expect=any_member(DONE),
    ),
    Entry("plans:quickstart_interests", expect=any_member()),
    Entry(
        "plans:quickstart_interests",
        method="post",
        data=lambda w: {"R": "1", "I": "5", "A": "2", "S": "3", "E": "2", "C": "4"},
        expect=any_member(DONE),
    ),
    Entry("plans:quickstart_fits", expect=any_member(OK)),
    Entry("plans:quickstart_fits", method="post", expect=any_member(DONE)),
    Entry("plans:quickstart_skills", expect=any_member(OK)),
    Entry("plans:quickstart_skills", method="post", expect=any_member(OK)),
    Entry("plans:quickstart_gaps", expect=any_member(OK)),
    Entry("plans:quickstart_gaps", method="post", expect=any_member(OK)),
    Entry("plans:quickstart_plan", expect=any_member(OK)),
    Entry("plans:quickstart_plan", method="post", expect=any_member(OK)),
    Entry("plans:quickstart_dismiss", method="post", expect=any_member(DONE)),
    Entry("plans:activity_list", expect=any_member()),
    Entry("plans:activity_detail", args=lambda w: [ACTIVITY], expect=any_member()),
    Entry(
        "plans:activity_add",
        args=lambda w: [ACTIVITY],
        method="post",
        data=lambda w: {"goal": w["goal"].pk},
        expect=owner_only(DONE),
    ),
    Entry("plans:activity_add_undo", args=obj("added"), method="post", expect=owner_only(DONE)),
    Entry("plans:goal_ways", args=obj("goal"), query=lambda w: "?skill=writing"),
    Entry(
        "plans:goal_ways",
        args=obj("goal"),
        method="post",
        query=lambda w: "?skill=writing",
        expect=owner_only(OK),
    ),
    # plans: reflections; starting one opens the viewer's own
    Entry("plans:reflection_list", expect=any_member()),
    Entry("plans:reflection_start", args=lambda w: ["monthly"], expect=any_member()),
    Entry(
        "plans:reflection_start",
        args=lambda w: ["monthly", w["reflection"].period.slug],
        expect=any_member(OK),
        label="a chosen period",
    ),
    Entry(
        "plans:reflection_start",
        args=lambda w: ["monthly"],
        method="post",
        expect=any_member(DONE),
        label="begin",
    ),
    Entry("plans:reflection_detail", args=obj("reflection")),
    Entry("plans:reflection_save", args=obj("reflection"), method="post", expect=owner_only(OK)),
    *(
        Entry(
            f"plans:{name}",
            args=lambda w: [w["reflection"].pk, w["goal"].pk],
            method="post",
            expect=owner_only(OK),
        )
        for name in (
            "reflection_goal_target",
            "reflection_goal_status",
            "reflection_goal_pivot",
            "reflection_task_create",
        )
    ),
    # mentoring: everyone's own pages
    Entry("mentoring:home", expect=any_member()),
    Entry("mentoring:invite", expect=any_member()),
    Entry("mentoring:mentor_home", expect=any_member()),
    Entry("mentoring:mentor_profile", expect=any_member()),
    Entry(
        "mentoring:mentor_profile",
        method="post",
        data=lambda w: {"occupation_search": "nurse", "find_occupations": "1"},
        expect=any_member(),
        label="search occupations without JavaScript",
    ),
    Entry(
        "mentoring:occupation_search",
        query=lambda w: "?occupation_search=nurse",
        expect=any_member(),
    ),
    Entry("mentoring:occupation_pick", query=lambda w: "?code=29-1141.00", expect=any_member()),
    Entry("mentoring:mentor_find", expect=any_member()),
    Entry("mentoring:mentor_detail", args=lambda w: [w["mentor"].pk], expect=any_member()),
    Entry("mentoring:request_create", args=lambda w: [w["mentor"].pk], expect=any_member()),
    # mentoring: invitation links are open to whoever holds them; accepting needs an account
    Entry("mentoring:invitation", args=lambda w: [TOKEN], expect=everyone()),
    Entry(
        "mentoring:invitation_accept",
        args=lambda w: [TOKEN],
        method="post",
        expect=answers(
            owner=PAGE, mentor=DONE, mentor_without=DONE, revoked=DONE, other=DONE, visitor=LOGIN
        ),
    ),
    Entry(
        "mentoring:invitation_revoke",
        args=obj("invitation"),
        method="post",
        expect=owner_only(DONE),
    ),
    # mentoring: the owner manages what the mentor sees
    Entry("mentoring:sharing_edit", args=obj("mentorship")),
    Entry(
        "mentoring:sharing_edit",
        args=obj("mentorship"),
        method="post",
        data=lambda w: {"goals": [w["goal"].pk]},
        expect=owner_only(DONE),
        label="save",
    ),
    Entry(
        "mentoring:mentorship_revoke",
        args=obj("mentorship"),
        method="post",
        expect=owner_only(DONE),
    ),
    Entry("mentoring:feedback_request", args=obj("mentorship")),
    Entry(
        "mentoring:feedback_request",
        args=obj("mentorship"),
        method="post",
        data=lambda w: {"subject": f"goal-{w['goal'].pk}"},
        expect=owner_only(DONE),
        label="ask",
    ),
    # mentoring: what the mentor reads
    Entry("mentoring:mentee_detail", args=obj("mentorship"), expect=mentor_only()),
    Entry("mentoring:mentee_summary", args=obj("mentorship"), expect=mentor_only()),
    Entry(
        "mentoring:mentorship_end", args=obj("mentorship"), method="post", expect=mentor_only(DONE)
    ),
    Entry("mentoring:shared_goal", args=obj("goal"), expect=mentor_only()),
    Entry("mentoring:shared_reflection", args=obj("reflection"), expect=mentor_only()),
    Entry(
        "mentoring:feedback_answered", args=obj("feedback"), method="post", expect=mentor_only(DONE)
    ),
    # mentoring: comments on goal A, its milestone and its task
    *(
        Entry(
            "mentoring:comment_thread",
            args=lambda w, k=kind: [k, w[k].pk],
            expect=shared(),
            label=kind,
        )
        for kind in ("goal", "milestone", "task", "reflection")
    ),
    *(
        Entry(
            "mentoring:comment_thread",
            args=lambda w, k=kind: [k, w[k].pk],
            method="post",
            data=lambda w: {"body": "Matrix"},
            expect=shared(DONE),
            label=f"post on {kind}",
        )
        for kind in ("goal", "milestone", "task", "reflection")
    ),
    Entry("mentoring:comment_edit", args=obj("mentor_comment"), expect=mentor_only()),
    Entry(
        "mentoring:comment_edit",
        args=obj("mentor_comment"),
        method="post",
        data=lambda w: {"body": "Edited"},
        expect=mentor_only(DONE),
        label="save",
    ),
    Entry(
        "mentoring:comment_delete",
        args=obj("mentor_comment"),
        method="post",
        expect=mentor_only(DONE),
    ),
    Entry("mentoring:comment_edit", args=obj("owner_comment"), label="owner's comment"),
    # mentoring: a mentorship request from the owner to the mentor
    Entry("mentoring:request_detail", args=obj("request"), expect=shared()),
    Entry(
        "mentoring:request_respond",
        args=obj("request"),
        method="post",
        data=lambda w: {"decision": "decline"},
        expect=mentor_only(DONE),
    ),
    Entry(
        "mentoring:request_reply",
        args=obj("request"),
        method="post",
        data=lambda w: {"reply": "More"},
        expect=owner_only(OK),
    ),
    Entry(
        "mentoring:request_withdraw", args=obj("request"), method="post", expect=owner_only(DONE)
    ),
]


def product_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                if pattern.namespace == "admin" or module.startswith(NOT_PRODUCT_MODULES):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def build_world() -> dict[str, Any]:
    owner = MemberFactory(display_name="Olive Owner")
    mentor = MemberFactory(display_name="Morgan Mentor")
    goal = GoalFactory(member=owner, title="Goal A")
    goal_b = GoalFactory(member=owner, title="Goal B")
    milestone = MilestoneFactory(goal=goal)
    task = TaskFactory(goal=goal, milestone=milestone, due_date=today())
    TaskFactory(goal=goal, milestone=milestone)
    doomed = TaskFactory(goal=goal)
    mentorship = MentorshipFactory(
        member=owner, mentor=mentor, goals=[goal], share_summary=True, share_reflections=True
    )
    without = MentorshipFactory(member=owner, goals=[goal_b])
    revoked = MentorshipFactory(member=owner, goals=[goal], share_reflections=True)
    mentoring_services.mentorship_end(mentorship=revoked, by=owner)
    MentorProfileFactory(user=mentor)
    feed = CalendarFeed.objects.create(member=owner)
    return {
        "owner": owner,
        "mentor": mentor,
        "mentor_without": without.mentor,
        "revoked": revoked.mentor,
        "other": MemberFactory(),
        "goal": goal,
        "milestone": milestone,
        "task": task,
        "undo": plans_services.task_delete(task=doomed, today=today()),
        "added": activities_add(
            goal=goal, activities=[library().activity(ACTIVITY)], today=today(), hours_a_week=None
        ).undo,
        "block": TimeBlockFactory(member=owner),
        "entry": JournalEntryFactory(member=owner, goal=goal),
        "win": WinFactory(member=owner, goal=goal),
        "feed": feed,
        "unsubscribe": Unsubscribe(owner.pk, Topic.MENTOR_COMMENTS).token(),
        "open": AttemptFactory(member=owner, slug="values"),
        "done": completed_attempt(owner, "values"),
        "done2": completed_attempt(owner, "values"),
        "mentorship": mentorship,
        "reflection": ReflectionFactory(
            member=owner, what_worked="Steady evenings", completed_at=timezone.now()
        ),
        "feedback": FeedbackRequest.objects.create(mentorship=mentorship, goal=goal),
        "invitation": InvitationFactory(member=owner, token=TOKEN, goals=[goal]),
        "mentor_comment": CommentFactory(goal=goal, author=mentor, body="From the mentor"),
        "owner_comment": CommentFactory(goal=goal, author=owner, body="From the owner"),
        "request": MentorshipRequest.objects.create(
            member=owner, mentor=mentor, message="Please", last_activity_at=timezone.now()
        ),
    }


def answer_of(response) -> str:
    if response.status_code == 404:
        return MISSING
    if response.status_code == 302 and response.url.startswith(reverse("account_login")):
        return LOGIN
    if response.status_code == 200:
        return PAGE
    if response.status_code in (301, 302, 303):
        return DONE
    return f"status {response.status_code}"


def entry_id(entry: Entry) -> str:
    return f"{entry.method} {entry.name}" + (f" ({entry.label})" if entry.label else "")


def test_every_product_url_has_a_line_in_the_matrix():
    lines = {entry.name for entry in ENTRIES} | {entry.name for entry in PROGRAMME_ENTRIES}
    assert product_url_names() == lines


def test_every_line_names_an_answer_for_every_role():
    for entry in ENTRIES:
        assert set(entry.expect) == set(ROLES), entry_id(entry)
    for entry in PROGRAMME_ENTRIES:
        assert set(entry.expect) == set(PROGRAMME_ROLES), entry_id(entry)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_each_person_gets_the_expected_answer(client, entry: Entry, role: str):
    world = build_world()
    if role != "visitor":
        client.force_login(world[role])
    url = reverse(entry.name, args=entry.args(world)) + entry.query(world)

    response = client.post(url, entry.data(world)) if entry.method == "post" else client.get(url)

    assert answer_of(response) in entry.expect[role], (
        f"{role} got {answer_of(response)} from {entry_id(entry)}"
    )


# Organisation programmes: their own six people. In programme P: an admin (beside a co-admin),
# a member, and a mentor in P's pool; a member of another programme; a member in no
# programme (who has a verified address at the domain P is open to); and a visitor.

PROGRAMME_ROLES = ("admin", "member", "pool_mentor", "other_programme", "no_programme", "visitor")


def programme_admins_only(ok: object = PAGE) -> dict:
    """Running the programme: its admins; any other member does not learn it exists."""
    return answers(
        admin=ok,
        member=MISSING,
        pool_mentor=MISSING,
        other_programme=MISSING,
        no_programme=MISSING,
        visitor=LOGIN,
    )


def programme_members(ok: object = PAGE) -> dict:
    """The programme's own page: whoever belongs to it."""
    return answers(
        admin=ok,
        member=ok,
        pool_mentor=ok,
        other_programme=MISSING,
        no_programme=MISSING,
        visitor=LOGIN,
    )


def programme_any_member(ok: object = PAGE) -> dict:
    return answers(**dict.fromkeys(PROGRAMME_ROLES[:-1], ok), visitor=LOGIN)


def build_programme_world() -> dict[str, Any]:
    from mentoring import programmes

    admin = MemberFactory(display_name="Ada Admin")
    co_admin = MemberFactory(display_name="Cy Co-admin")
    member = MemberFactory(display_name="Mel Member")
    pool_mentor = MentorProfileFactory(user__display_name="Pia Pool").user
    other = MemberFactory(display_name="Oz Other")
    outsider = MemberFactory(display_name="Nia Nowhere", email="nia@acme.test")
    programme = programmes.programme_create(
        member=admin,
        name="Programme P",
        description="",
        starts_on=today(),
        ends_on=None,
        guidance="Do this.",
        checkin_cadence="monthly",
        paths=[PATH],
    )
    programme.email_domain, programme.join_by_domain = "acme.test", True
    programme.save()
    code = programme.codes.get()
    for person in (member, pool_mentor):
        programmes.programme_join(member=person, code_text=code.code)
    invitation = programmes.code_create(programme=programme, role="admin")
    programmes.programme_join(member=co_admin, code_text=invitation.code)
    programmes.pool_set(membership=programme.memberships.get(member=pool_mentor), in_pool=True)
    elsewhere = programmes.programme_create(
        member=MemberFactory(),
        name="Programme Q",
        description="",
        starts_on=today(),
        ends_on=None,
        guidance="",
        checkin_cadence="",
        paths=[],
    )
    programmes.programme_join(member=other, code_text=elsewhere.codes.get().code)
    return {
        "admin": admin,
        "member": member,
        "pool_mentor": pool_mentor,
        "other_programme": other,
        "no_programme": outsider,
        "programme": programme,
        "code": code,
        "admin_code": programmes.code_create(programme=programme, role="admin"),
        "co_admin": programme.memberships.get(member=co_admin),
    }


def programme_settings_data(w: dict) -> dict:
    return {
        "name": "Programme P",
        "starts_on": today().isoformat(),
        "guidance": "Do this and that.",
        "checkin_cadence": "weekly",
        "paths": [PATH],
    }


def in_programme(*more: Callable[[dict], object]) -> Callable[[dict], list]:
    return lambda w: [w["programme"].pk, *(getter(w) for getter in more)]


PROGRAMME_ENTRIES = [
    Entry("mentoring:programme_list", expect=programme_any_member()),
    Entry("mentoring:programme_create", expect=programme_any_member()),
    Entry(
        "mentoring:programme_create",
        method="post",
        data=lambda w: programme_settings_data(w),
        expect=programme_any_member(DONE),
        label="create",
    ),
    Entry("mentoring:programme_join", expect=programme_any_member()),
    Entry(
        "mentoring:programme_join",
        method="post",
        data=lambda w: {"code": w["code"].code},
        # Those already in P are told so on the page; the others join.
        expect=answers(
            admin=PAGE,
            member=PAGE,
            pool_mentor=PAGE,
            other_programme=DONE,
            no_programme=DONE,
            visitor=LOGIN,
        ),
        label="code",
    ),
    Entry(
        "mentoring:programme_join_link",
        args=lambda w: [w["code"].code],
        expect=programme_any_member(),
    ),
    Entry(
        "mentoring:programme_join_link",
        args=lambda w: [w["code"].code],
        method="post",
        expect=answers(
            admin=PAGE,
            member=PAGE,
            pool_mentor=PAGE,
            other_programme=DONE,
            no_programme=DONE,
            visitor=LOGIN,
        ),
        label="join",
    ),
    # Only a member with a verified address at P's domain finds P open to them.
    Entry(
        "mentoring:programme_join_domain",
        args=in_programme(),
        method="post",
        expect=answers(
            admin=MISSING,
            member=MISSING,
            pool_mentor=MISSING,
            other_programme=MISSING,
            no_programme=DONE,
            visitor=LOGIN,
        ),
    ),
    Entry("mentoring:programme_detail", args=in_programme(), expect=programme_members()),
    Entry(
        "mentoring:programme_leave",
        args=in_programme(),
        method="post",
        expect=programme_members(DONE),
    ),
    Entry(
        "mentoring:programme_pool",
        args=in_programme(),
        method="post",
        data=lambda w: {"in_pool": "on"},
        expect=programme_members(DONE),
    ),
    # Admin pages: counts only, and still only for the programme's admins.
    Entry("mentoring:programme_overview", args=in_programme(), expect=programme_admins_only()),
    Entry("mentoring:programme_settings", args=in_programme(), expect=programme_admins_only()),
    Entry(
        "mentoring:programme_settings",
        args=in_programme(),
        method="post",
        data=programme_settings_data,
        expect=programme_admins_only(DONE),
        label="save",
    ),
    Entry("mentoring:programme_access", args=in_programme(), expect=programme_admins_only()),
    Entry(
        "mentoring:programme_code_new",
        args=in_programme(),
        method="post",
        data=lambda w: {"role": "admin"},
        expect=programme_admins_only(DONE),
    ),
    Entry(
        "mentoring:programme_code_revoke",
        args=in_programme(lambda w: w["admin_code"].pk),
        method="post",
        expect=programme_admins_only(DONE),
    ),
    Entry(
        "mentoring:programme_close",
        args=in_programme(),
        method="post",
        expect=programme_admins_only(DONE),
    ),
    Entry(
        "mentoring:programme_admin_remove",
        args=in_programme(lambda w: w["co_admin"].pk),
        method="post",
        expect=programme_admins_only(DONE),
    ),
]


@pytest.mark.parametrize("role", PROGRAMME_ROLES)
@pytest.mark.parametrize("entry", PROGRAMME_ENTRIES, ids=entry_id)
def test_each_person_gets_the_expected_answer_from_a_programme(client, entry: Entry, role: str):
    world = build_programme_world()
    if role != "visitor":
        client.force_login(world[role])
    url = reverse(entry.name, args=entry.args(world)) + entry.query(world)

    response = client.post(url, entry.data(world)) if entry.method == "post" else client.get(url)

    assert answer_of(response) in entry.expect[role], (
        f"{role} got {answer_of(response)} from {entry_id(entry)}"
    )
