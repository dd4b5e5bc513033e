"""Development activities and career paths, read from plans/data/.

Like the occupation catalogue, this is knowledge shipped with a release: parsed and
checked once per process, held in memory, and referred to by slug.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assessments.definitions import DefinitionError, load_definitions
from assessments.occupations import Catalogue, Occupation, catalogue, instrument_slugs

DATA_DIR = Path(__file__).resolve().parent / "data"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Kinds of activity as the data files name them, their labels, and the task kind each
# becomes when added to a plan (the task's `activity` choices).
FORMAL_KINDS = {
    "training": ("Training programme", "training"),
    "course": ("Course", "course"),
    "degree": ("Degree", "course"),
    "certification": ("Certification", "certification"),
    "workshop": ("Workshop", "workshop"),
    "seminar": ("Seminar", "seminar"),
    "conference": ("Conference", "conference"),
}
INFORMAL_KINDS = {
    "mentorship": ("Mentorship", "mentorship"),
    "networking": ("Networking", "networking"),
    "online-course": ("Online course", "online_course"),
    "internship": ("Internship", "internship"),
    "volunteering": ("Volunteering", "volunteering"),
    "professional-organisation": ("Professional organisation", "professional_body"),
    "trade-reading": ("Trade reading", "trade_reading"),
    "stretch-project": ("Stretch project", "stretch_project"),
    "side-project": ("Side project", "side_project"),
}
KINDS = {**FORMAL_KINDS, **INFORMAL_KINDS}
COSTS = {
    "free": "Free",
    "low": "Low cost",
    "high": "Higher cost",
}
COST_ORDER = tuple(COSTS)
FIELDS = {
    "creative": "Creative",
    "technical": "Technical",
    "business": "Business",
    "care": "Care and health",
    "trades": "Trades",
    "public-service": "Public service",
    "science": "Science",
    "education": "Education",
}
GOAL_KINDS = ("advancement", "change")


@dataclass(frozen=True)
class Skill:
    slug: str
    name: str
    group: str


@cache
def skills() -> dict[str, Skill]:
    """The skills instrument's skills (its newest version), in its order, by slug."""
    newest = [d for d in load_definitions() if d.slug == "skills"][-1]
    return {area.slug: Skill(area.slug, area.name, area.group) for area in newest.areas}


def skill_name(slug: str) -> str:
    skill = skills().get(slug)
    return skill.name if skill else slug.replace("-", " ").capitalize()


def months_label(low: int, high: int) -> str:
    """A typical time as people say it: 6 to 18 months, 2 to 4 years, about 1 year."""
    if low % 12 == 0 and high % 12 == 0:
        low, high, unit = low // 12, high // 12, "year"
    else:
        unit = "month"
    if low == high:
        return f"about {low} {unit}{'s' if low != 1 else ''}"
    return f"{low} to {high} {unit}s"


@dataclass(frozen=True)
class Activity:
    slug: str
    name: str
    kind: str
    cost: str
    hours: int
    skills: tuple[str, ...]  # skill slugs, the main one first
    description: str
    provider: str = ""

    @property
    def is_formal(self) -> bool:
        return self.kind in FORMAL_KINDS

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def task_activity(self) -> str:
        """The kind of task this activity becomes in a plan."""
        return KINDS[self.kind][1]

    @property
    def cost_label(self) -> str:
        return COSTS[self.cost]

    @property
    def cost_rank(self) -> int:
        return COST_ORDER.index(self.cost)

    @property
    def is_free(self) -> bool:
        return self.cost == "free"

    @property
    def main_skill(self) -> str:
        return self.skills[0]

    @property
    def skill_names(self) -> list[str]:
        return [skill_name(slug) for slug in self.skills]

    @property
    def named_skills(self) -> list[tuple[str, str]]:
        """(slug, name) of each skill it builds."""
        return [(slug, skill_name(slug)) for slug in self.skills]


@dataclass(frozen=True)
class SkillStanding:
    """One skill a stage asks for, against the member's own rating of it (None: not rated)."""

    slug: str
    target: int
    current: int | None

    @property
    def name(self) -> str:
        return skill_name(self.slug)

    @property
    def is_rated(self) -> bool:
        return self.current is not None

    @property
    def is_met(self) -> bool:
        return self.current is not None and self.current >= self.target

    @property
    def gap(self) -> int:
        return 0 if self.current is None else max(self.target - self.current, 0)


@dataclass(frozen=True)
class StageStanding:
    skills: tuple[SkillStanding, ...]

    @property
    def met(self) -> int:
        return sum(skill.is_met for skill in self.skills)

    @property
    def short(self) -> list[SkillStanding]:
        """Rated skills below their target, the largest gap first."""
        below = [skill for skill in self.skills if skill.is_rated and not skill.is_met]
        return sorted(below, key=lambda skill: (-skill.gap, skill.name))

    @property
    def unrated(self) -> list[SkillStanding]:
        return [skill for skill in self.skills if not skill.is_rated]

    @property
    def is_ready(self) -> bool:
        return self.met == len(self.skills)


