"""Places under concurrent requests, with real database sessions (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.db import connection, transaction

from careerdev.tests.factories import MemberFactory
from mentoring import services
from mentoring.models import MentorProfile, MentorshipRequest
from mentoring.tests.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_request_made_while_another_holds_the_last_place_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite has no row locks to wait on.")
    profile = MentorProfileFactory(capacity=1)
    first, second = MemberFactory.create_batch(2)
    locked = threading.Event()

    def another_request_in_flight() -> None:
        # What a first member's request does: lock the profile, add its request, commit
        # a moment later.
        try:
            with transaction.atomic():
                MentorProfile.objects.select_for_update().filter(pk=profile.pk).get()
                MentorshipRequest.objects.create(member=first, mentor=profile.user, message="1")
                locked.set()
                time.sleep(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=another_request_in_flight)
    thread.start()
    assert locked.wait(10)
    try:
        with pytest.raises(services.MentorUnavailable):
            services.mentorship_request_create(
                member=second,
                profile=profile,
                message="2",
                goals=[],
                share_summary=False,
                share_reflections=False,
            )
    finally:
        thread.join(10)

    assert list(MentorshipRequest.objects.values_list("member", flat=True)) == [first.pk]
