import io
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


def test_the_verification_link_printed_by_the_console_backend_works_as_printed(client, settings):
    printed = io.StringIO()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.console.EmailBackend",
            "OPTIONS": {"stream": printed},
        }
    }

    signup(client)
    output = printed.getvalue()
    text_part = output.split("Content-Type: text/html", 1)[0]
    (link,) = re.findall(r"https?://\S+/accounts/confirm-email/\S*", text_part)

    assert "Content-Transfer-Encoding: 8bit" in text_part
    assert "quoted-printable" not in text_part
    assert not link.endswith("=")
    assert "Confirm your e-mail address" in client.get(link).content.decode()
    client.post(link)
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
    assert response.url == reverse("welcome")
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
    assert log_in(client, member.email, new_password).url == reverse("welcome")


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


# Password reset tells a stranger nothing


def test_password_reset_answers_alike_for_an_address_with_and_without_an_account(client):
    member = MemberFactory()

    known = client.post(reverse("account_reset_password"), {"email": member.email}, follow=True)
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.com"}, follow=True
    )

    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert "not assigned" not in unknown.text
    assert [message.to for message in mail.outbox] == [[member.email], ["nobody@example.com"]]
    note = mail.outbox[-1]
    assert "No careerdev account uses it" in note.body
    assert "/accounts/password/reset/key/" not in note.body


# The admin logs in through the site's log-in, with its limits


def test_the_admin_log_in_sends_staff_to_the_sites_log_in_and_back(client):
    staff = MemberFactory(is_staff=True, is_superuser=True)

    page = client.get(reverse("admin:login"), {"next": "/admin/"})
    posted = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})

    assert page.status_code == posted.status_code == 302
    assert page.url.startswith(reverse("account_login"))
    assert "next=%2Fadmin%2F" in page.url
    assert client.get(reverse("admin:index")).status_code == 302, "the admin form logs nobody in"
    response = client.post(page.url, {"login": staff.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200


def test_guessing_the_admin_password_is_rate_limited_like_any_log_in(client):
    staff = MemberFactory(is_staff=True, is_superuser=True)
    login_url = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]

    for _ in range(5):
        client.post(login_url, {"login": staff.email, "password": "guess"})
    response = client.post(login_url, {"login": staff.email, "password": PASSWORD})

    assert "Too many failed login attempts" in response.text
    assert client.get(reverse("admin:index")).status_code == 302


# Behind the proxy, each client has its own limit


def failed_log_ins(client, times: int, **headers: str) -> None:
    for n in range(times):
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.com", "password": "wrong"},
            **headers,
        )


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    member = MemberFactory()
    # Every request comes from the proxy's address; the proxy appends the client's.
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    failed_log_ins(client, 10, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    locked_out = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        **proxy,
    )
    other = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="forged-by-client, 198.51.100.9",
        **proxy,
    )

    assert "Too many failed login attempts" in locked_out.text
    assert other.status_code == 302
    assert other.url == reverse("welcome")


def test_without_trusting_the_proxy_every_client_shares_the_proxys_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    member = MemberFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    failed_log_ins(client, 10, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    other = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        **proxy,
    )

    assert "Too many failed login attempts" in other.text


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
