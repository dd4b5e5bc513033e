"""Ranking occupations for a member, on hand-worked cases over small hand-made catalogues."""

import statistics
import time

import pytest

from assessments.direction import explain
from assessments.fit import FitInput, rank_fits
from assessments.occupations import Catalogue, catalogue
from assessments.tests.factories import OccupationFactory

# A clear Social-Enterprising profile: S and E far above the rest.
SOCIAL_ENTERPRISING = {"R": 10, "I": 30, "A": 40, "S": 90, "E": 80, "C": 20}
# Within 15 points of each other: it cannot tell one kind of work from another.
FLAT = {"R": 50, "I": 52, "A": 55, "S": 48, "E": 51, "C": 60}
VALUES = {
    "achievement": 90,
    "independence": 70,
    "recognition": 50,
    "relationships": 30,
    "support": 20,
    "working-conditions": 10,
}
SKILLS = {
    "writing": 2,
    "speaking": 4,
    "programming": 1,
    "troubleshooting": 3,
    "science": 3,
    "active-listening": 3,
    "coordination": 3,
    "time-management": 3,
}


def titles(ranking) -> list[str]:
    return [fit.occupation.title for fit in ranking.fits]


def test_a_social_enterprising_profile_puts_se_work_first_and_realistic_work_last():
    occupations = Catalogue(
        [
            OccupationFactory(title="Mechanics", interests="RC"),
            OccupationFactory(title="Counsellors", interests="S"),
            OccupationFactory(title="Sales Managers", interests="ES"),
            OccupationFactory(title="Training Managers", interests="SE"),
        ]
    )

    ranking = rank_fits(FitInput(SOCIAL_ENTERPRISING, {}, {}), occupations)

    assert titles(ranking) == ["Training Managers", "Sales Managers", "Counsellors", "Mechanics"]
    # By hand for SE: the member's scores less their mean (45) are R -35, I -15, A -5, S 45,
    # E 35, C -25 (length sqrt 5350 = 73.14); SE weighs S 3 and E 2, less their mean 5/6:
    # -5/6 four times, 13/6, 7/6 (length sqrt 8.833 = 2.972). Their product sums to 205, so
    # the correlation is 205 / (73.14 * 2.972) = 0.943, and (1 + 0.943) / 2 = 97%.
    assert ranking.fits[0].match == 97
    assert [fit.match for fit in ranking.fits][1:] == [95, 84, 14]
    assert ranking.basis.parts == ["interests"]


def test_the_whole_profile_counts_not_only_the_first_letter():
    occupations = Catalogue(
        [
            OccupationFactory(title="Social and artistic", interests="SA"),
            OccupationFactory(title="Social and enterprising", interests="SE"),
        ]
    )

    ranking = rank_fits(FitInput(SOCIAL_ENTERPRISING, {}, {}), occupations)

    # Both start with S; the member's E (80) outweighs their A (40).
    assert titles(ranking) == ["Social and enterprising", "Social and artistic"]


def test_a_flat_interest_profile_is_left_out_and_the_ranking_rests_on_values_and_skills():
    occupations = Catalogue(
        [
            OccupationFactory(title="Rewards achievement", interests="R", values=("achievement",)),
            OccupationFactory(title="Rewards support", interests="S", values=("support",)),
        ]
    )
    member = FitInput(FLAT, VALUES, SKILLS)

    ranking = rank_fits(member, occupations)

    assert ranking.basis.interests == "flat"
    assert ranking.basis.parts == ["values", "skills"]
    assert ranking.basis.shares == {"values": 0.5, "skills": 0.5}
    assert titles(ranking) == ["Rewards achievement", "Rewards support"]
    assert all(fit.part("interests") is None for fit in ranking.fits)


def test_a_flat_interest_profile_alone_ranks_nothing():
    ranking = rank_fits(FitInput(FLAT, {}, {}), Catalogue([OccupationFactory()]))

    assert not ranking.basis.can_rank
    assert ranking.fits == ()
    assert ranking.basis.missing == ["values", "skills"]


