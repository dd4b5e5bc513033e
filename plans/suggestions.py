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

from dataclasses import dataclass
from datetime import date, timedelta

from assessments.occupations import INTEREST_NAMES, Occupation
from assessments.summary import AreaScore, ProfileSummary, SkillRating

LEADERSHIP_STRONG = 60.0

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
        return not self.known or bool(set(self.interest_code[:2]) & set(self.role_code))


def months_from(today: date, months: int) -> date:
    return today + timedelta(days=round(months * 30.4))


def interest_code_of(summary: ProfileSummary) -> str:
    if summary.interest_code:
        return summary.interest_code.upper()
    ranked = sorted(summary.interests, key=lambda area: (-area.score, area.name))
    return "".join(area.slug[:1].upper() for area in ranked[:3])


def role_fit(summary: ProfileSummary, current: Occupation | None) -> RoleFit:
    """Compares the member's interests with their current occupation's Holland code."""
    if current is None:
        return RoleFit(interest_code=interest_code_of(summary), role_code="")
    return RoleFit(interest_code_of(summary), current.interests, current.title)


def describe_code(code: str) -> str:
    return " and ".join(INTEREST_NAMES[letter] for letter in code if letter in INTEREST_NAMES)


def skill_suggestion(skill: SkillRating, today: date, role: str = "") -> GoalSuggestion:
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
        target_date=months_from(today, min(2 + skill.gap, 9)),
        source=f"Skills gap{f' for {role}' if role else ''}: "
        f"{skill.name} ({skill.current} of {skill.target})",
    )


def leadership_suggestion(area: AreaScore, target_role: str, today: date) -> GoalSuggestion:
    aim = target_role or "the next step up"
    return GoalSuggestion(
        key=f"leadership-{area.slug}",
        kind="advancement",
        title=f"Lead a stretch project that exercises my {area.name.lower()}",
        why=(
            f"{area.name} is among my weakest leadership areas ({area.score:.0f} of 100), "
            f"and it matters for moving up to {aim}."
        ),
        measure=(
            f"Lead one project end to end, ask 3 colleagues for feedback on my "
            f"{area.name.lower()}, and score at least {min(area.score + 20, 100):.0f} when I "
            "retake the leadership assessment."
        ),
        target_date=months_from(today, 6),
        source=f"Leadership: {area.name} ({area.score:.0f} of 100)",
    )


def change_suggestion(fit: RoleFit, values: list[AreaScore], today: date) -> GoalSuggestion:
    top = fit.interest_code[:2]
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
    )


def suggest_goals(
    summary: ProfileSummary,
    *,
    current: Occupation | None = None,
    target_role: str = "",
    today: date,
) -> list[GoalSuggestion]:
    """Suggestions in order: skills gaps, leadership areas, then a career change if it fits.

    `current` is the member's current occupation in the catalogue; `target_role` names the
    role they aim for. Skills gaps name the role they were measured against.
    """
    suggestions = [
        skill_suggestion(skill, today, summary.skills_role)
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
