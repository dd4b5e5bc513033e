from assessments.summary import AreaScore, ProfileSummary, SkillRating


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
