import pytest
from django.db.models import Count, Max, Min

from assessments.demo import demo_attempts_create
from assessments.models import Answer, Attempt
from assessments.summary import profile_summary
from careerdev.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_demo_attempts_are_completed_fully_answered_and_on_the_scale():
    members = MemberFactory.create_batch(3)

    created = demo_attempts_create(members, seed=7)

    assert created == 15
    per_attempt = Attempt.objects.completed().annotate(n=Count("answers"))
    assert {(a.instrument.slug, a.n) for a in per_attempt} == {
        ("skills", 60),
        ("leadership", 32),
        ("interests", 48),
        ("values", 24),
        ("personality", 40),
    }
    assert Answer.objects.aggregate(low=Min("value"), high=Max("value")) == {"low": 1, "high": 5}
    assert not profile_summary(members[0]).is_empty


def test_demo_attempts_can_be_limited_to_some_instruments_and_vary_between_members():
    members = MemberFactory.create_batch(2)

    demo_attempts_create(members, instruments=["interests"], seed=1)

    codes = {profile_summary(member).interest_code for member in members}
    assert Attempt.objects.count() == 2
    assert all(len(code) == 3 for code in codes)
    skills = [profile_summary(member).skills for member in members]
    assert skills == [(), ()]


def test_the_same_seed_gives_the_same_answers():
    member = MemberFactory()

    demo_attempts_create([member], instruments=["values"], seed=3)
    demo_attempts_create([member], instruments=["values"], seed=3)

    first, second = Attempt.objects.order_by("pk")
    assert list(first.answers.order_by("item").values_list("value", flat=True)) == list(
        second.answers.order_by("item").values_list("value", flat=True)
    )
