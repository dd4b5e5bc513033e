"""Opting in as a mentor, suggestions from the database, and mentorship requests."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from assessments.models import Item
from assessments.tests.factories import completed_attempt
from careerdev.models import User
from careerdev.tests.factories import MemberFactory
from mentoring import services
from mentoring.finder import candidates, suggest_mentors, suggested_fields, utc_offset
from mentoring.matching import infer_fields
from mentoring.models import MentorProfile, Mentorship, MentorshipRequest, RequestStatus
from mentoring.tests.factories import (
    MentorProfileFactory,
    MentorshipFactory,
    MentorshipRequestFactory,
)
from plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker(member: User) -> User:
    """Aims for product manager; largest gaps writing (1 to 4) then negotiation (2 to 4)."""
    member.target_role = "Product manager"
    member.save(update_fields=["target_role"])
    gaps = {"writing": (1, 4), "negotiation": (2, 4)}

    def rating(item: Item) -> int:
        current, target = gaps.get(item.area.slug, (3, 3))
        return current if item.facet == "current" else target

    completed_attempt(member, "skills", rating)
    return member


def mentor_with(**fields) -> MentorProfile:
    return MentorProfileFactory(**fields)


# Opting in


def test_a_member_opts_in_as_a_mentor_with_skills_from_the_catalog(member_client, member):
    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "headline": "Ten years in product",
            "expertise": ["writing", "negotiation"],
            "industries": ["product", "technology"],
            "roles": "Head of product\nProduct manager",
            "years_experience": "10",
            "time_zone": "Europe/Berlin",
            "capacity": "2",
            "available": "on",
        },
    )

    assertRedirects(response, reverse("mentoring:mentor_home"))
    profile = MentorProfile.objects.get(user=member)
    assert profile.expertise == ["negotiation", "writing"]
    assert profile.roles == ["Head of product", "Product manager"]
    assert profile.capacity == 2
    assert profile.available


def test_the_mentor_form_offers_the_skills_of_the_assessment(member_client):
    response = member_client.get(reverse("mentoring:mentor_profile"))

    assertContains(response, 'value="active-listening"')
    assertContains(response, "Reading comprehension")


def test_a_skill_outside_the_catalog_and_a_capacity_of_zero_are_refused(member_client, member):
    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "expertise": ["juggling"],
            "roles": "x" * 121,
            "years_experience": "3",
            "time_zone": "UTC",
            "capacity": "0",
        },
    )

    assertContains(response, "Select a valid choice. juggling is not one of the available choices.")
    assertContains(response, "Ensure this value is greater than or equal to 1.")
    assertContains(response, "Keep each role under 120 characters.")
    assert not MentorProfile.objects.exists()


# The database narrows, the ranking orders


def test_unavailable_full_self_and_current_mentors_are_left_out_in_sql(seeker):
    open_mentor = mentor_with()
    mentor_with(available=False)
    full = mentor_with(capacity=1)
    MentorshipFactory(mentor=full.user)
    mentor_with(user=seeker)
    current = mentor_with()
    MentorshipFactory(member=seeker, mentor=current.user)

    found = candidates(seeker, timezone.now())

    assert [mentor.id for mentor in found] == [open_mentor.user_id]
    assert found[0].mentees == 0


def test_an_ended_mentorship_frees_a_place(seeker):
    profile = mentor_with(capacity=1)
    services.mentorship_end(mentorship=MentorshipFactory(mentor=profile.user), by=profile.user)

    assert [mentor.id for mentor in candidates(seeker, timezone.now())] == [profile.user_id]


def test_the_mentor_covering_the_largest_gap_and_the_target_role_comes_first(seeker):
    writer = mentor_with(expertise=["writing"], roles=["Product manager"], industries=[])
    negotiator = mentor_with(expertise=["negotiation"], roles=["Sales lead"], industries=[])
    mentor_with(expertise=["programming"], roles=["Developer"], industries=[])

    suggestions = suggest_mentors(seeker, ["product"])

    assert [s.mentor.id for s in suggestions][:2] == [writer.user_id, negotiator.user_id]
    assert "Experienced in Writing" in suggestions[0].reasons
    assert "Has held roles like the one you aim for (manager, product)" in suggestions[0].reasons


def test_matched_fields_show_by_name(seeker):
    mentor_with(industries=["product", "finance"])

    (suggestion,) = suggest_mentors(seeker, ["product"])

    assert "Works in Product management" in suggestion.reasons


def test_fields_are_suggested_from_the_target_role_and_change_goals(seeker):
    GoalFactory(member=seeker, kind="change", title="Move into healthcare data analytics")
    GoalFactory(member=seeker, kind="skills", title="Teacher training")

    assert suggested_fields(seeker) == {"product", "leadership", "health", "data"}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Senior software engineer"], {"technology"}),
        (["Nurse", "Become a ward manager"], {"health", "leadership"}),
        (["", "Learn Spanish"], set()),
        (["HR business partner"], {"people", "sales"}),
    ],
)
def test_fields_inferred_from_words_worked_by_hand(texts, expected):
    assert infer_fields(texts) == expected


def test_utc_offsets_follow_daylight_saving():
    winter = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC)

    assert utc_offset("Europe/London", winter) == 0
    assert utc_offset("Europe/London", summer) == 1
    assert utc_offset("Asia/Kolkata", winter) == 5.5
    assert utc_offset("Not/AZone", winter) == 0


def test_the_find_page_shows_suggestions_with_reasons(member_client, seeker):
    mentor_with(user=MemberFactory(display_name="Pat Writer"), expertise=["writing"])

    response = member_client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "Pat Writer")
    assertContains(response, "Experienced in Writing")
    assertContains(response, "Ask Pat Writer to mentor you")


def test_the_find_page_without_mentors_says_what_to_do(member_client, seeker):
    response = member_client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "No mentor with a free place right now")


def test_the_find_page_takes_the_fields_ticked(member_client, seeker):
    mentor_with(user=MemberFactory(display_name="Fin Expert"), industries=["finance"])

    response = member_client.get(
        reverse("mentoring:mentor_find"), {"search": "1", "industries": ["finance"]}
    )

    assertContains(response, "Works in Finance and banking")


def test_the_find_page_runs_as_many_queries_for_30_mentors_as_for_1(
    member_client, seeker, django_assert_max_num_queries
):
    mentor_with()
    with CaptureQueriesContext(connection) as one:
        member_client.get(reverse("mentoring:mentor_find"))
    for _ in range(30):
        MentorshipFactory(mentor=mentor_with().user)

    with django_assert_max_num_queries(len(one)):
        response = member_client.get(reverse("mentoring:mentor_find"))

    assert response.content.decode().count('class="suggestion"') == 5


# Requests


def request_data(**overrides) -> dict:
    return {"message": "I would value your view on my move into product."} | overrides


def test_a_member_sends_a_request_and_the_mentor_is_mailed(
    member_client, member, goal, send_notices
):
    profile = mentor_with()

    response = member_client.post(
        reverse("mentoring:request_create", args=[profile.user_id]),
        request_data(goals=[goal.pk], share_summary="on"),
    )

    sent = MentorshipRequest.objects.get()
    assertRedirects(response, sent.get_absolute_url())
    assert list(sent.goals.all()) == [goal]
    (message,) = send_notices()
    assert message.to == [profile.user.email]
    assert message.subject == f"{member} asks you to mentor them"


def test_asking_the_same_mentor_twice_is_refused(member_client, member):
    profile = mentor_with()
    MentorshipRequestFactory(member=member, mentor=profile.user)

    response = member_client.post(
        reverse("mentoring:request_create", args=[profile.user_id]), request_data()
    )

    assertContains(response, "You have already asked")
    assert MentorshipRequest.objects.count() == 1


def test_asking_a_full_mentor_is_refused(member_client):
    profile = mentor_with(capacity=1)
    MentorshipFactory(mentor=profile.user)

    response = member_client.post(
        reverse("mentoring:request_create", args=[profile.user_id]), request_data()
    )

    assertContains(response, "is not taking new mentees at the moment")
    assert not MentorshipRequest.objects.exists()


def test_asking_yourself_is_refused(member_client, member):
    mentor_with(user=member)

    response = member_client.post(
        reverse("mentoring:request_create", args=[member.pk]), request_data()
    )

    assertContains(response, "You cannot ask yourself")
    assert not MentorshipRequest.objects.exists()


def test_an_over_long_request_message_is_refused(member_client):
    profile = mentor_with()

    response = member_client.post(
        reverse("mentoring:request_create", args=[profile.user_id]),
        request_data(message="m" * 1001),
    )

    assertContains(response, "at most 1000 characters")
    assert not MentorshipRequest.objects.exists()


def test_asking_someone_who_is_not_a_mentor_is_404(member_client, other_member):
    response = member_client.get(reverse("mentoring:request_create", args=[other_member.pk]))

    assert response.status_code == 404


@pytest.fixture
def open_request(member, goal) -> MentorshipRequest:
    profile = mentor_with()
    sent = MentorshipRequestFactory(member=member, mentor=profile.user, share_summary=True)
    sent.goals.set([goal])
    return sent


def test_accepting_a_request_opens_the_same_sharing_as_an_invitation(
    client, open_request, goal, send_notices
):
    client.force_login(open_request.mentor)

    client.post(
        reverse("mentoring:request_respond", args=[open_request.pk]),
        {"decision": "accept", "note": "Happy to."},
    )

    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.ACCEPTED
    mentorship = Mentorship.objects.active().get(mentor=open_request.mentor)
    assert list(mentorship.goals.all()) == [goal]
    assert mentorship.share_summary
    assert "accepted" in send_notices()[-1].subject
    assert client.get(reverse("mentoring:shared_goal", args=[goal.pk])).status_code == 200


def test_a_mentor_with_no_free_place_cannot_accept(client, open_request):
    MentorProfile.objects.filter(user=open_request.mentor).update(capacity=1)
    MentorshipFactory(mentor=open_request.mentor)
    client.force_login(open_request.mentor)

    response = client.post(
        reverse("mentoring:request_respond", args=[open_request.pk]), {"decision": "accept"}
    )

    assertContains(response, "All your places are taken")
    open_request.refresh_from_db()
    assert open_request.is_open


def test_the_mentor_asks_for_more_and_the_member_answers(client, open_request, send_notices):
    client.force_login(open_request.mentor)
    url = reverse("mentoring:request_respond", args=[open_request.pk])
    refused = client.post(url, {"decision": "ask", "note": ""})
    assertContains(refused, "Write what you would like to know.")
    client.post(url, {"decision": "ask", "note": "Which companies?"})
    asked = send_notices()[-1]
    client.force_login(open_request.member)
    client.post(reverse("mentoring:request_reply", args=[open_request.pk]), {"reply": "Fintechs."})

    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.PENDING
    assert open_request.member_reply == "Fintechs."
    assert asked.subject == f"{open_request.mentor} would like to know more before answering"
    assert "Which companies?" in asked.body
    replied = send_notices()[-1]
    assert replied.subject == f"{open_request.member} answered your question"
    assert replied.to == [open_request.mentor.email]


def test_the_mentor_declines(client, open_request):
    client.force_login(open_request.mentor)

    client.post(
        reverse("mentoring:request_respond", args=[open_request.pk]), {"decision": "decline"}
    )

    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.DECLINED
    assert not Mentorship.objects.exists()


def test_the_member_withdraws_and_the_mentor_can_no_longer_answer(client, open_request):
    client.force_login(open_request.member)
    client.post(reverse("mentoring:request_withdraw", args=[open_request.pk]))
    client.force_login(open_request.mentor)

    response = client.post(
        reverse("mentoring:request_respond", args=[open_request.pk]), {"decision": "accept"}
    )

    assertContains(response, "This request is closed (withdrawn).")
    assert not Mentorship.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("request_detail", None),
        ("request_respond", {"decision": "accept"}),
        ("request_reply", {"reply": "x"}),
        ("request_withdraw", {}),
    ],
)
def test_other_member_gets_404_on_a_request(other_client, open_request, name, data):
    url = reverse(f"mentoring:{name}", args=[open_request.pk])

    response = other_client.post(url, data) if data is not None else other_client.get(url)

    assert response.status_code == 404
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.PENDING


def test_the_member_cannot_answer_their_own_request_nor_the_mentor_withdraw_it(
    client, open_request
):
    client.force_login(open_request.member)
    assert (
        client.post(
            reverse("mentoring:request_respond", args=[open_request.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )
    client.force_login(open_request.mentor)
    assert (
        client.post(reverse("mentoring:request_withdraw", args=[open_request.pk])).status_code
        == 404
    )


def test_a_request_unanswered_for_14_days_expires_and_the_member_is_told(
    open_request, send_notices
):
    fresh = MentorshipRequestFactory(mentor=open_request.mentor)
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert services.mentorship_requests_expire() == 0
    MentorshipRequest.objects.filter(pk=fresh.pk).update(
        last_activity_at=timezone.now() + dt.timedelta(days=2)
    )

    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        call_command("expire_mentorship_requests")
        assert services.mentorship_requests_expire() == 0
        (message,) = send_notices()

    open_request.refresh_from_db()
    fresh.refresh_from_db()
    assert open_request.status == RequestStatus.EXPIRED
    assert fresh.status == RequestStatus.PENDING
    assert message.to == [open_request.member.email]
    assert "expired" in message.subject
    assert "14 days" in message.body


def test_the_members_reply_restarts_the_clock(open_request):
    services.mentorship_request_respond(request=open_request, decision="ask", note="Why me?")
    with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
        services.mentorship_request_reply(request=open_request, reply="Your writing.")
    with time_machine.travel(timezone.now() + dt.timedelta(days=20)):
        assert services.mentorship_requests_expire() == 0


def test_the_beat_schedule_runs_the_expiry_task_hourly(settings, open_request):
    from careerdev.celery import app
    from mentoring import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["mentorship-requests-expire"]
    assert entry["task"] == "mentoring.tasks.mentorship_requests_expire"
    assert entry["schedule"] == 3600
    assert app.tasks[entry["task"]].name == tasks.mentorship_requests_expire.name
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        tasks.mentorship_requests_expire()
    open_request.refresh_from_db()
    assert open_request.status == RequestStatus.EXPIRED
