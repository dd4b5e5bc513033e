"""Turns an attempt's answers into the results people read, and compares two of them.

`instrument_result` and `compare` are pure; `load_results` runs a fixed three queries for
any number of attempts.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from assessments import scoring
from assessments.models import Answer, Area, Attempt, Item


def whole(score: float) -> int:
    """Rounds half up, as the templates' floatformat does, so charts and tables agree."""
    return math.floor(score + 0.5)


@dataclass(frozen=True)
class AreaResult:
    slug: str
    name: str
    description: str
    raw: int
    lowest: int
    highest: int
    score: float
    rank: int = 0
    group: str = ""
    band: str = ""
    reading: str = ""
    current: int | None = None
    target: int | None = None
    anchors: tuple[str, ...] = ()
    step: float = 0.0  # how far one point on one question moves the score

    @property
    def gap(self) -> int | None:
        if self.current is None or self.target is None:
            return None
        return scoring.skill_gap(self.current, self.target)

    @property
    def current_anchor(self) -> str:
        return self.anchors[self.current - 1] if self.anchors and self.current else ""

    @property
    def target_anchor(self) -> str:
        return self.anchors[self.target - 1] if self.anchors and self.target else ""

    @property
    def next_level(self) -> int | None:
        """The level one up from where the member is, if there is one."""
        if self.current is None or self.current >= len(self.anchors):
            return None
        return self.current + 1

    @property
    def next_anchor(self) -> str:
        """What a person one level up from the member does: the next step, not the target."""
        return self.anchors[self.current] if self.next_level else ""


@dataclass(frozen=True)
class InstrumentResult:
    kind: str
    name: str
    model: str
    version: int
    attempt_id: int
    completed_at: datetime | None
    scale: tuple[tuple[int, str], ...]
    areas: tuple[AreaResult, ...]
    code: str = ""
    code_ties: tuple[str, ...] = ()
    # The scores do not say which area is strongest (see scoring.is_flat).
    flat: bool = False
    # Almost every answer was the same point of the scale (see scoring.undifferentiated).
    undifferentiated: bool = False

    @property
    def ranked(self) -> list[AreaResult]:
        return sorted(self.areas, key=lambda area: area.rank)

    @property
    def flat_spread(self) -> float:
        return scoring.FLAT_SPREAD

    @property
    def scores(self) -> dict[str, float]:
        return {area.slug: area.score for area in self.areas}

    def top(self, n: int) -> list[AreaResult]:
        """The n highest areas and any tied with the n-th, in rank order."""
        by_slug = {area.slug: area for area in self.areas}
        return [by_slug[slug] for slug in scoring.top_with_ties(self.scores, n)]

    @property
    def ties(self) -> list[list[AreaResult]]:
        """Areas that share a score, highest first: each list is one tie."""
        by_slug = {area.slug: area for area in self.areas}
        return [[by_slug[slug] for slug in group] for group in scoring.tie_groups(self.scores)]

    def strengths(self, limit: int = 3) -> list[AreaResult]:
        """The top areas; an area tied with the last one is included too."""
        if self.kind == "skills":
            # Thirty skills tie often: the one furthest above its target comes first.
            def key(area: AreaResult) -> tuple:
                return (-area.score, area.gap or 0)

            return sorted(self.areas, key=key)[:limit]
        if self.flat:
            return []
        return self.top(limit)

    def to_develop(self, limit: int = 2) -> list[AreaResult]:
        """The lowest areas, lowest first, with ties.

        Never one already among the strengths, and never one that ties with the middle of
        the profile: an area is "lowest" only when it is clearly below the median.
        """
        if self.flat:
            return []
        middle = statistics.median(self.scores.values())
        lowest_first = sorted(self.areas, key=lambda area: (area.score, area.rank))
        strong = {area.slug for area in self.strengths()}
        cutoff = lowest_first[min(limit, len(lowest_first)) - 1].score
        return [
            area
            for area in lowest_first
            if area.score <= cutoff and area.score < middle and area.slug not in strong
        ]

    def largest_gaps(self, limit: int = 3) -> list[AreaResult]:
        gaps = [area for area in self.areas if (area.gap or 0) > 0]
        return sorted(gaps, key=lambda area: (-(area.gap or 0), area.name))[:limit]

    @property
    def leading_interests(self) -> list[AreaResult]:
        """The three strongest interests, with every area tied with the third."""
        return self.top(3)

    @property
    def groups(self) -> list[tuple[str, list[AreaResult]]]:
        grouped: dict[str, list[AreaResult]] = defaultdict(list)
        for area in self.areas:
            grouped[area.group].append(area)
        return list(grouped.items())

    @property
    def scale_labels(self) -> dict[int, str]:
        return dict(self.scale)


def _skill_areas(
    areas: Sequence[Area], items: Sequence[Item], answers: Mapping[int, int]
) -> list[AreaResult]:
    ratings: dict[tuple[int, str], int] = {
        (item.area_id, item.facet): answers[item.pk] for item in items if item.pk in answers
    }
    results = []
    for area in areas:
        current = ratings.get((area.pk, "current"))
        target = ratings.get((area.pk, "target"))
        anchors = tuple(area.anchors)
        low, high = 1, len(anchors) or 5
        results.append(
            AreaResult(
                slug=area.slug,
                name=area.name,
                description=area.description,
                group=area.group,
                raw=current or 0,
                lowest=low,
                highest=high,
                score=scoring.normalise(current, 1, low, high) if current else 0.0,
                current=current,
                target=target,
                anchors=anchors,
            )
        )
    ranks = scoring.ranked({area.slug: area.score for area in results})
    rank_of = {entry.slug: entry.rank for entry in ranks}
    return [_with(area, rank=rank_of[area.slug]) for area in results]


