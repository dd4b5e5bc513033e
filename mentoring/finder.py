"""Suggesting mentors to a member: the database narrows, matching.py ranks.

SQL keeps only available mentors with a free place (and not the member, nor their current
mentors) and loads just the columns the ranking reads; the pure functions of
mentoring.matching do the rest.
"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from assessments.summary import profile_summary
from careerdev.models import User
from mentoring.matching import FIELD_NAMES, Mentor, Seeker, Suggestion, infer_fields, rank, words
from mentoring.models import MentorProfile, Mentorship
from plans.models import Goal, GoalKind

GAPS_CONSIDERED = 5
SUGGESTED = 5


def utc_offset(zone: str, at: datetime) -> float:
    """Hours ahead of UTC in a time zone at a moment (an unknown zone counts as UTC)."""
    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ValueError, KeyError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def goal_texts(member: User) -> list[str]:
    """The target role and the titles of the member's active advancement and change goals."""
    titles = (
        Goal.objects.for_member(member)
        .active()
        .filter(kind__in=[GoalKind.ADVANCEMENT, GoalKind.CHANGE])
        .values_list("title", flat=True)
    )
    return [member.target_role, *titles]


def suggested_fields(member: User) -> frozenset[str]:
    return infer_fields(goal_texts(member))


def seeker_for(member: User, fields: Iterable[str], now: datetime) -> Seeker:
    summary = profile_summary(member)
    gaps = summary.largest_skill_gaps(limit=GAPS_CONSIDERED)
    return Seeker(
        id=member.pk,
        gap_skills=tuple(skill.slug for skill in gaps),
        fields=frozenset(fields),
        target_role_words=words(member.target_role),
        utc_offset=utc_offset(member.time_zone, now),
        skill_names={skill.slug: skill.name for skill in summary.skills},
        field_names=FIELD_NAMES,
    )


def _three(terms: str) -> list[str]:
    """The skills, fields and role-words parts of MentorProfile.match_terms."""
    return [*terms.split("|"), "", "", ""][:3]


def candidates(member: User, now: datetime) -> list[Mentor]:
    """Available mentors with a free place, one query, only the columns ranking needs."""
    current = Mentorship.objects.active().for_member(member).values("mentor_id")
    rows = (
        MentorProfile.objects.available()
        .with_room()
        .exclude(user=member)
        .exclude(user__in=current)
        .values_list(
            "user_id",
            "user__display_name",
            "match_terms",
            "years_experience",
            "time_zone",
            "capacity",
            "mentee_count",
        )
    )
    offsets: dict[str, float] = {}
    # Many mentors share the same fields or roles: one set per distinct spelling.
    sets: dict[str, frozenset[str]] = {}

    def terms_set(part: str) -> frozenset[str]:
        found = sets.get(part)
        if found is None:
            found = sets[part] = frozenset(part.split())
        return found

    mentors = []
    for user_id, name, terms, years, zone, capacity, taken in rows:
        if zone not in offsets:
            offsets[zone] = utc_offset(zone, now)
        expertise, fields, role_words = (terms_set(part) for part in _three(terms))
        mentors.append(
            Mentor(
                id=user_id,
                name=name or "A mentor",
                expertise=expertise,
                fields=fields,
                role_words=role_words,
                years=years,
                utc_offset=offsets[zone],
                capacity=capacity,
                mentees=taken,
                available=True,
            )
        )
    return mentors


def suggest_mentors(
    member: User, fields: Iterable[str], *, limit: int = SUGGESTED, now: datetime | None = None
) -> list[Suggestion]:
    now = now or timezone.now()
    return rank(seeker_for(member, fields, now), candidates(member, now), limit=limit)
