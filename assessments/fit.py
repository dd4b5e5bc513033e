"""Which occupations fit a member: plain values in, a ranking out. No database, no request.

Three parts, each scored from 0 to 1, from the member's latest results:

- Interests: how closely the shape of the member's six RIASEC scores follows the
  occupation's Holland code. The code becomes a profile (its letters weighted 3, 2 and 1
  in order, the other letters 0), and the two profiles are compared by correlation, so
  what counts is which areas stand out for the member, not how high they all are. The
  correlation (-1 to 1) is mapped onto 0 to 1.
- Values: the same comparison between the six work-value scores and the one to three
  values the occupation rewards (weighted 3, 2, 1).
- Skills: the member's current level on each key skill against its typical level.
  1 means every key skill is met; 0 means every one is at level 1 where more is needed.

A profile whose highest and lowest scores are less than FLAT_SPREAD points apart is
flat: it cannot tell occupations apart, so that part is left out and the page says so.
Parts the member has not taken are left out too; nothing is guessed for them. The parts
used share the weight (interests 4, values 3, skills 3) in proportion, and the match is
their weighted sum as a whole percentage. Equal percentages share a rank.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from assessments.occupations import (
    INTEREST_LETTERS,
    Occupation,
    instrument_areas,
    instrument_scale,
)

if TYPE_CHECKING:
    from assessments.summary import ProfileSummary

FLAT_SPREAD = 15.0  # points of 100 between the highest and lowest score
POSITION_WEIGHTS = (3.0, 2.0, 1.0)
PART_WEIGHTS = {"interests": 4.0, "values": 3.0, "skills": 3.0}
VALUE_ORDER = (
    "achievement",
    "independence",
    "recognition",
    "relationships",
    "support",
    "working-conditions",
)

MISSING, FLAT, USED = "missing", "flat", "used"


def skill_name(slug: str) -> str:
    """A skill's name from the skills instrument's definition file."""
    area = instrument_areas("skills").get(slug)
    return area.name if area else slug


@dataclass(frozen=True)
class FitInput:
    """What ranking reads of a member: scores 0-100 by RIASEC letter and by value slug, and
    current skill levels 1-5 by skill slug. An instrument not taken is an empty mapping."""

    interests: Mapping[str, float]
    values: Mapping[str, float]
    skills: Mapping[str, int]


@dataclass(frozen=True)
class Basis:
    """Which parts a ranking rests on, and why any are left out."""

    interests: str
    values: str
    skills: str

    @property
    def parts(self) -> list[str]:
        return [part for part in PART_WEIGHTS if getattr(self, part) == USED]

    @property
    def shares(self) -> dict[str, float]:
        """Each part's share of the match, 0 to 1, among the parts used."""
        total = sum(PART_WEIGHTS[part] for part in self.parts)
        return {part: PART_WEIGHTS[part] / total for part in self.parts}

    @property
    def can_rank(self) -> bool:
        return bool(self.parts)

    @property
    def missing(self) -> list[str]:
        return [part for part in PART_WEIGHTS if getattr(self, part) == MISSING]


@dataclass(frozen=True)
class SkillCheck:
    """One key skill: its typical level (our estimate) and the member's current level."""

    slug: str
    typical: int
    current: int | None

    @property
    def short_by(self) -> int:
        return max(0, self.typical - self.current) if self.current is not None else 0

    @property
    def meets(self) -> bool:
        return self.current is not None and self.current >= self.typical

    @property
    def name(self) -> str:
        return skill_name(self.slug)

    @property
    def typical_label(self) -> str:
        return instrument_scale("skills").get(self.typical, "")

    @property
    def current_label(self) -> str:
        return instrument_scale("skills").get(self.current, "") if self.current else ""


@dataclass(frozen=True)
class Contribution:
    part: str
    score: float  # 0-1: how well this part fits
    share: float  # 0-1: its weight among the parts used

    @property
    def points(self) -> float:
        """What it adds to the match, in percentage points."""
        return self.score * self.share * 100


@dataclass(frozen=True)
class Fit:
    occupation: Occupation
    match: int  # 0-100
    rank: int
    tied: bool
    contributions: tuple[Contribution, ...]
    skills: tuple[SkillCheck, ...]

    @property
    def shortfalls(self) -> list[SkillCheck]:
        return [check for check in self.skills if check.short_by > 0]

    def part(self, name: str) -> Contribution | None:
        return next((c for c in self.contributions if c.part == name), None)


@dataclass(frozen=True)
class Ranking:
    basis: Basis
    fits: tuple[Fit, ...]


def spread(scores: Mapping[str, float]) -> float:
    return max(scores.values()) - min(scores.values()) if scores else 0.0


