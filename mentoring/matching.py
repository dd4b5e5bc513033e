"""Ranks mentors for a member: pure functions, no database and no request in sight.

A mentor's fit adds up skills that close the member's largest gaps, shared fields,
roles like the member's target role, working hours that overlap, and free capacity.
Mentors who are unavailable or full are never suggested. Among mentors who fit nearly
as well as each other, the one with more room comes first, and the remaining ties are
broken per member, so one popular mentor is not everyone's first suggestion.
"""

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Weights of each part of the fit; they sum to 1 so a score reads as a share of a perfect fit.
SKILLS_WEIGHT = 0.45
FIELDS_WEIGHT = 0.2
ROLE_WEIGHT = 0.15
TIME_ZONE_WEIGHT = 0.1
CAPACITY_WEIGHT = 0.1
WORKING_HOURS = 9  # hours of a working day two people could share
NEARLY_AS_WELL = 0.05  # scores this close count as the same fit
_WORD = re.compile(r"[a-z0-9]+")
_FILLER = frozenset({"a", "an", "and", "of", "the", "for", "in", "to", "senior", "junior", "lead"})


def words(text: str) -> frozenset[str]:
    """The meaningful lower-case words of a role or field name."""
    return frozenset(_WORD.findall(text.lower())) - _FILLER


@dataclass(frozen=True)
class Field:
    slug: str
    name: str
    keywords: frozenset[str]  # words in a role or goal that point to this field


def _field(slug: str, name: str, keywords: str) -> Field:
    return Field(slug, name, frozenset(keywords.split()))


# The fields and industries mentors choose from, and the words that point to each.
FIELDS = (
    _field(
        "technology",
        "Software and technology",
        "software developer engineer engineering "
        "programmer devops cloud it network architect technology tech",
    ),
    _field(
        "data",
        "Data and analytics",
        "data analyst analytics science scientist statistics "
        "bi insight insights machine learning ai",
    ),
    _field("product", "Product management", "product owner roadmap"),
    _field("design", "Design and user experience", "design designer ux ui graphic creative"),
    _field(
        "finance",
        "Finance and banking",
        "finance financial bank banking accountant accounting audit fintech investment",
    ),
    _field(
        "health",
        "Health and care",
        "health healthcare nurse nursing clinical care medical hospital pharmacy",
    ),
    _field(
        "education",
        "Education and training",
        "teacher teaching education school training trainer lecturer tutor learning",
    ),
    _field(
        "sales",
        "Sales and marketing",
        "sales marketing account business development brand growth seo",
    ),
    _field(
        "people", "People and HR", "hr human resources recruiter recruiting talent people partner"
    ),
    _field(
        "operations",
        "Operations and supply chain",
        "operations logistics supply chain procurement warehouse",
    ),
    _field("support", "Customer support and success", "support customer success service helpdesk"),
    _field(
        "public",
        "Public sector and non-profit",
        "government public policy civil charity nonprofit non-profit ngo",
    ),
    _field("consulting", "Consulting", "consultant consulting advisory"),
    _field(
        "engineering",
        "Engineering and manufacturing",
        "mechanical electrical civil manufacturing production plant",
    ),
    _field(
        "media",
        "Media and communications",
        "writer writing journalist editor content communications pr media",
    ),
    _field(
        "leadership",
        "Management and leadership",
        "manager management head director lead leader executive chief",
    ),
)
FIELD_NAMES = {known.slug: known.name for known in FIELDS}


def infer_fields(texts: Iterable[str]) -> frozenset[str]:
    """The fields a member's target role and goal titles point to."""
    found = frozenset().union(*(_WORD.findall(text.lower()) for text in texts))
    return frozenset(known.slug for known in FIELDS if known.keywords & found)


@dataclass(frozen=True)
class Mentor:
    id: int
    name: str
    expertise: frozenset[str]  # skill slugs from the assessments' catalog
    fields: frozenset[str]  # lower-case field and industry names
    role_words: frozenset[str]  # words of the roles they held
    years: int
    utc_offset: float  # hours, at the time of matching
    capacity: int
    mentees: int
    available: bool

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.mentees, 0)


@dataclass(frozen=True)
class Seeker:
    id: int
    gap_skills: tuple[str, ...]  # skill slugs, largest gap first
    fields: frozenset[str]
    target_role_words: frozenset[str]
    utc_offset: float
    skill_names: dict[str, str] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    mentor: Mentor
    score: float
    reasons: tuple[str, ...]
    matched_skills: tuple[str, ...]
    matched_fields: tuple[str, ...]


def hours_overlap(offset_a: float, offset_b: float) -> float:
    """Share (0-1) of a working day two people in these UTC offsets have in common."""
    difference = abs(offset_a - offset_b) % 24
    difference = min(difference, 24 - difference)
    return max(WORKING_HOURS - difference, 0) / WORKING_HOURS


