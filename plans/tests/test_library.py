"""The activity library and career paths as data: look-ups, ordering and a member's standing."""

import pytest
import yaml

from assessments.definitions import DefinitionError
from assessments.occupations import Catalogue
from plans.library import load_library, months_label
from plans.tests.library_factories import (
    A_PLUS,
    HOME_LAB,
    SUPPORT_PATH,
    TICKET_NOTES,
    WRITER_PATH,
    WRITING_CIRCLE,
    WRITING_COURSE,
    WRITING_MENTOR,
    WRITING_WORKSHOP,
    occupation,
    small_library,
)


@pytest.mark.parametrize(
    ("low", "high", "label"),
    [
        (12, 36, "1 to 3 years"),
        (6, 18, "6 to 18 months"),
        (12, 12, "about 1 year"),
        (3, 3, "about 3 months"),
        (24, 30, "24 to 30 months"),
    ],
)
def test_a_typical_time_reads_in_years_when_it_is_whole_years(low, high, label):
    assert months_label(low, high) == label


def test_a_path_s_time_counts_every_stage_but_the_last():
    # Stages of 12-36 and 24-48 months lead to the last one; its own 24-60 does not count.
    assert SUPPORT_PATH.months_label == "3 to 7 years"
    assert SUPPORT_PATH.stages[0].typical_months == 24
    assert SUPPORT_PATH.stages[2].typical_months == 42


def test_activities_for_a_skill_come_cheapest_first_then_those_built_mainly_for_it():
    found = small_library().activities_for(skill="writing")

    assert [a.slug for a in found] == [
        WRITING_CIRCLE.slug,  # free, main skill writing, 8 h
        WRITING_MENTOR.slug,  # free, main skill writing, 24 h
        TICKET_NOTES.slug,  # free, but writing is not its main skill
        WRITING_COURSE.slug,  # low
        WRITING_WORKSHOP.slug,  # high
    ]


def test_a_skills_gap_is_offered_three_ways_at_most():
    assert [a.slug for a in small_library().cheapest_for("writing")] == [
        WRITING_CIRCLE.slug,
        WRITING_MENTOR.slug,
        TICKET_NOTES.slug,
    ]
    assert small_library().cheapest_for("negotiation") == []


def test_activities_filter_by_type_and_cost_together():
    books = small_library()

    assert [a.slug for a in books.activities_for(formal=True, cost="high")] == [
        WRITING_WORKSHOP.slug,
        A_PLUS.slug,
        "network-degree",
    ]
    assert [a.slug for a in books.activities_for(skill="troubleshooting", formal=False)] == [
        TICKET_NOTES.slug,  # free
        HOME_LAB.slug,  # low
    ]


def test_paths_filter_by_field_and_find_the_activities_they_suggest():
    books = small_library()

    assert books.paths_in("creative") == [WRITER_PATH]
    assert books.paths_in("") == [WRITER_PATH, SUPPORT_PATH]  # by name
    assert books.paths_suggesting(TICKET_NOTES.slug) == [SUPPORT_PATH]
    assert books.paths_through("15-1244.00") == [SUPPORT_PATH]


def test_a_stage_counts_the_skills_a_member_meets_and_how_far_the_others_fall_short():
    first = SUPPORT_PATH.stages[0]  # troubleshooting 4, writing 3, systems analysis 3

    standing = first.standing({"troubleshooting": 4, "writing": 1, "systems-analysis": 2})

    assert standing.met == 1
    assert [(s.slug, s.gap) for s in standing.short] == [("writing", 2), ("systems-analysis", 1)]
    assert not standing.is_ready
    assert first.standing({"troubleshooting": 5, "writing": 3, "systems-analysis": 4}).is_ready


def test_a_skill_the_member_has_not_rated_is_neither_met_nor_short():
    standing = SUPPORT_PATH.stages[0].standing({"troubleshooting": 4})

    assert standing.met == 1
    assert standing.short == []
    assert [s.slug for s in standing.unrated] == ["writing", "systems-analysis"]


def write(tmp_path, activities, paths):
    (tmp_path / "activities.yaml").write_text(yaml.safe_dump({"activities": activities}))
    (tmp_path / "paths.yaml").write_text(yaml.safe_dump({"paths": paths}))


ACTIVITY = {
    "slug": "lab",
    "name": "Lab",
    "kind": "side-project",
    "cost": "free",
    "hours": 10,
    "skills": ["troubleshooting"],
    "description": "Build a lab.",
}


def path_with(occupation_code: str, months: list[int]) -> dict:
    stage = {
        "name": "Stage",
        "occupation": occupation_code,
        "months": months,
        "summary": "A stage.",
        "skills": {"troubleshooting": 3},
        "activities": ["lab"],
    }
    return {
        "slug": "p",
        "name": "P",
        "field": "technical",
        "goal_kind": "advancement",
        "summary": "A path.",
        "stages": [stage, stage],
    }


def test_the_loader_reads_a_well_formed_library(tmp_path):
    write(tmp_path, [ACTIVITY], [path_with("15-1232.00", [6, 12])])

    books = load_library(tmp_path, Catalogue([occupation()]))

    assert books.path("p").stages[1].activities[0].slug == "lab"


def test_the_loader_refuses_a_path_through_an_occupation_the_catalogue_lacks(tmp_path):
    write(tmp_path, [ACTIVITY], [path_with("99-9999.00", [6, 12])])

    with pytest.raises(DefinitionError, match=r"occupation 99-9999.00 is not listed"):
        load_library(tmp_path, Catalogue([occupation()]))


def test_the_loader_refuses_a_stage_whose_time_runs_backwards(tmp_path):
    write(tmp_path, [ACTIVITY], [path_with("15-1232.00", [12, 6])])

    with pytest.raises(DefinitionError, match="months is"):
        load_library(tmp_path, Catalogue([occupation()]))


def test_the_loader_refuses_an_activity_building_an_unknown_skill(tmp_path):
    write(tmp_path, [{**ACTIVITY, "skills": ["juggling"]}], [])

    with pytest.raises(DefinitionError, match="skills must name"):
        load_library(tmp_path, Catalogue([occupation()]))
