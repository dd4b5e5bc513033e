from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from assessments.occupations import Occupation
from assessments.summary import AreaScore, ProfileSummary, SkillRating
from plans.smart import smart_check
from plans.suggestions import role_fit, suggest_goals

TODAY = date(2026, 5, 13)
TAKEN = {"skills": datetime(2026, 5, 1)}


def occupation(title: str, interests: str, code: str = "43-3031.00") -> Occupation:
    """A catalogue occupation made by hand: only its title and Holland code matter here."""
    return Occupation(
        code=code,
        title=title,
        also_called=("a", "b", "c"),
        description="Hand-made for a test.",
        interests=interests,
        job_zone=3,
        values=("support",),
        skills=(("writing", 3),) * 5,
        major_group=code[:2],
        major_group_name="Test group",
    )


FINANCE_CLERKS = occupation("Bookkeeping, Accounting, and Auditing Clerks", "CE")
DATA_ANALYSTS = occupation("Data Scientists", "ICR", "15-2051.00")


def skill(slug: str, current: int, target: int) -> SkillRating:
    return SkillRating(
        slug=slug, name=slug.title(), group="technical", current=current, target=target
    )


def riasec(code: str) -> tuple[AreaScore, ...]:
    names = {"R": "realistic", "I": "investigative", "A": "artistic", "S": "social"}
    names |= {"E": "enterprising", "C": "conventional"}
    return tuple(
        AreaScore(names[letter], names[letter].title(), 90.0 - 10 * rank)
        for rank, letter in enumerate(code)
    )


def test_the_largest_skills_gaps_become_skills_goals_largest_first():
    summary = ProfileSummary(
        skills=(skill("sql", 2, 4), skill("python", 1, 4), skill("excel", 4, 4)),
        completed_at=TAKEN,
    )

    suggestions = suggest_goals(summary, today=TODAY)

    assert [(s.kind, s.key) for s in suggestions] == [
        ("skills", "skill-python"),
        ("skills", "skill-sql"),
    ]
    assert suggestions[0].title == "Raise my Python skills from level 1 to 4"
    # A larger gap gets more time: two months plus one per level.
    assert suggestions[0].target_date > suggestions[1].target_date


def test_weak_leadership_areas_become_advancement_goals_and_strong_ones_do_not():
    summary = ProfileSummary(
        leadership=(
            AreaScore("delegating", "Delegating", 35.0),
            AreaScore("coaching", "Coaching", 55.0),
            AreaScore("vision", "Vision", 80.0),
            AreaScore("feedback", "Feedback", 75.0),
            AreaScore("conflict", "Handling conflict", 70.0),
        ),
        completed_at=TAKEN,
    )

    suggestions = suggest_goals(summary, target_role="Team lead", today=TODAY)

    assert [s.key for s in suggestions] == ["leadership-delegating", "leadership-coaching"]
    assert all(s.kind == "advancement" for s in suggestions)
    assert "Team lead" in suggestions[0].why
    assert "score at least 55" in suggestions[0].measure


def test_a_strong_leadership_profile_suggests_no_advancement_goal():
    summary = ProfileSummary(
        leadership=(AreaScore("delegating", "Delegating", 75.0),), completed_at=TAKEN
    )

    assert suggest_goals(summary, today=TODAY) == []


def test_interests_that_share_nothing_with_the_current_role_suggest_exploring_a_change():
    summary = ProfileSummary(
        interests=riasec("ASI"),
        interest_code="ASI",
        values=(
            AreaScore("creativity", "Creativity", 90.0),
            AreaScore("security", "Security", 20.0),
        ),
        completed_at=TAKEN,
    )

    suggestions = suggest_goals(summary, current=FINANCE_CLERKS, today=TODAY)

    assert [s.kind for s in suggestions] == ["change"]
    change = suggestions[0]
    assert "Artistic and Social (AS)" in change.why
    assert "Bookkeeping, Accounting, and Auditing Clerks draws mostly on" in change.why
    assert "Conventional and Enterprising (CE)" in change.why
    assert "creativity" in change.why
    assert (
        change.title == "Explore a move into design or writing, or into teaching, coaching or care"
    )


def test_interests_sharing_a_letter_with_the_role_suggest_no_change():
    summary = ProfileSummary(interests=riasec("ICA"), interest_code="ICA", completed_at=TAKEN)

    assert suggest_goals(summary, current=DATA_ANALYSTS, today=TODAY) == []
    assert role_fit(summary, DATA_ANALYSTS).fits


def test_a_current_role_outside_the_catalogue_gets_no_change_suggestion():
    summary = ProfileSummary(interests=riasec("ASI"), interest_code="ASI", completed_at=TAKEN)

    fit = role_fit(summary, None)

    assert not fit.known
    assert fit.fits
    assert suggest_goals(summary, current=None, today=TODAY) == []


def test_the_interests_compared_are_the_two_highest_scored_areas():
    summary = ProfileSummary(interests=riasec("SEA"), completed_at=TAKEN)

    assert role_fit(summary, DATA_ANALYSTS).interest_code == "SE"


