"""What the rest of careerdev reads of a member's assessments.

Goal suggestions (plans) and mentors (mentoring) read these plain values, never the
assessment tables, so the instruments can change without breaking their readers.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.urls import reverse

from assessments import scoring
from assessments.models import Answer, Area, Attempt, Instrument, minutes_for
from assessments.results import load_results

if TYPE_CHECKING:
    from careerdev.models import User


@dataclass(frozen=True)
class SkillRating:
    """One skill from the skills assessment: where the member is and where the target role is."""

    slug: str
    name: str
    group: str
    current: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.current


@dataclass(frozen=True)
class AreaScore:
    """A scored area of an instrument (a competency, RIASEC area, value or trait), 0-100."""

    slug: str
    name: str
    score: float
    reading: str = ""


def _in_rank_order(areas: tuple[AreaScore, ...]) -> list[AreaScore]:
    """Highest first; ties keep the instrument's own order, as on the results pages."""
    return sorted(areas, key=lambda area: -area.score)


def _top(areas: tuple[AreaScore, ...], limit: int) -> list[AreaScore]:
    """The highest areas and any tied with the last of them (scoring.top_with_ties)."""
    keep = set(scoring.top_with_ties({area.slug: area.score for area in areas}, limit))
    return [area for area in _in_rank_order(areas) if area.slug in keep]


@dataclass(frozen=True)
class ProfileSummary:
    """The latest completed result of each instrument; an instrument not yet taken is empty.

    Every page that shows a member's profile (the summary, what a mentor sees, goal
    suggestions) reads it from here, so ties, flat profiles and rounding read the same.
    """

    skills: tuple[SkillRating, ...] = ()
    leadership: tuple[AreaScore, ...] = ()
    interests: tuple[AreaScore, ...] = ()
    interest_code: str = ""
    values: tuple[AreaScore, ...] = ()
    personality: tuple[AreaScore, ...] = ()
    completed_at: dict[str, datetime] = field(default_factory=dict)
    # The catalogue occupation the latest skills gap was measured against, if any.
    skills_role: str = ""
    # See scoring.is_flat and scoring.undifferentiated.
    interests_flat: bool = False
    values_flat: bool = False
    leadership_flat: bool = False
    personality_undifferentiated: bool = False

    def largest_skill_gaps(self, limit: int = 3) -> list[SkillRating]:
        gaps = [skill for skill in self.skills if skill.gap > 0]
        return sorted(gaps, key=lambda skill: (-skill.gap, skill.name))[:limit]

    def strongest_leadership(self, limit: int = 2) -> list[AreaScore]:
        return [] if self.leadership_flat else _in_rank_order(self.leadership)[:limit]

    def weakest_leadership(self, limit: int = 2) -> list[AreaScore]:
        """The lowest competencies, lowest first; never one also listed as a strength."""
        if self.leadership_flat:
            return []
        strong = {area.slug for area in self.strongest_leadership()}
        lowest_first = sorted(self.leadership, key=lambda area: area.score)
        return [area for area in lowest_first if area.slug not in strong][:limit]

    def top_values(self, limit: int = 3) -> list[AreaScore]:
        return [] if self.values_flat else _top(self.values, limit)

    def strongest_skills(self, limit: int = 3) -> list[SkillRating]:
        return sorted(self.skills, key=lambda skill: (-skill.current, skill.name))[:limit]

    def leading_interests(self) -> list[AreaScore]:
        """The three strongest interests and any tied with the third; none when flat."""
        return [] if self.interests_flat else _top(self.interests, 3)

    def top_interest_letters(self, limit: int = 2) -> str:
        """The letters of the strongest interests, ties included ("top two" may be three)."""
        if self.interests_flat:
            return ""
        return "".join(area.slug[:1].upper() for area in _top(self.interests, limit))

    @property
    def interest_ties(self) -> list[list[AreaScore]]:
        by_slug = {area.slug: area for area in self.interests}
        groups = scoring.tie_groups({area.slug: area.score for area in self.interests})
        return [[by_slug[slug] for slug in group] for group in groups]

    @property
    def is_empty(self) -> bool:
        return not self.completed_at


