"""Ranks mentors for a member: pure functions, no database and no request in sight.

A mentor's fit counts only what they have in common with the member: skills that close
the member's largest gaps, shared fields, and occupations they held that relate to the one
the member aims for (else holds). It shows in steps of five; the list follows what it shows.

Time-zone overlap and free places are not part of the fit; they show on lines of their
own. Among mentors with the same fit, those whose working day overlaps the member's come
first, then each member gets their own draw, so equally good mentors share the first
places between members instead of one of them being everyone's first suggestion.
"""

import hashlib
import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum

# Weights of each part of the fit; they sum to 1, and a fit is the share of the parts the
# member gives something to compare (see parts_compared).
SKILLS_WEIGHT = 0.5
ROLE_WEIGHT = 0.3
FIELDS_WEIGHT = 0.2
FIT_STEP = 5  # the fit shows in steps of five percent: a point or two says nothing
WORKING_HOURS = 9  # hours of a working day two people could share
GOOD_OVERLAP = 0.5  # half a working day in common counts as overlapping hours


class Relation(IntEnum):
    """How an occupation a mentor held relates to the one the member aims for."""

    NONE = 0
    GROUP = 1  # the same occupational group (see occupation_group)
    PATH = 2  # on a career path that leads through the member's target
    SAME = 3  # the very occupation


def occupation_group(code: str) -> str:
    """The SOC group two occupations must share to count as related.

    It is the SOC minor group (Occupation.minor_group: 15-1 for the computer occupations),
    except among managers:
    their minor groups gather managers of unrelated functions (finance, HR and IT managers
    all sit in 11-3), so there the broad group counts (11-312 for HR managers).
    """
    return code[:6] if code.startswith("11-") else code[:4]


@dataclass(frozen=True)
class Mentor:
    id: int
    name: str
    expertise: frozenset[str]  # skill slugs from the assessments' catalog
    fields: frozenset[str]  # field slugs (mentoring.fields)
    occupations: tuple[str, ...]  # O*NET-SOC codes of the occupations they held
    years: int
    utc_offset: float  # hours, at the time of matching
    capacity: int
    mentees: int  # active mentorships
    available: bool
    requested: int = 0  # requests waiting for their answer: each holds a place

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.mentees - self.requested, 0)


@dataclass(frozen=True)
class Seeker:
    id: int
    gap_skills: tuple[str, ...]  # skill slugs, largest gap first
    fields: frozenset[str]
    utc_offset: float
    target: str = ""  # the occupation the member aims for (else holds), by code
    target_is_aim: bool = True  # False when `target` is the occupation they hold now
    paths: dict[str, str] = field(default_factory=dict)  # code -> name of a path via target
    skill_names: dict[str, str] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)
    occupation_titles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    mentor: Mentor
    fit: float  # 0-1, as computed
    percent: int  # as shown: the fit in steps of FIT_STEP
    reasons: tuple[str, ...]  # what the fit rests on
    matched_skills: tuple[str, ...]
    matched_fields: tuple[str, ...]
    relation: Relation
    held: str  # the code of the mentor's occupation behind `relation`, or ""
    overlap_hours: float  # of a working day, shared with the member

    @property
    def hours_overlap_well(self) -> bool:
        return self.overlap_hours >= GOOD_OVERLAP * WORKING_HOURS


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


def relation(target: str, paths: dict[str, str], held: str) -> Relation:
    """How one held occupation relates to the target (both codes)."""
    if not target or not held:
        return Relation.NONE
    if held == target:
        return Relation.SAME
    if held in paths:
        return Relation.PATH
    if occupation_group(held) == occupation_group(target):
        return Relation.GROUP
    return Relation.NONE


def percent(fit: float) -> int:
    """The fit as shown: a whole percentage in steps of FIT_STEP, halves rounded up."""
    return FIT_STEP * math.floor(round(fit * 100, 6) / FIT_STEP + 0.5)


def parts_compared(seeker: Seeker) -> dict[str, float]:
    """The parts of the fit this member gives something to compare, with their weights.

    A member without a target occupation, say, is matched on skills and fields alone, and
    a mentor who matches on both fits them fully: the fit is a share of what was compared.
    """
    parts = {
        "skills": SKILLS_WEIGHT if seeker.gap_skills else 0.0,
        "fields": FIELDS_WEIGHT if seeker.fields else 0.0,
        "role": ROLE_WEIGHT if seeker.target else 0.0,
    }
    return {part: weight for part, weight in parts.items() if weight}


