"""Opting in as a mentor, suggestions from the database, and mentorship requests."""

import datetime as dt
import importlib
import re

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from assessments.models import CareerDirection, Item
from assessments.occupations import Occupation, catalogue
from assessments.tests.factories import completed_attempt
from careerdev.models import User
from careerdev.tests.factories import MemberFactory
from mentoring import services
from mentoring.fields import fields_of_occupation, infer_fields
from mentoring.finder import (
    Aim,
    aim_of,
    candidates,
    find_mentors,
    path_steps,
    suggest_mentors,
    suggested_fields,
    utc_offset,
)
from mentoring.matching import Relation
from mentoring.models import MentorProfile, Mentorship, MentorshipRequest, RequestStatus
from mentoring.occupations import titles
from mentoring.tests.factories import (
    MentorProfileFactory,
    MentorshipFactory,
    MentorshipRequestFactory,
)
from mentoring.tests.test_matching import (
    CHEFS,
    DATA_SCIENTISTS,
    FINANCIAL_MANAGERS,
    HR_MANAGERS,
    HR_SPECIALISTS,
    IT_MANAGERS,
    NETWORK_ARCHITECTS,
    SOFTWARE_DEVELOPERS,
    TREASURERS,
)
from plans.library import CareerPath, Library, Stage, library
from plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db
SUPPORT = "15-1232.00"  # Computer User Support Specialists


def occupation(code: str) -> Occupation:
    return catalogue().get(code)


def career_path(name: str, *occupations: Occupation) -> CareerPath:
    """A path of one stage per occupation, built by hand: only its occupations matter here."""
    stages = tuple(
        Stage(position, f"Stage {position}", held, (6, 12), "", (), ())
        for position, held in enumerate(occupations, start=1)
    )
    return CareerPath(name.lower().replace(" ", "-"), name, "technical", "change", "", stages)


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


def test_a_member_opts_in_as_a_mentor_with_occupations_and_skills_from_the_catalogues(
    member_client, member
):
    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "headline": "Ten years in HR",
            "occupations": [HR_MANAGERS, HR_SPECIALISTS],
            "roles": "Head of people\nPeople partner",
            "expertise": ["writing", "negotiation"],
            "industries": ["people", "technology"],
            "years_experience": "10",
            "time_zone": "Europe/Berlin",
            "capacity": "2",
            "available": "on",
        },
    )

    assertRedirects(response, reverse("mentoring:mentor_home"))
    profile = MentorProfile.objects.get(user=member)
    assert profile.occupations == [HR_MANAGERS, HR_SPECIALISTS]
    assert profile.roles == ["Head of people", "People partner"]
    assert profile.expertise == ["negotiation", "writing"]
    assert profile.match_terms == (
        f"negotiation writing|people technology|{HR_MANAGERS} {HR_SPECIALISTS}"
    )
    assert profile.capacity == 2
    assert profile.available


def test_the_mentor_form_offers_the_skills_of_the_assessment(member_client):
    response = member_client.get(reverse("mentoring:mentor_profile"))

    assertContains(response, 'value="active-listening"')
    assertContains(response, "Reading comprehension")
    assertContains(response, "Occupations you have held")


def test_a_new_mentor_starts_from_the_occupation_they_hold(member_client, member):
    CareerDirection.objects.create(member=member, current_code=DATA_SCIENTISTS)

    response = member_client.get(reverse("mentoring:mentor_profile"))

    assertContains(response, f'value="{DATA_SCIENTISTS}" checked')


def test_a_role_typed_as_a_catalogue_title_starts_as_that_occupation(member_client, member):
    member.current_role = "Head chef"
    member.save(update_fields=["current_role"])

    response = member_client.get(reverse("mentoring:mentor_profile"))

    assertContains(response, f'value="{CHEFS}" checked')


def test_bad_choices_are_refused_with_a_message_and_nothing_is_saved(member_client, member):
    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "headline": "Kept as typed",
            "occupations": ["99-9999.99"],
            "expertise": ["juggling"],
            "roles": "x" * 121,
            "years_experience": "3",
            "time_zone": "UTC",
            "capacity": "0",
        },
    )

    assertContains(response, "Select a valid choice. 99-9999.99 is not one of the available")
    assertContains(response, "Select a valid choice. juggling is not one of the available choices.")
    assertContains(response, "Ensure this value is greater than or equal to 1.")
    assertContains(response, "Keep each role under 120 characters.")
    assertContains(response, 'value="Kept as typed"')
    assert not MentorProfile.objects.exists()


