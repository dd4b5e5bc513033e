"""The occupation files themselves: enough occupations, every SOC major group, well formed."""

import re

import pytest

from assessments.occupations import JOB_ZONES, catalogue, instrument_slugs, normalise

# The 22 non-military major groups of SOC 2018 that O*NET describes.
MAJOR_GROUPS = [f"{n}" for n in range(11, 54, 2)]
# The fields the catalogue must be dense in, as SOC code prefixes.
FIELDS = {
    "computing": ("15-12",),
    "design": ("27-10",),
    "media": ("27-30", "27-40"),
    "sales": ("41-", "11-2022", "11-2021"),
    "HR": ("11-3121", "11-3131", "13-1071", "13-1075", "13-1141", "13-1151"),
    "management": ("11-",),
}


def in_field(code: str, prefixes: tuple[str, ...]) -> bool:
    return code.startswith(prefixes)


def test_the_catalogue_holds_at_least_300_occupations():
    assert len(catalogue()) >= 300


def test_every_major_group_that_onet_uses_is_present():
    present = {occupation.major_group for occupation in catalogue()}

    assert len(MAJOR_GROUPS) == 22
    assert sorted(set(MAJOR_GROUPS) - present) == []


def test_at_least_40_occupations_in_computing_design_media_sales_hr_and_management():
    codes = [occupation.code for occupation in catalogue()]
    counts = {
        field: sum(in_field(code, prefixes) for code in codes) for field, prefixes in FIELDS.items()
    }
    everything = set().union(*FIELDS.values())

    assert sum(in_field(code, tuple(everything)) for code in codes) >= 40
    # Each field has neighbours for the examples people bring.
    assert all(count >= 3 for count in counts.values()), counts


def test_every_occupation_has_a_valid_code_job_zone_and_five_key_skills():
    skills = instrument_slugs("skills")
    problems = []
    for occupation in catalogue():
        if not re.fullmatch(r"\d\d-\d{4}\.\d\d", occupation.code):
            problems.append(f"{occupation.code}: code")
        if occupation.job_zone not in JOB_ZONES:
            problems.append(f"{occupation.code}: job zone {occupation.job_zone}")
        if len(occupation.skills) < 5 or not set(occupation.skill_levels) <= skills:
            problems.append(f"{occupation.code}: key skills")
        if not all(1 <= level <= 5 for _, level in occupation.skills):
            problems.append(f"{occupation.code}: skill levels")
        if len(occupation.also_called) < 3:
            problems.append(f"{occupation.code}: alternate titles")

    assert problems == []


def test_codes_are_unique_and_titles_are_unique():
    occupations = list(catalogue())

    assert len({o.code for o in occupations}) == len(occupations)
    assert len({normalise(o.title) for o in occupations}) == len(occupations)


@pytest.mark.parametrize(
    "typed",
    [
        "IT support technician",
        "helpdesk analyst",
        "help desk analyst",
        "Helpdesk",
        "support analyst",
    ],
)
def test_what_support_staff_type_finds_computer_user_support_specialists(typed):
    hits = catalogue().search(typed)

    assert hits[0].occupation.code == "15-1232.00"
    assert hits[0].occupation.title == "Computer User Support Specialists"


def test_whole_words_rank_before_words_that_only_begin_alike():
    # "product" begins "Production", but "Product manager" holds both words whole.
    hits = catalogue().search("product manager")

    assert hits[0].matched == "Product manager"
    assert hits[0].occupation.code == "11-2021.00"
    assert "Industrial Production Managers" in [hit.occupation.title for hit in hits]
