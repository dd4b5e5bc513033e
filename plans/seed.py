"""Realistic goals, plans, journals and wins: rich data for the demo member, and bulk data for
many generated members (for demos and for measuring the pages with a full database)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments import services as assessment_services
from assessments.demo import demo_attempts_create
from assessments.models import Answer, Attempt, CareerDirection, Instrument, Item
from assessments.occupations import catalogue
from careerdev.models import User
from plans import services
from plans.models import (
    Goal,
    GoalStatus,
    JournalEntry,
    Milestone,
    Task,
    TaskStatus,
    TimeBlock,
    Win,
    WinKind,
)
from plans.periods import Cadence, period_just_ended

SEED_DOMAIN = "seed.careerdev.localhost"
SEED_PASSWORD = "seed-member-pass"  # noqa: S105 (demo data, printed for people to log in)
BATCH = 2000

# Split from strings to keep these long lists readable.
FIRST_NAMES = (  # noqa: SIM905
    "Ada Amir Bea Chen Dev Eli Fatima Gus Hana Ines Jon Kofi Lena Malik Nia Omar Priya Quinn "
    "Rosa Sam Tariq Uma Vik Wen Xavi Yara Zoe"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Adams Baker Costa Diaz Evans Fischer Garcia Haddad Ito Jones Khan Lopez Moreau Novak "
    "Okafor Patel Quispe Rossi Singh Tanaka Ueda Vargas Walsh Xu Young Zhou"
).split()
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Kolkata")
ROLES = (
    ("Support analyst", "Product manager"),
    ("Junior developer", "Senior developer"),
    ("Sales representative", "Sales manager"),
    ("Recruiter", "HR business partner"),
    ("Graphic designer", "Design lead"),
    ("Data analyst", "Data science lead"),
    ("Support technician", "Network architect"),
)


@dataclass(frozen=True)
class PlanTemplate:
    kind: str
    title: str
    why: str
    measure: str
    months: int
    milestones: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]


# (title, activity, hours) per task, grouped under milestones.
TEMPLATES = (
    PlanTemplate(
        "skills",
        "Pass the {topic} certification",
        "Roles I am aiming for list the {topic} certification as a requirement.",
        "Pass the exam at the first attempt with a score of 75% or more.",
        5,
        (
            (
                "Know the syllabus",
                (
                    ("Compare three {topic} training programmes", "training", "2"),
                    ("Enrol in the chosen course", "course", "1"),
                    ("Work through the first two modules", "online_course", "6"),
                ),
            ),
            (
                "Practise under exam conditions",
                (
                    ("Take a timed practice exam", "certification", "3"),
                    ("Review every wrong answer with a study buddy", "mentorship", "2"),
                    ("Book the exam", "certification", "0.5"),
                ),
            ),
        ),
    ),
    PlanTemplate(
        "skills",
        "Raise my {topic} skills from level 2 to 4",
        "My skills assessment shows {topic} as my largest gap for the next role.",
        "Rate myself 4 on the skills assessment and show it in 2 pieces of real work.",
        4,
        (
            (
                "Learn the foundations",
                (
                    ("Finish an online course on {topic}", "online_course", "8"),
                    ("Attend a {topic} workshop", "workshop", "4"),
                ),
            ),
            (
                "Use it at work",
                (
                    ("Volunteer for a task that needs {topic}", "stretch_project", "6"),
                    ("Ask my manager for feedback on it", "mentorship", "1"),
                    ("Present what I learnt to the team", "seminar", "2"),
                ),
            ),
        ),
    ),
    PlanTemplate(
        "advancement",
        "Lead a cross-team project by the end of the quarter",
        "Leading is the step between my current role and {target}.",
        "Deliver the project on time and collect feedback from 3 stakeholders.",
        4,
        (
            (
                "Win the project",
                (
                    ("Network with two team leads about upcoming work", "networking", "2"),
                    ("Propose myself as project lead", "stretch_project", "1"),
                ),
            ),
            (
                "Run it",
                (
                    ("Plan the kick-off with a mentor", "mentorship", "2"),
                    ("Run weekly check-ins for the first month", "stretch_project", "6"),
                    ("Write up lessons learnt", "other", "2"),
                ),
            ),
        ),
    ),
    PlanTemplate(
        "advancement",
        "Get promoted to {target} within a year",
        "I want more responsibility and the pay that comes with it.",
        "A promotion offer, or a clear written plan from my manager with dates.",
        12,
        (
            (
                "Know what is expected",
                (
                    ("Ask my manager what the next level needs", "mentorship", "1"),
                    ("Find a mentor who has the role", "networking", "2"),
                ),
            ),
            (
                "Show it",
                (
                    ("Take on one stretch project", "stretch_project", "10"),
                    ("Attend a leadership seminar", "seminar", "4"),
                    ("Review progress with my mentor", "mentorship", "1"),
                ),
            ),
        ),
    ),
    PlanTemplate(
        "change",
        "Explore a move into {field} by talking to 5 people in it",
        "My interests point away from my current role and towards {field}.",
        "5 conversations held and a yes-or-no decision written down.",
        3,
        (
            (
                "Research",
                (
                    ("List ten roles in {field} that fit my values", "other", "3"),
                    ("Join a {field} meet-up", "networking", "2"),
                ),
            ),
            (
                "Try it out",
                (
                    ("Hold informational interviews", "networking", "5"),
                    ("Volunteer on a small {field} project", "volunteering", "8"),
                    ("Apply for a short internship", "internship", "2"),
                ),
            ),
        ),
    ),
)
TOPICS = ("SQL", "Python", "cloud", "project management", "negotiation", "data visualisation")
FIELDS = ("product management", "UX research", "teaching", "data science", "consulting")
JOURNAL_LINES = (
    "Finished a module tonight; the examples finally made sense.",
    "Had a useful coffee with a colleague who did this move last year.",
    "Slow week. Rescheduled two tasks rather than pretending.",
    "Got good feedback on the presentation. Want to keep the momentum.",
    "Practice exam: 68%. The networking section needs another pass.",
    "Blocked out Tuesday evenings for this, and it is working.",
)
HAND_WINS = (
    (WinKind.CERTIFICATION, "Earned a course certificate"),
    (WinKind.CONNECTION, "New connection: met a hiring manager at a meet-up"),
    (WinKind.OTHER, "First talk given to the whole department"),
    (WinKind.NEW_JOB, "Offered an acting lead role"),
)


def _fill(text: str, topic: str, field: str, target: str) -> str:
    return text.format(topic=topic, field=field, target=target)


# Generated members, in bulk


def seed_members(
    count: int, *, today: date, rng: random.Random, log: Callable[[str], None] = print
) -> int:
    """Creates members seed-1 .. seed-<count> that do not exist yet, with their plans."""
    wanted = [f"seed-{n}@{SEED_DOMAIN}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in existing]
    password = make_password(SEED_PASSWORD)
    for start in range(0, len(missing), BATCH):
        _seed_chunk(missing[start : start + BATCH], password, today, rng)
        log(f"  {min(start + BATCH, len(missing))} of {len(missing)} members")
    if missing:
        _refresh_statistics()
    return len(missing)


def _refresh_statistics() -> None:
    """After a bulk load the planner's row estimates are stale until the tables are analysed."""
    models = (User, EmailAddress, Goal, Goal.history.model, Milestone, Task, Win, JournalEntry)
    models += (Attempt, Answer)
    with connection.cursor() as cursor:
        for model in (*models, TimeBlock):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def _seed_chunk(emails: list[str], password: str, today: date, rng: random.Random) -> None:
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=email,
            password=password,
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            time_zone=rng.choice(ZONES),
            current_role=(roles := rng.choice(ROLES))[0],
            target_role=roles[1],
            date_joined=now - timedelta(days=rng.randint(1, 400)),
        )
        for email in emails
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    plans = [(user, _member_goals(user, today, rng)) for user in users]
    goals = bulk_create_with_history(
        [goal for _, member_goals in plans for goal, _ in member_goals],
        Goal,
        batch_size=BATCH,
        default_change_reason="Goal set",
    )
    specs = [spec for _, member_goals in plans for _, spec in member_goals]
    milestone_rows, task_rows = [], []
    for goal, spec in zip(goals, specs, strict=True):
        for position, (title, tasks) in enumerate(spec):
            milestone_rows.append(Milestone(goal=goal, title=title, position=position))
            task_rows.append(tasks)
    milestones = Milestone.objects.bulk_create(milestone_rows, batch_size=BATCH)
    tasks, wins = _tasks_and_milestone_wins(milestones, task_rows, today, rng)
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    wins += [
        Win(
            member_id=goal.member_id,
            kind=WinKind.GOAL,
            goal=goal,
            title=f"Goal achieved: {goal.title}",
            won_on=goal.target_date or today,
        )
        for goal in goals
        if goal.status == GoalStatus.ACHIEVED
    ]
    for user in users:
        wins += _hand_wins(user, today, rng)
    Win.objects.bulk_create(wins, batch_size=BATCH)
    JournalEntry.objects.bulk_create(
        (
            entry
            for user, member_goals in plans
            for entry in _journal(user, member_goals, today, rng)
        ),
        batch_size=BATCH,
    )
    TimeBlock.objects.bulk_create(
        (block for user in users for block in _blocks(user, rng)), batch_size=BATCH
    )
    demo_attempts_create(users, seed=rng.randrange(2**32), now=now)