def scorer(seeker: Seeker) -> Callable[[Mentor], tuple[float, Relation, str]]:
    """The fit of each mentor for one seeker, with the best-related occupation they held.

    What depends on the seeker alone is worked out once, and each occupation's relation
    once, so ranking thousands of mentors costs a few set and dict lookups each.
    """
    weights = dict(zip(seeker.gap_skills, range(len(seeker.gap_skills), 0, -1), strict=True))
    weight_total = sum(weights.values())
    fields = seeker.fields
    compared = parts_compared(seeker)
    out_of = sum(compared.values()) or 1.0
    relations: dict[str, Relation] = {}

    def related(code: str) -> Relation:
        found = relations.get(code)
        if found is None:
            found = relations[code] = relation(seeker.target, seeker.paths, code)
        return found

    def score(mentor: Mentor) -> tuple[float, Relation, str]:
        expertise = mentor.expertise
        skills = (
            sum(weight for skill, weight in weights.items() if skill in expertise) / weight_total
            if weight_total
            else 0.0
        )
        shared_fields = len(fields & mentor.fields) / len(fields) if fields else 0.0
        best, held = Relation.NONE, ""
        for code in mentor.occupations:
            level = related(code)
            if level > best:
                best, held = level, code
        role = best / Relation.SAME
        fit = SKILLS_WEIGHT * skills + FIELDS_WEIGHT * shared_fields + ROLE_WEIGHT * role
        return round(fit / out_of, 4), best, held

    return score


def fit(seeker: Seeker, mentor: Mentor) -> float:
    """How well a mentor fits a member, from 0 (nothing in common) to 1."""
    return scorer(seeker)(mentor)[0]


def _role_reason(seeker: Seeker, level: Relation, held: str) -> str:
    title = seeker.occupation_titles.get(held, held)
    target = seeker.occupation_titles.get(seeker.target, seeker.target)
    if level == Relation.SAME:
        which = "aim for" if seeker.target_is_aim else "hold"
        return f"Has worked as {title}, the occupation you {which}"
    if level == Relation.PATH:
        return f"Has worked as {title}, on the path {seeker.paths[held]}"
    return f"Has worked as {title}, an occupation close to {target}"


def explain(seeker: Seeker, mentor: Mentor, scored: tuple[float, Relation, str]) -> Suggestion:
    """A scored mentor with the reasons a member reads."""
    value, level, held = scored
    _, matched_skills = skills_fit(seeker.gap_skills, mentor.expertise)
    matched_fields = tuple(sorted(seeker.fields & mentor.fields))
    reasons = []
    if matched_skills:
        names = ", ".join(seeker.skill_names.get(slug, slug) for slug in matched_skills)
        reasons.append(f"Experienced in {names}")
    if matched_fields:
        names = ", ".join(seeker.field_names.get(slug, slug) for slug in matched_fields)
        reasons.append(f"Works in {names}")
    if level:
        reasons.append(_role_reason(seeker, level, held))
    return Suggestion(
        mentor=mentor,
        fit=value,
        percent=percent(value),
        reasons=tuple(reasons),
        matched_skills=matched_skills,
        matched_fields=matched_fields,
        relation=level,
        held=held,
        overlap_hours=round(hours_overlap(seeker.utc_offset, mentor.utc_offset) * WORKING_HOURS, 1),
    )


def draw(seeker_id: int, mentor_id: int, free_places: int) -> float:
    """A member's own draw for a mentor among equal fits: the smallest goes first.

    Stable for a member and mentor and independent across members. It is an exponential
    draw whose rate grows with the square root of the mentor's free places, so a mentor is
    first in proportion to that rate: one with four free places about twice as often as one
    with a single place, and no large mentor takes nearly every first place.
    """
    digest = hashlib.blake2b(f"{seeker_id}:{mentor_id}".encode(), digest_size=8).digest()
    uniform = (int.from_bytes(digest) + 1) / 2**64  # in (0, 1]
    return -math.log(uniform) / math.sqrt(max(free_places, 1))


def rank(seeker: Seeker, mentors: Iterable[Mentor], *, limit: int = 5) -> list[Suggestion]:
    """The best-fitting available mentors with room, in the order of the fit shown."""
    score = scorer(seeker)
    scored = [
        (score(mentor), mentor)
        for mentor in mentors
        if mentor.available and mentor.free_places > 0 and mentor.id != seeker.id
    ]
    if len(scored) > limit:
        # Only mentors shown at least as high as the limit-th best can make the list.
        cut = percent(heapq.nlargest(limit, (result[0] for result, _ in scored))[-1])
        lowest = (cut - FIT_STEP / 2) / 100 - 1e-9
        scored = [pair for pair in scored if pair[0][0] >= lowest]
    overlaps: dict[float, bool] = {}

    def key(pair: tuple[tuple[float, Relation, str], Mentor]) -> tuple[int, bool, float]:
        (value, _, _), mentor = pair
        near = overlaps.get(mentor.utc_offset)
        if near is None:
            offset = mentor.utc_offset
            near = overlaps[offset] = hours_overlap(seeker.utc_offset, offset) >= GOOD_OVERLAP
        return -percent(value), not near, draw(seeker.id, mentor.id, mentor.free_places)

    best = sorted(scored, key=key)[:limit]
    return [explain(seeker, mentor, result) for result, mentor in best]