def skills_fit(
    gap_skills: tuple[str, ...], expertise: frozenset[str]
) -> tuple[float, tuple[str, ...]]:
    """Weighted share of the gaps a mentor covers: the largest gap counts most."""
    if not gap_skills:
        return 0.0, ()
    weights = range(len(gap_skills), 0, -1)
    matched = tuple(skill for skill in gap_skills if skill in expertise)
    covered = sum(w for skill, w in zip(gap_skills, weights, strict=True) if skill in expertise)
    return covered / sum(weights), matched


def scorer(seeker: Seeker) -> Callable[[Mentor], float]:
    """fit() for one seeker, with what depends on the seeker alone worked out once: ranking
    thousands of mentors then costs a few set lookups each."""
    weights = dict(zip(seeker.gap_skills, range(len(seeker.gap_skills), 0, -1), strict=True))
    weight_total = sum(weights.values())
    fields, target = seeker.fields, seeker.target_role_words
    overlaps: dict[float, float] = {}

    def score(mentor: Mentor) -> float:
        expertise = mentor.expertise
        skills = (
            sum(weight for skill, weight in weights.items() if skill in expertise) / weight_total
            if weight_total
            else 0.0
        )
        shared_fields = len(fields & mentor.fields) / len(fields) if fields else 0.0
        role = len(target & mentor.role_words) / len(target) if target else 0.0
        overlap = overlaps.get(mentor.utc_offset)
        if overlap is None:
            overlap = overlaps[mentor.utc_offset] = hours_overlap(
                seeker.utc_offset, mentor.utc_offset
            )
        room = mentor.free_places / mentor.capacity if mentor.capacity else 0.0
        return round(
            SKILLS_WEIGHT * skills
            + FIELDS_WEIGHT * shared_fields
            + ROLE_WEIGHT * role
            + TIME_ZONE_WEIGHT * overlap
            + CAPACITY_WEIGHT * room,
            4,
        )

    return score


def fit(seeker: Seeker, mentor: Mentor) -> float:
    """How well a mentor fits a member, from 0 (nothing in common) to 1."""
    return scorer(seeker)(mentor)


def explain(seeker: Seeker, mentor: Mentor) -> Suggestion:
    """The fit of one mentor with the reasons a member reads."""
    _, matched_skills = skills_fit(seeker.gap_skills, mentor.expertise)
    matched_fields = tuple(sorted(seeker.fields & mentor.fields))
    role_shared = sorted(seeker.target_role_words & mentor.role_words)
    reasons = []
    if matched_skills:
        names = ", ".join(seeker.skill_names.get(slug, slug) for slug in matched_skills)
        reasons.append(f"Experienced in {names}")
    if matched_fields:
        names = ", ".join(seeker.field_names.get(slug, slug) for slug in matched_fields)
        reasons.append(f"Works in {names}")
    if role_shared:
        reasons.append(f"Has held roles like the one you aim for ({', '.join(role_shared)})")
    if hours_overlap(seeker.utc_offset, mentor.utc_offset) >= 0.5:
        reasons.append("Working hours overlap with yours")
    reasons.append(f"{mentor.free_places} of {mentor.capacity} places free")
    return Suggestion(mentor, fit(seeker, mentor), tuple(reasons), matched_skills, matched_fields)


def _spread(seeker_id: int, mentor_id: int) -> bytes:
    # Stable for a member and mentor, different across members: spreads equal fits around.
    return hashlib.blake2b(f"{seeker_id}:{mentor_id}".encode(), digest_size=4).digest()


def rank(seeker: Seeker, mentors: Iterable[Mentor], *, limit: int = 5) -> list[Suggestion]:
    """The best-fitting available mentors with room, best first, with the reasons for each.

    Mentors within NEARLY_AS_WELL of the best of their group count as one group; inside
    a group the mentor with more free places comes first, then a per-member order.
    """
    score = scorer(seeker)
    scored = sorted(
        (
            (score(mentor), mentor)
            for mentor in mentors
            if mentor.available and mentor.free_places > 0 and mentor.id != seeker.id
        ),
        key=lambda pair: -pair[0],
    )
    chosen: list[Mentor] = []
    start = 0
    while start < len(scored) and len(chosen) < limit:
        top = scored[start][0]
        end = start
        while end < len(scored) and top - scored[end][0] <= NEARLY_AS_WELL:
            end += 1
        group = sorted(
            (mentor for _, mentor in scored[start:end]),
            key=lambda mentor: (-mentor.free_places, _spread(seeker.id, mentor.id)),
        )
        chosen.extend(group[: limit - len(chosen)])
        start = end
    return [explain(seeker, mentor) for mentor in chosen]