def test_equal_matches_share_a_rank_and_the_next_rank_skips():
    same = {"interests": "SE", "values": ("achievement",)}
    occupations = Catalogue(
        [
            OccupationFactory(title="Beta Workers", **same),
            OccupationFactory(title="Alpha Workers", **same),
            OccupationFactory(title="Gamma Workers", interests="RC", values=("support",)),
        ]
    )

    ranking = rank_fits(FitInput(SOCIAL_ENTERPRISING, VALUES, {}), occupations)

    assert [(f.occupation.title, f.rank, f.tied) for f in ranking.fits] == [
        ("Alpha Workers", 1, True),
        ("Beta Workers", 1, True),
        ("Gamma Workers", 3, False),
    ]


def test_a_member_with_skills_results_only_is_ranked_on_skills_and_told_what_to_take():
    met = OccupationFactory(
        title="Within reach", skills=(("speaking", 4), ("science", 3), ("writing", 2))
    )
    short = OccupationFactory(
        title="A stretch",
        skills=(
            ("writing", 4),
            ("speaking", 4),
            ("programming", 3),
            ("troubleshooting", 2),
            ("science", 3),
        ),
    )
    member = FitInput({}, {}, SKILLS)

    ranking = rank_fits(member, Catalogue([short, met]))

    assert ranking.basis.missing == ["interests", "values"]
    assert ranking.basis.parts == ["skills"]
    assert titles(ranking) == ["Within reach", "A stretch"]
    assert ranking.fits[0].match == 100
    # Short: writing 2 (4 needed), programming 2 (3 needed): 4 levels, of the 3+3+2+1+2 = 11
    # the key skills ask above level 1, so 1 - 4/11 = 64%.
    stretch = ranking.fits[1]
    assert stretch.match == 64
    assert [(c.slug, c.short_by) for c in stretch.shortfalls] == [
        ("writing", 2),
        ("programming", 2),
    ]
    words = explain(stretch, member, ranking.basis)
    assert (
        words.skills
        == "Skills: you meet 3 of 5 key skills; short on Writing by 2, Programming by 2."
    )


def test_a_member_with_no_results_gets_no_ranking_and_nothing_invented():
    ranking = rank_fits(FitInput({}, {}, {}), Catalogue([OccupationFactory()]))

    assert ranking.fits == ()
    assert ranking.basis.missing == ["interests", "values", "skills"]


def test_the_parts_add_up_to_the_match_with_interests_weighing_most():
    occupation = OccupationFactory(interests="SE", values=("achievement", "independence"))
    member = FitInput(SOCIAL_ENTERPRISING, VALUES, SKILLS)

    (fit,) = rank_fits(member, Catalogue([occupation])).fits

    shares = {c.part: c.share for c in fit.contributions}
    assert shares == pytest.approx({"interests": 0.4, "values": 0.3, "skills": 0.3})
    assert sum(c.points for c in fit.contributions) == pytest.approx(fit.match, abs=0.5)
    words = explain(fit, member, rank_fits(member, Catalogue([occupation])).basis)
    assert words.interests.startswith("Interests 97% alike: its code SE")
    assert "against your SEA." in words.interests
    assert "Achievement (your 1st of 6), Independence (your 2nd of 6)" in words.values


def test_the_job_zone_filter_keeps_only_that_zone():
    occupations = Catalogue(
        [OccupationFactory(title="Zone two", job_zone=2), OccupationFactory(title="Zone four")]
    )

    ranking = rank_fits(FitInput(SOCIAL_ENTERPRISING, {}, {}), occupations, zone=2)

    assert titles(ranking) == ["Zone two"]


def test_ranking_the_whole_catalogue_is_quick():
    # A generous sanity bound (the budget is 50 ms; `manage.py bench_direction` measures it).
    everything = catalogue()
    member = FitInput(SOCIAL_ENTERPRISING, VALUES, SKILLS)
    rank_fits(member, everything)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        rank_fits(member, everything)
        times.append(time.perf_counter() - started)

    assert statistics.median(times) < 0.25
