"""The quick start: a guided first visit from two roles to a saved goal with dated tasks.

Four steps: name the role held now and the role aimed for (or, not knowing yet, a short
interests check and the occupations that fit it); rate the target role's key skills; see the
largest gaps; accept a goal whose tasks come from the activity library, dated to the hours
a week the member can give.

Where each answer lives: the roles in the member's CareerDirection, the ratings in an open
skills attempt (assessments.services.quick_ratings_save), so the full skills assessment
continues from them; the rest (interests check, hours a week) in the QuickStart row.
Nothing is kept in the browser.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.definitions import AreaDefinition
from assessments.direction import career_change_initial
from assessments.fit import Fit, FitInput, rank_fits
from assessments.models import CareerDirection
from assessments.occupations import (
    INTEREST_LETTERS,
    INTEREST_NAMES,
    INTEREST_WORK,
    Occupation,
    catalogue,
    instrument_areas,
    instrument_scale,
)
from assessments.services import career_direction_set, quick_ratings_save
from assessments.summary import ProfileSummary, attempt_ratings
from careerdev.models import User
from plans import library as knowledge
from plans.adoption import (
    DEFAULT_WEEKLY_HOURS,
    DraftMilestone,
    DraftTask,
    activity_dates,
    goal_with_plan_create,
    task_effort,
    task_notes,
)
from plans.library import Activity
from plans.models import Goal, GoalKind, QuickStart

FEWEST_SKILLS, MOST_SKILLS = 8, 10
FOCUS_SKILLS = 3
# Activities taken for each focus skill, the largest gap first: four tasks in all, fewer
# or more (3 to 6) when the library has fewer ways to build a skill.
ACTIVITIES_PER_FOCUS = (2, 1, 1)
FEWEST_TASKS, MOST_TASKS = 3, 6
# A skill added to reach eight, when it is not one of the target role's key skills, starts
# at this target level; the member changes it on the page.
ADDED_SKILL_TARGET = 2
FITS_SHOWN = 8
INTEREST_CHOICES = (
    (1, "Not for me"),
    (2, "Rather not"),
    (3, "Unsure"),
    (4, "I would like it"),
    (5, "I would love it"),
)
STEPS = (
    (1, "Your roles"),
    (2, "Rate your skills"),
    (3, "Your largest gaps"),
    (4, "Your plan"),
)


# Rules: plain values in, plain values out.


@dataclass(frozen=True)
class SkillToRate:
    """One skill of the quick ratings, with the target level the role suggests."""

    slug: str
    typical: int
    source: str  # "target": a key skill of the target role; "current": of the role now; "more"

    @property
    def area(self) -> AreaDefinition:
        return instrument_areas("skills")[self.slug]

    @property
    def name(self) -> str:
        return self.area.name

    @property
    def levels(self) -> list[tuple[int, str, str]]:
        """(level, label, example) for each point of the scale."""
        scale = instrument_scale("skills")
        return [(level, scale[level], text) for level, text in enumerate(self.area.anchors, 1)]


def skills_to_rate(target: Occupation, current: Occupation | None) -> list[SkillToRate]:
    """The target role's key skills, most important first, at most ten; when it lists fewer
    than eight, the current role's key skills and then the skills beside the target's first
    one in the instrument make up eight."""
    chosen = [SkillToRate(slug, level, "target") for slug, level in target.skills[:MOST_SKILLS]]
    taken = {skill.slug for skill in chosen}
    extra = [(slug, level, "current") for slug, level in (current.skills if current else ())]
    group = instrument_areas("skills")[target.skills[0][0]].group
    areas = instrument_areas("skills").values()
    extra += [(a.slug, ADDED_SKILL_TARGET, "more") for a in areas if a.group == group]
    extra += [(a.slug, ADDED_SKILL_TARGET, "more") for a in areas]
    for slug, level, source in extra:
        if len(chosen) >= FEWEST_SKILLS:
            break
        if slug not in taken:
            taken.add(slug)
            chosen.append(SkillToRate(slug, level, source))
    return chosen


@dataclass(frozen=True)
class Gap:
    """A rated skill: the level now, the level aimed for, and its place in the role's list."""

    skill: SkillToRate
    current: int
    target: int
    importance: int

    @property
    def size(self) -> int:
        return max(0, self.target - self.current)

    @property
    def name(self) -> str:
        return self.skill.name

    def label(self, level: int) -> str:
        return instrument_scale("skills")[level]

    @property
    def current_label(self) -> str:
        return self.label(self.current)

    @property
    def target_label(self) -> str:
        return self.label(self.target)