@dataclass(frozen=True)
class Stage:
    position: int
    name: str
    occupation: Occupation
    months: tuple[int, int]
    summary: str
    skills: tuple[tuple[str, int], ...]  # (skill slug, target level) for the next step
    activities: tuple[Activity, ...]

    @property
    def months_label(self) -> str:
        return months_label(*self.months)

    @property
    def typical_months(self) -> int:
        """The middle of the range, in whole months."""
        return -(-(self.months[0] + self.months[1]) // 2)

    @property
    def skill_targets(self) -> list[tuple[str, int]]:
        """(skill name, target level) pairs, as the data lists them."""
        return [(skill_name(slug), level) for slug, level in self.skills]

    @property
    def formal_activities(self) -> list[Activity]:
        return [activity for activity in self.activities if activity.is_formal]

    @property
    def informal_activities(self) -> list[Activity]:
        return [activity for activity in self.activities if not activity.is_formal]

    def standing(self, levels: dict[str, int]) -> StageStanding:
        """The stage's skills against the member's current levels (skill slug to level)."""
        return StageStanding(
            tuple(SkillStanding(slug, target, levels.get(slug)) for slug, target in self.skills)
        )


@dataclass(frozen=True)
class CareerPath:
    slug: str
    name: str
    field: str
    goal_kind: str
    summary: str
    stages: tuple[Stage, ...]

    @property
    def field_label(self) -> str:
        return FIELDS[self.field]

    @property
    def occupation_codes(self) -> frozenset[str]:
        return frozenset(stage.occupation.code for stage in self.stages)

    def aims(self, current_code: str = "") -> frozenset[int]:
        """Positions of stages a member could aim for: past the first, each occupation once
        (at its last stage), and not the occupation they hold now."""
        aims = {}
        for stage in self.stages[1:]:
            if stage.occupation.code != current_code:
                aims[stage.occupation.code] = stage.position
        return frozenset(aims.values())

    @property
    def first(self) -> Stage:
        return self.stages[0]

    @property
    def last(self) -> Stage:
        return self.stages[-1]

    @property
    def months_label(self) -> str:
        """Typical time from the first stage to the last (the last stage's own time aside)."""
        before_last = self.stages[:-1]
        return months_label(
            sum(stage.months[0] for stage in before_last),
            sum(stage.months[1] for stage in before_last),
        )


class Library:
    """Every activity and career path, with look-ups by slug."""

    def __init__(self, activities: Iterable[Activity], paths: Iterable[CareerPath]) -> None:
        self.activities = tuple(activities)
        self.paths = tuple(paths)
        self._activities = {activity.slug: activity for activity in self.activities}
        self._paths = {path.slug: path for path in self.paths}

    def activity(self, slug: str) -> Activity | None:
        return self._activities.get(slug)

    def path(self, slug: str) -> CareerPath | None:
        return self._paths.get(slug)

    def activities_for(
        self, *, skill: str = "", formal: bool | None = None, cost: str = ""
    ) -> list[Activity]:
        """Activities that build a skill, of one type and cost band; the cheapest first."""
        chosen = [
            activity
            for activity in self.activities
            if (not skill or skill in activity.skills)
            and (formal is None or activity.is_formal == formal)
            and (not cost or activity.cost == cost)
        ]
        # An activity whose main skill is the one asked for comes before one that touches it.
        return sorted(
            chosen,
            key=lambda a: (a.cost_rank, bool(skill) and a.skills[0] != skill, a.hours, a.name),
        )

    def paths_through(self, code: str) -> list[CareerPath]:
        """Paths with a stage in that occupation."""
        return [path for path in self.paths if code in path.occupation_codes]

    def paths_in(self, field: str = "") -> list[CareerPath]:
        """Paths of one field (every path when none is given), by name."""
        chosen = [path for path in self.paths if not field or path.field == field]
        return sorted(chosen, key=lambda path: path.name)

    def paths_suggesting(self, slug: str) -> list[CareerPath]:
        """Paths with a stage that suggests this activity."""
        return [
            path
            for path in self.paths
            if any(slug in (a.slug for a in stage.activities) for stage in path.stages)
        ]

    def cheapest_for(self, skill: str, limit: int = 3) -> list[Activity]:
        """A few ways to build a skill, the cheapest first: what a skills gap is offered."""
        return self.activities_for(skill=skill)[:limit]


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(f"{where}: '{key}' is missing or empty.")
    return " ".join(value.split())


def _skills(raw: Any, skill_slugs: frozenset[str], where: str) -> tuple[tuple[str, int], ...]:
    if not isinstance(raw, dict) or not raw:
        raise DefinitionError(f"{where}: give the skills with their target levels.")
    unknown = set(raw) - skill_slugs
    if unknown:
        raise DefinitionError(f"{where}: unknown skills {sorted(unknown)}.")
    if not all(isinstance(level, int) and 1 <= level <= 5 for level in raw.values()):
        raise DefinitionError(f"{where}: skill levels are whole numbers from 1 to 5.")
    return tuple(raw.items())


def parse_activity(raw: dict[str, Any], skill_slugs: frozenset[str]) -> Activity:
    slug = str(raw.get("slug", ""))
    where = f"activities.yaml, {slug or 'an activity without a slug'}"
    if raw.get("kind") not in KINDS:
        raise DefinitionError(f"{where}: kind must be one of {', '.join(KINDS)}.")
    if raw.get("cost") not in COSTS:
        raise DefinitionError(f"{where}: cost must be free, low or high.")
    hours = raw.get("hours")
    if not isinstance(hours, int) or hours < 1:
        raise DefinitionError(f"{where}: hours is a whole number above 0.")
    skills = tuple(raw.get("skills") or ())
    if not skills or set(skills) - skill_slugs:
        raise DefinitionError(f"{where}: skills must name one or more of the 30 skills.")
    return Activity(
        slug=slug,
        name=_text(raw, "name", where),
        kind=raw["kind"],
        cost=raw["cost"],
        hours=hours,
        skills=skills,
        description=_text(raw, "description", where),
        provider=str(raw.get("provider") or ""),
    )


def parse_path(
    raw: dict[str, Any],
    *,
    occupations: Catalogue,
    activities: dict[str, Activity],
    skill_slugs: frozenset[str],
) -> CareerPath:
    slug = str(raw.get("slug", ""))
    where = f"paths.yaml, {slug or 'a path without a slug'}"
    if raw.get("field") not in FIELDS:
        raise DefinitionError(f"{where}: field must be one of {', '.join(FIELDS)}.")
    if raw.get("goal_kind") not in GOAL_KINDS:
        raise DefinitionError(f"{where}: goal_kind is advancement or change.")
    stages = []
    for position, stage in enumerate(raw.get("stages") or (), start=1):
        at = f"{where}, stage {position}"
        occupation = occupations.get(str(stage.get("occupation", "")))
        if occupation is None:
            raise DefinitionError(f"{at}: occupation {stage.get('occupation')} is not listed.")
        months = stage.get("months")
        if (
            not isinstance(months, list)
            or len(months) != 2
            or not all(isinstance(m, int) for m in months)
            or not 0 < months[0] <= months[1]
        ):
            raise DefinitionError(f"{at}: months is [low, high], both above 0.")
        missing = [s for s in stage.get("activities") or () if s not in activities]
        if missing or not stage.get("activities"):
            raise DefinitionError(f"{at}: unknown or no activities {missing}.")
        stages.append(
            Stage(
                position=position,
                name=_text(stage, "name", at),
                occupation=occupation,
                months=(months[0], months[1]),
                summary=_text(stage, "summary", at),
                skills=_skills(stage.get("skills"), skill_slugs, at),
                activities=tuple(activities[s] for s in stage["activities"]),
            )
        )
    if len(stages) < 2:
        raise DefinitionError(f"{where}: a path has at least two stages.")
    return CareerPath(
        slug=slug,
        name=_text(raw, "name", where),
        field=raw["field"],
        goal_kind=raw["goal_kind"],
        summary=_text(raw, "summary", where),
        stages=tuple(stages),
    )


def _read(path: Path, key: str) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as file:
        raw = yaml.load(file, Loader=_LOADER)  # noqa: S506 (a safe loader)
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        raise DefinitionError(f"{path.name}: expected a list under '{key}'.")
    return raw[key]


def _unique(slugs: list[str], what: str) -> None:
    twice = sorted(slug for slug, count in Counter(slugs).items() if count > 1)
    if twice:
        raise DefinitionError(f"{what} defined twice: {', '.join(twice)}.")


def load_library(directory: Path = DATA_DIR, occupations: Catalogue | None = None) -> Library:
    """Reads and checks the activity and path files against the skills and occupations."""
    skill_slugs = instrument_slugs("skills")
    activities = [
        parse_activity(raw, skill_slugs)
        for raw in _read(directory / "activities.yaml", "activities")
    ]
    _unique([activity.slug for activity in activities], "Activities")
    by_slug = {activity.slug: activity for activity in activities}
    paths = [
        parse_path(
            raw,
            occupations=occupations if occupations is not None else catalogue(),
            activities=by_slug,
            skill_slugs=skill_slugs,
        )
        for raw in _read(directory / "paths.yaml", "paths")
    ]
    _unique([path.slug for path in paths], "Paths")
    return Library(activities, paths)


@cache
def library() -> Library:
    """The activities and paths on disk, read once per process."""
    return load_library()
