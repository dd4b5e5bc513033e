"""Results a person can trust: flat profiles, ties, acquiescent answers, compare, next steps.

Each test takes the case a person could hit and checks what the pages and the goal
suggestions say about it.
"""

from datetime import date

import pytest
from django.urls import reverse

from assessments.models import Attempt
from assessments.occupations import catalogue
from assessments.results import compare, load_results
from assessments.summary import profile_summary
from assessments.tests.factories import completed_attempt
from plans.suggestions import suggest_goals

pytestmark = pytest.mark.django_db
TODAY = date(2026, 5, 13)


def result_of(attempt):
    attempt = Attempt.objects.with_versions().get(pk=attempt.pk)
    return load_results([attempt])[attempt.pk]


def interests(member, liking: dict[str, int], default: int = 1) -> Attempt:
    return completed_attempt(
        member, "interests", value=lambda item: liking.get(item.area.slug, default)
    )


def test_answering_every_interest_item_the_same_gives_no_code_and_no_career_change(
    member_client, member
):
    member.current_role = "Sales manager"
    member.save(update_fields=["current_role"])
    attempt = interests(member, {}, default=4)

    result = result_of(attempt)
    page = member_client.get(reverse("assessments:attempt_detail", args=[attempt.pk]))
    summary = profile_summary(member)

    assert result.flat
    assert "No clear interest code" in page.content.decode()
    assert '<p class="code">' not in page.content.decode()
    assert summary.leading_interests() == []
    # All six tie: shown as a tie, not as "RIA".
    assert "Realistic, Investigative, Artistic, Social, Enterprising and Conventional are tied" in (
        page.content.decode()
    )
    sales_managers = catalogue().get("11-2022.00")
    assert [s.kind for s in suggest_goals(summary, current=sales_managers, today=TODAY)] == []


def test_a_nearly_flat_interest_profile_is_flat_too(member):
    # Social a little ahead: half its eight statements "like" (4), everything else "not sure"
    # (3), so it leads by 12.5 points, four answer steps.
    seen = []

    def value(item):
        if item.area.slug == "social":
            seen.append(item)
            return 4 if len(seen) % 2 else 3
        return 3

    result = result_of(completed_attempt(member, "interests", value=value))

    assert result.flat
    assert result.strengths() == []


def test_ties_at_any_position_are_shown(member_client, member):
    attempt = interests(
        member, {"investigative": 5, "social": 3, "enterprising": 3, "conventional": 3}
    )

    content = member_client.get(
        reverse("assessments:attempt_detail", args=[attempt.pk])
    ).content.decode()

    assert "Social, Enterprising and Conventional are tied" in content
    # Realistic and artistic tie at the bottom, and say so too.
    assert "Realistic and Artistic are tied" in content


def test_the_top_two_interests_include_every_area_tied_with_the_second(member):
    interests(member, {"investigative": 5, "social": 4, "enterprising": 4})

    summary = profile_summary(member)

    assert summary.top_interest_letters(2) == "ISE"


def test_a_career_change_never_rests_on_the_order_tied_letters_are_listed_in(member):
    # Social, enterprising and realistic tie for first. A table-order cut would compare
    # only R and S with a technician's RC and find an overlap, or drop E by order alone.
    interests(member, {"social": 5, "enterprising": 5, "realistic": 5})
    summary = profile_summary(member)

    # Electricians (R first) share R with the tied leaders, so nothing suggests leaving.
    electricians = catalogue().get("47-2111.00")
    assert "R" in electricians.interests
    assert suggest_goals(summary, current=electricians, today=TODAY) == []
    # A role that shares none of the three does get the suggestion, naming all three.
    writers = next(o for o in catalogue() if not set(o.interests) & set("RSE"))
    (change,) = suggest_goals(summary, current=writers, today=TODAY)
    assert "Realistic and Social and Enterprising" in change.why


