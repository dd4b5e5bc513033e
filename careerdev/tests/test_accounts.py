import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from careerdev.models import User
from careerdev.tests.factories import PASSWORD, MemberFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def signup(client, email="new.person@example.com", password=PASSWORD, **extra):
    data = {
        "email": email,
        "display_name": "New Person",
        "time_zone": "Europe/Berlin",
        "password1": password,
        "password2": password,
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def link_in_last_email() -> str:
    return LINK.search(mail.outbox[-1].body).group(0)


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_sends_a_verification_email(client):
    response = signup(client)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "New Person"
    assert user.time_zone == "Europe/Berlin"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert "/accounts/confirm-email/" in link_in_last_email()


def test_the_verification_link_verifies_the_address(client):
    signup(client)
    link = link_in_last_email()

    page = client.get(link)
    assert b"Confirm your e-mail address" in page.content
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.com").verified


def test_an_unverified_member_cannot_reach_the_dashboard(client):
    signup(client)

    assert client.get(reverse("dashboard")).url.startswith(reverse("account_login"))
    response = log_in(client, "new.person@example.com")

    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("dashboard")).url.startswith(reverse("account_login"))


def test_a_verified_member_logs_in_and_out(client):
    member = MemberFactory()

    response = log_in(client, member.email)
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200

    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).url.startswith(reverse("account_login"))


def test_password_reset_sets_a_new_password(client):
    member = MemberFactory()

    client.post(reverse("account_reset_password"), {"email": member.email})
    assert mail.outbox[-1].to == [member.email]
    key_page = client.get(link_in_last_email(), follow=True)
    new_password = "another-Good-passphrase-7"
    response = client.post(
        key_page.redirect_chain[-1][0] if key_page.redirect_chain else link_in_last_email(),
        {"password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert log_in(client, member.email, new_password).url == reverse("dashboard")


def test_email_change_takes_effect_once_the_new_address_is_verified(client):
    member = MemberFactory()
    client.force_login(member)

    client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.com"})
    assert mail.outbox[-1].to == ["moved@example.com"]
    client.post(link_in_last_email())

    member.refresh_from_db()
    assert member.email == "moved@example.com"


def test_a_duplicate_email_is_refused_on_the_form_and_nothing_is_lost(client):
    MemberFactory(email="taken@example.com")

    response = signup(client, email="taken@example.com")

    assert response.status_code == 200
    assert "already registered" in response.text
    assert 'value="New Person"' in response.text
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_a_weak_password_is_refused_with_its_reason(client):
    response = signup(client, password="password")

    assert response.status_code == 200
    assert "too common" in response.text
    assert 'value="new.person@example.com"' in response.text
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_an_expired_verification_link_says_so_and_verifies_nothing(client):
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        signup(client)
        link = link_in_last_email()
    with time_machine.travel("2026-03-10 09:00Z", tick=False):
        page = client.get(link)
        client.post(link)

    assert "expired" in page.text
    assert not EmailAddress.objects.get(email="new.person@example.com").verified


def test_logging_in_after_the_link_expired_sends_a_fresh_link(client):
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        signup(client)
    with time_machine.travel("2026-03-10 09:00Z", tick=False):
        log_in(client, "new.person@example.com")
        client.post(link_in_last_email())

    assert len(mail.outbox) == 2
    assert EmailAddress.objects.get(email="new.person@example.com").verified


def test_a_wrong_password_is_refused_with_a_message_and_the_email_is_kept(client):
    member = MemberFactory()

    response = log_in(client, member.email, "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.text
    assert f'value="{member.email}"' in response.text


def test_repeated_wrong_passwords_are_rate_limited(client):
    member = MemberFactory()

    for _ in range(5):
        log_in(client, member.email, "wrong")
    response = log_in(client, member.email, PASSWORD)

    assert "Too many failed login attempts" in response.text
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_password_rules_on_the_sign_up_page_are_a_list_in_a_block_not_in_small_print(client):
    page = client.get(reverse("account_signup")).content.decode()

    help_block = re.search(r'<(\w+) class="helptext" id="id_password1_helptext">', page)
    assert help_block.group(1) == "div"
    assert "<ul>" in page[help_block.end() :].split("</div>")[0]
    # Phrasing content only inside <small>: a list there is invalid HTML.
    assert not re.search(r"<small[^>]*>(?:(?!</small>).)*<ul", page, re.DOTALL)


def test_account_emails_have_an_html_part_too_with_the_same_link_on_the_site_address(
    client, settings
):
    settings.SITE_URL = "https://careerdev.example.com"
    member = MemberFactory()

    signup(client)
    client.post(reverse("account_reset_password"), {"email": member.email})

    verification, reset = mail.outbox
    assert verification.subject == "[careerdev] Confirm your e-mail address"
    assert reset.subject == "[careerdev] Reset your password"
    for message in (verification, reset):
        [(html, mime)] = message.alternatives
        link = LINK.search(message.body).group(0)
        assert mime == "text/html"
        assert link.startswith("https://careerdev.example.com/accounts/")
        assert f'href="{link}"' in html
        assert f"<title>{message.subject}</title>" in html
