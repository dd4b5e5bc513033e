from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentoring.matching import Mentor, Seeker, fit, hours_overlap, rank, skills_fit, words


def mentor(id: int, **overrides) -> Mentor:
    values = {
        "id": id,
        "name": f"Mentor {id}",
        "expertise": frozenset({"writing"}),
        "fields": frozenset({"fintech"}),
        "role_words": frozenset({"product", "manager"}),
        "years": 10,
        "utc_offset": 0.0,
        "capacity": 3,
        "mentees": 0,
        "available": True,
    }
    return Mentor(**(values | overrides))


def seeker(id: int = 1000, **overrides) -> Seeker:
    values = {
        "id": id,
        "gap_skills": ("writing", "negotiation"),
        "fields": frozenset({"fintech"}),
        "target_role_words": frozenset({"product", "manager"}),
        "utc_offset": 0.0,
        "skill_names": {"writing": "Writing", "negotiation": "Negotiation"},
    }
    return Seeker(**(values | overrides))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(0, 0, 1.0), (0, 3, 6 / 9), (1, -8, 0.0), (12, -11, 8 / 9), (5.5, 1, 4.5 / 9)],
)
def test_hours_overlap_is_the_shared_share_of_a_nine_hour_day(a, b, expected):
    assert hours_overlap(a, b) == pytest.approx(expected)


def test_the_largest_gap_counts_most_in_the_skills_fit():
    # Weights 3, 2, 1 for the three gaps; covering the first and third gives 4 of 6.
    share, matched = skills_fit(("a", "b", "c"), frozenset({"a", "c", "z"}))

    assert share == pytest.approx(4 / 6)
    assert matched == ("a", "c")


def test_fit_adds_up_the_weighted_parts_as_worked_by_hand():
    member = seeker(
        gap_skills=("a", "b"),
        fields=frozenset({"fintech"}),
        target_role_words=frozenset({"product", "manager"}),
    )
    candidate = mentor(
        1,
        expertise=frozenset({"a"}),
        fields=frozenset({"fintech", "health"}),
        role_words=frozenset({"product", "director"}),
        utc_offset=2.0,
        capacity=4,
        mentees=1,
    )
    # skills 2/3 * .45 + fields 1 * .2 + role 1/2 * .15 + hours 7/9 * .1 + room 3/4 * .1
    assert fit(member, candidate) == pytest.approx(0.7278, abs=1e-4)


def test_unavailable_full_and_self_mentors_are_never_suggested():
    member = seeker(id=7)
    mentors = [
        mentor(1, available=False),
        mentor(2, capacity=2, mentees=2),
        mentor(7),
        mentor(3, expertise=frozenset()),
    ]

    assert [s.mentor.id for s in rank(member, mentors)] == [3]


def test_the_reasons_name_the_matched_skills_and_fields():
    (suggestion,) = rank(seeker(), [mentor(1, expertise=frozenset({"negotiation"}))])

    assert suggestion.matched_skills == ("negotiation",)
    assert "Experienced in Negotiation" in suggestion.reasons
    assert "Works in fintech" in suggestion.reasons
    assert "3 of 3 places free" in suggestion.reasons


def test_a_clearly_better_mentor_comes_first_for_everyone():
    strong = mentor(1, expertise=frozenset({"writing", "negotiation"}))
    weak = mentor(2, expertise=frozenset(), fields=frozenset())

    for member_id in range(50):
        assert rank(seeker(id=1000 + member_id), [weak, strong])[0].mentor.id == 1


def test_among_near_equal_fits_the_mentor_with_more_room_comes_first():
    busy = mentor(1, capacity=5, mentees=3)
    roomy = mentor(2, capacity=5, mentees=0)

    assert [s.mentor.id for s in rank(seeker(), [busy, roomy])] == [2, 1]


def test_equally_fitting_mentors_share_the_first_place_across_members():
    mentors = [mentor(i) for i in range(1, 5)]

    firsts = Counter(rank(seeker(id=1000 + n), mentors)[0].mentor.id for n in range(400))

    assert set(firsts) == {1, 2, 3, 4}
    assert min(firsts.values()) >= 60, firsts


def test_words_drop_filler_and_case():
    assert words("Senior Product Manager, Fintech") == {"product", "manager", "fintech"}


mentors_strategy = st.lists(
    st.builds(
        Mentor,
        id=st.integers(1, 10_000),
        name=st.just("m"),
        expertise=st.frozensets(st.sampled_from("abcdef"), max_size=4),
        fields=st.frozensets(st.sampled_from(["x", "y", "z"]), max_size=2),
        role_words=st.frozensets(st.sampled_from(["lead", "data", "design"]), max_size=2),
        years=st.integers(0, 40),
        utc_offset=st.floats(-12, 14),
        capacity=st.integers(0, 6),
        mentees=st.integers(0, 6),
        available=st.booleans(),
    ),
    max_size=30,
)


@given(mentors_strategy, st.integers(1, 8))
def test_rankings_hold_only_mentors_with_room_and_fits_between_0_and_1(mentors, limit):
    suggestions = rank(
        seeker(gap_skills=("a", "b", "c"), fields=frozenset({"x"})), mentors, limit=limit
    )

    assert len(suggestions) <= limit
    for suggestion in suggestions:
        assert suggestion.mentor.available
        assert suggestion.mentor.free_places > 0
        assert 0 <= suggestion.score <= 1
