"""Suggesting mentors to a member: the database narrows, matching.py ranks.

SQL keeps only available mentors with a place neither taken nor asked for (and not the
member, nor their current mentors) and loads just the columns the ranking reads; the pure
functions of mentoring.matching do the rest. The member's direction (target and current
occupation) comes from assessments, the career paths through the target from plans.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from assessments.models import CareerDirection
from assessments.occupations import Occupation
from assessments.summary import profile_summary
from careerdev.models import User
from mentoring.fields import FIELD_NAMES, fields_of_occupation, infer_fields
from mentoring.matching import Mentor, Seeker, Suggestion, parts_compared, rank
from mentoring.models import MentorProfile, Mentorship
from mentoring.occupations import titles
from plans.library import Library, library
from plans.models import Goal, GoalKind

GAPS_CONSIDERED = 5
SUGGESTED = 5


@dataclass(frozen=True)
class Aim:
    """The occupations a member aims for and holds now, as far as they said."""

    target: Occupation | None = None
    current: Occupation | None = None

    @property
    def compared(self) -> Occupation | None:
        """The occupation mentors' roles are compared with: the target, else the current."""
        return self.target or self.current


def aim_of(member: User) -> Aim:
    direction = CareerDirection.objects.for_member(member).first()
    if direction is None:
        return Aim()
    return Aim(target=direction.target_occupation, current=direction.current_occupation)


def utc_offset(zone: str, at: datetime) -> float:
    """Hours ahead of UTC in a time zone at a moment (an unknown zone counts as UTC)."""
    try:
        offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    except (ValueError, KeyError):
        return 0.0
    return offset.total_seconds() / 3600 if offset else 0.0


def goal_texts(member: User) -> list[str]:
    """The target role and the titles of the member's active advancement and change goals."""
    goal_titles = (
        Goal.objects.for_member(member)
        .active()
        .filter(kind__in=[GoalKind.ADVANCEMENT, GoalKind.CHANGE])
        .values_list("title", flat=True)
    )
    return [member.target_role, *goal_titles]


def suggested_fields(member: User, aim: Aim) -> frozenset[str]:
    """The fields of the occupation the member aims for; without one, of their words."""
    if aim.compared is not None:
        return fields_of_occupation(aim.compared.code)
    return infer_fields(goal_texts(member))


def path_steps(paths: Library, aim: Aim) -> dict[str, str]:
    """The occupations on the career paths through the member's aim, each with a path name.

    When some of those paths also pass through the member's current occupation, only they
    count: they are the member's own way there.
    """
    if aim.compared is None:
        return {}
    through = paths.paths_through(aim.compared.code)
    if aim.target is not None and aim.current is not None:
        own = [path for path in through if aim.current.code in path.occupation_codes]
        through = own or through
    steps: dict[str, str] = {}
    for path in through:
        for code in sorted(path.occupation_codes):
            steps.setdefault(code, path.name)
    return steps


def seeker_for(member: User, fields: Iterable[str], now: datetime, aim: Aim) -> Seeker:
    summary = profile_summary(member)
    gaps = summary.largest_skill_gaps(limit=GAPS_CONSIDERED)
    compared = aim.compared
    return Seeker(
        id=member.pk,
        gap_skills=tuple(skill.slug for skill in gaps),
        fields=frozenset(fields),
        utc_offset=utc_offset(member.time_zone, now),
        target=compared.code if compared else "",
        target_is_aim=aim.target is not None,
        paths=path_steps(library(), aim),
        skill_names={skill.slug: skill.name for skill in summary.skills},
        field_names=FIELD_NAMES,
        occupation_titles=titles(),
    )


def _three(terms: str) -> list[str]:
    """The skills, fields and occupations parts of MentorProfile.match_terms."""
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
            "requested_count",
        )
    )
    offsets: dict[str, float] = {}
    # Many mentors share the same skills, fields or occupations: one value per spelling.
    sets: dict[str, frozenset[str]] = {}
    codes: dict[str, tuple[str, ...]] = {}

    def terms_set(part: str) -> frozenset[str]:
        found = sets.get(part)
        if found is None:
            found = sets[part] = frozenset(part.split())
        return found

    def held(part: str) -> tuple[str, ...]:
        found = codes.get(part)
        if found is None:
            found = codes[part] = tuple(part.split())
        return found

    mentors = []
    for user_id, name, terms, years, zone, capacity, taken, requested in rows:
        if zone not in offsets:
            offsets[zone] = utc_offset(zone, now)
        expertise, fields, occupations = _three(terms)
        mentors.append(
            Mentor(
                id=user_id,
                name=name or "A mentor",
                expertise=terms_set(expertise),
                fields=terms_set(fields),
                occupations=held(occupations),
                years=years,
                utc_offset=offsets[zone],
                capacity=capacity,
                mentees=taken,
                requested=requested,
                available=True,
            )
        )
    return mentors


@dataclass(frozen=True)
class Found:
    aim: Aim
    seeker: Seeker
    suggestions: list[Suggestion]
    # Mentors in the pools of the member's programmes (id -> a programme's name): first.
    pool: dict[int, str] = field(default_factory=dict)

    @property
    def pool_names(self) -> list[str]:
        shown = {self.pool[s.mentor.id] for s in self.suggestions if s.mentor.id in self.pool}
        return sorted(shown)

    @property
    def rests_on(self) -> list[str]:
        """What the fit compares, in words, for the line above the list."""
        said = {"skills": "your largest skills gaps", "fields": "the fields you chose"}
        if self.aim.target is not None:
            said["role"] = f"the occupation you aim for ({self.aim.target.title})"
        elif self.aim.current is not None:
            said["role"] = f"the occupation you hold ({self.aim.current.title})"
        return [said[part] for part in parts_compared(self.seeker)]


def find_mentors(
    member: User,
    fields: Iterable[str],
    *,
    aim: Aim | None = None,
    limit: int = SUGGESTED,
    now: datetime | None = None,
    pool: dict[int, str] | None = None,
) -> Found:
    """The best mentors for the member; those in `pool` (their programmes' mentor pools)
    are ranked among themselves and come first, the others fill the places left."""
    now = now or timezone.now()
    aim = aim if aim is not None else aim_of(member)
    seeker = seeker_for(member, fields, now, aim)
    pool = pool or {}
    mentors = candidates(member, now)
    first = rank(seeker, [m for m in mentors if m.id in pool], limit=limit)
    rest = rank(seeker, [m for m in mentors if m.id not in pool], limit=limit - len(first))
    return Found(aim, seeker, first + rest, pool)


def suggest_mentors(member: User, fields: Iterable[str], **options: object) -> list[Suggestion]:
    return find_mentors(member, fields, **options).suggestions
