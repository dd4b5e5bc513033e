"""Goal suggestions drawn from a member's assessment results. No database, no request.

A suggestion is only a pre-filled goal form: the member edits it, then decides to save it.

- The largest skills gaps (target level above current level) suggest skills-development goals.
- The weakest leadership areas (scored under LEADERSHIP_STRONG) suggest advancement goals.
- A career change is suggested when the member's two strongest interests (their RIASEC code)
  share no letter with the interest code of their current occupation in the catalogue. A
  current role that is not a catalogue occupation gets no career-change suggestion, and the
  page says so.
- When the member aims for a catalogue occupation, the suggestions name it.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from assessments.occupations import INTEREST_NAMES, Occupation
from assessments.results import whole
from assessments.summary import AreaScore, ProfileSummary, SkillRating
from plans.schedule import format_hours

LEADERSHIP_STRONG = 60.0
# Our estimate of the practice it takes to move up one level on the skills scale, and the
# weekly time we assume when a member has not put any in their schedule: together about two
# months per level.
HOURS_PER_LEVEL = 40
ASSUMED_WEEKLY_HOURS = Decimal(5)
MAX_WEEKS = 104

RIASEC_WORK = {
    "R": "hands-on technical work",
    "I": "research or analysis",
    "A": "design or writing",
    "S": "teaching, coaching or care",
    "E": "leading or selling",
    "C": "organising data or money",
}


@dataclass(frozen=True)
class GoalSuggestion:
    """A pre-filled goal and the result it comes from."""

    key: str
    kind: str
    title: str
    why: str
    measure: str
    target_date: date
    source: str
    date_rule: str = ""  # how the target date was worked out, in words

    def as_initial(self) -> dict[str, str]:
        """The goal form's fields, as strings fit for a query string."""
        return {
            "kind": self.kind,
            "title": self.title,
            "why": self.why,
            "measure": self.measure,
            "target_date": self.target_date.isoformat(),
            "suggestion": self.key,
        }


@dataclass(frozen=True)
class RoleFit:
    """How the member's interests compare with what their current occupation draws on."""

    interest_code: str
    role_code: str
    role_title: str = ""

    @property
    def known(self) -> bool:
        return bool(self.interest_code) and bool(self.role_code)

    @property
    def fits(self) -> bool:
        return not self.known or bool(set(self.interest_code) & set(self.role_code))


def months_from(today: date, months: int) -> date:
    return today + timedelta(days=round(months * 30.4))


def interest_code_of(summary: ProfileSummary) -> str:
    """The letters of the member's two strongest interests, with any tied with the second.

    Empty when the profile is flat: a change is never suggested on an undifferentiated
    profile or on the order tied letters happen to be listed in.
    """
    return summary.top_interest_letters(2)


def role_fit(summary: ProfileSummary, current: Occupation | None) -> RoleFit:
    """Compares the member's interests with their current occupation's Holland code."""
    if current is None:
        return RoleFit(interest_code=interest_code_of(summary), role_code="")
    return RoleFit(interest_code_of(summary), current.interests, current.title)


def describe_code(code: str) -> str:
    return " and ".join(INTEREST_NAMES[letter] for letter in code if letter in INTEREST_NAMES)


def weeks_for_gap(gap: int, weekly_hours: Decimal | None) -> int:
    """Weeks to close a gap of that many levels at the given hours a week."""
    hours = weekly_hours if weekly_hours and weekly_hours > 0 else ASSUMED_WEEKLY_HOURS
    return min(MAX_WEEKS, max(4, math.ceil(gap * HOURS_PER_LEVEL / hours)))


def gap_date_rule(gap: int, weekly_hours: Decimal | None) -> str:
    weeks = weeks_for_gap(gap, weekly_hours)
    levels = f"{gap} level{'' if gap == 1 else 's'}"
    if weekly_hours and weekly_hours > 0:
        pace = f"the {format_hours(weekly_hours)} hours a week in your schedule"
    else:
        pace = (
            f"{ASSUMED_WEEKLY_HOURS} hours a week (add time blocks to your schedule to use "
            "your own)"
        )
    return (
        f"About {HOURS_PER_LEVEL} hours of practice per level (our estimate): {levels} at "
        f"{pace} is about {weeks} weeks."
    )


