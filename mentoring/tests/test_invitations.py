"""Inviting a mentor by e-mail: the token, the refusals, and every way a link is used."""

import datetime as dt
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from careerdev.models import User
from careerdev.tests.factories import PASSWORD, MemberFactory
from mentoring import services
from mentoring.models import Invitation, Mentorship, token_hash
from mentoring.tests.factories import InvitationFactory, MentorshipFactory
from plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db


def invite(client, **data):
    values = {"email": "mentor@example.org", "message": "Would you look at my plan?"}
    return client.post(reverse("mentoring:invite"), values | data)


def link_in(message) -> str:
    return re.search(r"https?://\S+/mentoring/join/\S+/", message.body).group(0)


def token_in(message) -> str:
    return link_in(message).rstrip("/").rsplit("/", 1)[-1]


def test_an_invitation_is_mailed_with_a_link_whose_token_is_stored_only_hashed(
    member_client, member, goal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(member_client, goals=[goal.pk], message="Could you help me?")

    assertRedirects(response, reverse("mentoring:home"))
    invitation = Invitation.objects.get()
    (message,) = mail.outbox
    token = token_in(message)
    assert message.to == ["mentor@example.org"]
    assert "Could you help me?" in message.body
    assert len(token) >= 40
    assert invitation.token_hash == token_hash(token)
    assert token not in str(Invitation.objects.values().get())
    assert list(invitation.goals.all()) == [goal]
    assert message.alternatives[0][1] == "text/html"


def test_an_invitation_expires_after_the_days_set(member, goal, settings):
    settings.MENTORING_INVITATION_DAYS = 3
    before = timezone.now()

    invitation, _ = services.invitation_send(
        member=member,
        email="mentor@example.org",
        message="",
        goals=[goal],
        share_summary=False,
        share_reflections=False,
    )

    assert invitation.expires_at - before == pytest.approx(
        dt.timedelta(days=3), abs=dt.timedelta(seconds=5)
    )


def test_the_invite_form_preselects_the_goal_it_was_opened_from(member_client, goal):
    response = member_client.get(reverse("mentoring:invite"), {"goal": goal.pk})

    assert response.context["form"]["goals"].initial == [goal]


def test_inviting_from_the_profile_preselects_the_summary_and_active_goals(member_client, goal):
    response = member_client.get(reverse("mentoring:invite"), {"scope": "profile"})

    form = response.context["form"]
    assert form["share_summary"].initial is True
    assert form["goals"].initial == [goal]


def test_inviting_yourself_is_refused_with_a_message(member_client, member, goal):
    response = invite(member_client, email=member.email.upper(), goals=[goal.pk])

    assertContains(response, "That is your own address")
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_an_invalid_address_is_refused_and_the_message_is_kept(member_client, goal):
    response = invite(member_client, email="not-an-address", goals=[goal.pk], message="Kept text")

    assertContains(response, "Enter a valid email address")
    assertContains(response, "Kept text")
    assert not Invitation.objects.exists()


def test_an_over_long_message_is_refused(member_client, goal):
    response = invite(member_client, goals=[goal.pk], message="x" * 501)

    assertContains(response, "at most 500 characters")
    assert not Invitation.objects.exists()


def test_an_invitation_that_shares_nothing_is_refused(member_client):
    response = invite(member_client)

    assertContains(response, "Choose at least one thing the mentor may see.")
    assert not Invitation.objects.exists()


def test_sharing_another_members_goal_is_refused(member_client, other_member):
    theirs = GoalFactory(member=other_member)

    response = invite(member_client, goals=[theirs.pk])

    assertContains(response, "Select a valid choice")
    assert not Invitation.objects.exists()


def test_inviting_a_current_mentor_again_points_to_the_sharing_page(member_client, member, goal):
    mentorship = MentorshipFactory(member=member, goals=[goal])

    response = invite(member_client, email=mentorship.mentor.email, goals=[goal.pk])

    assertContains(response, "already mentors you")
    assert not Invitation.objects.exists()


def test_inviting_the_same_address_twice_refreshes_the_first_invitation(
    member_client, member, goal, django_capture_on_commit_callbacks
):
    second_goal = GoalFactory(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        invite(member_client, goals=[goal.pk])
    first_token = token_in(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=10)):
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(member_client, email="Mentor@Example.org", goals=[second_goal.pk])
        invitation = Invitation.objects.get()
        assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)

    assert "already invited" in str(list(response.wsgi_request._messages))
    assert list(invitation.goals.all()) == [second_goal]
    assert len(mail.outbox) == 2
    assert services.invitation_by_token(first_token) is None
    assert services.invitation_by_token(token_in(mail.outbox[1])) == invitation