def profile_summary(member: "User") -> ProfileSummary:
    """The latest completed result of each instrument, in four queries whatever the history."""
    attempts = list(Attempt.objects.for_member(member).latest_completed().with_versions())
    results = {result.kind: result for result in load_results(attempts).values()}

    def scores(kind: str) -> tuple[AreaScore, ...]:
        result = results.get(kind)
        if result is None:
            return ()
        return tuple(
            AreaScore(area.slug, area.name, area.score, area.reading or area.description)
            for area in result.areas
        )

    skills = results.get("skills")
    skills_attempt = next((a for a in attempts if a.instrument.slug == "skills"), None)
    skills_role = skills_attempt.target_occupation if skills_attempt else None
    return ProfileSummary(
        skills=tuple(
            SkillRating(area.slug, area.name, area.group, area.current, area.target)
            for area in (skills.areas if skills else ())
            if area.current is not None and area.target is not None
        ),
        leadership=scores("leadership"),
        interests=scores("interests"),
        interest_code=results["interests"].code if "interests" in results else "",
        values=scores("values"),
        personality=scores("personality"),
        interests_flat="interests" in results and results["interests"].flat,
        values_flat="values" in results and results["values"].flat,
        leadership_flat="leadership" in results and results["leadership"].flat,
        personality_undifferentiated="personality" in results
        and results["personality"].undifferentiated,
        completed_at={
            attempt.instrument.slug: attempt.completed_at
            for attempt in attempts
            if attempt.completed_at
        },
        skills_role=skills_role.title if skills_role else "",
    )


# Why each instrument is worth taking next, in the order the dashboard recommends them.
WHY_NEXT = {
    "interests": "it ranks the occupations that fit what you enjoy doing.",
    "skills": "it measures your gap on all thirty skills against the role you aim for.",
    "values": "it tells which roles reward what matters most to you at work.",
    "leadership": "it shows which leadership competencies to build on and which to grow.",
    "personality": "it describes how you tend to work, for choosing roles and teams.",
}


@dataclass(frozen=True)
class Recommendation:
    """The instrument to take next, why, and about how long it takes (our estimate)."""

    slug: str
    name: str
    reason: str
    minutes: int
    attempt_id: int | None = None  # an attempt to continue rather than start

    @property
    def sentence(self) -> str:
        return f"Next: {self.name}. {self.reason} About {self.minutes} minutes (our estimate)."


def recommend(instruments: Sequence[Instrument]) -> Recommendation | None:
    """An open skills attempt first (the quick start leaves one), then any other open
    attempt, then the first instrument not yet taken in the order of WHY_NEXT."""
    by_slug = {instrument.slug: instrument for instrument in instruments}
    open_first = sorted(
        (i for i in instruments if i.open_attempt_id and not i.completed_count),
        key=lambda i: i.slug != "skills",
    )
    if open_first:
        instrument = open_first[0]
        answered, total = instrument.open_answered or 0, instrument.open_item_count or 0
        left = max(total - answered, 1)
        reason = (
            f"Finish it: {answered} of {total} questions are answered"
            f"{' (your quick ratings count)' if instrument.slug == 'skills' else ''}, "
            f"{left} to go, and {WHY_NEXT.get(instrument.slug, '')}"
        )
        return Recommendation(
            instrument.slug,
            instrument.name,
            reason,
            minutes_for(instrument.slug, left),
            instrument.open_attempt_id,
        )
    for slug, why in WHY_NEXT.items():
        instrument = by_slug.get(slug)
        if instrument is not None and not instrument.completed_count:
            minutes = max(3, minutes_for(slug, instrument.current_item_count or 0))
            return Recommendation(slug, instrument.name, f"Take it: {why}", minutes)
    return None


