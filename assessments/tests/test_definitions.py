"""The instrument files: what they must contain, and the checks that keep them sound."""

import copy

import pytest

from assessments.definitions import DefinitionError, load_definitions, parse_definition

DEFINITIONS = {definition.slug: definition for definition in load_definitions()}

MINIMAL = {
    "instrument": "values",
    "version": 1,
    "name": "Values",
    "model": "a model",
    "summary": "s",
    "about": "a",
    "scale": [[1, "No"], [2, "Maybe"], [3, "Yes"]],
    "order": "interleaved",
    "page_size": 3,
    "areas": [
        {"slug": "a", "name": "A", "description": "d", "items": ["a1", "a2", "a3"]},
        {
            "slug": "b",
            "name": "B",
            "description": "d",
            "items": ["b1", {"text": "b2", "reverse": True}],
        },
    ],
}


def test_the_five_instruments_are_on_disk_in_order():
    assert list(DEFINITIONS) == ["skills", "leadership", "interests", "values", "personality"]


def test_skills_has_thirty_skills_in_five_groups_each_rated_now_and_for_the_target_role():
    skills = DEFINITIONS["skills"]

    assert len(skills.areas) == 30
    assert len({area.group for area in skills.areas}) == 5
    assert all(len(area.anchors) == 5 for area in skills.areas)
    assert len(skills.items) == 60
    assert {item.facet for item in skills.items} == {"current", "target"}
    assert skills.items[0].text == "Reading comprehension: your level now"
    # One page per group.
    assert max(item.page for item in skills.items) == 5


@pytest.mark.parametrize(
    ("slug", "areas", "fewest", "most"),
    [
        ("leadership", 8, 3, 4),
        ("interests", 6, 8, 10),
        ("values", 6, 3, 4),
        ("personality", 5, 4, 10),
    ],
)
def test_each_questionnaire_has_its_areas_and_enough_statements(slug, areas, fewest, most):
    definition = DEFINITIONS[slug]
    per_area = [
        sum(1 for item in definition.items if item.area == area.slug) for area in definition.areas
    ]

    assert len(definition.areas) == areas
    assert all(fewest <= count <= most for count in per_area)


def test_every_big_five_trait_has_reverse_keyed_statements_and_readings():
    personality = DEFINITIONS["personality"]

    for area in personality.areas:
        assert any(i.reverse_keyed for i in personality.items if i.area == area.slug), area.slug
        assert dict(area.readings).keys() == {"low", "middle", "high"}


def test_the_six_riasec_areas_and_six_work_values_are_named_as_in_their_models():
    assert [a.slug for a in DEFINITIONS["interests"].areas] == [
        "realistic",
        "investigative",
        "artistic",
        "social",
        "enterprising",
        "conventional",
    ]
    assert [a.name for a in DEFINITIONS["values"].areas] == [
        "Achievement",
        "Independence",
        "Recognition",
        "Relationships",
        "Support",
        "Working conditions",
    ]


def test_interleaving_takes_one_statement_from_each_area_in_turn_and_pages_by_size():
    definition = parse_definition(MINIMAL)

    assert [item.slug for item in definition.items] == ["a-1", "b-1", "a-2", "b-2", "a-3"]
    assert [item.page for item in definition.items] == [1, 1, 1, 2, 2]
    assert [item.reverse_keyed for item in definition.items] == [False, False, False, True, False]


def test_the_digest_changes_whenever_the_content_does():
    edited = copy.deepcopy(MINIMAL)
    edited["areas"][0]["items"][0] = "a1, reworded"

    assert parse_definition(edited).digest != parse_definition(MINIMAL).digest


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw.update(scale=[[1, "No"], [3, "Yes"]]), "consecutive"),
        (lambda raw: raw["areas"][0].update(anchors=["only one"]), "one anchor per scale point"),
        (lambda raw: raw["areas"][1].update(slug="a"), "share a slug"),
        (lambda raw: raw["areas"][1].update(items=[]), "no questions"),
        (lambda raw: raw.update(instrument="astrology"), "unknown instrument"),
        (lambda raw: raw.pop("model"), "'model' is missing"),
    ],
)
def test_a_broken_definition_is_refused_with_a_message_saying_why(change, message):
    raw = copy.deepcopy(MINIMAL)
    change(raw)

    with pytest.raises(DefinitionError, match=message):
        parse_definition(raw, "values.v9.yaml")