UNREACHABLE_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},  # nothing listens on port 1
    }
}


def test_an_invitation_that_cannot_be_sent_says_so_and_saves_nothing(member_client, goal, settings):
    settings.MAILERS = UNREACHABLE_SMTP

    response = invite(member_client, goals=[goal.pk], message="Could you help me?")

    assert response.status_code == 200
    assertContains(response, "Nothing was sent: the e-mail to mentor@example.org could not go")
    assertContains(response, "Could you help me?")
    assertNotContains(response, "Invitation sent")
    assert not Invitation.objects.exists()


def test_a_refreshed_invitation_that_cannot_be_sent_leaves_the_earlier_link_working(
    member_client, member, goal, settings
):
    invite(member_client, goals=[goal.pk])
    first_token = token_in(mail.outbox[0])
    settings.MAILERS = UNREACHABLE_SMTP

    response = invite(member_client, goals=[goal.pk])

    assertContains(response, "Nothing was sent")
    assert services.invitation_by_token(first_token) == Invitation.objects.get()


def test_the_invitation_does_not_link_to_reminder_settings_the_invitee_does_not_have(
    member_client, goal
):
    invite(member_client, goals=[goal.pk])

    (message,) = mail.outbox
    assert "/settings/reminders/" not in message.body
    assert "/settings/reminders/" not in message.alternatives[0][0]
    assert "Reminder settings" not in message.body


def test_a_member_whose_name_holds_a_line_break_still_sends_an_invitation(
    member_client, member, goal
):
    # Saved before names were kept to one line.
    User.objects.filter(pk=member.pk).update(display_name="Ada\r\nBcc: eve@example.org")

    response = invite(member_client, goals=[goal.pk])

    assertRedirects(response, reverse("mentoring:home"))
    (message,) = mail.outbox
    assert message.subject == "Ada Bcc: eve@example.org invites you to mentor them on careerdev"
    assert message.recipients() == ["mentor@example.org"]


def test_a_visitor_with_a_valid_link_sees_the_invitation_and_ways_in(client, goal):
    invitation = InvitationFactory(member=goal.member, token="valid-token", goals=[goal])

    response = client.get(reverse("mentoring:invitation", args=["valid-token"]))

    assertContains(response, f"{goal.member} invites you to be their mentor")
    assertContains(response, goal.title)
    assertContains(response, f"Create your account as {invitation.email}")
    assert not Mentorship.objects.exists()


def test_signing_up_through_the_link_verifies_the_address_accepts_and_lands_on_the_goal(
    client, goal
):
    invitation = InvitationFactory(
        member=goal.member, email="new.mentor@example.org", token="valid-token", goals=[goal]
    )
    join = reverse("mentoring:invitation", args=["valid-token"])
    client.get(join)

    signup = client.get(reverse("account_signup"), {"next": join})
    assert signup.context["form"]["email"].initial == "new.mentor@example.org"
    response = client.post(
        f"{reverse('account_signup')}?next={join}",
        {
            "email": "new.mentor@example.org",
            "display_name": "New Mentor",
            "time_zone": "Europe/Paris",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": join,
        },
        follow=True,
    )

    mentor = User.objects.get(email="new.mentor@example.org")
    assert EmailAddress.objects.get(user=mentor).verified
    assertRedirects(response, reverse("mentoring:shared_goal", args=[goal.pk]))
    assertContains(response, goal.title)
    invitation.refresh_from_db()
    assert invitation.accepted_by == mentor
    assert Mentorship.objects.active().get(mentor=mentor).member == goal.member
    assert not mail.outbox, "no separate confirmation e-mail is needed"


