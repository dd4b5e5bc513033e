import copy
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from assessments import services
from assessments.definitions import DefinitionError, load_definitions, parse_definition
from assessments.models import Answer, Attempt, Instrument, InstrumentVersion, Item
from assessments.results import load_results
from assessments.summary import attempt_ratings, recommend
from assessments.tests.factories import AttemptFactory, completed_attempt
from assessments.tests.test_definitions import MINIMAL

pytestmark = pytest.mark.django_db


def test_migrate_has_loaded_every_instrument_version_on_disk():
    assert list(Instrument.objects.values_list("slug", flat=True)) == [
        "skills",
        "leadership",
        "interests",
        "values",
        "personality",
    ]
    assert Item.objects.filter(version__instrument__slug="skills").count() == 60


@pytest.mark.django_db(transaction=True)
def test_the_instruments_are_loaded_again_after_a_flush():
    # Transactional tests end with a flush; later tests still need the instruments.
    call_command("flush", interactive=False, verbosity=0)

    assert Instrument.objects.count() == 5
    # Personality has two versions (the second rewords its readings).
    assert Item.objects.count() == 60 + 32 + 48 + 24 + 40 + 40


def test_loading_again_changes_nothing():
    before = InstrumentVersion.objects.count(), Item.objects.count()

    assert services.instruments_sync(definitions=load_definitions()) == []
    assert (InstrumentVersion.objects.count(), Item.objects.count()) == before


def test_a_loaded_version_whose_file_changed_is_refused():
    values = next(d for d in load_definitions() if d.slug == "values")

    with pytest.raises(DefinitionError, match="save the edit as version 2"):
        services.instruments_sync(definitions=[replace(values, digest="edited")])


def values_v2():
    raw = copy.deepcopy(MINIMAL)
    raw.update(version=2, name="Work values (short)")
    return parse_definition(raw)


def test_a_new_version_is_taken_by_new_attempts_and_leaves_completed_ones_as_they_were(member):
    old = completed_attempt(member, "values", value=lambda item: 5 if item.position % 2 else 2)
    before = load_results([Attempt.objects.with_versions().get(pk=old.pk)])[old.pk]

    assert services.instruments_sync(definitions=[values_v2()]) == ["values v2"]
    new = services.attempt_start(member=member, instrument=Instrument.objects.get(slug="values"))

    assert new.version.number == 2
    assert Instrument.objects.get(slug="values").name == "Work values (short)"
    old = Attempt.objects.with_versions().get(pk=old.pk)
    assert old.version.number == 1
    assert load_results([old])[old.pk] == before
    assert new.version.items.count() == 5


def test_starting_returns_the_open_attempt_instead_of_a_second_one(member):
    values = Instrument.objects.get(slug="values")

    first = services.attempt_start(member=member, instrument=values)
    again = services.attempt_start(member=member, instrument=values)

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_saving_answers_twice_keeps_the_latest_value(open_attempt, page_one):
    item = page_one[0]

    services.answers_save(attempt=open_attempt, answers={item.pk: 2})
    services.answers_save(attempt=open_attempt, answers={item.pk: 5})

    assert list(open_attempt.answers.values_list("item_id", "value")) == [(item.pk, 5)]


def test_an_answer_off_the_scale_saves_nothing(open_attempt, page_one):
    with pytest.raises(services.AnswerRefused, match="not on the scale"):
        services.answers_save(attempt=open_attempt, answers={page_one[0].pk: 3, page_one[1].pk: 6})

    assert not Answer.objects.exists()


def test_an_answer_to_another_instruments_question_saves_nothing(open_attempt, page_one):
    foreign = Item.objects.filter(version__instrument__slug="personality").first()

    with pytest.raises(services.AnswerRefused, match="not part of this assessment"):
        services.answers_save(attempt=open_attempt, answers={page_one[0].pk: 3, foreign.pk: 3})

    assert not Answer.objects.exists()


def test_a_completed_attempt_refuses_new_answers(completed):
    item = completed.version.items.first()

    with pytest.raises(services.AttemptClosed):
        services.answers_save(attempt=completed, answers={item.pk: 1})

    assert completed.answers.get(item=item).value == 3