Spec = list[tuple[str, list[tuple[str, str, str]]]]


def _member_goals(user: User, today: date, rng: random.Random) -> list[tuple[Goal, Spec]]:
    topic, field = rng.choice(TOPICS), rng.choice(FIELDS)
    goals = []
    for template in rng.sample(TEMPLATES, rng.randint(2, 4)):
        start = today - timedelta(days=rng.randint(0, 150))
        status = rng.choices(
            [GoalStatus.ACTIVE, GoalStatus.ACHIEVED, GoalStatus.PAUSED, GoalStatus.DROPPED],
            weights=[70, 15, 10, 5],
        )[0]
        goal = Goal(
            member=user,
            kind=template.kind,
            title=_fill(template.title, topic, field, user.target_role)[:160],
            why=_fill(template.why, topic, field, user.target_role),
            measure=template.measure,
            start_date=start,
            target_date=start + timedelta(days=template.months * 30),
            status=status,
        )
        spec = [
            (title, [(_fill(t, topic, field, "")[:160], kind, hours) for t, kind, hours in tasks])
            for title, tasks in template.milestones
        ]
        goals.append((goal, spec))
    return goals


def _tasks_and_milestone_wins(
    milestones: list[Milestone], task_rows: list, today: date, rng: random.Random
) -> tuple[list[Task], list[Win]]:
    tasks: list[Task] = []
    wins: list[Win] = []
    for milestone, rows in zip(milestones, task_rows, strict=True):
        goal = milestone.goal
        span = max((goal.target_date - goal.start_date).days, 7)
        finished = goal.status == GoalStatus.ACHIEVED
        all_done = True
        for position, (title, activity, hours) in enumerate(rows):
            offset = (milestone.position * len(rows) + position + 1) * span // (len(rows) * 2 + 1)
            due = goal.start_date + timedelta(days=offset)
            # Most work due in the past is done; some members fall behind.
            done = finished or (due < today and rng.random() < 0.8) or rng.random() < 0.05
            all_done = all_done and done
            tasks.append(
                Task(
                    goal=goal,
                    milestone=milestone,
                    title=title,
                    due_date=due,
                    effort_hours=Decimal(hours),
                    activity=activity,
                    status=TaskStatus.DONE if done else TaskStatus.OPEN,
                    completed_at=timezone.now() if done else None,
                    position=position,
                )
            )
        if all_done:
            milestone.completed_at = timezone.now()
            wins.append(
                Win(
                    member_id=goal.member_id,
                    kind=WinKind.MILESTONE,
                    goal=goal,
                    milestone=milestone,
                    title=f"Milestone reached: {milestone.title}",
                    won_on=min(today, goal.target_date),
                )
            )
    Milestone.objects.bulk_update(
        [m for m in milestones if m.completed_at], ["completed_at"], batch_size=BATCH
    )
    return tasks, wins