def gaps_of(skills: Sequence[SkillToRate], ratings: Mapping) -> list[Gap]:
    """Every quick skill the member rated, the largest gap first, then by importance."""
    rated = [
        Gap(skill, ratings[skill.slug][0], ratings[skill.slug][1], position)
        for position, skill in enumerate(skills)
        if skill.slug in ratings and None not in ratings[skill.slug]
    ]
    return sorted(rated, key=lambda gap: (-gap.size, gap.importance))


def is_rated(skills: Sequence[SkillToRate], ratings: Mapping) -> bool:
    return all(None not in ratings.get(skill.slug, (None, None)) for skill in skills)


@dataclass(frozen=True)
class QuickPlan:
    """A goal built from the member's own gaps, shaped like adoption.Draft for PlanForm."""

    kind: str
    title: str
    why: str
    measure: str
    start_date: date
    target_date: date
    milestones: tuple[DraftMilestone, ...]
    weekly_hours: Decimal
    hours_assumed: bool
    focus: tuple[Gap, ...]

    @property
    def tasks(self) -> list[DraftTask]:
        return [task for milestone in self.milestones for task in milestone.tasks]


def in_field(target: Occupation) -> set[str]:
    """Activities the career paths suggest in the target's occupation group."""
    return {
        activity.slug
        for path in knowledge.library().paths
        if any(stage.occupation.major_group == target.major_group for stage in path.stages)
        for stage in path.stages
        for activity in stage.activities
    }


def ways_to_build(slug: str, target: Occupation) -> list[Activity]:
    """Activities that build a skill: those the paths suggest in the target's field first,
    then the cheaper, then those building more of the role's key skills, then in the
    library's order (the skill as their main one, fewest hours)."""
    field, relevant = in_field(target), set(target.skill_levels)
    ways = knowledge.library().activities_for(skill=slug)
    return sorted(
        ways,
        key=lambda a: (a.slug not in field, a.cost_rank, -len(set(a.skills) & relevant)),
    )


def _activities_for(focus: Sequence[Gap], target: Occupation) -> list[tuple[Gap, list[Activity]]]:
    used: set[str] = set()
    planned: list[tuple[Gap, list[Activity]]] = []
    offered = {gap.skill.slug: ways_to_build(gap.skill.slug, target) for gap in focus}
    for gap, wanted in zip(focus, ACTIVITIES_PER_FOCUS, strict=False):
        ways = [a for a in offered[gap.skill.slug] if a.slug not in used][:wanted]
        planned.append((gap, ways))
        used.update(a.slug for a in ways)
    # Too few ways for some skill: take more for the others, up to FEWEST_TASKS.
    for gap, taken in planned:
        while sum(len(t) for _, t in planned) < FEWEST_TASKS:
            more = [a for a in offered[gap.skill.slug] if a.slug not in used]
            if not more:
                break
            taken.append(more[0])
            used.add(more[0].slug)
    return [(gap, taken[:MOST_TASKS]) for gap, taken in planned if taken]


