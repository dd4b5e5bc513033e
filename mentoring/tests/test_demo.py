import random

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from assessments.models import CareerDirection
from careerdev.demo import demo_accounts_ensure
from mentoring.demo import DEMO_MENTORS, demo_mentoring_ensure, mentors_create
from mentoring.finder import candidates, suggest_mentors
from mentoring.matching import Relation
from mentoring.models import Comment, FeedbackRequest, MentorProfile, Mentorship
from mentoring.occupations import titles
from plans.seed import seed_demo_assessments, seed_demo_member
from plans.tests.factories import today

pytestmark = pytest.mark.django_db
SUPPORT, BI_ANALYSTS = "15-1232.00", "15-2051.01"


@pytest.fixture
def demo():
    member, mentor = demo_accounts_ensure()
    seed_demo_assessments(member)
    seed_demo_member(member, today=today())
    return member, mentor


def test_the_demo_mentor_mentors_the_demo_member_who_shares_a_goal(client, demo):
    member, mentor = demo

    assert demo_mentoring_ensure()
    assert demo_mentoring_ensure(), "a second run changes nothing and still succeeds"

    mentorship = Mentorship.objects.active().get(member=member, mentor=mentor)
    (goal,) = mentorship.goals.all()
    profile = MentorProfile.objects.get(user=mentor, available=True)
    assert [titles()[code] for code in profile.occupations] == [
        "Management Analysts",
        "Business Intelligence Analysts",
        "Marketing Managers",
    ]
    assert Comment.objects.filter(goal=goal).count() == 2
    assert FeedbackRequest.objects.unanswered().count() == 1
    client.force_login(mentor)
    assert client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 200


def test_the_demo_member_finds_mentors_matched_on_occupations_they_held(client, demo):
    member, _mentor = demo
    demo_mentoring_ensure()
    CareerDirection.objects.create(member=member, current_code=SUPPORT, target_code=BI_ANALYSTS)
    client.force_login(member)

    response = client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "Has worked as Business Intelligence Analysts, the occupation")
    everyone = suggest_mentors(member, [], limit=len(DEMO_MENTORS))
    assert everyone[0].mentor.name == "Priya Raman"
    assert everyone[0].relation == Relation.SAME
    assert everyone[-1].mentor.name == "Sam Doyle"  # the head chef
    assert everyone[-1].relation == Relation.NONE
    assert all(code in titles() for known in DEMO_MENTORS for code in known.occupations)


def test_without_demo_accounts_nothing_is_made(db):
    assert not demo_mentoring_ensure()
    assert not Mentorship.objects.exists()


def test_the_command_seeds_the_demo_and_generated_mentors(demo, capsys):
    call_command("seed_mentoring", "--mentors", "30")
    call_command("seed_mentoring", "--mentors", "30")

    out = capsys.readouterr().out
    assert "mentors the demo member" in out
    assert "Created 30 mentors" in out
    assert "Created 0 mentors" in out
    assert MentorProfile.objects.count() == 1 + len(DEMO_MENTORS) + 30


def test_generated_mentors_have_catalog_skills_and_occupations_and_some_are_full(db):
    mentors_create(200, rng=random.Random(1), log=lambda line: None)

    profiles = list(MentorProfile.objects.with_places())
    assert len(profiles) == 200
    assert all(profile.match_terms for profile in profiles)
    assert all(profile.occupations for profile in profiles)
    assert {code for p in profiles for code in p.occupations} <= set(titles())
    assert any(profile.requested_count for profile in profiles)
    assert any(profile.mentee_count >= profile.capacity for profile in profiles)
    assert any(not profile.available for profile in profiles)


def test_the_benchmark_reports_its_figures_and_keeps_nothing(demo, capsys):
    before = MentorProfile.objects.count()

    call_command("bench_matching", "--mentors", "40", "--runs", "2")

    out = capsys.readouterr().out
    assert "narrow in SQL + load" in out
    assert "whole call" in out
    assert "Rolled back" in out
    assert MentorProfile.objects.count() == before
    assert candidates(demo[0], timezone.now()) == []
