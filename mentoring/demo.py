"""Mentoring for the demo accounts, and generated mentors in bulk (demos and benchmarks)."""

import random
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from assessments.summary import skills_catalog
from careerdev.demo import DEMO_ACCOUNTS
from careerdev.models import User
from mentoring import services
from mentoring.fields import FIELDS
from mentoring.models import MentorProfile, Mentorship, MentorshipRequest
from mentoring.occupations import titles
from plans.models import Goal

SEED_MENTOR_DOMAIN = "mentors.seed.careerdev.localhost"
SEED_MENTOR_PASSWORD = "seed-mentor-pass"  # noqa: S105 (demo data, printed for people to log in)
DEMO_MENTOR_DOMAIN = "mentors.demo.careerdev.localhost"
BATCH = 2000
# Occupations generated mentors held (catalogue codes): neighbours on paths and in groups.
OCCUPATIONS = (
    "11-3021.00",  # Computer and Information Systems Managers
    "15-1232.00",  # Computer User Support Specialists
    "15-1244.00",  # Network and Computer Systems Administrators
    "15-1241.00",  # Computer Network Architects
    "15-1252.00",  # Software Developers
    "15-2051.00",  # Data Scientists
    "15-2051.01",  # Business Intelligence Analysts
    "13-1111.00",  # Management Analysts
    "27-1024.00",  # Graphic Designers
    "15-1255.00",  # Web and Digital Interface Designers
    "11-2022.00",  # Sales Managers
    "41-4012.00",  # Sales Representatives, Wholesale and Manufacturing
    "13-1071.00",  # Human Resources Specialists
    "11-3121.00",  # Human Resources Managers
    "11-1021.00",  # General and Operations Managers
    "11-3031.00",  # Financial Managers
    "13-2011.00",  # Accountants and Auditors
    "29-1141.00",  # Registered Nurses
    "11-9111.00",  # Medical and Health Services Managers
    "35-1011.00",  # Chefs and Head Cooks
)


@dataclass(frozen=True)
class DemoMentor:
    slug: str
    name: str
    headline: str
    occupations: tuple[str, ...]
    expertise: tuple[str, ...]
    industries: tuple[str, ...]
    time_zone: str
    capacity: int
    years: int


# A few mentors beside the demo mentor, so the demo member's "Find a mentor" page has
# suggestions: some close to a support-to-data move, some not (a head chef shares no
# field or occupation group with a head of data, whatever the titles' words).
DEMO_MENTORS = (
    DemoMentor(
        "priya",
        "Priya Raman",
        "From the service desk to analytics: I help with that move.",
        ("15-1232.00", "15-2051.01", "15-2051.00"),
        ("operations-analysis", "systems-analysis", "critical-thinking", "programming"),
        ("data", "support"),
        "Europe/London",
        3,
        11,
    ),
    DemoMentor(
        "tomas",
        "Tomás Ferreira",
        "Support technician turned network architect.",
        ("15-1232.00", "15-1244.00", "15-1241.00"),
        ("troubleshooting", "systems-analysis", "systems-evaluation", "active-listening"),
        ("technology", "support"),
        "Europe/Berlin",
        2,
        14,
    ),
    DemoMentor(
        "grace",
        "Grace Okafor",
        "Consultant: I help analysts make the case for a change.",
        ("13-1111.00", "11-1021.00"),
        ("judgment-and-decision-making", "persuasion", "operations-analysis", "negotiation"),
        ("consulting", "operations"),
        "America/New_York",
        4,
        18,
    ),
    DemoMentor(
        "kwame",
        "Kwame Mensah",
        "Marketing manager for software products.",
        ("13-1161.00", "11-2021.00"),
        ("persuasion", "writing", "speaking", "social-perceptiveness"),
        ("sales", "product"),
        "Europe/London",
        3,
        9,
    ),
    DemoMentor(
        "lin",
        "Lin Zhou",
        "IT project manager; I mentor people moving into delivery roles.",
        ("15-1299.09", "13-1082.00"),
        ("coordination", "time-management", "judgment-and-decision-making", "monitoring"),
        ("technology", "product"),
        "Asia/Singapore",
        5,
        12,
    ),
    DemoMentor(
        "sam",
        "Sam Doyle",
        "Head chef: running a kitchen team, hiring and training.",
        ("35-1011.00",),
        ("management-of-personnel-resources", "coordination", "time-management", "instructing"),
        ("operations",),
        "Europe/London",
        2,
        20,
    ),
)
ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
)
NAMES = "Ada Amir Bea Chen Dev Eli Fatima Gus Hana Ines Jon Kofi Lena Malik Nia Omar".split()  # noqa: SIM905


def _demo_users() -> tuple[User, User] | None:
    emails = {account.label: account.email for account in DEMO_ACCOUNTS}
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    if len(users) < 2:
        return None
    return users[emails["member"]], users[emails["mentor"]]


