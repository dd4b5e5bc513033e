from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.summary import AreaScore, ProfileSummary, SkillRating, profile_summary
from assessments.tests.factories import AttemptFactory, completed_attempt


def skill(slug: str, current: int, target: int) -> SkillRating:
    return SkillRating(
        slug=slug, name=slug.title(), group="thinking", current=current, target=target
    )


def test_largest_skill_gaps_leave_out_skills_already_at_target_and_break_ties_by_name():
    summary = ProfileSummary(
        skills=(
            skill("writing", 2, 4),
            skill("coding", 1, 3),
            skill("speaking", 4, 4),
            skill("budgeting", 1, 5),
            skill("negotiating", 5, 3),
        ),
    )

    assert [s.slug for s in summary.largest_skill_gaps(3)] == ["budgeting", "coding", "writing"]


def test_weakest_leadership_and_top_values_order_by_score():
    summary = ProfileSummary(
        leadership=(
            AreaScore("coaching", "Coaching", 30.0),
            AreaScore("delegating", "Delegating", 80.0),
            AreaScore("conflict", "Handling conflict", 20.0),
            AreaScore("direction", "Setting direction", 75.0),
            AreaScore("change", "Leading change", 60.0),
        ),
        values=(
            AreaScore("support", "Support", 40.0),
            AreaScore("achievement", "Achievement", 90.0),
        ),
    )

    assert [a.slug for a in summary.weakest_leadership(2)] == ["conflict", "coaching"]
    assert [a.slug for a in summary.top_values(1)] == ["achievement"]


def test_an_empty_summary_says_so():
    assert ProfileSummary().is_empty


@pytest.mark.django_db
def test_the_summary_holds_the_latest_completed_result_of_each_instrument(member, other_member):
    earlier = timezone.now() - timedelta(days=30)
    completed_attempt(member, "values", value=lambda item: 5, when=earlier)
    completed_attempt(member, "values", value=lambda item: 5 if item.area.slug == "support" else 1)
    completed_attempt(member, "skills", value=lambda item: 2 if item.facet == "current" else 4)
    AttemptFactory(member=member, slug="personality")
    completed_attempt(other_member, "interests")

    summary = profile_summary(member)

    assert set(summary.completed_at) == {"values", "skills"}
    assert [area.slug for area in summary.top_values(1)] == ["support"]
    assert summary.top_values(1)[0].score == 100.0
    assert len(summary.skills) == 30
    assert summary.largest_skill_gaps(1)[0].gap == 2
    assert summary.interests == ()
    assert summary.personality == ()
    assert summary.interest_code == ""


@pytest.mark.django_db
def test_the_summary_carries_the_interest_code_and_a_reading_of_each_trait(member):
    completed_attempt(
        member,
        "interests",
        value=lambda item: {"investigative": 5, "artistic": 4, "realistic": 3}.get(
            item.area.slug, 1
        ),
    )
    # Agreeing with every forward statement; the reverse-worded ones answered per trait.
    reverse_answer = {"openness": 1, "emotional-stability": 4}
    completed_attempt(
        member,
        "personality",
        value=lambda item: reverse_answer.get(item.area.slug, 2) if item.reverse_keyed else 4,
    )

    summary = profile_summary(member)

    assert summary.interest_code == "IAR"
    assert [area.slug for area in summary.leading_interests()] == [
        "investigative",
        "artistic",
        "realistic",
    ]
    # Openness: 5 x 4 + 3 x 5 = 35 of 8..40 scores 84, high; emotional stability
    # (4 x 4 + 4 x 2 = 24) scores 50, middle.
    readings = {area.slug: area.reading for area in summary.personality}
    assert readings["openness"].startswith("You describe yourself as curious and imaginative")
    assert readings["emotional-stability"].startswith(
        "You describe yourself as handling everyday pressure well"
    )


@pytest.mark.django_db
def test_a_member_with_nothing_completed_has_an_empty_summary(member):
    AttemptFactory(member=member, slug="values")

    assert profile_summary(member).is_empty