def _and(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def build_plan(
    *,
    target: Occupation,
    current: Occupation | None,
    gaps: Sequence[Gap],
    today: date,
    hours_a_week: Decimal | None,
) -> QuickPlan:
    """The goal, a milestone per focus skill and its dated tasks: the three largest gaps
    (or, with fewer gaps, the most important skills), each built by the cheapest activities
    in the library, one after another at the member's weekly hours."""
    weekly = hours_a_week or DEFAULT_WEEKLY_HOURS
    focus = list(gaps[:FOCUS_SKILLS])
    planned = _activities_for(focus, target)
    flat = [activity for _, activities in planned for activity in activities]
    dates = iter(activity_dates(flat, start=today, hours_a_week=weekly))
    milestones = []
    for gap, activities in planned:
        tasks = tuple(
            DraftTask(
                activity,
                activity.name[:160],
                next(dates),
                task_effort(activity),
                task_notes(activity, f"Suggested for your gap in {gap.name.lower()}."),
            )
            for activity in activities
        )
        title = f"{gap.name} at {gap.label(gap.target).lower()} level ({gap.target} of 5)"
        milestones.append(DraftMilestone(None, title, tasks[-1].due_date, tasks))
    initial = career_change_initial(target, today)
    change = current is None or current.code != target.code
    names = [gap.name.lower() for gap in focus if gap.size] or [focus[0].name.lower()]
    last = milestones[-1].due_date if milestones else today
    return QuickPlan(
        kind=GoalKind.CHANGE if change else GoalKind.ADVANCEMENT,
        title=initial["title"] if change else f"Grow in my role as {target.title}"[:160],
        why=initial["why"],
        measure=(
            f"Reach my target level in {_and(names)} when I finish the skills assessment"
            + (f", and apply for 2 roles as {target.title}." if change else ".")
        ),
        start_date=today,
        target_date=max(date.fromisoformat(initial["target_date"]), last),
        milestones=tuple(milestones),
        weekly_hours=weekly,
        hours_assumed=not hours_a_week,
        focus=tuple(gap for gap, _ in planned),
    )


def interest_scores(answers: Mapping[str, int]) -> dict[str, float]:
    """The interests check's 1-5 answers on the 0-100 scale the fit ranking reads."""
    return {
        letter: (answers[letter] - 1) * 25.0 for letter in INTEREST_LETTERS if letter in answers
    }


def interest_questions() -> list[tuple[str, str, str]]:
    """(letter, name, what the work is) for each RIASEC area, in order."""
    return [(letter, INTEREST_NAMES[letter], INTEREST_WORK[letter]) for letter in INTEREST_LETTERS]


def fits_for(answers: Mapping[str, int], summary: ProfileSummary) -> list[Fit]:
    """The occupations that fit the interests check, with any values and skills results the
    member already has; none when the answers are all alike (they cannot tell jobs apart)."""
    member = FitInput(
        interests=interest_scores(answers),
        values={area.slug: area.score for area in summary.values},
        skills={skill.slug: skill.current for skill in summary.skills},
    )
    ranking = rank_fits(member, catalogue())
    if "interests" not in ranking.basis.parts:
        return []
    return list(ranking.fits[:FITS_SHOWN])


# Reads


@dataclass(frozen=True)
class Standing:
    """Where a member is in the quick start, read from their data."""

    quick_start: QuickStart | None
    direction: CareerDirection
    ratings: dict

    @property
    def target(self) -> Occupation | None:
        return self.direction.target_occupation

    @property
    def current(self) -> Occupation | None:
        return self.direction.current_occupation

    @property
    def skills(self) -> list[SkillToRate]:
        return skills_to_rate(self.target, self.current) if self.target else []

    @property
    def rated(self) -> bool:
        return bool(self.target) and is_rated(self.skills, self.ratings)

    @property
    def gaps(self) -> list[Gap]:
        return gaps_of(self.skills, self.ratings)

    @property
    def hours_a_week(self) -> Decimal | None:
        return self.quick_start.hours_a_week if self.quick_start else None

    @property
    def step(self) -> int:
        """The step to carry on with: the first one not yet done."""
        if not self.target:
            return 1
        if not self.rated:
            return 2
        return 4 if self.hours_a_week else 3

    @property
    def step_name(self) -> str:
        return dict(STEPS)[self.step]

    @property
    def url(self) -> str:
        """Where to carry on: the first step not yet done."""
        return reverse(STEP_URLS[self.step])

    @property
    def is_finished(self) -> bool:
        return bool(self.quick_start and self.quick_start.finished_at)

    def plan(self, today: date) -> QuickPlan:
        return build_plan(
            target=self.target,
            current=self.current,
            gaps=self.gaps,
            today=today,
            hours_a_week=self.hours_a_week,
        )


def standing(member: User) -> Standing:
    """Three queries: the quick start row, the direction and the ratings."""
    quick_start = QuickStart.objects.for_member(member).first()
    attempt_id = quick_start.attempt_id if quick_start else None
    return Standing(
        quick_start, CareerDirection.objects.of_member(member), attempt_ratings(attempt_id)
    )


def offered(
    member: User, *, has_goals: bool | None = None, direction: CareerDirection | None = None
) -> Standing | None:
    """The quick start as the dashboard offers it, until it is finished or put aside; a
    member who set goals before it existed is not offered it unless they began it. The
    dashboard passes what it has already read (goals, direction) to save the queries."""
    row = QuickStart.objects.for_member(member).first()
    if row is not None and row.is_settled:
        return None
    if has_goals is None:
        has_goals = Goal.objects.for_member(member).exists()
    if row is None and has_goals:
        return None
    direction = direction or CareerDirection.objects.of_member(member)
    return Standing(row, direction, attempt_ratings(row.attempt_id if row else None))


STEP_URLS = {
    1: "plans:quickstart",
    2: "plans:quickstart_skills",
    3: "plans:quickstart_gaps",
    4: "plans:quickstart_plan",
}


# Writes


def _row(member: User) -> QuickStart:
    row, _ = QuickStart.objects.select_for_update().get_or_create(member=member)
    return row


@transaction.atomic
def quick_start_update(*, member: User, **fields: object) -> QuickStart:
    """Keeps an answer of the quick start (interests, hours_a_week) on the server."""
    row = _row(member)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


@transaction.atomic
def quick_start_roles(
    *, member: User, current: Occupation | None, target: Occupation | None
) -> QuickStart:
    """The roles chosen become the member's direction; no target keeps the one held."""
    career_direction_set(member=member, role="current", occupation=current)
    if target is not None:
        career_direction_set(member=member, role="target", occupation=target)
    return _row(member)


@transaction.atomic
def quick_ratings_record(*, member: User, ratings: Mapping[str, tuple[int, int]]) -> QuickStart:
    """The quick ratings become answers in the member's open skills attempt."""
    attempt = quick_ratings_save(member=member, ratings=ratings)
    return quick_start_update(member=member, attempt=attempt)


@transaction.atomic
def quick_start_dismiss(*, member: User) -> QuickStart:
    row = _row(member)
    if row.dismissed_at is None:
        row.dismissed_at = timezone.now()
        row.save(update_fields=["dismissed_at", "updated_at"])
    return row


@transaction.atomic
def quick_start_finish(*, member: User, plan: QuickPlan, today: date) -> Goal:
    """Saves the (edited) plan as a goal with its milestones and dated tasks.

    Finishing twice (a second tab, a double click) returns the goal saved the first time.
    """
    row = _row(member)
    if row.finished_at and row.goal_id:
        return row.goal
    goal = goal_with_plan_create(
        member=member,
        plan=plan,
        today=today,
        reason="Goal set in the quick start, from your own skills ratings",
    )
    row.goal, row.finished_at = goal, timezone.now()
    row.save(update_fields=["goal", "finished_at", "updated_at"])
    return goal
