"""Mentoring for the demo accounts, and generated mentors in bulk (demos and benchmarks)."""

import random
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from assessments.summary import skills_catalog
from careerdev.demo import DEMO_ACCOUNTS
from careerdev.models import User
from mentoring import services
from mentoring.matching import FIELDS
from mentoring.models import MentorProfile, Mentorship
from plans.models import Goal

SEED_MENTOR_DOMAIN = "mentors.seed.careerdev.localhost"
SEED_MENTOR_PASSWORD = "seed-mentor-pass"  # noqa: S105 (demo data, printed for people to log in)
BATCH = 2000
ROLES = (
    "Head of product",
    "Product manager",
    "Engineering manager",
    "Senior developer",
    "Data science lead",
    "Design lead",
    "Sales manager",
    "HR business partner",
    "Operations director",
    "Network architect",
    "Head of customer success",
    "Finance manager",
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
            roles=["Head of product", "Product manager", "Business analyst"],
            years_experience=15,
            time_zone="Europe/London",
            capacity=4,
            available=True,
        )
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
            for model in (User, MentorProfile, Mentorship):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return len(missing)


@transaction.atomic
def _mentors_chunk(
    emails: list[str], password: str, skills: list[str], fields: list[str], rng: random.Random
) -> None:
    users = User.objects.bulk_create(
        User(
            email=email,
            password=password,
            display_name=f"{rng.choice(NAMES)} {email.split('@')[0].title()}",
            time_zone=rng.choice(ZONES),
            current_role=rng.choice(ROLES),
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
            roles=[user.current_role, *rng.sample(ROLES, rng.randint(0, 2))],
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