def skill_suggestion(
    skill: SkillRating, today: date, role: str = "", weekly_hours: Decimal | None = None
) -> GoalSuggestion:
    wanted = f"my target role, {role}," if role else "the role I want"
    return GoalSuggestion(
        key=f"skill-{skill.slug}",
        kind="skills",
        title=f"Raise my {skill.name} skills from level {skill.current} to {skill.target}",
        why=(
            f"My skills assessment rates my {skill.name} at {skill.current} where {wanted} "
            f"needs {skill.target}: one of my largest gaps."
        ),
        measure=(
            f"Rate {skill.name} at {skill.target} or above when I retake the skills assessment, "
            "and finish one piece of work that shows it."
        ),
        target_date=today + timedelta(weeks=weeks_for_gap(skill.gap, weekly_hours)),
        source=f"Skills gap{f' for {role}' if role else ''}: "
        f"{skill.name} ({skill.current} of {skill.target})",
        date_rule=gap_date_rule(skill.gap, weekly_hours),
    )


def leadership_suggestion(area: AreaScore, target_role: str, today: date) -> GoalSuggestion:
    aim = target_role or "the next step up"
    return GoalSuggestion(
        key=f"leadership-{area.slug}",
        kind="advancement",
        title=f"Lead a stretch project that exercises my {area.name.lower()}",
        why=(
            f"{area.name} is among my weakest leadership areas ({whole(area.score)} of 100), "
            f"and it matters for moving up to {aim}."
        ),
        measure=(
            f"Lead one project end to end, ask 3 colleagues for feedback on my "
            f"{area.name.lower()}, and score at least {min(whole(area.score) + 20, 100)} when I "
            "retake the leadership assessment."
        ),
        target_date=months_from(today, 6),
        source=f"Leadership: {area.name} ({whole(area.score)} of 100)",
        date_rule="Six months: time to lead one project from start to finish and gather feedback.",
    )


def change_suggestion(fit: RoleFit, values: list[AreaScore], today: date) -> GoalSuggestion:
    top = fit.interest_code
    fields = ", or into ".join(RIASEC_WORK[letter] for letter in top if letter in RIASEC_WORK)
    valued = ", ".join(value.name.lower() for value in values)
    why = (
        f"My strongest interests are {describe_code(top)} ({top}), while work as "
        f"{fit.role_title} draws mostly on {describe_code(fit.role_code)} ({fit.role_code})."
    )
    if valued:
        why += f" I want work that honours what I value most: {valued}."
    return GoalSuggestion(
        key="career-change",
        kind="change",
        title=f"Explore a move into {fields}",
        why=why,
        measure=(
            "Talk to 3 people who do this work, shadow or try one small project, and decide "
            "whether to plan a move."
        ),
        target_date=months_from(today, 3),
        source=f"Interests {top} and role {fit.role_code} do not overlap",
        date_rule="Three months: enough for three conversations and one small trial.",
    )


def suggest_goals(
    summary: ProfileSummary,
    *,
    current: Occupation | None = None,
    target_role: str = "",
    weekly_hours: Decimal | None = None,
    today: date,
) -> list[GoalSuggestion]:
    """Suggestions in order: skills gaps, leadership areas, then a career change if it fits.

    `current` is the member's current occupation in the catalogue; `target_role` names the
    role they aim for. Skills gaps name the role they were measured against, and are dated
    from the member's weekly hours when their schedule has any.
    """
    suggestions = [
        skill_suggestion(skill, today, summary.skills_role, weekly_hours)
        for skill in summary.largest_skill_gaps(3)
    ]
    suggestions += [
        leadership_suggestion(area, target_role, today)
        for area in summary.weakest_leadership(2)
        if area.score < LEADERSHIP_STRONG
    ]
    fit = role_fit(summary, current)
    if not fit.fits:
        suggestions.append(change_suggestion(fit, summary.top_values(3), today))
    return suggestions
