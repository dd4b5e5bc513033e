"""What the occupation and fit pages say about an occupation for one member: pure helpers
over the catalogue and plain results, no database."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from assessments import scoring
from assessments.fit import VALUE_ORDER, Basis, Fit, FitInput, skill_name
from assessments.occupations import INTEREST_LETTERS, Occupation, instrument_areas
from careerdev.models import ordinal

# How long a career change usually takes to plan and make, by job zone: a rough guide
# for the pre-filled goal's target date, which the member is asked to check.
CHANGE_MONTHS = {1: 6, 2: 6, 3: 12, 4: 18, 5: 24}


def value_name(slug: str) -> str:
    area = instrument_areas("values").get(slug)
    return area.name if area else slug


def interest_code(scores: Mapping[str, float]) -> str:
    """The member's three strongest letters, ties in the order R, I, A, S, E, C."""
    # sorted() is stable, so equal scores keep the order R, I, A, S, E, C.
    return "".join(sorted(INTEREST_LETTERS, key=lambda letter: -scores.get(letter, 0.0))[:3])


@dataclass(frozen=True)
class Explained:
    """A fit in words: one sentence per part, and the bar's segments."""

    fit: Fit
    interests: str
    values: str
    skills: str

    @property
    def segments(self) -> list[tuple[str, float, str]]:
        """(part, points, sentence) for the parts used, for the bar and its legend."""
        words = {"interests": self.interests, "values": self.values, "skills": self.skills}
        return [(c.part, c.points, words[c.part]) for c in self.fit.contributions]

    @property
    def bar(self) -> list[tuple[str, float, float]]:
        """(part, start, width) of each part on a 0-100 bar, drawn one after another."""
        start, bar = 0.0, []
        for contribution in self.fit.contributions:
            bar.append((contribution.part, start, contribution.points))
            start += contribution.points
        return bar


def explain(fit: Fit, member: FitInput, basis: Basis) -> Explained:
    occupation = fit.occupation
    parts = {c.part: c for c in fit.contributions}
    interests = values = skills = ""
    if "interests" in parts:
        interests = (
            f"Interests {round(parts['interests'].score * 100)}% alike: its code "
            f"{occupation.interests} ({occupation.interests_in_words}) against your "
            f"{interest_code(member.interests)}."
        )
    if "values" in parts:
        rank_of = {r.slug: r.rank for r in scoring.ranked(member.values, VALUE_ORDER)}
        rewarded = ", ".join(
            f"{value_name(slug)} (your {ordinal(rank_of[slug])} of 6)"
            for slug in occupation.values
            if slug in rank_of
        )
        values = f"Values {round(parts['values'].score * 100)}% alike: it rewards {rewarded}."
    if "skills" in parts:
        short = fit.shortfalls
        known = [check for check in fit.skills if check.current is not None]
        if not short:
            skills = f"Skills: you meet all {len(known)} key skills at their typical level."
        else:
            gaps = ", ".join(f"{skill_name(c.slug)} by {c.short_by}" for c in short)
            skills = (
                f"Skills: you meet {len(known) - len(short)} of {len(known)} key skills; "
                f"short on {gaps}."
            )
    return Explained(fit, interests, values, skills)


def career_change_initial(occupation: Occupation, today: date) -> dict[str, str]:
    """The goal form's fields for a move into this occupation, as query-string values."""
    top = [skill_name(slug) for slug, _ in occupation.skills[:3]]
    zone = occupation.zone
    months = CHANGE_MONTHS[occupation.job_zone]
    return {
        "kind": "change",
        "title": f"Move into the work of {occupation.title}"[:160],
        "why": (
            f"I want to do the work of {occupation.title} ({occupation.code}). It draws on "
            f"{', '.join(top[:-1])} and {top[-1]}, and usually needs {zone.name.lower()}: "
            f"{zone.preparation}"
        ),
        "measure": (
            f"Hold 3 informational interviews with people who work as {occupation.title}, "
            "reach its typical level in my largest skills gap when I retake the skills "
            "assessment, and apply for 2 roles."
        ),
        "start_date": today.isoformat(),
        "target_date": (today + timedelta(days=round(months * 30.4))).isoformat(),
        "suggestion": f"occupation-{occupation.code}",
    }