def test_submitting_with_questions_open_lists_them_in_order_and_keeps_the_answers(
    open_attempt, page_one
):
    services.answers_save(attempt=open_attempt, answers={item.pk: 4 for item in page_one})

    with pytest.raises(services.UnansweredItems) as raised:
        services.attempt_submit(attempt=open_attempt)

    assert [item.position for item in raised.value.items] == list(range(9, 25))
    assert open_attempt.answers.count() == 8
    open_attempt.refresh_from_db()
    assert open_attempt.completed_at is None


def test_submitting_a_fully_answered_attempt_completes_it(open_attempt):
    items = open_attempt.version.items.all()
    services.answers_save(attempt=open_attempt, answers={item.pk: 4 for item in items})

    services.attempt_submit(attempt=open_attempt)

    open_attempt.refresh_from_db()
    assert open_attempt.is_complete
    with pytest.raises(services.AttemptClosed):
        services.attempt_submit(attempt=open_attempt)


def test_resume_page_is_the_page_of_the_first_unanswered_question(open_attempt, page_one):
    assert open_attempt.resume_page() == 1

    services.answers_save(attempt=open_attempt, answers={item.pk: 4 for item in page_one})

    assert open_attempt.resume_page() == 2


def test_a_member_can_hold_only_one_open_attempt_per_instrument(member):
    AttemptFactory(member=member, slug="values")

    with pytest.raises(IntegrityError):
        AttemptFactory(member=member, slug="values")


# Quick ratings: a partial skills attempt


def test_quick_ratings_start_an_open_skills_attempt_holding_both_levels(member):
    attempt = services.quick_ratings_save(
        member=member, ratings={"writing": (2, 4), "troubleshooting": (3, 3)}
    )

    assert attempt.completed_at is None
    assert attempt_ratings(attempt.pk) == {"writing": (2, 4), "troubleshooting": (3, 3)}


def test_quick_ratings_continue_the_open_skills_attempt_and_keep_its_other_answers(member):
    first = services.quick_ratings_save(member=member, ratings={"writing": (2, 4)})
    again = services.quick_ratings_save(member=member, ratings={"speaking": (1, 3)})
    services.quick_ratings_save(member=member, ratings={"writing": (3, 4)})

    assert again.pk == first.pk
    assert attempt_ratings(first.pk) == {"writing": (3, 4), "speaking": (1, 3)}


@pytest.mark.parametrize(
    "ratings", [{"juggling": (2, 3)}, {"writing": (0, 3)}, {"writing": (2, 6)}]
)
def test_quick_ratings_of_an_unknown_skill_or_off_the_scale_save_nothing(member, ratings):
    with pytest.raises(services.AnswerRefused):
        services.quick_ratings_save(member=member, ratings={"speaking": (2, 3), **ratings})

    assert not Answer.objects.filter(attempt__member=member).exists()


def test_finishing_the_full_assessment_keeps_the_quick_ratings(member):
    attempt = services.quick_ratings_save(member=member, ratings={"writing": (2, 5)})
    answered = set(Answer.objects.filter(attempt=attempt).values_list("item_id", flat=True))
    rest = Item.objects.filter(version=attempt.version).exclude(pk__in=answered)
    services.answers_save(attempt=attempt, answers={item.pk: 3 for item in rest})
    services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk))

    skills = {area.slug: area for area in load_results([attempt])[attempt.pk].areas}
    assert (skills["writing"].current, skills["writing"].target) == (2, 5)


# What the dashboard recommends next


def test_an_open_skills_attempt_is_recommended_before_any_instrument_not_taken(member):
    AttemptFactory(member=member, slug="values")
    services.quick_ratings_save(member=member, ratings={"writing": (2, 4)})

    chosen = recommend(list(Instrument.objects.with_member_status(member)))

    assert chosen.slug == "skills"
    assert "2 of 60 questions are answered" in chosen.reason
    assert chosen.minutes == 20  # 58 ratings at about 20 seconds each


def test_without_interests_the_interests_instrument_is_recommended_with_its_time(member):
    completed_attempt(member, "skills")

    chosen = recommend(list(Instrument.objects.with_member_status(member)))

    assert chosen.slug == "interests"
    assert chosen.minutes == Instrument.objects.get(slug="interests").minutes
    assert chosen.reason.startswith("Take it: it ranks the occupations")


def test_nothing_is_recommended_once_every_instrument_is_done(member):
    for slug in ("skills", "leadership", "interests", "values", "personality"):
        completed_attempt(member, slug)

    assert recommend(list(Instrument.objects.with_member_status(member))) is None
