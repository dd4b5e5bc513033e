"""What the dashboard shows of mentoring."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from mentoring.models import MentorshipStatus
from mentoring.overview import mentoring_counts
from mentoring.tests.factories import (
    FeedbackRequestFactory,
    MentorshipFactory,
    MentorshipRequestFactory,
)
from plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


def test_a_member_with_no_mentoring_is_invited_to_find_a_mentor(member_client):
    response = member_client.get(reverse("dashboard"))

    assertContains(response, reverse("mentoring:invite"))
    assertContains(response, reverse("mentoring:mentor_find"))
    assertNotContains(response, "People you mentor")


def test_a_mentor_sees_their_mentees_and_what_waits_for_them(client, member):
    mentorships = MentorshipFactory.create_batch(2, mentor=member)
    FeedbackRequestFactory(
        mentorship=mentorships[0], goal=GoalFactory(member=mentorships[0].member)
    )
    MentorshipRequestFactory(mentor=member)
    MentorshipFactory(mentor=member, status=MentorshipStatus.ENDED)
    MentorshipFactory(member=member)
    client.force_login(member)

    response = client.get(reverse("dashboard"))

    assert mentoring_counts(member).__dict__ == {"mentors": 1, "mentees": 2, "waiting": 2}
    assertContains(response, "You mentor 2 people.")
    assertContains(response, "2 requests wait for your answer.")
    assertContains(response, "1 mentor can read what you chose to share.")
    assertContains(response, reverse("mentoring:mentor_home"))


def test_the_mentoring_counts_take_one_query_however_many_mentees(member, other_member):
    for mentor in (member, other_member):
        MentorshipFactory.create_batch(1 if mentor == member else 25, mentor=mentor)

    counts = []
    for mentor in (member, other_member):
        with CaptureQueriesContext(connection) as captured:
            mentoring_counts(mentor)
        counts.append(len(captured))

    assert counts == [1, 1]