@transaction.atomic
def demo_mentoring_ensure() -> bool:
    """The demo mentor offers to mentor, and mentors the demo member, who shares a goal and
    their assessment summary, with a short exchange of comments and a feedback request.
    Returns whether anything was created."""
    users = _demo_users()
    if users is None:
        return False
    member, mentor = users
    if not MentorProfile.objects.filter(user=mentor).exists():
        services.mentor_profile_save(
            user=mentor,
            headline="Fifteen years in product: I help analysts and support people move into it.",
            expertise=[
                "operations-analysis",
                "judgment-and-decision-making",
                "persuasion",
                "negotiation",
                "writing",
            ],
            industries=["product", "technology", "leadership"],
            # Business analyst, business intelligence and product marketing are in the
            # catalogue; product management itself is not, so it stays as written.
            occupations=["13-1111.00", "15-2051.01", "11-2021.00"],
            roles=["Head of product", "Product manager"],
            years_experience=15,
            time_zone="Europe/London",
            capacity=4,
            available=True,
        )
    demo_mentors_ensure()
    if Mentorship.objects.filter(member=member, mentor=mentor).exists():
        return True
    goal = (
        Goal.objects.for_member(member).active().filter(title__icontains="product").first()
        or Goal.objects.for_member(member).active().first()
    )
    if goal is None:
        return False
    mentorship = services.mentorship_open(
        member=member,
        mentor=mentor,
        origin=Mentorship.Origin.INVITATION,
        goals=[goal],
        share_summary=True,
        share_reflections=True,
    )
    question = services.comment_create(
        author=mentor,
        subject=goal,
        body="Good goal. When you talk to product managers, ask each one what they wish "
        "they had known in their first month.",
        notify=False,
    )
    services.comment_create(
        author=member,
        subject=goal,
        body="Thank you, I will add that to my list of questions.",
        parent=question,
        notify=False,
    )
    services.feedback_request_create(
        mentorship=mentorship,
        subject=goal,
        note="Is three conversations by the target date enough?",
        notify=False,
    )
    return True


def demo_mentors_ensure() -> int:
    """The fixed demo mentors (they cannot log in); returns how many were made."""
    made = 0
    for known in DEMO_MENTORS:
        user, created = User.objects.get_or_create(
            email=f"{known.slug}@{DEMO_MENTOR_DOMAIN}",
            defaults={
                "display_name": known.name,
                "time_zone": known.time_zone,
                "current_role": titles()[known.occupations[-1]],
            },
        )
        if not created:
            continue
        user.set_unusable_password()
        user.save(update_fields=["password"])
        services.mentor_profile_save(
            user=user,
            headline=known.headline,
            expertise=known.expertise,
            industries=known.industries,
            occupations=known.occupations,
            roles=[],
            years_experience=known.years,
            time_zone=known.time_zone,
            capacity=known.capacity,
            available=True,
        )
        made += 1
    return made


def mentors_create(count: int, *, rng: random.Random, log: Callable[[str], None] = print) -> int:
    """Creates mentors mentor-1 .. mentor-<count> that do not exist yet, in bulk."""
    wanted = [f"mentor-{n}@{SEED_MENTOR_DOMAIN}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in existing]
    skills = [skill.slug for skill in skills_catalog()]
    fields = [known.slug for known in FIELDS]
    password = make_password(SEED_MENTOR_PASSWORD)
    for start in range(0, len(missing), BATCH):
        _mentors_chunk(missing[start : start + BATCH], password, skills, fields, rng)
        log(f"  {min(start + BATCH, len(missing))} of {len(missing)} mentors")
    if missing:
        with connection.cursor() as cursor:
            for model in (User, MentorProfile, Mentorship, MentorshipRequest):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return len(missing)


@transaction.atomic
def _mentors_chunk(
    emails: list[str], password: str, skills: list[str], fields: list[str], rng: random.Random
) -> None:
    held_now = {email: rng.choice(OCCUPATIONS) for email in emails}
    users = User.objects.bulk_create(
        User(
            email=email,
            password=password,
            display_name=f"{rng.choice(NAMES)} {email.split('@')[0].title()}",
            time_zone=rng.choice(ZONES),
            current_role=titles()[held_now[email]],
        )
        for email in emails
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    profiles = [
        MentorProfile(
            user=user,
            headline=f"{user.current_role}, happy to help",
            expertise=sorted(rng.sample(skills, rng.randint(2, 8))),
            industries=sorted(rng.sample(fields, rng.randint(1, 3))),
            occupations=list(
                dict.fromkeys([*rng.sample(OCCUPATIONS, rng.randint(0, 2)), held_now[user.email]])
            ),
            years_experience=rng.randint(3, 35),
            time_zone=user.time_zone,
            capacity=rng.randint(1, 5),
            available=rng.random() < 0.85,
        )
        for user in users
    ]
    for profile in profiles:
        profile.refresh_match_terms()
    MentorProfile.objects.bulk_create(profiles)
    # Some mentors already mentor others among them, so some are full.
    pairs: set[tuple[int, int]] = set()
    for profile in profiles:
        for _ in range(rng.randint(0, profile.capacity)):
            member_id = rng.choice(users).pk
            if member_id != profile.user_id:
                pairs.add((member_id, profile.user_id))
    Mentorship.objects.bulk_create(
        Mentorship(member_id=member_id, mentor_id=mentor_id, origin=Mentorship.Origin.REQUEST)
        for member_id, mentor_id in sorted(pairs)
    )
    # And some have requests waiting for their answer, which hold places too.
    asked = {(rng.choice(users).pk, profile.user_id) for profile in profiles if rng.random() < 0.2}
    MentorshipRequest.objects.bulk_create(
        MentorshipRequest(member_id=member_id, mentor_id=mentor_id, message="May I ask you?")
        for member_id, mentor_id in sorted(asked - pairs)
        if member_id != mentor_id
    )
