"""Delete my account: after confirming it is them, every row of the member's data goes.

The rows are counted in every table with a path to a member (tests.member_data), so a table
added later is counted too.
"""

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.db.models import Q
from django.forms.models import model_to_dict
from django.urls import reverse

from careerdev.models import Delivery, User
from careerdev.privacy import account_delete
from careerdev.reminders import deliveries_send
from careerdev.tests.factories import PASSWORD
from mentoring.models import FORMER_MEMBER, Comment, Mentorship
from plans.models import Goal
from tests.member_data import label, member_models, rows_of, world_with_full_data

pytestmark = pytest.mark.django_db


def rows_by_table(user: User, besides: User | None = None) -> dict[str, dict[int, dict]]:
    """Every row that reaches `user` (and not `besides`), table by table, as its values."""
    found = {}
    for model in member_models():
        rows = rows_of(model, user.pk)
        if besides is not None:
            rows = rows.exclude(pk__in=rows_of(model, besides.pk).values("pk"))
        found[label(model)] = {row.pk: model_to_dict(row) for row in rows}
    return found


def rows_naming(addresses: set[str]) -> dict[str, int]:
    """Rows anywhere with one of the addresses in an e-mail field (invitations, e-mails)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.EmailField):
                named = Q(pk__in=[])
                for address in addresses:
                    named |= Q(**{f"{field.name}__iexact": address})
                found[f"{label(model)}.{field.name}"] = model._default_manager.filter(named).count()
    return found


def counts(user_id: int) -> dict[str, int]:
    return {label(model): rows_of(model, user_id).count() for model in member_models()}


def test_deleting_an_account_leaves_none_of_its_rows_and_everyone_elses_as_they_were():
    world = world_with_full_data()
    member, other, mentor = world["member"], world["other"], world["mentor"]
    member_id = member.pk
    addresses = set(member.emailaddress_set.values_list("email", flat=True))
    assert all(counts(member_id).values())
    assert rows_naming(addresses)["mentoring.Invitation.email"]
    others_before = {person.pk: rows_by_table(person, besides=member) for person in (other, mentor)}

    account_delete(member=member)

    assert counts(member_id) == dict.fromkeys(counts(member_id), 0)
    assert rows_naming(addresses) == dict.fromkeys(rows_naming(addresses), 0)
    assert not User.objects.filter(pk=member_id).exists()
    for person in (other, mentor):
        after = rows_by_table(person)
        for table, rows in others_before[person.pk].items():
            assert {pk: after[table].get(pk) for pk in rows} == rows, table


def test_comments_left_on_other_members_plans_stay_credited_to_a_former_member(client):
    world = world_with_full_data()
    member, other = world["member"], world["other"]
    left = Comment.objects.get(author=member, owner=other, body="Nice step")

    account_delete(member=member)

    left.refresh_from_db()
    assert left.author is None
    assert left.body == "Nice step"
    assert left.replies.get().body == "Thank you"
    client.force_login(other)
    page = client.get(reverse("plans:goal_detail", args=[left.goal_id])).text
    assert "Nice step" in page
    assert FORMER_MEMBER in page
    assert "Maria Member" not in page


def test_mentor_access_goes_both_ways(client):
    world = world_with_full_data()
    member, other, mentor = world["member"], world["other"], world["mentor"]
    shared_with_member = Mentorship.objects.get(member=other, mentor=member).goals.get()

    account_delete(member=member)

    assert not Mentorship.objects.filter(member=other).exists()
    assert not Mentorship.objects.filter(mentor=mentor).exists()
    client.force_login(other)
    assert "Maria Member" not in client.get(reverse("mentoring:home")).text
    assert Goal.objects.filter(pk=shared_with_member.pk).exists()


def test_pending_emails_to_the_member_are_cancelled():
    world = world_with_full_data()
    member = world["member"]
    pending = list(Delivery.objects.pending().filter(member=member).values_list("pk", flat=True))
    pending += Delivery.objects.filter(address__iexact=member.email).values_list("pk", flat=True)
    assert len(pending) == 2

    account_delete(member=member)
    sent = deliveries_send(delivery_ids=pending)

    assert not Delivery.objects.filter(pk__in=pending).exists()
    assert sent == {"not claimed": 2}
    assert mail.outbox == []


# Through the pages: re-authentication first


def test_the_delete_page_asks_for_the_password_first_then_deletes_and_logs_out(client):
    member = world_with_full_data()["member"]
    client.force_login(member)
    url = reverse("account_delete")

    asked = client.get(url)
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    confirmed = client.post(asked.url, {"password": PASSWORD}, follow=True)
    assert "Delete your account" in confirmed.text

    response = client.post(url, {"confirm": "on"}, follow=True)

    assert not User.objects.filter(pk=member.pk).exists()
    assert "Your account and all your data are deleted." in response.text
    assert not response.context["user"].is_authenticated
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_wrong_password_deletes_nothing(client):
    member = world_with_full_data()["member"]
    client.force_login(member)

    asked = client.post(reverse("account_delete"), {"confirm": "on"})
    response = client.post(asked.url, {"password": "not-the-password"})

    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_deleting_without_ticking_the_box_deletes_nothing_and_says_why(client):
    member = world_with_full_data()["member"]
    client.force_login(member)
    asked = client.get(reverse("account_delete"))
    client.post(asked.url, {"password": PASSWORD})

    response = client.post(reverse("account_delete"), {})

    assert response.status_code == 200
    assert "Tick the box to confirm" in response.text
    assert User.objects.filter(pk=member.pk).exists()