def _hand_wins(user: User, today: date, rng: random.Random) -> list[Win]:
    return [
        Win(member=user, kind=kind, title=title, won_on=today - timedelta(days=rng.randint(0, 90)))
        for kind, title in rng.sample(HAND_WINS, rng.randint(0, 2))
    ]


def _journal(
    user: User, goals: list[tuple[Goal, Spec]], today: date, rng: random.Random
) -> list[JournalEntry]:
    return [
        JournalEntry(
            member=user,
            goal=rng.choice([goal for goal, _ in goals] + [None]),
            written_on=today - timedelta(days=rng.randint(0, 120)),
            body=rng.choice(JOURNAL_LINES),
        )
        for _ in range(rng.randint(2, 8))
    ]


def _blocks(user: User, rng: random.Random) -> list[TimeBlock]:
    days = rng.sample(range(7), rng.randint(0, 2))
    return [
        TimeBlock(member=user, weekday=day, starts_at=time(18), ends_at=time(19, 30))
        for day in days
    ]


# The demo member, through the same services a member uses

# An IT support analyst aiming for product management, which O*NET counts among the
# marketing managers: the fit and path pages have a story to show on first look.
DEMO_CURRENT_ROLE = "15-1232.00"
DEMO_TARGET_ROLE = "11-2021.00"


