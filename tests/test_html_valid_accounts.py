"""The pages behind a fresh password or a log-in stage pass the Nu HTML checker too:
two-factor sign-in, recovery codes, deleting the account, and an expired unsubscribe link."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careerdev.emails import Unsubscribe
from careerdev.models import Topic
from careerdev.tests.factories import PASSWORD, MemberFactory
from tests.test_html_valid import HTMX_ATTRIBUTE, describe, is_error, nu_check

pytestmark = [pytest.mark.validator, pytest.mark.django_db]


def confirmed_client(member) -> Client:
    """Logged in, with the password given again a moment ago."""
    client = Client()
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    return client


def test_the_account_pages_pass_the_nu_html_checker(tmp_path):
    newcomer, enrolled = MemberFactory(), MemberFactory()
    TOTP.activate(enrolled, generate_totp_secret())
    RecoveryCodes.activate(enrolled)
    with time_machine.travel(timezone.now() - timedelta(days=400), tick=False):
        old_link = reverse(
            "unsubscribe", args=[Unsubscribe(newcomer.pk, Topic.WEEKLY_DIGEST).token()]
        )
    signing_in = Client()
    signing_in.post(reverse("account_login"), {"login": enrolled.email, "password": PASSWORD})
    pages = {
        "totp_activate": (confirmed_client(newcomer), reverse("mfa_activate_totp")),
        "account_delete": (confirmed_client(newcomer), reverse("account_delete")),
        "two_factor_on": (confirmed_client(enrolled), reverse("mfa_index")),
        "recovery_codes": (confirmed_client(enrolled), reverse("mfa_view_recovery_codes")),
        "recovery_codes_new": (confirmed_client(enrolled), reverse("mfa_generate_recovery_codes")),
        "totp_deactivate": (confirmed_client(enrolled), reverse("mfa_deactivate_totp")),
        "mfa_reauthenticate": (confirmed_client(enrolled), reverse("mfa_reauthenticate")),
        "log_in_code": (signing_in, reverse("mfa_authenticate")),
        "unsubscribe_expired": (Client(), old_link),
    }
    files = []
    for name, (client, url) in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 410), f"{name} ({url}) answered {response.status_code}"
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)

    messages = nu_check(files)

    errors = [m for m in messages if is_error(m) and not HTMX_ATTRIBUTE.match(m["message"])]

    assert not errors, "\n".join(describe(error) for error in errors)