def test_more_than_eight_occupations_are_refused(member_client):
    nine = [code for code in titles() if code.startswith("15-1")][:9]

    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {"occupations": nine, "years_experience": "3", "time_zone": "UTC", "capacity": "2"},
    )

    assertContains(response, "Choose up to 8 occupations")
    assert not MentorProfile.objects.exists()


# Picking occupations: a plain form without JavaScript, search-as-you-type with htmx


def test_without_javascript_a_search_brings_back_matches_to_tick_and_keeps_what_was_typed(
    member_client, member
):
    response = member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "headline": "Half written",
            "occupations": [CHEFS],
            "occupation_search": "support technician",
            "find_occupations": "1",
            "capacity": "4",
        },
    )

    assert response.status_code == 200
    assertContains(response, "Nothing is saved yet")
    assertContains(response, 'value="Half written"')
    assertContains(response, f'value="{CHEFS}" checked')
    assertContains(response, f'<input type="checkbox" name="occupations" value="{SUPPORT}">')
    assertContains(response, "Computer User Support Specialists")
    assertNotContains(response, "errorlist")
    assert not MentorProfile.objects.exists()


def test_ticking_a_match_and_saving_keeps_it(member_client, member):
    member_client.post(
        reverse("mentoring:mentor_profile"),
        {"occupation_search": "helpdesk", "find_occupations": "1"},
    )

    member_client.post(
        reverse("mentoring:mentor_profile"),
        {
            "occupations": [SUPPORT],
            "occupation_search": "helpdesk",
            "years_experience": "4",
            "time_zone": "UTC",
            "capacity": "2",
            "available": "on",
        },
    )

    assert MentorProfile.objects.get(user=member).occupations == [SUPPORT]


def test_as_the_mentor_types_htmx_lists_matches_to_add_leaving_out_those_chosen(member_client):
    response = member_client.get(
        reverse("mentoring:occupation_search"),
        {"occupation_search": "computer network", "occupations": [NETWORK_ARCHITECTS]},
        headers={"HX-Request": "true", "HX-Target": "occupation-matches"},
    )

    body = response.content.decode()
    assert "<html" not in body
    assert "Computer Network Support Specialists" in body
    assert f"code={NETWORK_ARCHITECTS}" not in body
    assert 'hx-get="/mentoring/profile/occupations/add/?code=15-1231.00"' in body


@pytest.mark.parametrize("typed", ["", "   ", "x" * 10_000, "zzqqxx"])
def test_an_empty_a_huge_or_an_unknown_search_answers_calmly(member_client, typed):
    live = member_client.get(
        reverse("mentoring:occupation_search"),
        {"occupation_search": typed},
        headers={"HX-Request": "true"},
    )
    plain = member_client.post(
        reverse("mentoring:mentor_profile"),
        {"occupation_search": typed, "find_occupations": "1"},
    )

    assert live.status_code == plain.status_code == 200
    assert "<li>" not in live.content.decode()
    if typed.strip():
        assertContains(live, "No occupation in the catalogue matches")


def test_adding_an_occupation_returns_it_ticked_once(member_client):
    url = reverse("mentoring:occupation_pick")
    headers = {"HX-Request": "true"}

    added = member_client.get(url, {"code": SUPPORT}, headers=headers)
    again = member_client.get(url, {"code": SUPPORT, "occupations": [SUPPORT]}, headers=headers)
    unknown = member_client.get(url, {"code": "00-0000.00"}, headers=headers)

    assertContains(added, f'value="{SUPPORT}" checked')
    assertContains(added, "Computer User Support Specialists")
    assert "<html" not in added.content.decode()
    assert again.status_code == 204
    assert unknown.status_code == 404


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


def test_requests_waiting_for_an_answer_hold_places_in_sql(seeker):
    held = mentor_with(capacity=2)
    MentorshipFactory(mentor=held.user)
    MentorshipRequestFactory(mentor=held.user)
    one_left = mentor_with(capacity=3)
    MentorshipRequestFactory(mentor=one_left.user)
    MentorshipRequestFactory(mentor=one_left.user, status=RequestStatus.INFO)
    answered = mentor_with(capacity=1)
    MentorshipRequestFactory(mentor=answered.user, status=RequestStatus.DECLINED)

    found = {mentor.id: mentor for mentor in candidates(seeker, timezone.now())}

    assert set(found) == {one_left.user_id, answered.user_id}
    assert (found[one_left.user_id].requested, found[one_left.user_id].free_places) == (2, 1)
    assert found[answered.user_id].free_places == 1


