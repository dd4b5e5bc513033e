"""Two-factor sign-in without a browser: the log-in asks for the code, and the pages need a
fresh password (the browser test, test_e2e_two_factor.py, drives the whole enrolment)."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from careerdev.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(member) -> str:
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    return secret


def log_in(client, member):
    return client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})


def test_a_password_alone_does_not_log_in_a_member_with_two_factor_sign_in(client, member, secret):
    response = log_in(client, member)

    assert response.url == reverse("mfa_authenticate")
    page = client.get(response.url)
    assert "Enter your code" in page.text
    assert client.get(reverse("dashboard")).status_code == 302
    assert client.get(reverse("data_export")).status_code == 302


def test_a_wrong_code_is_refused_and_the_right_one_logs_in(client, member, secret):
    log_in(client, member)

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456x"})
    right = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})

    assert "Incorrect code." in wrong.text
    assert right.url == reverse("welcome")
    assert client.get(reverse("dashboard")).status_code == 200


def test_turning_it_off_asks_for_the_password_first_and_then_removes_it(client, member, secret):
    log_in(client, member)
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})

    asked = client.get(reverse("mfa_deactivate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    client.post(asked.url, {"password": PASSWORD})
    page = client.get(reverse("mfa_deactivate_totp"))
    assert "Turn off two-factor sign-in?" in page.text
    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.url == reverse("mfa_index")
    assert not Authenticator.objects.filter(user=member).exists()


def test_the_page_says_whether_it_is_on(member_client, member):
    off = member_client.get(reverse("mfa_index")).text
    TOTP.activate(member, generate_totp_secret())
    on = member_client.get(reverse("mfa_index")).text

    assert "Turn on two-factor sign-in" in off
    assert "Turn off two-factor sign-in" in on
