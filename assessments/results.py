"""Turns an attempt's answers into the results people read, and compares two of them.

`instrument_result` and `compare` are pure; `load_results` runs a fixed three queries for
any number of attempts.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

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

    @property
    def ranked(self) -> list[AreaResult]:
        return sorted(self.areas, key=lambda area: area.rank)

    def strengths(self, limit: int = 3) -> list[AreaResult]:
        """The top areas; an area tied with the last one is included too."""
        if self.kind == "skills":
            # Thirty skills tie often: the one furthest above its target comes first.
            def key(area: AreaResult) -> tuple:
                return (-area.score, area.gap or 0)

            return sorted(self.areas, key=key)[:limit]
        ranked = self.ranked
        if len(ranked) <= limit:
            return ranked
        return [area for area in ranked if area.score >= ranked[limit - 1].score]

    def to_develop(self, limit: int = 2) -> list[AreaResult]:
        """The lowest areas, lowest first, with ties; never one already among the strengths."""
        lowest_first = sorted(self.areas, key=lambda area: area.score)
        strong = {area.slug for area in self.strengths()}
        cutoff = lowest_first[min(limit, len(lowest_first)) - 1].score
        return [a for a in lowest_first if a.score <= cutoff and a.slug not in strong]

    def largest_gaps(self, limit: int = 3) -> list[AreaResult]:
        gaps = [area for area in self.areas if (area.gap or 0) > 0]
        return sorted(gaps, key=lambda area: (-(area.gap or 0), area.name))[:limit]

    @property
    def leading_interests(self) -> list[AreaResult]:
        by_letter = {area.slug[0].upper(): area for area in self.areas}
        return [by_letter[letter] for letter in self.code]

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
        area_results = []
        for area in areas:
            band = scoring.band(scores[area.slug])
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
                )
            )
    code, ties = "", ()
    if kind == "interests":
        scores = {area.slug: area.score for area in area_results}
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
    def direction(self) -> str:
        delta = self.delta
        if delta is None:
            return "new" if self.before is None else "dropped"
        if abs(delta) < 0.05:
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
    """The changes that went one way ("rose" or "fell"), largest first."""
    chosen = [change for change in changes if change.direction == direction]
    return sorted(chosen, key=lambda change: -abs(change.delta or 0))