def seed_demo_direction(member: User) -> bool:
    """Gives the demo member a current and a target occupation once."""
    if CareerDirection.objects.filter(member=member).exclude(target_code="").exists():
        return False
    for role, code in (("current", DEMO_CURRENT_ROLE), ("target", DEMO_TARGET_ROLE)):
        assessment_services.career_direction_set(
            member=member, role=role, occupation=catalogue().get(code)
        )
    return True


@transaction.atomic
def seed_demo_member(member: User, *, today: date) -> bool:
    """Gives the demo member a full picture once: goals on track, behind and achieved."""
    if Goal.objects.for_member(member).exists():
        return False
    day = timedelta(days=1)
    # The story begins months back, so the demo member joined before it.
    joined = datetime.combine(today - 90 * day, time(9), tzinfo=member.zone)
    if member.date_joined > joined:
        member.date_joined = joined
        member.save(update_fields=["date_joined"])

    certificate = services.goal_create(
        member=member,
        kind="skills",
        title="Pass the Google Data Analytics certificate",
        why="Product managers on my target team read data daily; this closes my largest gap.",
        measure="Certificate earned, with every graded assessment passed at 80% or more.",
        start_date=today - 60 * day,
        target_date=today + 60 * day,
        reason="Goal set from a suggestion",
    )
    # Last time the demo member reflected, on-call duty pushed the certificate back.
    earlier = period_just_ended(Cadence.MONTHLY, today).previous()
    reflection = services.reflection_open(member=member, period=earlier, today=today)
    services.goal_update(
        goal=certificate,
        target_date=today + 75 * day,
        change_note=reflection.change_note("two weeks of on-call duty"),
        reflection=reflection,
    )
    services.reflection_save(
        reflection=reflection,
        what_worked="Tuesday evenings and Saturday mornings blocked out for the course.",
        what_got_in_the_way="Two weeks of on-call duty; nothing moved while it lasted.",
        what_to_change="Move the certificate date back two weeks, and plan around on-call weeks.",
        confidence=4,
        complete=True,
    )
    _demo_plan(
        certificate,
        today,
        [
            (
                "Foundations",
                [
                    ("Compare three data analytics courses", "training", 2, -50, True),
                    ("Enrol in the Google course", "course", 1, -45, True),
                    ("Finish the spreadsheets module", "online_course", 6, -20, True),
                ],
            ),
            (
                "SQL and visualisation",
                [
                    ("Finish the SQL module", "online_course", 8, -6, False),
                    ("Build a dashboard from support tickets", "stretch_project", 6, -2, False),
                    ("Ask an analyst to review the dashboard", "mentorship", 1, 5, False),
                ],
            ),
            (
                "Exam",
                [
                    ("Take a practice exam", "certification", 3, 30, False),
                    ("Book and sit the exam", "certification", 2, 60, False),
                ],
            ),
        ],
    )

    project = services.goal_create(
        member=member,
        kind="advancement",
        title="Lead the customer-feedback project this quarter",
        why="Leading a cross-team project is the step between support and product.",
        measure="Project delivered on time, with feedback from 3 stakeholders.",
        start_date=today - 20 * day,
        target_date=today + 70 * day,
    )
    _demo_plan(
        project,
        today,
        [
            (
                "Win the project",
                [
                    ("Pitch the project to my manager", "stretch_project", 1, -15, True),
                    ("Network with the product team leads", "networking", 2, -8, True),
                ],
            ),
            (
                "Run it",
                [
                    ("Plan the kick-off with my mentor", "mentorship", 2, 1, False),
                    ("Run the kick-off workshop", "workshop", 3, 3, False),
                    ("Weekly check-ins for a month", "stretch_project", 4, 30, False),
                ],
            ),
        ],
    )

    change = services.goal_create(
        member=member,
        kind="change",
        title="Explore product management by talking to 3 product managers",
        why="My interests lean enterprising and investigative; support work uses neither much.",
        measure="3 conversations held and a written yes-or-no on applying.",
        start_date=today - 5 * day,
        target_date=today + 85 * day,
    )
    _demo_plan(
        change,
        today,
        [
            (
                "Conversations",
                [
                    ("Ask my mentor for two introductions", "mentorship", 0.5, 6, False),
                    ("Join a product meet-up", "networking", 2, 20, False),
                    ("Hold three informational interviews", "networking", 3, 45, False),
                ],
            ),
        ],
    )

    course = services.goal_create(
        member=member,
        kind="skills",
        title="Finish the SQL for analysts evening course",
        why="Writing my own queries saves waiting on the data team.",
        measure="All 8 sessions attended and the final project passed.",
        start_date=today - 150 * day,
        target_date=today - 40 * day,
    )
    _demo_plan(
        course,
        today,
        [
            (
                "Course",
                [
                    ("Attend sessions 1 to 4", "course", 8, -120, True),
                    ("Attend sessions 5 to 8", "course", 8, -70, True),
                    ("Hand in the final project", "course", 4, -45, True),
                ],
            ),
        ],
    )
    services.goal_status_set(goal=course, status=GoalStatus.ACHIEVED, today=today - 40 * day)

    # Saturday mornings are for the certificate; Tuesday evenings serve every goal.
    for weekday, starts, ends, goal in (
        (1, time(18), time(19), None),
        (5, time(9), time(11), certificate),
    ):
        services.time_block_create(
            member=member, weekday=weekday, starts_at=starts, ends_at=ends, goal=goal
        )
    for offset, goal, body in (
        (-44, certificate, "Enrolled. Blocked Tuesday evenings and Saturday mornings for it."),
        (-21, certificate, "Spreadsheets module done. Pivot tables finally make sense."),
        (-9, project, "My manager said yes to me leading the feedback project!"),
        (-3, None, "Slow week with on-call duty; moved the SQL module back."),
    ):
        services.journal_entry_create(
            member=member, goal=goal, written_on=today + offset * day, body=body
        )
    services.win_create(
        member=member,
        kind=WinKind.CONNECTION,
        title="New connection: a product lead offered to mentor me",
        won_on=today - 12 * day,
    )
    services.calendar_feed_regenerate(member=member)
    return True