def _state(scores: Mapping[str, float]) -> str:
    if not scores:
        return MISSING
    return FLAT if spread(scores) < FLAT_SPREAD else USED


def basis_of(member: FitInput) -> Basis:
    return Basis(
        interests=_state(member.interests),
        values=_state(member.values),
        skills=USED if member.skills else MISSING,
    )


def _centred(vector: Sequence[float]) -> tuple[tuple[float, ...], float]:
    mean = sum(vector) / len(vector)
    centred = tuple(value - mean for value in vector)
    return centred, math.sqrt(sum(value * value for value in centred))


@cache
def _code_profile(code: tuple[str, ...], order: tuple[str, ...]) -> tuple[tuple[float, ...], float]:
    """An occupation's 1-3 letters (or values) as a centred profile over the whole order."""
    weight = dict(zip(code, POSITION_WEIGHTS, strict=False))
    return _centred([weight.get(key, 0.0) for key in order])


class _Profile:
    """A member's scores over an order of areas, centred once for many comparisons."""

    def __init__(self, scores: Mapping[str, float], order: Sequence[str]) -> None:
        self.order = tuple(order)
        self.centred, self.norm = _centred([scores.get(key, 0.0) for key in self.order])

    def match(self, code: Sequence[str]) -> float:
        """Correlation between these scores and a code's profile, mapped onto 0-1."""
        theirs, their_norm = _code_profile(tuple(code), self.order)
        if self.norm == 0 or their_norm == 0:
            return 0.5
        dot = sum(a * b for a, b in zip(self.centred, theirs, strict=True))
        return (dot / (self.norm * their_norm) + 1) / 2


def profile_match(member: Mapping[str, float], code: Sequence[str], order: Sequence[str]) -> float:
    return _Profile(member, order).match(code)


def skill_checks(occupation: Occupation, skills: Mapping[str, int]) -> tuple[SkillCheck, ...]:
    return tuple(SkillCheck(slug, typical, skills.get(slug)) for slug, typical in occupation.skills)


def skills_match(checks: Sequence[SkillCheck]) -> float:
    """1 minus the levels the member falls short, over the levels the skills ask above 1."""
    asked = sum(check.typical - 1 for check in checks if check.current is not None)
    if asked == 0:
        return 1.0
    return 1 - sum(check.short_by for check in checks) / asked


class _Scorer:
    """Scores occupations for one member: the member's side is prepared once."""

    def __init__(self, member: FitInput, basis: Basis) -> None:
        self.member, self.shares = member, basis.shares
        self.interests = _Profile(member.interests, INTEREST_LETTERS)
        self.values = _Profile(member.values, VALUE_ORDER)

    def fit(self, occupation: Occupation) -> Fit:
        checks = skill_checks(occupation, self.member.skills) if self.member.skills else ()
        scores = {}
        if "interests" in self.shares:
            scores["interests"] = self.interests.match(occupation.interests)
        if "values" in self.shares:
            scores["values"] = self.values.match(occupation.values)
        if "skills" in self.shares:
            scores["skills"] = skills_match(checks)
        contributions = tuple(Contribution(p, scores[p], share) for p, share in self.shares.items())
        total = sum(c.score * c.share for c in contributions)
        return Fit(occupation, _percent(total), 0, False, contributions, checks)


def _percent(value: float) -> int:
    return math.floor(value * 100 + 0.5)


def rank_fits(
    member: FitInput, occupations: Iterable[Occupation], *, zone: int | None = None
) -> Ranking:
    """Every occupation (in the job zone, if given) ranked by match, best first.

    Occupations with the same whole-percent match share a rank (1, 2, 2, 4) and are
    listed by title.
    """
    basis = basis_of(member)
    if not basis.can_rank:
        return Ranking(basis, ())
    scorer = _Scorer(member, basis)
    fits = sorted(
        (scorer.fit(o) for o in occupations if zone is None or o.job_zone == zone),
        key=lambda fit: (-fit.match, fit.occupation.title),
    )
    counts = Counter(fit.match for fit in fits)
    ranked: list[Fit] = []
    for position, fit in enumerate(fits, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].match == fit.match else position
        ranked.append(replace(fit, rank=rank, tied=counts[fit.match] > 1))
    return Ranking(basis, tuple(ranked))


def fit_input(summary: "ProfileSummary") -> FitInput:
    """The member's latest results as ranking reads them."""
    return FitInput(
        interests={area.slug[:1].upper(): area.score for area in summary.interests},
        values={area.slug: area.score for area in summary.values},
        skills={skill.slug: skill.current for skill in summary.skills},
    )
