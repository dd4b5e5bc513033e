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
from dataclasses import dataclass
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
    scores: tuple[tuple[str, float, float], ...]  # (part, score, share) for the parts used
    member_skills: Mapping[str, int]

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        return tuple(Contribution(*score) for score in self.scores)

    @property
    def skills(self) -> tuple[SkillCheck, ...]:
        """Each key skill against the member's level (none without a skills result)."""
        return skill_checks(self.occupation, self.member_skills) if self.member_skills else ()

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


@cache
def _code_norm(length: int, size: int) -> float:
    """The length of a 1-3 letter code's profile (weights 3, 2, 1 over `size` areas), centred."""
    weights = [*POSITION_WEIGHTS[:length], *[0.0] * (size - length)]
    mean = sum(weights) / size
    return math.sqrt(sum((weight - mean) ** 2 for weight in weights))


class _Profile:
    """A member's scores over an order of areas, centred once for many comparisons."""

    def __init__(self, scores: Mapping[str, float], order: Sequence[str]) -> None:
        values = [scores.get(key, 0.0) for key in order]
        mean = sum(values) / len(values)
        self.size = len(values)
        self.centred = {key: value - mean for key, value in zip(order, values, strict=True)}
        self.norm = math.sqrt(sum(value * value for value in self.centred.values()))

    def match(self, code: Sequence[str]) -> float:
        """Correlation between these scores and a code's profile, mapped onto 0-1.

        The member's centred scores sum to zero, so only the code's own letters count in
        the product: the code's mean drops out.
        """
        code_norm = _code_norm(len(code), self.size)
        if self.norm == 0 or code_norm == 0:
            return 0.5
        centred = self.centred
        weighted = zip(code, POSITION_WEIGHTS, strict=False)
        dot = sum(centred.get(key, 0.0) * weight for key, weight in weighted)
        return (dot / (self.norm * code_norm) + 1) / 2


def profile_match(member: Mapping[str, float], code: Sequence[str], order: Sequence[str]) -> float:
    return _Profile(member, order).match(code)


def skill_checks(occupation: Occupation, skills: Mapping[str, int]) -> tuple[SkillCheck, ...]:
    return tuple(SkillCheck(slug, typical, skills.get(slug)) for slug, typical in occupation.skills)


def skills_match(occupation: Occupation, skills: Mapping[str, int]) -> float:
    """1 minus the levels the member falls short, over the levels the skills ask above 1."""
    asked = short = 0
    for slug, typical in occupation.skills:
        current = skills.get(slug)
        if current is not None:
            asked += typical - 1
            short += max(0, typical - current)
    return 1.0 if asked == 0 else 1 - short / asked


class _Scorer:
    """Scores occupations for one member: the member's side is prepared once."""

    def __init__(self, member: FitInput, basis: Basis) -> None:
        self.skills, self.shares = member.skills, basis.shares
        self.interests = _Profile(member.interests, INTEREST_LETTERS)
        self.values = _Profile(member.values, VALUE_ORDER)

    def scores(self, occupation: Occupation) -> tuple[tuple[str, float, float], ...]:
        scores = []
        for part, share in self.shares.items():
            if part == "interests":
                score = self.interests.match(occupation.interests)
            elif part == "values":
                score = self.values.match(occupation.values)
            else:
                score = skills_match(occupation, self.skills)
            scores.append((part, score, share))
        return tuple(scores)


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
    scored = []
    for occupation in occupations:
        if zone is None or occupation.job_zone == zone:
            scores = scorer.scores(occupation)
            match = _percent(sum(score * share for _, score, share in scores))
            scored.append((-match, occupation.title, occupation, scores))
    scored.sort(key=lambda entry: entry[:2])
    counts = Counter(entry[0] for entry in scored)
    fits: list[Fit] = []
    for position, (negative, _, occupation, scores) in enumerate(scored, start=1):
        rank = fits[-1].rank if fits and fits[-1].match == -negative else position
        fits.append(Fit(occupation, -negative, rank, counts[negative] > 1, scores, member.skills))
    return Ranking(basis, tuple(fits))


def fit_input(summary: "ProfileSummary") -> FitInput:
    """The member's latest results as ranking reads them."""
    return FitInput(
        interests={area.slug[:1].upper(): area.score for area in summary.interests},
        values={area.slug: area.score for area in summary.values},
        skills={skill.slug: skill.current for skill in summary.skills},
    )