def _demo_plan(goal: Goal, today: date, milestones: list) -> None:
    for title, tasks in milestones:
        milestone = services.milestone_create(goal=goal, title=title, due_date=None)
        for task_title, activity, hours, offset, done in tasks:
            task = services.task_create(
                goal=goal,
                milestone=milestone,
                title=task_title,
                due_date=today + timedelta(days=offset),
                effort_hours=Decimal(str(hours)),
                activity=activity,
                today=today,
            )
            if done:
                # Done on the day it was due, so wins carry that date.
                services.task_complete(task=task, today=min(task.due_date, today))


# The demo member's self-assessments: a support analyst aiming at product management,
# whose largest gaps and interests lead to the goals above.
DEMO_SKILLS = {  # skill: (current level, level the target role needs)
    "operations-analysis": (2, 5),
    "judgment-and-decision-making": (2, 4),
    "persuasion": (2, 4),
    "systems-analysis": (2, 4),
    "service-orientation": (5, 4),
    "active-listening": (4, 4),
}
DEMO_LEANINGS = {  # area: answer most given (1-5)
    "delegating": 2,
    "leading-change": 2,
    "coaching-others": 4,
    "enterprising": 5,
    "investigative": 4,
    "social": 4,
    "realistic": 1,
    "achievement": 5,
    "independence": 4,
    "openness": 4,
    "conscientiousness": 5,
}


def _demo_answer(item: Item) -> int:
    if item.facet:
        current, target = DEMO_SKILLS.get(item.area.slug, (3, 3))
        return current if item.facet == "current" else target
    value = DEMO_LEANINGS.get(item.area.slug, 3)
    return 6 - value if item.reverse_keyed else value


@transaction.atomic
def seed_demo_assessments(member: User) -> bool:
    """Takes all five instruments as the demo member would, through the same services."""
    if Attempt.objects.for_member(member).exists():
        return False
    for instrument in Instrument.objects.all():
        attempt = assessment_services.attempt_start(member=member, instrument=instrument)
        items = Item.objects.filter(version=attempt.version).select_related("area")
        assessment_services.answers_save(
            attempt=attempt, answers={item.pk: _demo_answer(item) for item in items}
        )
        assessment_services.attempt_submit(attempt=attempt)
    return True
