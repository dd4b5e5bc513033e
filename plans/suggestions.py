"""Goal suggestions drawn from a member's assessment results. No database, no request.

A suggestion is only a pre-filled goal form: the member edits it, then decides to save it.

- The largest skills gaps (target level above current level) suggest skills-development goals.
- The weakest leadership areas (scored under LEADERSHIP_STRONG) suggest advancement goals.
- A career change is suggested when the member's two strongest interests (their RIASEC code)
  share no letter with the interests a small table links to words in their current role's
  title. The table is a rough guide, not a verdict: a role it does not recognise gets no
  career-change suggestion, and the page says so.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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

RIASEC_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
RIASEC_WORK = {
    "R": "hands-on technical work",
    "I": "research or analysis",
    "A": "design or writing",
    "S": "teaching, coaching or care",
    "E": "leading or selling",
    "C": "organising data or money",
}
# Words in a role's title and the interests (RIASEC letters) that work mostly draws on.
ROLE_INTERESTS = {
    "accountant": "CE",
    "admin": "CE",
    "analyst": "IC",
    "architect": "AI",
    "artist": "AR",
    "assistant": "CS",
    "bookkeeper": "CE",
    "carpenter": "RA",
    "chef": "RA",
    "clerk": "CE",
    "consultant": "EI",
    "counsellor": "SA",
    "customer": "SE",
    "data": "IC",
    "designer": "AE",
    "developer": "IR",
    "director": "ES",
    "doctor": "IS",
    "editor": "AC",
    "electrician": "RC",
    "engineer": "RI",
    "finance": "CE",
    "founder": "EA",
    "lawyer": "EI",
    "manager": "EC",
    "marketing": "EA",
    "mechanic": "RI",
    "nurse": "SI",
    "operations": "CE",
    "product": "EI",
    "programmer": "IC",
    "recruiter": "ES",
    "researcher": "IA",
    "sales": "EC",
    "scientist": "IR",
    "support": "SC",
    "teacher": "SA",
    "technician": "RC",
    "therapist": "SI",
    "trainer": "SE",
    "writer": "AI",
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
    """How the member's interests compare with what their current role draws on."""

    interest_code: str
    role_code: str

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


def role_code_of(role: str) -> str:
    """RIASEC letters the words of a role's title point to, first match first."""
    letters: list[str] = []
    for word in role.lower().replace("-", " ").replace("/", " ").split():
        for letter in ROLE_INTERESTS.get(word.strip(",.()"), ""):
            if letter not in letters:
                letters.append(letter)
    return "".join(letters[:3])


def role_fit(summary: ProfileSummary, current_role: str) -> RoleFit:
    return RoleFit(interest_code=interest_code_of(summary), role_code=role_code_of(current_role))


def describe_code(code: str) -> str:
    return " and ".join(RIASEC_NAMES[letter] for letter in code if letter in RIASEC_NAMES)


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
    skill: SkillRating, today: date, weekly_hours: Decimal | None = None
) -> GoalSuggestion:
    return GoalSuggestion(
        key=f"skill-{skill.slug}",
        kind="skills",
        title=f"Raise my {skill.name} skills from level {skill.current} to {skill.target}",
        why=(
            f"My skills assessment rates my {skill.name} at {skill.current} where the role I "
            f"want needs {skill.target}: one of my largest gaps."
        ),
        measure=(
            f"Rate {skill.name} at {skill.target} or above when I retake the skills assessment, "
            "and finish one piece of work that shows it."
        ),
        target_date=today + timedelta(weeks=weeks_for_gap(skill.gap, weekly_hours)),
        source=f"Skills gap: {skill.name} ({skill.current} of {skill.target})",
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


def change_suggestion(
    fit: RoleFit, current_role: str, values: list[AreaScore], today: date
) -> GoalSuggestion:
    top = fit.interest_code
    fields = ", or into ".join(RIASEC_WORK[letter] for letter in top if letter in RIASEC_WORK)
    valued = ", ".join(value.name.lower() for value in values)
    why = (
        f"My strongest interests are {describe_code(top)} ({top}), while work as "
        f"{current_role} draws mostly on {describe_code(fit.role_code)} ({fit.role_code})."
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
    current_role: str = "",
    target_role: str = "",
    weekly_hours: Decimal | None = None,
    today: date,
) -> list[GoalSuggestion]:
    """Suggestions in order: skills gaps, leadership areas, then a career change if it fits.

    Skills goals are dated from the member's weekly hours when their schedule has any.
    """
    suggestions = [
        skill_suggestion(skill, today, weekly_hours) for skill in summary.largest_skill_gaps(3)
    ]
    suggestions += [
        leadership_suggestion(area, target_role, today)
        for area in summary.weakest_leadership(2)
        if area.score < LEADERSHIP_STRONG
    ]
    fit = role_fit(summary, current_role)
    if not fit.fits:
        suggestions.append(change_suggestion(fit, current_role, summary.top_values(3), today))
    return suggestions