def test_agreeing_strongly_with_everything_does_not_read_as_four_high_traits(member_client, member):
    attempt = completed_attempt(member, "personality", value=lambda item: 5)

    result = result_of(attempt)
    content = member_client.get(
        reverse("assessments:attempt_detail", args=[attempt.pk])
    ).content.decode()

    assert result.undifferentiated
    assert [area.band for area in result.areas] == [""] * 5
    assert "Your answers did not separate the traits" in content
    assert "describe yourself as high" not in content
    assert profile_summary(member).personality_undifferentiated


def test_disagreeing_strongly_with_everything_does_not_read_as_four_low_traits(member):
    result = result_of(completed_attempt(member, "personality", value=lambda item: 1))

    assert result.undifferentiated
    assert "low" not in [area.band for area in result.areas]


def test_personality_readings_say_how_you_describe_yourself(member_client, member):
    attempt = completed_attempt(
        member, "personality", value=lambda item: 2 if item.reverse_keyed else 4
    )

    content = member_client.get(
        reverse("assessments:attempt_detail", args=[attempt.pk])
    ).content.decode()

    assert "You describe yourself as curious and imaginative" in content
    assert "You are " not in content


def test_flat_values_say_so_and_name_nothing_as_mattering_least(member_client, member):
    attempt = completed_attempt(member, "values", value=lambda item: 4)

    content = member_client.get(
        reverse("assessments:attempt_detail", args=[attempt.pk])
    ).content.decode()

    assert "Your values carry about equal weight" in content
    assert "What matters least" not in content
    assert profile_summary(member).top_values() == []


def test_a_value_tied_with_the_middle_is_not_what_matters_least(member):
    # Achievement high; five values share the middle and the bottom.
    importance = {"achievement": 5, "support": 3, "recognition": 3, "independence": 3}
    result = result_of(
        completed_attempt(member, "values", value=lambda item: importance.get(item.area.slug, 3))
    )

    assert result.to_develop() == []

    importance["working-conditions"] = 1
    result = result_of(
        completed_attempt(member, "values", value=lambda item: importance.get(item.area.slug, 3))
    )
    assert [area.slug for area in result.to_develop()] == ["working-conditions"]


def test_the_summary_never_lists_a_competency_as_both_strength_and_area_to_develop(member):
    # Two competencies clearly high, the other six tied at the bottom.
    often = {"coaching-others": 5, "delegating": 5}
    completed_attempt(member, "leadership", value=lambda item: often.get(item.area.slug, 2))

    summary = profile_summary(member)
    strong = {area.slug for area in summary.strongest_leadership()}
    weak = {area.slug for area in summary.weakest_leadership()}

    assert strong == {"coaching-others", "delegating"}
    assert not strong & weak


def test_ties_break_the_same_way_on_the_results_the_summary_and_the_suggestions(member):
    # Setting direction, decision-making and delegating tie at the bottom.
    often = {"setting-direction": 1, "decision-making": 1, "delegating": 1}
    attempt = completed_attempt(
        member, "leadership", value=lambda item: often.get(item.area.slug, 4)
    )

    result = result_of(attempt)
    summary = profile_summary(member)
    suggestions = suggest_goals(summary, target_role="Team lead", today=TODAY)

    in_results = [area.slug for area in result.to_develop(2)]
    in_summary = [area.slug for area in summary.weakest_leadership(3)]
    suggested = [s.key.removeprefix("leadership-") for s in suggestions]
    assert in_results == in_summary == ["setting-direction", "decision-making", "delegating"]
    assert suggested == in_summary[:2]


def test_scores_round_the_same_way_in_results_and_suggestions(member_client, member):
    # Coaching: 2 of 4 items at 4, 2 at 1 on 1..5: (10 - 4) / 16 = 37.5, which reads 38.
    answers = {}

    def value(item):
        if item.area.slug != "coaching-others":
            return 5
        answers[item.pk] = 4 if len(answers) % 2 == 0 else 1
        return answers[item.pk]

    attempt = completed_attempt(member, "leadership", value=value)
    coaching = next(a for a in result_of(attempt).areas if a.slug == "coaching-others")
    suggestions = suggest_goals(profile_summary(member), today=TODAY)
    page = member_client.get(reverse("assessments:attempt_detail", args=[attempt.pk]))

    assert coaching.score == pytest.approx(37.5)
    assert "(38 of 100)" in suggestions[0].why
    assert "<td>38</td>" in page.content.decode()


