"""Organisation programmes: running one, joining and leaving, the mentor pool, what admins
see (counts only), check-ins, and each refusal."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import CareerDirection
from assessments.tests.factories import completed_attempt
from careerdev.models import Delivery, EmailOptOut, Topic, User
from careerdev.outbox import deliveries_send
from careerdev.tests.factories import MemberFactory
from mentoring import programme_counts as programme_counts_module
from mentoring import programmes
from mentoring.finder import find_mentors
from mentoring.models import MentorshipRequest, ProgrammeMembership
from mentoring.programme_counts import FEWER, programme_counts
from mentoring.programme_models import Origin, Programme, Role
from mentoring.programmes import Refused
from mentoring.tests.factories import MentorProfileFactory, MentorshipFactory
from plans.models import Goal
from plans.tests.factories import GoalFactory, ReflectionFactory, TaskFactory, today

pytestmark = pytest.mark.django_db

PATH = "support-technician-to-network-architect"
MONTH_START = datetime(2000, 1, 1, tzinfo=UTC)


def make_programme(admin: User, **changes: object) -> Programme:
    fields = {
        "name": "Data academy",
        "description": "A year of growing our data people.",
        "starts_on": today(),
        "ends_on": None,
        "guidance": "Take the skills assessment in your first week.",
        "checkin_cadence": "monthly",
        "paths": [PATH],
        **changes,
    }
    return programmes.programme_create(member=admin, **fields)


def member_code(programme: Programme) -> str:
    return programme.codes.usable().get(role=Role.MEMBER).code


def join(programme: Programme, *members: User) -> None:
    for member in members:
        programmes.programme_join(member=member, code_text=member_code(programme))


@pytest.fixture
def admin(db) -> User:
    return MemberFactory(display_name="Ada Admin", email="ada@acme.test")


@pytest.fixture
def programme(admin: User) -> Programme:
    return make_programme(admin)


@pytest.fixture
def admin_client(client, admin: User):
    client.force_login(admin)
    return client


# Running a programme


def test_a_member_who_creates_a_programme_becomes_its_first_admin_and_gets_a_join_link(
    admin_client, admin
):
    response = admin_client.post(
        reverse("mentoring:programme_create"),
        {
            "name": "Data academy",
            "description": "Growing our data people.",
            "starts_on": today().isoformat(),
            "guidance": "Start with the skills assessment.",
            "checkin_cadence": "weekly",
            "paths": [PATH],
        },
    )

    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("mentoring:programme_access", args=[programme.pk])
    assert programme.paths == [PATH]
    membership = programme.memberships.get()
    assert (membership.member, membership.role, membership.origin) == (admin, "admin", "created")
    page = admin_client.get(response.url)
    assert programme.codes.get().code in page.content.decode()


def test_a_programme_that_ends_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(
    admin_client,
):
    response = admin_client.post(
        reverse("mentoring:programme_create"),
        {
            "name": "Backwards",
            "starts_on": "2030-05-01",
            "ends_on": "2030-04-01",
            "checkin_cadence": "",
        },
    )

    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert 'value="Backwards"' in response.content.decode()
    assert not Programme.objects.exists()


def test_an_admin_invites_a_co_admin_whose_invitation_serves_once(programme, admin):
    code = programmes.code_create(programme=programme, role=Role.ADMIN)
    co_admin, late = MemberFactory(), MemberFactory()

    programmes.programme_join(member=co_admin, code_text=code.code)

    assert programme.memberships.get(member=co_admin).role == Role.ADMIN
    with pytest.raises(Refused, match="already been used"):
        programmes.programme_join(member=late, code_text=code.code)
    assert not programme.memberships.filter(member=late).exists()


def test_a_member_who_uses_a_co_admin_invitation_becomes_an_admin(programme):
    member = MemberFactory()
    join(programme, member)
    code = programmes.code_create(programme=programme, role=Role.ADMIN)

    programmes.programme_join(member=member, code_text=code.code)

    assert programme.memberships.get(member=member).role == Role.ADMIN


# Joining


def test_a_member_joins_through_the_link_and_sees_the_guidance_and_paths_on_the_dashboard(
    client, programme
):
    member = MemberFactory()
    client.force_login(member)
    link = reverse("mentoring:programme_join_link", args=[member_code(programme)])

    assert "Join Data academy" in client.get(link).content.decode()
    response = client.post(link)

    assert response.status_code == 302
    assert programme.memberships.get(member=member).origin == Origin.CODE
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Take the skills assessment in your first week." in dashboard
    assert reverse("plans:path_adopt", args=[PATH]) in dashboard


def test_a_code_typed_in_lower_case_with_spaces_joins(client, programme):
    member = MemberFactory()
    client.force_login(member)
    code = member_code(programme)
    typed = f" {code[:5].lower()} - {code[5:].lower()} "

    client.post(reverse("mentoring:programme_join"), {"code": typed})

    assert programme.memberships.filter(member=member).exists()


def test_a_revoked_join_code_is_refused_with_a_clear_message(client, programme):
    member = MemberFactory()
    client.force_login(member)
    code = programme.codes.get()
    programmes.code_revoke(code=code)

    response = client.post(reverse("mentoring:programme_join"), {"code": code.code})

    assert "This code has been withdrawn" in response.content.decode()
    assert not programme.memberships.filter(member=member).exists()


def test_a_new_join_link_stops_the_old_one(programme):
    old = member_code(programme)
    programmes.code_create(programme=programme, role=Role.MEMBER)

    with pytest.raises(Refused, match="withdrawn"):
        programmes.programme_join(member=MemberFactory(), code_text=old)


def test_an_unknown_code_is_refused_and_the_form_keeps_it(client, programme):
    client.force_login(MemberFactory())

    response = client.post(reverse("mentoring:programme_join"), {"code": "NOPE-NOPE"})

    assert "No programme has that code" in response.content.decode()
    assert 'value="NOPE-NOPE"' in response.content.decode()


def test_joining_twice_says_so_and_changes_nothing(client, programme):
    member = MemberFactory()
    join(programme, member)
    client.force_login(member)

    response = client.post(reverse("mentoring:programme_join"), {"code": member_code(programme)})

    assert "You are already a member of Data academy" in response.content.decode()
    assert programme.memberships.filter(member=member).count() == 1


def test_a_member_with_a_verified_address_at_the_domain_joins_automatically_on_confirming_it(
    programme, admin
):
    programmes.programme_update(
        programme=programme,
        by=admin,
        **{**_settings(programme), "email_domain": "acme.test", "join_by_domain": True},
    )
    newcomer = MemberFactory(email="new@acme.test", verified=False)
    address = EmailAddress.objects.get(user=newcomer)

    address.set_verified(commit=True)
    from allauth.account.signals import email_confirmed

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)

    assert programme.memberships.get(member=newcomer).origin == Origin.DOMAIN


def test_an_unverified_address_at_the_domain_does_not_let_a_member_in(client, programme, admin):
    programmes.programme_update(
        programme=programme,
        by=admin,
        **{**_settings(programme), "email_domain": "acme.test", "join_by_domain": True},
    )
    outsider = MemberFactory(email="someone@acme.test", verified=False)
    client.force_login(outsider)

    response = client.post(reverse("mentoring:programme_join_domain", args=[programme.pk]))

    assert response.status_code == 404
    assert not programme.memberships.filter(member=outsider).exists()


def _settings(programme: Programme) -> dict:
    return {
        "name": programme.name,
        "description": programme.description,
        "starts_on": programme.starts_on,
        "ends_on": programme.ends_on,
        "guidance": programme.guidance,
        "checkin_cadence": programme.checkin_cadence,
        "paths": programme.paths,
        "email_domain": programme.email_domain,
        "join_by_domain": programme.join_by_domain,
    }


def test_a_domain_rule_for_a_domain_the_admin_has_no_verified_address_at_is_refused(
    admin_client, programme
):
    data = {
        **_settings(programme),
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": "",
        "email_domain": "bigbank.test",
        "join_by_domain": "on",
    }

    response = admin_client.post(reverse("mentoring:programme_settings", args=[programme.pk]), data)

    assert "Add and verify an address of your own at bigbank.test" in response.content.decode()
    assert 'value="bigbank.test"' in response.content.decode()
    programme.refresh_from_db()
    assert (programme.email_domain, programme.join_by_domain) == ("", False)


def test_an_unverified_address_of_the_admins_own_does_not_prove_the_domain(programme, admin):
    EmailAddress.objects.create(user=admin, email="ada@bigbank.test", verified=False)

    with pytest.raises(Refused, match=r"verify an address of your own at bigbank\.test"):
        programmes.programme_update(
            programme=programme,
            by=admin,
            **{**_settings(programme), "email_domain": "bigbank.test", "join_by_domain": True},
        )


def test_a_domain_anyone_can_have_an_address_at_is_refused(programme, admin):
    EmailAddress.objects.create(user=admin, email="ada@gmail.com", verified=True)

    with pytest.raises(Refused, match=r"Anyone can have an address at gmail\.com"):
        programmes.programme_update(
            programme=programme,
            by=admin,
            **{**_settings(programme), "email_domain": "gmail.com", "join_by_domain": True},
        )


# Leaving, and the last admin


def test_a_member_leaves_at_any_time(client, programme):
    member = MemberFactory()
    join(programme, member)
    client.force_login(member)

    response = client.post(reverse("mentoring:programme_leave", args=[programme.pk]))

    assert response.status_code == 302
    assert not programme.memberships.filter(member=member).exists()


def test_the_last_admin_cannot_leave_and_is_told_how_to(admin_client, admin, programme):
    response = admin_client.post(
        reverse("mentoring:programme_leave", args=[programme.pk]), follow=True
    )

    assert "You are the programme&#x27;s last admin" in response.content.decode()
    assert programme.memberships.admins().get().member == admin


def test_an_admin_closes_the_programme_and_its_members_keep_their_own_data(admin_client, programme):
    member = MemberFactory()
    join(programme, member)
    goal = GoalFactory(member=member)

    response = admin_client.post(reverse("mentoring:programme_close", args=[programme.pk]))

    assert response.status_code == 302
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not ProgrammeMembership.objects.filter(member=member).exists()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_an_admin_can_leave_once_a_co_admin_is_there(admin, programme):
    co_admin = MemberFactory()
    programmes.programme_join(
        member=co_admin, code_text=programmes.code_create(programme=programme, role="admin").code
    )

    programmes.programme_leave(membership=programme.memberships.get(member=admin))

    assert list(programme.memberships.admins().values_list("member", flat=True)) == [co_admin.pk]


def test_an_admin_cannot_remove_themselves(admin_client, admin, programme):
    own = programme.memberships.get(member=admin)

    response = admin_client.post(
        reverse("mentoring:programme_admin_remove", args=[programme.pk, own.pk]), follow=True
    )

    assert "You cannot remove yourself as an admin" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_an_admin_removes_a_co_admin_who_stays_a_member(admin_client, programme):
    co_admin = MemberFactory()
    programmes.programme_join(
        member=co_admin, code_text=programmes.code_create(programme=programme, role="admin").code
    )
    theirs = programme.memberships.get(member=co_admin)

    admin_client.post(reverse("mentoring:programme_admin_remove", args=[programme.pk, theirs.pk]))

    theirs.refresh_from_db()
    assert theirs.role == Role.MEMBER


# The mentor pool


def test_a_member_opts_in_as_a_pool_mentor_only_with_a_mentor_profile(client, programme):
    member = MemberFactory()
    join(programme, member)
    client.force_login(member)
    url = reverse("mentoring:programme_pool", args=[programme.pk])

    refused = client.post(url, {"in_pool": "on"}, follow=True)
    assert "Write your mentor profile first" in refused.content.decode()
    MentorProfileFactory(user=member)
    client.post(url, {"in_pool": "on"})

    assert programme.memberships.get(member=member).in_pool


def test_finding_a_mentor_inside_a_programme_ranks_the_pool_first_and_says_so(client, programme):
    seeker = MemberFactory()
    pool_mentor = MentorProfileFactory(user__display_name="Pia Pool", expertise=[]).user
    strangers = [
        MentorProfileFactory(expertise=["writing", "speaking"], years_experience=30)
        for _ in range(6)
    ]
    join(programme, seeker, pool_mentor)
    programmes.pool_set(membership=programme.memberships.get(member=pool_mentor), in_pool=True)

    found = find_mentors(seeker, [], pool=programmes.pool_mentor_ids(seeker))
    client.force_login(seeker)
    page = client.get(reverse("mentoring:mentor_find")).content.decode()

    assert found.suggestions[0].mentor.id == pool_mentor.pk
    assert len(found.suggestions) == 5
    assert {s.mentor.id for s in found.suggestions[1:]} <= {s.user_id for s in strangers}
    assert "Mentors from the mentor pool of Data academy come first" in page
    assert page.index("Pia Pool") < page.index(strangers[0].user.display_name) or (
        strangers[0].user.display_name not in page
    )


def test_a_member_in_no_programme_finds_mentors_as_before(client):
    seeker = MemberFactory()
    MentorProfileFactory()
    client.force_login(seeker)

    page = client.get(reverse("mentoring:mentor_find")).content.decode()

    assert "mentor pool" not in page


# What admins see


def active_member(programme: Programme, *, progress: float, reflected: bool = True) -> User:
    """A member who took the skills assessment (short in writing), aims for one role, and
    works on a goal `progress` done."""
    member = MemberFactory()
    join(programme, member)
    completed_attempt(member, "skills", lambda item: 4 if item.facet == "target" else 3)
    CareerDirection.objects.create(member=member, target_code="15-1241.00")
    goal = GoalFactory(member=member)
    done = round(progress * 10)
    for number in range(10):
        TaskFactory(goal=goal, effort_hours=1, status="done" if number < done else "open")
    if reflected:
        ReflectionFactory(member=member, completed_at=timezone.now())
    return member


def test_admins_see_counts_of_five_or_more_and_fewer_than_5_for_smaller_groups(
    admin_client, programme
):
    for progress in (0.1, 0.2, 0.5, 0.6, 0.9):
        active_member(programme, progress=progress, reflected=progress > 0.5)

    page = admin_client.get(reverse("mentoring:programme_overview", args=[programme.pk]))
    counts = page.context["overview"].counts

    assert str(counts.joined) == "6"  # five members and the admin
    assert str(counts.assessed) == "5"
    assert str(counts.planning) == "5"
    assert str(counts.reflected) == FEWER
    assert counts.median_shown == "50%"
    assert [gap.members for gap in counts.skills_gaps] == [5] * 5
    assert [(role.name, role.members) for role in counts.target_roles] == [
        ("Computer Network Architects", 5)
    ]
    text = page.content.decode()
    assert "fewer than 5" in text
    assert "Computer Network Architects" in text


def test_a_programme_of_four_shows_no_figure_and_no_skill_or_role(programme):
    for _ in range(3):
        active_member(programme, progress=0.5)

    counts = programme_counts(programme, MONTH_START)

    assert [str(counts.joined), str(counts.assessed), counts.median_shown] == [FEWER] * 3
    assert counts.skills_gaps == []
    assert counts.target_roles == []


def test_the_overview_shows_nothing_a_member_wrote(admin_client, programme):
    members = [active_member(programme, progress=0.5) for _ in range(5)]
    goal = Goal.objects.filter(member=members[0]).get()
    goal.title = "Secret plan to leave by spring"
    goal.save()
    reflection = members[1].reflections.get()
    reflection.what_worked = "My manager is the problem"
    reflection.save()

    page = admin_client.get(reverse("mentoring:programme_overview", args=[programme.pk]))

    text = page.content.decode()
    assert "Secret plan" not in text
    assert "My manager" not in text
    assert all(str(member) not in text for member in members)


def test_admins_see_how_loaded_the_pool_is(admin_client, programme):
    mentor = MentorProfileFactory(user__display_name="Pia Pool", capacity=3).user
    join(programme, mentor)
    programmes.pool_set(membership=programme.memberships.get(member=mentor), in_pool=True)
    MentorshipFactory(mentor=mentor, share_reflections=True)
    MentorshipRequest.objects.create(member=MemberFactory(), mentor=mentor, message="Please")

    page = admin_client.get(reverse("mentoring:programme_overview", args=[programme.pk]))

    pool = page.context["pool"]
    assert (pool.mentees, pool.waiting, pool.mentees_per_mentor) == (1, 1, "1.0")
    assert "Pia Pool" in page.content.decode()


def overview_queries(client, programme, django_assert_num_queries, count: int) -> None:
    with django_assert_num_queries(count):
        assert (
            client.get(reverse("mentoring:programme_overview", args=[programme.pk])).status_code
            == 200
        )


@pytest.mark.parametrize("size", [5, 50])
def test_the_overview_runs_the_same_number_of_queries_for_5_and_50_members(
    admin_client, programme, django_assert_num_queries, size
):
    for number in range(size):
        active_member(programme, progress=number / size, reflected=number % 2 == 0)
    mentor = MentorProfileFactory().user
    join(programme, mentor)
    programmes.pool_set(membership=programme.memberships.get(member=mentor), in_pool=True)

    # Session, user, membership, its size, the head counts, progress, skills gaps, roles,
    # the pool.
    overview_queries(admin_client, programme, django_assert_num_queries, 9)


@pytest.mark.parametrize("size", [5, 50])
def test_a_large_programmes_overview_reads_its_snapshot_in_as_few_queries_at_any_size(
    admin_client, programme, django_assert_num_queries, settings, size
):
    settings.PROGRAMME_LIVE_COUNTS_UP_TO = 1
    for number in range(size):
        active_member(programme, progress=number / size)
    assert programme_counts_module.snapshots_refresh() == 1

    # Session, user, membership, its size, the snapshot, the pool.
    overview_queries(admin_client, programme, django_assert_num_queries, 6)
    page = admin_client.get(reverse("mentoring:programme_overview", args=[programme.pk]))
    assert str(page.context["overview"].counts.assessed) == (FEWER if size < 5 else str(size))
    assert "Figures as of" in page.content.decode()


def test_a_snapshot_is_made_again_only_once_it_is_old(programme, settings):
    settings.PROGRAMME_LIVE_COUNTS_UP_TO = 1
    join(programme, MemberFactory())
    assert programme_counts_module.snapshots_refresh() == 1
    assert programme_counts_module.snapshots_refresh() == 0

    later = timezone.now() + timedelta(seconds=settings.PROGRAMME_COUNTS_MAX_AGE + 1)
    assert programme_counts_module.snapshots_refresh(now=later) == 1


def test_a_large_programme_without_a_snapshot_yet_says_its_figures_are_coming(
    admin_client, programme, settings
):
    settings.PROGRAMME_LIVE_COUNTS_UP_TO = 0

    page = admin_client.get(reverse("mentoring:programme_overview", args=[programme.pk]))

    assert "being worked out" in page.content.decode()


# Check-ins


def test_a_check_in_goes_out_at_nine_in_the_members_zone_through_the_outbox(programme):
    member = MemberFactory(time_zone="America/New_York")
    join(programme, member)
    due = programme.memberships.get(member=member).next_checkin_at
    assert due.astimezone(member.zone).hour == 9
    assert due.astimezone(member.zone).day == 15

    with time_machine.travel(due + timedelta(minutes=1)):
        recorded = programmes.checkins_sweep()
        again = programmes.checkins_sweep()
        deliveries_send(delivery_ids=Delivery.objects.values_list("pk", flat=True))

    assert recorded >= 1
    assert again == 0
    sent = [message for message in mail.outbox if message.to == [member.email]]
    assert len(sent) == 1
    assert sent[0].subject.endswith("Check-in time: Data academy")
    assert "List-Unsubscribe" in sent[0].extra_headers
    assert programme.memberships.get(member=member).next_checkin_at > due


def test_a_member_who_stopped_check_ins_gets_none_and_their_schedule_moves_on(programme):
    member = MemberFactory()
    join(programme, member)
    EmailOptOut.objects.create(member=member, topic=Topic.PROGRAMME_CHECKINS)
    due = programme.memberships.get(member=member).next_checkin_at

    with time_machine.travel(due + timedelta(minutes=1)):
        programmes.checkins_sweep()

    assert not Delivery.objects.filter(member=member).exists()
    assert programme.memberships.get(member=member).next_checkin_at > due


def test_a_member_who_left_before_the_check_in_was_sent_gets_nothing(programme):
    member = MemberFactory()
    join(programme, member)
    due = programme.memberships.get(member=member).next_checkin_at
    with time_machine.travel(due + timedelta(minutes=1)):
        programmes.checkins_sweep()
        programmes.programme_leave(membership=programme.memberships.get(member=member))
        deliveries_send(delivery_ids=Delivery.objects.values_list("pk", flat=True))

    assert Delivery.objects.get(member=member).status == Delivery.Status.SKIPPED
    assert not [message for message in mail.outbox if message.to == [member.email]]


def test_the_unsubscribe_link_of_a_check_in_stops_them(client, programme):
    from careerdev.emails import Unsubscribe

    member = MemberFactory()
    join(programme, member)

    client.post(
        reverse("unsubscribe", args=[Unsubscribe(member.pk, Topic.PROGRAMME_CHECKINS).token()])
    )

    assert EmailOptOut.objects.filter(member=member, topic=Topic.PROGRAMME_CHECKINS).exists()


def test_a_member_turns_check_ins_off_and_on_in_their_reminder_settings(client, programme):
    member = MemberFactory()
    join(programme, member)
    client.force_login(member)
    url = reverse("reminder_settings")
    page = client.get(url)
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not False and name != "programme_checkins"
    }

    client.post(url, data)
    assert EmailOptOut.objects.filter(member=member, topic=Topic.PROGRAMME_CHECKINS).exists()
    client.post(url, {**data, "programme_checkins": "on"})
    assert not EmailOptOut.objects.filter(member=member, topic=Topic.PROGRAMME_CHECKINS).exists()


def test_changing_the_cadence_moves_every_members_next_check_in(programme, admin):
    members = [MemberFactory(time_zone=zone) for zone in ("Asia/Tokyo", "Europe/London")]
    join(programme, *members)

    programmes.programme_update(
        programme=programme, by=admin, **{**_settings(programme), "checkin_cadence": "weekly"}
    )

    for membership in ProgrammeMembership.objects.filter(member__in=members):
        local = membership.next_checkin_at.astimezone(membership.member.zone)
        assert (local.weekday(), local.hour) == (0, 9)
    programmes.programme_update(
        programme=programme, by=admin, **{**_settings(programme), "checkin_cadence": ""}
    )
    assert not programme.memberships.filter(next_checkin_at__isnull=False).exists()


# Account deletion


def test_deleting_the_only_members_account_deletes_the_programme_and_others_stay(admin):
    from careerdev.privacy import account_delete

    alone = make_programme(admin, name="Alone")
    shared = make_programme(admin, name="Shared")
    join(shared, MemberFactory())

    account_delete(member=admin)

    assert not Programme.objects.filter(pk=alone.pk).exists()
    assert Programme.objects.filter(pk=shared.pk).exists()