def test_an_ended_mentorship_frees_a_place(seeker):
    profile = mentor_with(capacity=1)
    services.mentorship_end(mentorship=MentorshipFactory(mentor=profile.user), by=profile.user)

    assert [mentor.id for mentor in candidates(seeker, timezone.now())] == [profile.user_id]


def test_the_mentor_covering_the_largest_gap_and_the_target_occupation_comes_first(seeker):
    CareerDirection.objects.create(member=seeker, target_code=HR_MANAGERS)
    writer = mentor_with(expertise=["writing"], occupations=[HR_MANAGERS], industries=[])
    negotiator = mentor_with(expertise=["negotiation"], occupations=[CHEFS], industries=[])
    mentor_with(expertise=["programming"], occupations=[FINANCIAL_MANAGERS], industries=[])

    suggestions = suggest_mentors(seeker, ["people"])

    assert [s.mentor.id for s in suggestions][:2] == [writer.user_id, negotiator.user_id]
    assert suggestions[0].reasons == (
        "Experienced in Writing",
        "Has worked as Human Resources Managers, the occupation you aim for",
    )
    # Gaps writing (3 levels) then negotiation (2): weights 2 and 1. The writer covers 2/3
    # of the skills (.5 * 2/3) and held the target (.3): 63%, shown as 65.
    assert [s.percent for s in suggestions] == [65, 15, 0]


def test_without_a_target_the_current_occupation_is_compared(seeker):
    CareerDirection.objects.create(member=seeker, current_code=NETWORK_ARCHITECTS)
    mentor_with(expertise=[], industries=[], occupations=[SOFTWARE_DEVELOPERS])
    mentor_with(expertise=[], industries=[], occupations=[NETWORK_ARCHITECTS])

    suggestions = suggest_mentors(seeker, [])

    assert [s.reasons for s in suggestions] == [
        ("Has worked as Computer Network Architects, the occupation you hold",),
        ("Has worked as Software Developers, an occupation close to Computer Network Architects",),
    ]


def test_the_paths_through_the_target_that_pass_the_current_occupation_are_the_members():
    first = occupation(SUPPORT)
    architect, developer, lead = (
        occupation(code) for code in (NETWORK_ARCHITECTS, SOFTWARE_DEVELOPERS, IT_MANAGERS)
    )
    paths = Library(
        [],
        [
            career_path("Support to network architect", first, architect),
            career_path("Developer to architect", developer, architect, lead),
            career_path("Developer to IT manager", developer, lead),
        ],
    )

    own = path_steps(paths, Aim(target=architect, current=first))
    any_way = path_steps(paths, Aim(target=architect))

    assert own == dict.fromkeys([SUPPORT, NETWORK_ARCHITECTS], "Support to network architect")
    assert any_way == {
        SUPPORT: "Support to network architect",
        NETWORK_ARCHITECTS: "Support to network architect",
        SOFTWARE_DEVELOPERS: "Developer to architect",
        IT_MANAGERS: "Developer to architect",
    }
    assert path_steps(paths, Aim()) == {}


def test_matched_fields_show_by_name(seeker):
    mentor_with(industries=["product", "finance"])

    (suggestion,) = suggest_mentors(seeker, ["product"])

    assert "Works in Product management" in suggestion.reasons


def test_fields_are_suggested_from_the_occupation_aimed_for(seeker):
    GoalFactory(member=seeker, kind="change", title="Move into healthcare data analytics")
    aim = Aim(target=catalogue().get(HR_MANAGERS), current=catalogue().get(DATA_SCIENTISTS))

    assert suggested_fields(seeker, aim) == {"people"}
    assert suggested_fields(seeker, Aim(current=catalogue().get(DATA_SCIENTISTS))) == {"data"}


