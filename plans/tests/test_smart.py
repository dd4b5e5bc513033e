from datetime import date, timedelta

from plans.smart import smart_check

TODAY = date(2026, 5, 13)
GOOD = {
    "title": "Pass the AWS Solutions Architect Associate exam",
    "why": "Cloud design is what my target role asks for most.",
    "measure": "Pass the exam with a score of 80% or more.",
    "start_date": TODAY,
    "target_date": TODAY + timedelta(days=120),
}


def check(**changes):
    return smart_check(**{**GOOD, **changes}, today=TODAY)


def letters(notes):
    return [(note.letter, note.field) for note in notes]


def test_a_specific_measurable_dated_goal_has_nothing_to_add():
    assert check() == []


def test_vague_words_in_the_title_are_named():
    notes = check(title="Get better at public speaking")

    assert letters(notes) == [("S", "title")]
    assert "“better”" in notes[0].message


def test_a_title_of_one_or_two_words_asks_for_more():
    assert letters(check(title="Python")) == [("S", "title")]


def test_an_empty_goal_lists_everything_missing_in_smart_order():
    notes = check(title="", why="", measure="", target_date=None)

    assert letters(notes) == [("S", "title"), ("M", "measure"), ("R", "why"), ("T", "target_date")]


def test_a_measure_without_a_number_or_a_result_is_flagged():
    assert letters(check(measure="I will feel confident")) == [("M", "measure")]
    assert check(measure="Publish my portfolio site") == []
    assert check(measure="Give 3 talks") == []


def test_a_target_date_in_the_past_is_pointed_out():
    notes = check(target_date=TODAY - timedelta(days=1))

    assert letters(notes) == [("T", "target_date")]
    assert "in the past" in notes[0].message


def test_far_away_and_very_near_dates_get_a_word():
    assert "three years" in check(target_date=TODAY + timedelta(days=4 * 365))[0].message
    assert letters(check(target_date=TODAY + timedelta(days=3))) == [("A", "target_date")]


def test_a_target_before_the_start_is_pointed_out():
    notes = check(start_date=TODAY + timedelta(days=30), target_date=TODAY + timedelta(days=10))

    assert "before the start date" in notes[0].message


def test_goals_too_broad_for_one_goal_are_named():
    assert "too broad" in check(title="Become an expert in everything cloud")[0].message
    assert "too broad" in check(title=" ".join(["word"] * 17))[0].message


def test_two_aims_joined_by_and_suggest_splitting():
    notes = check(title="Finish the data course and lead the quarterly planning meeting")

    assert letters(notes) == [("S", "title")]
    assert "“and”" in notes[0].message