def test_a_change_within_one_answer_step_is_about_the_same(member):
    first = result_of(completed_attempt(member, "values", value=lambda item: 3))
    # One answer on one achievement statement moves up a point.
    moved = {}

    def one_more(item):
        if item.area.slug == "achievement" and not moved:
            moved[item.pk] = True
            return 4
        return 3

    second = result_of(completed_attempt(member, "values", value=one_more))

    change = {c.slug: c for c in compare(first, second)}["achievement"]

    assert change.delta == pytest.approx(100 / 16)
    assert change.direction == "same"


def test_a_changed_target_level_counts_as_a_change(member_client, member):
    first = completed_attempt(
        member, "skills", value=lambda item: 2 if item.facet == "current" else 3
    )
    second = completed_attempt(
        member, "skills", value=lambda item: 2 if item.facet == "current" else 4
    )

    changes = compare(result_of(first), result_of(second))
    page = member_client.get(
        reverse("assessments:compare", args=["skills"]),
        {"first": first.pk, "second": second.pk},
    )

    assert {change.direction for change in changes} == {"retargeted"}
    assert "target 3 → 4" in page.content.decode()
    assert "Nothing moved" not in page.content.decode()


def test_the_skills_next_step_is_the_level_above_the_members_not_the_target(member_client, member):
    def rating(item):
        if item.area.slug == "programming":
            return 1 if item.facet == "current" else 5
        return 3

    attempt = completed_attempt(member, "skills", value=rating)
    programming = next(a for a in result_of(attempt).areas if a.slug == "programming")
    content = member_client.get(
        reverse("assessments:attempt_detail", args=[attempt.pk])
    ).content.decode()

    assert programming.next_level == 2
    assert programming.next_anchor == programming.anchors[1]
    assert f"Next step, level 2: {programming.anchors[1].lower()}" in content
    assert (
        programming.anchors[4].lower()
        not in content.split("largest skills gaps")[1].split("</article>")[0]
    )


@pytest.mark.parametrize("slug", ["skills", "leadership", "interests", "values", "personality"])
def test_every_instrument_says_where_its_questions_come_from_with_a_notes_page(member_client, slug):
    instrument_page = member_client.get(reverse("assessments:instrument", args=[slug]))
    notes = member_client.get(reverse("assessments:sources", args=[slug]))

    assert reverse("assessments:sources", args=[slug]) in instrument_page.content.decode()
    assert notes.status_code == 200
    assert "Sources and licences" in notes.content.decode()
    for page in (instrument_page, notes):
        assert "questions are our own" not in page.content.decode()


def test_the_personality_notes_name_the_ipip_and_list_the_adapted_statements(member_client):
    content = member_client.get(reverse("assessments:sources", args=["personality"])).content

    assert b"International Personality Item Pool" in content
    assert b"public domain" in content
    assert b"<li>I pay attention to details.</li>" in content


def test_the_interest_notes_say_the_items_follow_the_interest_profilers_style(member_client):
    content = member_client.get(reverse("assessments:sources", args=["interests"])).content

    assert b"O*NET Interest Profiler" in content
    assert b"not taken from it" in content


def test_no_page_of_the_self_assessment_claims_every_question_as_our_own(member_client):
    content = member_client.get(reverse("assessments:overview")).content.decode()

    assert "questions are our own" not in content


def test_an_unknown_instruments_notes_are_not_found(member_client):
    assert member_client.get("/assessments/astrology/sources/").status_code == 404


def test_the_skills_instrument_gives_an_honest_time_for_sixty_ratings(member_client):
    content = member_client.get(reverse("assessments:instrument", args=["skills"])).content

    # Sixty ratings at about twenty seconds each, as each rating reads five level examples.
    assert b"60 questions \xc2\xb7 about 20 minutes" in content
