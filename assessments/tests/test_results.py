"""Results computed from stored answers, checked against hand-worked figures."""

import pytest

from assessments.models import Attempt
from assessments.results import compare, load_results
from assessments.tests.factories import completed_attempt

pytestmark = pytest.mark.django_db


def result_of(attempt):
    attempt = Attempt.objects.with_versions().get(pk=attempt.pk)
    return load_results([attempt])[attempt.pk]


def test_personality_scores_count_reverse_keyed_statements_the_other_way(member):
    # "Agree" (4) to every forward statement and "disagree" (2) to every reverse one.
    result = result_of(
        completed_attempt(member, "personality", value=lambda item: 2 if item.reverse_keyed else 4)
    )
    by_slug = {area.slug: area for area in result.areas}

    # Openness: 5 forward x 4 + 3 reverse x (6 - 2) = 32 of 8..40: (32 - 8) / 32 = 75.
    assert by_slug["openness"].raw == 32
    assert by_slug["openness"].score == pytest.approx(75.0)
    assert by_slug["openness"].band == "high"
    assert by_slug["openness"].reading.startswith("You describe yourself as curious")


def test_skills_results_give_gaps_strengths_and_the_words_for_each_level(member):
    def rating(item):
        if item.area.slug == "programming":
            return 1 if item.facet == "current" else 4
        return 5 if item.area.slug == "writing" else 3

    result = result_of(completed_attempt(member, "skills", value=rating))
    by_slug = {area.slug: area for area in result.areas}

    assert by_slug["programming"].gap == 3
    assert [area.slug for area in result.largest_gaps()] == ["programming"]
    assert result.strengths(1)[0].slug == "writing"
    assert by_slug["programming"].current_anchor.startswith("Has not written code")
    assert [group for group, _ in result.groups] == [
        "Communication",
        "Thinking",
        "Working with people",
        "Technical and digital",
        "Management",
    ]


def test_interest_results_give_the_three_letter_code(member):
    liking = {"social": 5, "enterprising": 4, "artistic": 4, "investigative": 2}

    result = result_of(
        completed_attempt(member, "interests", value=lambda item: liking.get(item.area.slug, 1))
    )

    # A and E tie at 75: A comes first in R-I-A-S-E-C.
    assert result.code == "SAE"
    assert [area.slug for area in result.leading_interests] == [
        "social",
        "artistic",
        "enterprising",
    ]


def test_values_are_ranked_with_ties_sharing_a_rank(member):
    importance = {"achievement": 5, "support": 4, "independence": 4}

    result = result_of(
        completed_attempt(member, "values", value=lambda item: importance.get(item.area.slug, 2))
    )

    assert [(area.slug, area.rank) for area in result.ranked[:4]] == [
        ("achievement", 1),
        ("independence", 2),
        ("support", 2),
        ("recognition", 4),
    ]


def test_comparing_two_attempts_says_what_rose_and_what_fell(member):
    first = result_of(completed_attempt(member, "values", value=lambda item: 3))
    second = result_of(
        completed_attempt(
            member,
            "values",
            value=lambda item: {"achievement": 5, "support": 1}.get(item.area.slug, 3),
        )
    )

    changes = {change.slug: change for change in compare(first, second)}

    assert changes["achievement"].direction == "rose"
    assert changes["achievement"].delta == pytest.approx(50.0)
    assert changes["support"].direction == "fell"
    assert changes["support"].amount == "50"
    assert changes["recognition"].direction == "same"


def test_comparing_skills_counts_the_change_in_levels(member):
    first = result_of(completed_attempt(member, "skills", value=lambda item: 2))
    second = result_of(completed_attempt(member, "skills", value=lambda item: 4))

    change = compare(first, second)[0]

    assert (change.direction, change.amount) == ("rose", "2 levels")


def test_conclusions_include_every_area_tied_at_the_cut_off(member):
    often = {"coaching-others": 5, "delegating": 4, "communicating": 4, "leading-change": 1}

    result = result_of(
        completed_attempt(member, "leadership", value=lambda item: often.get(item.area.slug, 3))
    )

    # Coaching first; delegating and communicating tie for second, so three strengths in all.
    assert [area.slug for area in result.strengths(2)] == [
        "coaching-others",
        "delegating",
        "communicating",
    ]
    # Leading change is lowest. The four areas at 3 tie for second lowest, but they are also
    # the middle of the profile (the median), so they are not singled out to develop.
    assert [area.slug for area in result.to_develop(2)] == ["leading-change"]


def test_even_scores_name_neither_strengths_nor_areas_to_develop(member):
    result = result_of(completed_attempt(member, "leadership", value=lambda item: 3))

    assert result.flat
    assert result.strengths() == []
    assert result.to_develop() == []