def test_the_role_code_is_the_current_occupations_holland_code():
    summary = ProfileSummary(interests=riasec("SEA"), interest_code="SEA", completed_at=TAKEN)

    fit = role_fit(summary, FINANCE_CLERKS)

    assert (fit.role_code, fit.role_title) == ("CE", FINANCE_CLERKS.title)
    assert fit.fits  # E is among the member's two strongest


def test_skills_gaps_name_the_target_role_they_were_measured_against():
    summary = ProfileSummary(
        skills=(skill("writing", 1, 4),), completed_at=TAKEN, skills_role="Technical Writers"
    )

    (suggestion,) = suggest_goals(summary, today=TODAY)

    assert "my target role, Technical Writers, needs 4" in suggestion.why
    assert suggestion.source == "Skills gap for Technical Writers: Writing (1 of 4)"


def test_without_a_target_role_a_skills_gap_reads_as_before():
    summary = ProfileSummary(skills=(skill("writing", 1, 4),), completed_at=TAKEN)

    (suggestion,) = suggest_goals(summary, today=TODAY)

    assert "where the role I want needs 4" in suggestion.why
    assert suggestion.source == "Skills gap: Writing (1 of 4)"


def test_an_empty_summary_suggests_nothing():
    assert suggest_goals(ProfileSummary(), current=DATA_ANALYSTS, today=TODAY) == []


def test_every_suggestion_passes_the_smart_check_as_written():
    summary = ProfileSummary(
        skills=(skill("public-speaking", 1, 5),),
        leadership=(
            AreaScore("conflict", "Handling conflict", 20.0),
            AreaScore("coaching", "Coaching", 70.0),
            AreaScore("vision", "Vision", 80.0),
        ),
        interests=riasec("RIA"),
        interest_code="RIA",
        completed_at=TAKEN,
    )

    suggestions = suggest_goals(summary, current=occupation("Sales Managers", "EC"), today=TODAY)

    assert [s.kind for s in suggestions] == ["skills", "advancement", "change"]
    for suggestion in suggestions:
        notes = smart_check(
            title=suggestion.title,
            why=suggestion.why,
            measure=suggestion.measure,
            start_date=TODAY,
            target_date=suggestion.target_date,
            today=TODAY,
        )
        assert notes == [], (suggestion.key, notes)


def test_a_suggestion_becomes_goal_form_fields():
    summary = ProfileSummary(skills=(skill("sql", 2, 4),), completed_at=TAKEN)

    initial = suggest_goals(summary, today=TODAY)[0].as_initial()

    assert initial["kind"] == "skills"
    assert initial["suggestion"] == "skill-sql"
    assert date.fromisoformat(initial["target_date"]) > TODAY


@pytest.mark.parametrize("code", [a + b for a in "RIASEC" for b in "RIASEC" if a != b])
def test_every_career_change_title_is_specific_enough_for_the_smart_check(code):
    summary = ProfileSummary(interests=riasec(code), interest_code=code, completed_at=TAKEN)
    # An occupation drawing on neither letter, so a change is always suggested.
    other = "".join(letter for letter in "RIASEC" if letter not in code)[:3]

    (change,) = suggest_goals(summary, current=occupation("Some Workers", other), today=TODAY)

    notes = smart_check(
        title=change.title,
        why=change.why,
        measure=change.measure,
        start_date=TODAY,
        target_date=change.target_date,
        today=TODAY,
    )
    assert notes == [], (code, change.title, notes)


def test_a_skills_goal_is_dated_from_the_members_weekly_hours_and_says_how():
    summary = ProfileSummary(skills=(skill("sql", 2, 4),), completed_at=TAKEN)

    (own_pace,) = suggest_goals(summary, weekly_hours=Decimal("10"), today=TODAY)
    (assumed,) = suggest_goals(summary, today=TODAY)

    # Two levels at 40 hours each: 8 weeks at 10 hours a week, 16 at the assumed 5.
    assert own_pace.target_date == TODAY + timedelta(weeks=8)
    assert assumed.target_date == TODAY + timedelta(weeks=16)
    assert "2 levels at the 10 hours a week in your schedule is about 8 weeks" in own_pace.date_rule
    assert "5 hours a week (add time blocks" in assumed.date_rule


def test_every_suggestion_explains_its_target_date():
    summary = ProfileSummary(
        skills=(skill("sql", 1, 4),),
        leadership=tuple(
            AreaScore(slug, slug.title(), score)
            for slug, score in (("a", 20.0), ("b", 80.0), ("c", 70.0), ("d", 90.0))
        ),
        interests=riasec("AS"),
        completed_at=TAKEN,
    )

    suggestions = suggest_goals(summary, current=FINANCE_CLERKS, today=TODAY)

    assert {s.kind for s in suggestions} == {"skills", "advancement", "change"}
    assert all(s.date_rule for s in suggestions)