def test_without_an_occupation_fields_come_from_the_target_role_and_change_goals(seeker):
    GoalFactory(member=seeker, kind="change", title="Move into healthcare data analytics")
    GoalFactory(member=seeker, kind="skills", title="Teacher training")

    assert suggested_fields(seeker, aim_of(seeker)) == {"product", "health", "data"}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Senior software engineer"], {"technology"}),
        (["Nurse", "Become a ward manager"], {"health"}),
        (["", "Learn Spanish"], set()),
        (["HR business partner"], {"people", "sales"}),
    ],
)
def test_fields_inferred_from_words_worked_by_hand(texts, expected):
    assert infer_fields(texts) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [("Head of Data", "Head chef"), ("Chief HR Officer", "Chief Financial Officer")],
)
def test_the_words_of_a_rank_point_to_no_shared_field(one, other):
    assert not infer_fields([one]) & infer_fields([other])


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Head chef", CHEFS),
        ("Chief HR officer", HR_MANAGERS),
        ("CFO", FINANCIAL_MANAGERS),
        ("Finance director", FINANCIAL_MANAGERS),
        ("Head of IT", IT_MANAGERS),
        ("Data scientist", DATA_SCIENTISTS),
    ],
)
def test_the_codes_the_matching_tests_use_are_the_catalogues_for_those_titles(typed, code):
    assert catalogue().named(typed).code == code


@pytest.mark.parametrize("head_of_data", [IT_MANAGERS, DATA_SCIENTISTS])
def test_head_of_data_and_head_chef_share_no_field_of_their_occupations(head_of_data):
    assert not fields_of_occupation(head_of_data) & fields_of_occupation(CHEFS)
    assert not fields_of_occupation(HR_MANAGERS) & fields_of_occupation(FINANCIAL_MANAGERS)


def test_a_head_chef_mentor_is_no_match_for_a_member_aiming_to_head_data(seeker):
    CareerDirection.objects.create(member=seeker, target_code=IT_MANAGERS)
    chef = mentor_with(
        expertise=[], industries=sorted(fields_of_occupation(CHEFS)), occupations=[CHEFS]
    )
    MentorProfile.objects.filter(pk=chef.pk).update(roles=["Head chef"])

    found = find_mentors(seeker, suggested_fields(seeker, aim_of(seeker)))

    (suggestion,) = found.suggestions
    assert (suggestion.percent, suggestion.reasons) == (0, ())


def test_utc_offsets_follow_daylight_saving():
    winter = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC)

    assert utc_offset("Europe/London", winter) == 0
    assert utc_offset("Europe/London", summer) == 1
    assert utc_offset("Asia/Kolkata", winter) == 5.5
    assert utc_offset("Not/AZone", winter) == 0


# The find page


def test_the_find_page_shows_suggestions_with_reasons_hours_and_places(member_client, seeker):
    profile = mentor_with(
        user=MemberFactory(display_name="Pat Writer"),
        expertise=["writing"],
        time_zone="Europe/London",
        capacity=3,
    )
    MentorshipRequestFactory(mentor=profile.user)

    response = member_client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "Pat Writer")
    assertContains(response, "Experienced in Writing")
    assertContains(response, "Places: 2 of 3 free (requests waiting for an answer: 1)")
    assertContains(response, "Working hours: about")
    assertContains(response, "Ask Pat Writer to mentor you")
    assertContains(response, "Say which occupation you aim for")


def test_the_find_page_names_the_occupation_compared(member_client, seeker):
    CareerDirection.objects.create(member=seeker, target_code=HR_MANAGERS)

    response = member_client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "the occupation you aim for (Human Resources Managers)")
    assertNotContains(response, "Say which occupation you aim for")
    assertNotContains(response, "Take the <a")


def test_a_member_without_skills_results_is_told_how_gaps_would_count(member_client, member):
    mentor_with()

    response = member_client.get(reverse("mentoring:mentor_find"))

    assertContains(response, "skills self-assessment</a>, and mentors who know")
    assertContains(response, "The fit compares the fields you chose")


