import pytest
from django.urls import reverse

from careerdev.models import User

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_landing_page_with_a_way_to_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("account_signup") in response.text
    assert "Self-assessment" in response.text


def test_a_member_going_home_lands_on_the_dashboard(member_client):
    assert member_client.get(reverse("home")).url == reverse("dashboard")


def test_a_visitor_is_sent_to_log_in_from_the_dashboard(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_dashboard_shows_the_five_steps_in_order(member_client):
    response = member_client.get(reverse("dashboard"))

    titles = [step.title for step in response.context["steps"]]
    assert titles == [
        "Self-assessment",
        "Goal setting",
        "Action planning",
        "Implementation",
        "Refinement",
    ]


def test_pages_carry_a_nonce_based_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response.headers["Content-Security-Policy"]
    nonce = response.context["csp_nonce"]
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert "default-src 'self'" in policy
    assert f'nonce="{nonce}"' in response.text
    assert "<style" not in response.text
    assert ' style="' not in response.text


def test_htmx_comes_from_our_own_static_files_and_csrf_rides_in_hx_headers(member_client):
    response = member_client.get(reverse("dashboard"))

    assert 'src="/static/django_htmx/htmx-2.min.js"' in response.text
    assert 'hx-headers=\'{"X-CSRFToken": "' in response.text
    assert "https://" not in response.text.split("<body")[0]


def test_a_member_updates_their_profile(member_client, member):
    response = member_client.post(
        reverse("profile"),
        {
            "display_name": "Ada",
            "time_zone": "America/New_York",
            "current_role": "Analyst",
            "target_role": "Engineering manager",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.time_zone, member.target_role) == (
        "Ada",
        "America/New_York",
        "Engineering manager",
    )


def test_an_unknown_time_zone_is_refused_and_the_rest_is_kept(member_client, member):
    response = member_client.post(
        reverse("profile"),
        {"display_name": "Ada", "time_zone": "Mars/Olympus", "target_role": "Lead"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'value="Lead"' in response.text
    member.refresh_from_db()
    assert member.time_zone == "Europe/London"


def test_staff_can_use_the_admin(admin_client):
    response = admin_client.get(reverse("admin:careerdev_user_changelist"))

    assert response.status_code == 200


def test_staff_can_add_a_user_in_the_admin(admin_client):
    admin_client.post(
        reverse("admin:careerdev_user_add"),
        {
            "email": "added@example.com",
            "usable_password": "true",
            "password1": "a-Strong-passphrase-42",
            "password2": "a-Strong-passphrase-42",
        },
    )

    assert User.objects.filter(email="added@example.com").exists()


def test_the_health_check_answers_ok(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.text == "ok"


def test_a_member_whose_stored_time_zone_is_unknown_is_shown_times_in_utc(member_client, member):
    User.objects.filter(pk=member.pk).update(time_zone="Atlantis/Lost_City")
    member.refresh_from_db()

    response = member_client.get(reverse("dashboard"))

    assert response.status_code == 200
    assert member.zone.key == "UTC"