@dataclass(frozen=True)
class AssessmentProgress:
    """How far a member is through the five instruments, for the dashboard."""

    completed: int
    total: int
    in_progress: int
    next_name: str = ""
    next_slug: str = ""
    recommendation: Recommendation | None = None

    @property
    def is_finished(self) -> bool:
        return self.total > 0 and self.completed == self.total

    @property
    def status(self) -> str:
        if self.is_finished:
            return "Complete"
        if self.completed or self.in_progress:
            return f"{self.completed} of {self.total} instruments completed"
        return "Not started"

    @property
    def detail(self) -> str:
        if self.is_finished:
            return f"All {self.total} instruments are done. Retake any of them as you grow."
        if self.recommendation and (self.completed or self.in_progress):
            return self.recommendation.sentence
        if self.completed or self.in_progress:
            return f"Next: {self.next_name}."
        return f"{self.total} short instruments show where you stand; each takes a few minutes."

    @property
    def url(self) -> str:
        if self.recommendation and (self.completed or self.in_progress):
            return reverse("assessments:instrument", args=[self.recommendation.slug])
        return reverse("assessments:summary" if self.completed else "assessments:overview")

    @property
    def action(self) -> str:
        if self.is_finished:
            return "See your profile summary"
        if self.recommendation and self.recommendation.attempt_id:
            return f"Continue {self.recommendation.name.lower()}"
        if self.recommendation and self.completed:
            return f"Take {self.recommendation.name.lower()}"
        if self.completed or self.in_progress:
            return "Continue your self-assessment"
        return "Start your self-assessment"


def assessment_progress(member: "User") -> AssessmentProgress:
    """One query: which instruments the member has completed or started."""
    instruments = list(Instrument.objects.with_member_status(member))
    not_done = [instrument for instrument in instruments if not instrument.completed_count]
    started = [instrument for instrument in not_done if instrument.open_attempt_id]
    upcoming = (started or not_done)[:1]
    return AssessmentProgress(
        completed=len(instruments) - len(not_done),
        total=len(instruments),
        in_progress=len(started),
        next_name=upcoming[0].name if upcoming else "",
        next_slug=upcoming[0].slug if upcoming else "",
        recommendation=recommend(instruments),
    )


@dataclass(frozen=True)
class CatalogSkill:
    slug: str
    name: str
    group: str


def skills_catalog() -> list[CatalogSkill]:
    """The skills the skills assessment rates, from its newest version, in one query.

    Mentors describe their expertise with these, so it matches members' skills gaps.
    """
    areas = Area.objects.filter(version__instrument__slug="skills").order_by(
        "-version__number", "position"
    )
    newest = None
    catalog = []
    for version_id, slug, name, group in areas.values_list("version_id", "slug", "name", "group"):
        if newest is None:
            newest = version_id
        if version_id == newest:
            catalog.append(CatalogSkill(slug, name, group))
    return catalog


@dataclass(frozen=True)
class LatestSkills:
    """The member's current level on each skill from their latest skills assessment."""

    levels: dict[str, int] = field(default_factory=dict)
    completed_at: datetime | None = None
    attempt_id: int | None = None


def latest_skills(member: "User") -> LatestSkills:
    """Four queries at most, however many attempts the member has made."""
    attempt = (
        Attempt.objects.for_member(member)
        .completed()
        .of_instrument("skills")
        .order_by("-completed_at", "-pk")
        .with_versions()
        .first()
    )
    if attempt is None:
        return LatestSkills()
    result = load_results([attempt])[attempt.pk]
    levels = {area.slug: area.current for area in result.areas if area.current is not None}
    return LatestSkills(levels, attempt.completed_at, attempt.pk)


def attempt_ratings(attempt_id: int | None) -> dict[str, tuple[int | None, int | None]]:
    """A skills attempt's answers as {skill slug: (current, target)}, either may be None;
    one query, for an attempt still open as well as a completed one."""
    if attempt_id is None:
        return {}
    found: dict[str, dict[str, int]] = {}
    rows = Answer.objects.filter(attempt_id=attempt_id).values_list(
        "item__area__slug", "item__facet", "value"
    )
    for slug, facet, value in rows:
        found.setdefault(slug, {})[facet] = value
    return {slug: (given.get("current"), given.get("target")) for slug, given in found.items()}
