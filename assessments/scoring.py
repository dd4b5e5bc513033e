"""Scoring rules for every instrument: plain values in, plain values out.

Rules stated once, here:
- A reverse-keyed item counts as low + high - value (on 1-5, a 5 counts as 1).
- An area's raw score is the sum of its keyed answers; only answered items count.
- The 0-100 score places the raw score between the lowest and highest possible sums.
- Ranking is by score, highest first. Equal scores share a rank (1, 2, 2, 4) and keep the
  order the instrument defines, so results are the same every time they are computed.
- The RIASEC code is the first letters of the three highest areas, ties broken by the
  order R, I, A, S, E, C.
- A skill gap is the target level minus the current level (negative: above target).
- A 0-100 score below 40 reads as low, above 60 as high, and anything between as middle.
- A profile whose scores all lie within FLAT_SPREAD points of each other is flat: it does not
  say which area is strongest, so nothing is presented as if it did.
- "The top n" always takes every area tied with the n-th, so no area is in or out by tie order.
- Answers that are almost all the same point of the scale (UNDIFFERENTIATED_SHARE or more)
  do not separate the areas, whatever the scores come to after reverse keying.
- A change smaller than one answer step (one point on one question) is no change.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

RIASEC_ORDER = ("realistic", "investigative", "artistic", "social", "enterprising", "conventional")
LOW_BELOW = 40.0
HIGH_ABOVE = 60.0
FLAT_SPREAD = 15.0
UNDIFFERENTIATED_SHARE = 0.9


@dataclass(frozen=True)
class Key:
    """How one item counts: the area it belongs to and whether it is worded the other way."""

    area: str
    reverse: bool = False


@dataclass(frozen=True)
class RawScore:
    total: int
    answered: int

    def normalised(self, low: int, high: int) -> float:
        return normalise(self.total, self.answered, low, high)


@dataclass(frozen=True)
class Ranked:
    slug: str
    score: float
    rank: int


def keyed(value: int, *, low: int, high: int, reverse: bool = False) -> int:
    """The value an answer counts for, after reverse keying."""
    if not low <= value <= high:
        raise ValueError(f"{value} is outside the scale {low}-{high}.")
    return low + high - value if reverse else value


def raw_scores(
    keys: Mapping[str, Key], answers: Mapping[str, int], *, low: int, high: int
) -> dict[str, RawScore]:
    """Sums the keyed answers of each area; areas keep the order their items first appear in."""
    totals: dict[str, list[int]] = {}
    for item, key in keys.items():
        totals.setdefault(key.area, [0, 0])
        if item in answers:
            totals[key.area][0] += keyed(answers[item], low=low, high=high, reverse=key.reverse)
            totals[key.area][1] += 1
    return {area: RawScore(total, answered) for area, (total, answered) in totals.items()}


def normalise(total: int, answered: int, low: int, high: int) -> float:
    """0 when every answer is at the bottom of the scale, 100 when every one is at the top."""
    if answered == 0:
        return 0.0
    lowest, highest = answered * low, answered * high
    return (total - lowest) / (highest - lowest) * 100


def ranked(scores: Mapping[str, float], order: Sequence[str] | None = None) -> list[Ranked]:
    """Highest score first; ties share a rank and keep the given (or mapping) order."""
    order = list(order if order is not None else scores)
    by_score = sorted(scores, key=lambda slug: (-scores[slug], order.index(slug)))
    result: list[Ranked] = []
    for position, slug in enumerate(by_score, start=1):
        tied = result and result[-1].score == scores[slug]
        result.append(Ranked(slug, scores[slug], result[-1].rank if tied else position))
    return result


def riasec_code(scores: Mapping[str, float], length: int = 3) -> str:
    """'SEA' for social first, then enterprising, then artistic."""
    leading = ranked({slug: scores[slug] for slug in RIASEC_ORDER}, RIASEC_ORDER)[:length]
    return "".join(entry.slug[0].upper() for entry in leading)


def riasec_ties(scores: Mapping[str, float], length: int = 3) -> tuple[str, ...]:
    """Letters left out of the code only because of the tie rule (they equal its last letter)."""
    code = riasec_code(scores, length)
    last = next(slug for slug in RIASEC_ORDER if slug[0].upper() == code[-1])
    return tuple(
        slug[0].upper()
        for slug in RIASEC_ORDER
        if slug[0].upper() not in code and scores[slug] == scores[last]
    )


def skill_gap(current: int, target: int) -> int:
    return target - current


def band(score: float) -> str:
    if score < LOW_BELOW:
        return "low"
    if score > HIGH_ABOVE:
        return "high"
    return "middle"


def spread(scores: Mapping[str, float]) -> float:
    return max(scores.values()) - min(scores.values()) if scores else 0.0


def is_flat(scores: Mapping[str, float]) -> bool:
    """True when no area stands out: every score lies within FLAT_SPREAD points."""
    return len(scores) > 1 and spread(scores) < FLAT_SPREAD


def top_with_ties(scores: Mapping[str, float], n: int) -> list[str]:
    """The n highest areas, in rank order, and every area tied with the n-th."""
    order = ranked(scores)
    if len(order) <= n:
        return [entry.slug for entry in order]
    cutoff = order[n - 1].score
    return [entry.slug for entry in order if entry.score >= cutoff]


def tie_groups(scores: Mapping[str, float]) -> list[list[str]]:
    """Areas that share a score, two or more at a time, highest score first."""
    groups: dict[float, list[str]] = {}
    for entry in ranked(scores):
        groups.setdefault(entry.score, []).append(entry.slug)
    return [group for group in groups.values() if len(group) > 1]


def undifferentiated(values: Sequence[int]) -> bool:
    """True when almost every answer is the same point of the scale."""
    if not values:
        return False
    most = max(values.count(value) for value in set(values))
    return most / len(values) >= UNDIFFERENTIATED_SHARE


def answer_step(answered: int, low: int, high: int) -> float:
    """How far one point on one question moves a 0-100 score over that many questions."""
    return 100 / (answered * (high - low)) if answered and high > low else 0.0