def test_the_find_page_lists_mentors_in_the_order_of_the_fit_it_shows(member_client, seeker):
    CareerDirection.objects.create(member=seeker, target_code=HR_MANAGERS)
    # Worse fits get more room and nearer hours: neither may lift them above a better fit.
    specs = [
        (["writing"], [CHEFS], 1, "Asia/Tokyo"),
        (["negotiation"], [HR_SPECIALISTS], 9, "Europe/London"),
        (["writing", "negotiation"], [HR_MANAGERS], 1, "Pacific/Auckland"),
        ([], [FINANCIAL_MANAGERS], 12, "Europe/London"),
        (["writing"], [HR_MANAGERS], 2, "America/Los_Angeles"),
        (["negotiation"], [FINANCIAL_MANAGERS], 15, "UTC"),
    ]
    for expertise, occupations, capacity, zone in specs:
        mentor_with(
            expertise=expertise,
            occupations=occupations,
            capacity=capacity,
            time_zone=zone,
            industries=["people"],
        )

    response = member_client.get(reverse("mentoring:mentor_find"))

    shown = [int(value) for value in re.findall(r'<span class="fit">(\d+)% fit', response.text)]
    assert len(shown) == 5
    assert shown == sorted(shown, reverse=True), shown
    assert shown[0] == 100


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
    CareerDirection.objects.create(member=seeker, target_code=HR_MANAGERS)
    mentor_with()
    with CaptureQueriesContext(connection) as one:
        member_client.get(reverse("mentoring:mentor_find"))
    for n in range(30):
        profile = mentor_with(occupations=[HR_MANAGERS, HR_SPECIALISTS][: n % 3])
        MentorshipFactory(mentor=profile.user)
        MentorshipRequestFactory(mentor=profile.user)

    with django_assert_max_num_queries(len(one)):
        response = member_client.get(reverse("mentoring:mentor_find"))

    assert response.content.decode().count('class="suggestion"') == 5


def test_the_mentor_page_shows_the_occupations_held_and_the_free_places(member_client):
    profile = mentor_with(occupations=[HR_SPECIALISTS, HR_MANAGERS], roles=["Head of people"])
    MentorshipRequestFactory(mentor=profile.user)

    response = member_client.get(reverse("mentoring:mentor_detail", args=[profile.user_id]))

    assertContains(response, "Human Resources Specialists")
    assertContains(response, "Human Resources Managers")
    assertContains(response, "Head of people")
    assertContains(response, "2 of 3 free (requests waiting for an answer: 1)")


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


def test_asking_a_mentor_whose_last_place_another_request_holds_is_refused(member_client):
    profile = mentor_with(capacity=2)
    MentorshipFactory(mentor=profile.user)
    MentorshipRequestFactory(mentor=profile.user)

    response = member_client.post(
        reverse("mentoring:request_create", args=[profile.user_id]), request_data()
    )

    assertContains(response, "is not taking new mentees at the moment")
    assert MentorshipRequest.objects.count() == 1


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


def test_the_migration_moves_roles_that_name_an_occupation_and_keeps_the_rest():
    migration = importlib.import_module("mentoring.migrations.0002_mentor_profile_occupations")
    profile = mentor_with(
        occupations=[], roles=["Head chef", "Head of product", "chief hr officer", "Head chef"]
    )
    MentorProfile.objects.filter(pk=profile.pk).update(match_terms="old|role|words")

    migration.roles_to_occupations(django_apps, None)

    profile.refresh_from_db()
    assert profile.occupations == [CHEFS, HR_MANAGERS]
    assert profile.roles == ["Head of product"]
    assert profile.match_terms.endswith(f"|{CHEFS} {HR_MANAGERS}")


def test_with_the_career_paths_on_file_a_recruiter_is_on_the_way_to_chief_hr_officer(seeker):
    CareerDirection.objects.create(member=seeker, target_code=HR_MANAGERS)
    (path,) = [
        p for p in library().paths_through(HR_MANAGERS) if HR_SPECIALISTS in p.occupation_codes
    ]
    recruiter = mentor_with(expertise=[], industries=[], occupations=[HR_SPECIALISTS])
    cfo = mentor_with(expertise=[], industries=[], occupations=[FINANCIAL_MANAGERS, TREASURERS])
    chef = mentor_with(expertise=[], industries=[], occupations=[CHEFS])

    found = {s.mentor.id: s for s in suggest_mentors(seeker, [])}

    assert found[recruiter.user_id].relation == Relation.PATH
    assert found[recruiter.user_id].reasons == (
        f"Has worked as Human Resources Specialists, on the path {path.name}",
    )
    assert found[cfo.user_id].relation == found[chef.user_id].relation == Relation.NONE
    assert found[cfo.user_id].percent == found[chef.user_id].percent == 0
