"""Small activity libraries and career paths built by hand, so tests know every figure."""

from collections.abc import Sequence

from assessments.occupations import Occupation
from plans.library import Activity, CareerPath, Library, Stage


def occupation(code: str = "15-1232.00", title: str = "Computer User Support Specialists"):
    return Occupation(
        code=code,
        title=title,
        also_called=("IT support technician", "Helpdesk analyst", "Service desk analyst"),
        description="Helps people with their computers.",
        interests="CRI",
        job_zone=3,
        values=("support",),
        skills=(
            ("troubleshooting", 4),
            ("active-listening", 4),
            ("service-orientation", 4),
            ("speaking", 3),
            ("reading-comprehension", 3),
        ),
        major_group=code[:2],
        major_group_name="Computer and Mathematical Occupations",
    )


def activity(
    slug: str,
    *,
    kind: str = "course",
    cost: str = "free",
    hours: int = 10,
    skills: Sequence[str] = ("writing",),
    name: str = "",
) -> Activity:
    return Activity(
        slug=slug,
        name=name or slug.replace("-", " ").capitalize(),
        kind=kind,
        cost=cost,
        hours=hours,
        skills=tuple(skills),
        description=f"What {slug} involves.",
    )


def stage(
    position: int,
    name: str,
    *,
    code: str = "15-1232.00",
    months: tuple[int, int] = (12, 24),
    skills: Sequence[tuple[str, int]] = (("troubleshooting", 3),),
    activities: Sequence[Activity] = (),
) -> Stage:
    return Stage(
        position=position,
        name=name,
        occupation=occupation(code, f"Occupation {code}"),
        months=months,
        summary=f"What the {name} stage is for.",
        skills=tuple(skills),
        activities=tuple(activities),
    )


def career_path(
    slug: str = "support-technician-to-network-engineer",
    *,
    name: str = "Support technician to network engineer",
    field: str = "technical",
    goal_kind: str = "advancement",
    stages: Sequence[Stage] = (),
) -> CareerPath:
    return CareerPath(
        slug=slug,
        name=name,
        field=field,
        goal_kind=goal_kind,
        summary="From the help desk to designing networks.",
        stages=tuple(stages),
    )


# The activities and paths most tests use.
A_PLUS = activity(
    "a-plus",
    kind="certification",
    cost="high",
    hours=40,
    skills=("troubleshooting", "systems-analysis"),
    name="A+ certification",
)
HOME_LAB = activity(
    "home-lab",
    kind="side-project",
    cost="low",
    hours=20,
    skills=("troubleshooting",),
    name="Home network lab",
)
TICKET_NOTES = activity(
    "ticket-notes",
    kind="stretch-project",
    cost="free",
    hours=6,
    skills=("troubleshooting", "writing"),
    name="Write up hard tickets",
)
NETWORK_DEGREE = activity(
    "network-degree",
    kind="degree",
    cost="high",
    hours=1800,
    skills=("systems-analysis",),
    name="Networking degree",
)
WRITING_CIRCLE = activity(
    "writing-circle", kind="networking", cost="free", hours=8, name="Writing circle"
)
WRITING_COURSE = activity(
    "writing-course", kind="online-course", cost="low", hours=15, name="Business writing course"
)
WRITING_WORKSHOP = activity(
    "writing-workshop", kind="workshop", cost="high", hours=12, name="Writing workshop"
)
WRITING_MENTOR = activity(
    "writing-mentor", kind="mentorship", cost="free", hours=24, name="Writing mentor"
)

SUPPORT_PATH = career_path(
    stages=[
        stage(
            1,
            "Support technician",
            months=(12, 36),
            skills=[("troubleshooting", 4), ("writing", 3), ("systems-analysis", 3)],
            activities=[A_PLUS, HOME_LAB],
        ),
        stage(
            2,
            "Network administrator",
            code="15-1244.00",
            months=(24, 48),
            skills=[("systems-analysis", 4), ("operations-monitoring", 4)],
            activities=[NETWORK_DEGREE, TICKET_NOTES],
        ),
        stage(
            3,
            "Network engineer",
            code="15-1241.00",
            months=(24, 60),
            skills=[("systems-analysis", 5), ("technology-design", 4)],
            activities=[TICKET_NOTES],
        ),
    ]
)
WRITER_PATH = career_path(
    "copywriter-to-content-lead",
    name="Copywriter to content lead",
    field="creative",
    goal_kind="change",
    stages=[
        stage(1, "Copywriter", code="27-3043.00", activities=[WRITING_CIRCLE, WRITING_COURSE]),
        stage(2, "Content lead", code="27-3041.00", activities=[WRITING_WORKSHOP]),
    ],
)


def small_library() -> Library:
    return Library(
        [
            A_PLUS,
            HOME_LAB,
            TICKET_NOTES,
            NETWORK_DEGREE,
            WRITING_CIRCLE,
            WRITING_COURSE,
            WRITING_WORKSHOP,
            WRITING_MENTOR,
        ],
        [SUPPORT_PATH, WRITER_PATH],
    )


def big_library(paths: int = 40, activities: int = 200) -> Library:
    """Many paths and activities, for checking that pages query the same whatever the size."""
    made = [
        activity(
            f"activity-{n}",
            kind=("course", "mentorship", "workshop", "side-project")[n % 4],
            cost=("free", "low", "high")[n % 3],
            hours=5 + n % 30,
            skills=(("writing", "troubleshooting", "systems-analysis")[n % 3],),
        )
        for n in range(activities)
    ]
    fields = ("creative", "technical", "business", "care", "trades", "public-service")
    routes = [
        career_path(
            f"path-{n}",
            name=f"Path {n}",
            field=fields[n % len(fields)],
            stages=[
                stage(s, f"Stage {s}", activities=made[n + s : n + s + 3]) for s in range(1, 5)
            ],
        )
        for n in range(paths)
    ]
    return Library([*made, A_PLUS, HOME_LAB, TICKET_NOTES], [*routes, SUPPORT_PATH])