def test_signing_up_with_another_address_needs_the_usual_confirmation_and_grants_nothing(
    client, goal
):
    InvitationFactory(member=goal.member, email="invited@example.org", token="valid-token")
    join = reverse("mentoring:invitation", args=["valid-token"])
    client.get(join)

    client.post(
        reverse("account_signup"),
        {
            "email": "someone.else@example.org",
            "display_name": "Someone Else",
            "time_zone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    person = User.objects.get(email="someone.else@example.org")
    assert not EmailAddress.objects.get(user=person).verified
    assert not Mentorship.objects.exists()
    assert "confirm" in mail.outbox[0].subject.lower()


def test_a_member_with_an_account_logs_in_and_accepts(client, goal, other_member):
    InvitationFactory(
        member=goal.member, email=other_member.email, token="valid-token", goals=[goal]
    )
    join = reverse("mentoring:invitation", args=["valid-token"])

    response = client.post(
        f"{reverse('account_login')}?next={join}",
        {"login": other_member.email, "password": PASSWORD, "next": join},
        follow=True,
    )
    assertContains(response, "Accept and see what")
    response = client.post(
        reverse("mentoring:invitation_accept", args=["valid-token"]), follow=True
    )

    assertRedirects(response, reverse("mentoring:shared_goal", args=[goal.pk]))
    assert Mentorship.objects.active().filter(mentor=other_member, member=goal.member).exists()


def test_accepting_adds_to_what_a_current_mentor_already_sees(member, goal, other_member):
    second = GoalFactory(member=member)
    mentorship = MentorshipFactory(member=member, mentor=other_member, goals=[goal])
    invitation = InvitationFactory(member=member, goals=[second], share_summary=True)

    assert services.invitation_accept(invitation=invitation, user=other_member) == mentorship
    mentorship.refresh_from_db()
    assert set(mentorship.goals.all()) == {goal, second}
    assert mentorship.share_summary


@pytest.mark.parametrize(
    ("state", "heading", "status"),
    [
        ("used", "already been used", 410),
        ("expired", "has expired", 410),
        ("revoked", "was cancelled", 410),
        ("forged", "do not recognise this invitation", 404),
    ],
)
def test_a_used_expired_revoked_or_forged_link_gets_a_clear_page_and_grants_nothing(
    client, member, goal, other_member, state, heading, status
):
    invitation = InvitationFactory(member=member, token="the-token", goals=[goal])
    if state == "used":
        services.invitation_accept(invitation=invitation, user=MemberFactory())
    elif state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif state == "revoked":
        services.invitation_revoke(invitation=invitation)
    token = "a-forged-token" if state == "forged" else "the-token"
    mentorships = Mentorship.objects.count()
    client.force_login(other_member)

    shown = client.get(reverse("mentoring:invitation", args=[token]))
    accepted = client.post(reverse("mentoring:invitation_accept", args=[token]))

    assert shown.status_code == accepted.status_code == status
    assertContains(shown, heading, status_code=status)
    assertNotContains(shown, "Accept and see", status_code=status)
    assert Mentorship.objects.count() == mentorships
    assert not Mentorship.objects.filter(mentor=other_member).exists()


def test_an_expired_link_grants_nothing_even_to_a_new_account(client, goal):
    InvitationFactory(member=goal.member, email="late@example.org", token="old-token")
    join = reverse("mentoring:invitation", args=["old-token"])
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.get(join)

    assert response.status_code == 410
    assert "account_verified_email" not in client.session


def test_the_owner_opening_their_own_link_cannot_accept_it(member_client, member, goal):
    InvitationFactory(member=member, token="own-token", goals=[goal])

    response = member_client.post(reverse("mentoring:invitation_accept", args=["own-token"]))

    assertContains(response, "This is your own invitation")
    assert not Mentorship.objects.exists()


def test_the_owner_cancels_a_pending_invitation(member_client, member):
    invitation = InvitationFactory(member=member, token="cancel-me")

    member_client.post(reverse("mentoring:invitation_revoke", args=[invitation.pk]))

    assert services.invitation_by_token("cancel-me").revoked_at is not None


def test_other_member_gets_404_cancelling_an_invitation(other_client, member):
    invitation = InvitationFactory(member=member)

    response = other_client.post(reverse("mentoring:invitation_revoke", args=[invitation.pk]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_mentors_page_lists_pending_invitations_with_their_state(member_client, member):
    InvitationFactory(member=member, email="pending@example.org")
    InvitationFactory(
        member=member,
        email="late@example.org",
        expires_at=timezone.now() - dt.timedelta(days=1),
    )

    response = member_client.get(reverse("mentoring:home"))

    assertContains(response, "pending@example.org")
    assertContains(response, "Waiting for an answer")
    assertContains(response, "Expired")
