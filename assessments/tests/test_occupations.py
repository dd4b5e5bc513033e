"""The catalogue's look-ups and search on small hand-made catalogues, and the file checks."""

import pytest

from assessments.definitions import DefinitionError
from assessments.occupations import Catalogue, load_catalogue
from assessments.tests.factories import OccupationFactory

SUPPORT = OccupationFactory(
    code="15-1232.00",
    title="Computer User Support Specialists",
    also_called=("IT support technician", "Helpdesk analyst", "Desktop support technician"),
    interests="CRI",
    job_zone=3,
)
NETWORK = OccupationFactory(
    code="15-1241.00",
    title="Computer Network Architects",
    also_called=("Network architect", "Network designer", "Help desk lead"),
    interests="IRC",
    job_zone=4,
)
ART = OccupationFactory(
    code="27-1011.00",
    title="Art Directors",
    also_called=("Creative director", "Design lead", "Head of art"),
    interests="AE",
    job_zone=4,
)
DEPARTMENT = OccupationFactory(
    code="11-1021.00",
    title="General and Operations Managers",
    also_called=("Department head", "Operations director", "Site manager"),
    interests="EC",
    job_zone=4,
)
SMALL = Catalogue([SUPPORT, NETWORK, ART, DEPARTMENT])


def found(text: str, **filters) -> list[str]:
    return [hit.occupation.title for hit in SMALL.search(text, **filters)]


def test_an_alternate_title_finds_its_occupation_and_says_which_name_matched():
    (hit,) = SMALL.search("IT support technician")

    assert hit.occupation is SUPPORT
    assert hit.matched == "IT support technician"
    assert hit.matched_other_title


def test_words_match_where_a_word_begins_not_inside_one():
    assert found("art") == ["Art Directors"]  # not "Department head"
    assert found("archit") == ["Computer Network Architects"]


def test_help_desk_and_helpdesk_find_each_other():
    assert found("help desk") == [
        "Computer Network Architects",
        "Computer User Support Specialists",
    ]
    assert found("helpdesk") == ["Computer User Support Specialists", "Computer Network Architects"]


def test_the_name_typed_exactly_comes_first_then_titles_before_other_names():
    assert found("network architect") == ["Computer Network Architects"]
    assert found("computer") == ["Computer Network Architects", "Computer User Support Specialists"]
    # A title holding the word ranks above an occupation found only by another name.
    assert found("director") == ["Art Directors", "General and Operations Managers"]


def test_search_ignores_case_accents_and_punctuation():
    assert found("  HELPDESK,  ANALYST! ") == ["Computer User Support Specialists"]
    assert found("Désktop") == ["Computer User Support Specialists"]


def test_filters_narrow_the_search_by_job_zone_and_first_interest():
    assert found("computer", zone=3) == ["Computer User Support Specialists"]
    assert found("computer", interest="I") == ["Computer Network Architects"]
    assert found("computer", interest="R") == []  # R is not the first letter of either code


def test_when_no_name_holds_every_word_the_names_holding_most_come_back_as_partial():
    # "Network architect" holds two of the three words; "Site manager" only one.
    hits = SMALL.search("network architect manager")

    assert [(hit.occupation.title, hit.partial) for hit in hits] == [
        ("Computer Network Architects", True)
    ]
    assert not SMALL.search("network architect")[0].partial
    assert SMALL.search("zzz qqq") == []


def test_an_empty_or_punctuation_only_search_finds_nothing():
    assert SMALL.search("") == []
    assert SMALL.search("  !!! ") == []


def test_a_very_long_search_is_cut_short_and_answers():
    assert SMALL.search("support " * 2000) == SMALL.search("support " * 12)


def test_a_name_names_one_occupation_only_when_it_is_unique():
    twin = OccupationFactory(code="15-1299.00", also_called=("Design lead", "b", "c"))
    catalogue = Catalogue([SUPPORT, ART, twin])

    assert catalogue.named("helpdesk ANALYST") is SUPPORT
    assert catalogue.named("Computer user support specialists") is SUPPORT
    assert catalogue.named("Design lead") is None  # two occupations use it
    assert catalogue.named("Astronaut") is None


def test_filtered_browses_by_zone_and_interest_in_code_order():
    assert [o.code for o in SMALL.filtered(zone=4)] == ["11-1021.00", "15-1241.00", "27-1011.00"]
    assert [o.code for o in SMALL.filtered(interest="C")] == ["15-1232.00"]


def test_an_interest_code_reads_in_words():
    assert SUPPORT.interests_in_words == "Conventional, Realistic and Investigative"
    assert ART.interests_in_words == "Artistic and Enterprising"


GOOD = """
major_group: "15"
name: Computer and Mathematical Occupations
occupations:
  - code: "15-1232.00"
    title: Computer User Support Specialists
    also_called: [IT support technician, Helpdesk analyst, Service desk analyst]
    description: Helps people get their computers working again.
    interests: CRI
    job_zone: 3
    values: [support]
    skills: {troubleshooting: 4, active-listening: 4, speaking: 3, writing: 3, coordination: 2}
"""


def write(tmp_path, text: str, name: str = "15-computer.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_file_loads(tmp_path):
    catalogue = load_catalogue([write(tmp_path, GOOD)])

    assert catalogue.get("15-1232.00").skill_levels["troubleshooting"] == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("15-1232.00", "16-1232.00"), "the code must look like 15-1234.00"),
        (("job_zone: 3", "job_zone: 6"), "job_zone must be 1 to 5"),
        (("troubleshooting: 4", "juggling: 4"), "unknown skills ['juggling']"),
        (("coordination: 2", "coordination: 7"), "skill levels are whole numbers from 1 to 5"),
        ((", coordination: 2}", "}"), "at least five key skills"),
        (("interests: CRI", "interests: CRX"), "interests are one to three RIASEC letters"),
        (("values: [support]", "values: [money]"), "values are one to three"),
    ],
)
def test_a_broken_file_is_refused_with_a_message_naming_it(tmp_path, change, message):
    broken = GOOD.replace(*change)

    with pytest.raises(DefinitionError, match=r"15-computer\.yaml") as error:
        load_catalogue([write(tmp_path, broken)])

    assert message in str(error.value)


def test_a_code_defined_twice_is_refused(tmp_path):
    with pytest.raises(DefinitionError, match=r"defined twice: 15-1232\.00"):
        load_catalogue([write(tmp_path, GOOD), write(tmp_path, GOOD, "15-again.yaml")])


def test_the_minor_group_is_the_socs():
    # SOC 2018: 15-1200 Computer Occupations, 27-1000 Art and Design Workers.
    assert SUPPORT.minor_group == NETWORK.minor_group == "15-1"
    assert ART.minor_group == "27-1"