def _with(area: AreaResult, **changes: object) -> AreaResult:
    return AreaResult(**{**area.__dict__, **changes})


def instrument_result(
    attempt: Attempt, areas: Sequence[Area], items: Sequence[Item], answers: Mapping[int, int]
) -> InstrumentResult:
    """Scores one attempt from its version's areas and items and its answers (by item id)."""
    version = attempt.version
    low, high = version.scale_low, version.scale_high
    kind = attempt.instrument.slug
    undifferentiated = False
    if kind == "skills":
        area_results = _skill_areas(areas, items, answers)
    else:
        slug_of = {area.pk: area.slug for area in areas}
        keys = {
            str(item.pk): scoring.Key(slug_of[item.area_id], item.reverse_keyed) for item in items
        }
        raw = scoring.raw_scores(
            keys, {str(pk): value for pk, value in answers.items()}, low=low, high=high
        )
        scores = {area.slug: raw[area.slug].normalised(low, high) for area in areas}
        rank_of = {entry.slug: entry.rank for entry in scoring.ranked(scores)}
        # Answers that do not separate the areas get no high or low reading.
        undifferentiated = kind == "personality" and scoring.undifferentiated(
            list(answers.values())
        )
        area_results = []
        for area in areas:
            band = "" if undifferentiated else scoring.band(scores[area.slug])
            area_results.append(
                AreaResult(
                    slug=area.slug,
                    name=area.name,
                    description=area.description,
                    raw=raw[area.slug].total,
                    lowest=raw[area.slug].answered * low,
                    highest=raw[area.slug].answered * high,
                    score=scores[area.slug],
                    rank=rank_of[area.slug],
                    band=band,
                    reading=area.readings.get(band, ""),
                    step=scoring.answer_step(raw[area.slug].answered, low, high),
                )
            )
    code, ties = "", ()
    scores = {area.slug: area.score for area in area_results}
    if kind == "interests":
        code, ties = scoring.riasec_code(scores), scoring.riasec_ties(scores)
    return InstrumentResult(
        kind=kind,
        name=version.name,
        model=version.model,
        version=version.number,
        attempt_id=attempt.pk,
        completed_at=attempt.completed_at,
        scale=tuple((value, label) for value, label in version.scale),
        areas=tuple(area_results),
        code=code,
        code_ties=ties,
        flat=kind in ("interests", "values", "leadership") and scoring.is_flat(scores),
        undifferentiated=kind == "personality" and undifferentiated,
    )


def load_results(attempts: Iterable[Attempt]) -> dict[int, InstrumentResult]:
    """Results of the given attempts (loaded with_versions()), in three queries at most."""
    attempts = list(attempts)
    if not attempts:
        return {}
    version_ids = {attempt.version_id for attempt in attempts}
    areas: dict[int, list[Area]] = defaultdict(list)
    for area in Area.objects.filter(version_id__in=version_ids).order_by("position"):
        areas[area.version_id].append(area)
    items: dict[int, list[Item]] = defaultdict(list)
    for item in Item.objects.filter(version_id__in=version_ids).order_by("position"):
        items[item.version_id].append(item)
    answers: dict[int, dict[int, int]] = defaultdict(dict)
    rows = Answer.objects.filter(attempt__in=attempts).values_list("attempt_id", "item_id", "value")
    for attempt_id, item_id, value in rows:
        answers[attempt_id][item_id] = value
    return {
        attempt.pk: instrument_result(
            attempt, areas[attempt.version_id], items[attempt.version_id], answers[attempt.pk]
        )
        for attempt in attempts
    }


@dataclass(frozen=True)
class Change:
    """One area across two attempts; None where a version lacks the area."""

    slug: str
    name: str
    before: AreaResult | None
    after: AreaResult | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score

    @property
    def amount(self) -> str:
        """The size of the change in words: levels for skills, points otherwise."""
        if self.before is None or self.after is None:
            return ""
        if self.before.current is not None and self.after.current is not None:
            levels = abs(self.after.current - self.before.current)
            return f"{levels} level{'' if levels == 1 else 's'}"
        return str(whole(abs(self.after.score - self.before.score)))

    @property
    def target_moved(self) -> bool:
        """A skill whose target level changed, whether or not the member's level did."""
        return (
            self.before is not None
            and self.after is not None
            and self.before.target is not None
            and self.after.target is not None
            and self.before.target != self.after.target
        )

    @property
    def direction(self) -> str:
        """rose, fell, same, retargeted (a skill's target alone changed), new or dropped.

        A move no larger than one answer step (one point on one question) is "same":
        a single changed answer is not a change in the person.
        """
        delta = self.delta
        if delta is None:
            return "new" if self.before is None else "dropped"
        before, after = cast(AreaResult, self.before), cast(AreaResult, self.after)
        if before.current is not None and after.current is not None:
            if after.current != before.current:
                return "rose" if after.current > before.current else "fell"
            return "retargeted" if self.target_moved else "same"
        if abs(delta) <= max(before.step, after.step, 0.05) + 1e-9:
            return "same"
        return "rose" if delta > 0 else "fell"


def compare(before: InstrumentResult, after: InstrumentResult) -> list[Change]:
    """Matches areas by slug, in the later attempt's order, then any the later one dropped."""
    earlier = {area.slug: area for area in before.areas}
    changes = [
        Change(area.slug, area.name, earlier.pop(area.slug, None), area) for area in after.areas
    ]
    changes += [Change(area.slug, area.name, area, None) for area in earlier.values()]
    return changes


def moved(changes: Sequence[Change], direction: str) -> list[Change]:
    """The changes that went one way ("rose", "fell" or "retargeted"), largest first."""
    chosen = [change for change in changes if change.direction == direction]
    return sorted(chosen, key=lambda change: -abs(change.delta or 0))
