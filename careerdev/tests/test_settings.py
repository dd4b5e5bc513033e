"""Start-up behaviour, checked in a fresh interpreter with the environment a deploy would have."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-like-secret-for-the-deploy-check-" + "z" * 10,
    "ALLOWED_HOSTS": "careerdev.example.com",
    "SITE_URL": "https://careerdev.example.com",
    "DATABASE_URL": "postgres://careerdev@db.invalid:5432/careerdev",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "EMAIL_BACKEND": "smtp",
}
# Left out of the environment unless a test sets them.
UNSET = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEFAULT_FROM_EMAIL", "EMAIL_MESSAGE_ID_DOMAIN")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in UNSET}
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "VAR_DIR": str(ROOT / "var" / "settings-test"), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_deploy_passes_without_warnings_on_production_like_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", [None, "short"])
def test_with_debug_off_a_default_or_weak_secret_key_refuses_to_start(secret):
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    if secret:
        env["SECRET_KEY"] = secret

    result = manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
        ("EMAIL_BACKEND", "pigeon", "EMAIL_BACKEND='pigeon' is not one of"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a usable database URL"),
        ("BROKER_TIMEOUT_SECONDS", "0", "BROKER_TIMEOUT_SECONDS=0 must be at least 1"),
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT='one' is not a whole number"),
        ("DEFAULT_FROM_EMAIL", "careerdev", "EMAIL_MESSAGE_ID_DOMAIN='' is not a domain name"),
        ("EMAIL_MESSAGE_ID_DOMAIN", "mail example", "EMAIL_MESSAGE_ID_DOMAIN='mail example'"),
        ("PAGE_CACHE", "disk", "PAGE_CACHE='disk' is not one of memory, redis, off"),
        ("PAGE_CACHE_SECONDS", "an hour", "PAGE_CACHE_SECONDS='an hour' is not a whole number"),
        ("BENCH_REFERENCE_VIEW", "sometimes", "BENCH_REFERENCE_VIEW='sometimes' is not a boolean"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_it(name, value, message):
    result = manage("check", **{**PRODUCTION, name: value})

    assert result.returncode != 0
    assert message in result.stderr


PRINT_CLIENT_ADDRESS_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
)


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "0 None"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "1 None"),
        ({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}, "0 X-Real-IP"),
    ],
)
def test_log_in_limits_learn_the_client_address_from_the_proxies_the_environment_names(
    env, printed
):
    result = manage("shell", "-c", PRINT_CLIENT_ADDRESS_SETTINGS, **{**PRODUCTION, **env})

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == printed


def test_the_production_services_trust_the_one_proxy_in_front_of_them():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    for name in ("web", "worker", "beat", "migrate"):
        environment = compose["services"][name]["environment"]
        assert environment["BEHIND_TLS_PROXY"] == "true"
        assert environment["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


@pytest.mark.parametrize(
    ("env", "domain"),
    [
        ({}, "careerdev.localhost"),
        (
            {"DEFAULT_FROM_EMAIL": "careerdev <hello@careerdev.example.com>"},
            "careerdev.example.com",
        ),
        (
            {
                "DEFAULT_FROM_EMAIL": "hello@careerdev.example.com",
                "EMAIL_MESSAGE_ID_DOMAIN": "mx.example.org",
            },
            "mx.example.org",
        ),
    ],
)
def test_message_ids_use_the_sending_domain_or_the_one_set(env, domain):
    script = "from django.conf import settings; print(settings.EMAIL_MESSAGE_ID_DOMAIN)"

    result = manage("shell", "--no-imports", "-c", script, **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == domain
