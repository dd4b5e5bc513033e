"""Scoring rules, each checked against a case worked out by hand."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import Key, Ranked, RawScore


def test_an_answer_counts_as_given_unless_reverse_keyed():
    assert scoring.keyed(4, low=1, high=5) == 4
    # 1 + 5 - 4 = 2: agreeing with a statement worded the other way lowers the score.
    assert scoring.keyed(4, low=1, high=5, reverse=True) == 2
    assert scoring.keyed(3, low=1, high=5, reverse=True) == 3


def test_an_answer_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside the scale"):
        scoring.keyed(6, low=1, high=5)


def test_raw_scores_sum_keyed_answers_per_area():
    keys = {
        "o1": Key("openness"),
        "o2": Key("openness", reverse=True),
        "o3": Key("openness"),
        "c1": Key("conscientiousness"),
        "c2": Key("conscientiousness", reverse=True),
    }
    answers = {"o1": 5, "o2": 2, "o3": 4, "c1": 2, "c2": 5}

    # openness: 5 + (6 - 2) + 4 = 13; conscientiousness: 2 + (6 - 5) = 3
    assert scoring.raw_scores(keys, answers, low=1, high=5) == {
        "openness": RawScore(13, 3),
        "conscientiousness": RawScore(3, 2),
    }


def test_unanswered_items_do_not_count():
    keys = {"a": Key("x"), "b": Key("x")}

    assert scoring.raw_scores(keys, {"a": 4}, low=1, high=5) == {"x": RawScore(4, 1)}


def test_normalising_places_the_raw_score_between_lowest_and_highest_possible():
    # Three items on 1-5: lowest sum 3, highest 15. 12 is 9 of the 12 points: 75.
    assert scoring.normalise(12, 3, 1, 5) == 75.0
    assert scoring.normalise(3, 3, 1, 5) == 0.0
    assert scoring.normalise(15, 3, 1, 5) == 100.0
    # Four items at 3 each: 12 - 4 = 8 of 16: exactly the middle.
    assert scoring.normalise(12, 4, 1, 5) == 50.0
    assert scoring.normalise(0, 0, 1, 5) == 0.0


@given(st.lists(st.integers(1, 5), min_size=1, max_size=12))
def test_a_normalised_score_always_lies_between_0_and_100(values):
    score = scoring.normalise(sum(values), len(values), 1, 5)

    assert 0 <= score <= 100


@given(st.integers(1, 5))
def test_reverse_keying_twice_gives_the_answer_back(value):
    once = scoring.keyed(value, low=1, high=5, reverse=True)

    assert scoring.keyed(once, low=1, high=5, reverse=True) == value


def test_ranking_puts_the_highest_first_and_ties_share_a_rank_in_defined_order():
    scores = {"support": 50.0, "achievement": 80.0, "recognition": 50.0, "independence": 20.0}

    assert scoring.ranked(scores, ["achievement", "independence", "recognition", "support"]) == [
        Ranked("achievement", 80.0, 1),
        Ranked("recognition", 50.0, 2),
        Ranked("support", 50.0, 2),
        Ranked("independence", 20.0, 4),
    ]


def test_ranking_without_an_order_keeps_the_mapping_order_for_ties():
    assert [r.slug for r in scoring.ranked({"b": 1.0, "a": 1.0})] == ["b", "a"]


def test_the_riasec_code_is_the_three_strongest_areas_strongest_first():
    scores = {
        "realistic": 10.0,
        "investigative": 55.0,
        "artistic": 70.0,
        "social": 90.0,
        "enterprising": 80.0,
        "conventional": 20.0,
    }

    assert scoring.riasec_code(scores) == "SEA"
    assert scoring.riasec_ties(scores) == ()


def test_riasec_ties_follow_the_order_r_i_a_s_e_c_and_are_reported():
    scores = {
        "realistic": 40.0,
        "investigative": 75.0,
        "artistic": 40.0,
        "social": 75.0,
        "enterprising": 40.0,
        "conventional": 10.0,
    }

    # I and S tie for first: I comes first in R-I-A-S-E-C. R, A and E tie for third: R wins.
    assert scoring.riasec_code(scores) == "ISR"
    assert scoring.riasec_ties(scores) == ("A", "E")


def test_a_skill_gap_is_target_minus_current():
    assert scoring.skill_gap(2, 4) == 2
    assert scoring.skill_gap(4, 4) == 0
    assert scoring.skill_gap(5, 3) == -2


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "low"), (39.9, "low"), (40, "middle"), (60, "middle"), (60.1, "high"), (100, "high")],
)
def test_bands_split_at_40_and_60(score, band):
    assert scoring.band(score) == band
