import pytest
from django.conf import LazySettings

from careerdev.models import User
from careerdev.tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def _test_settings(settings: LazySettings, tmp_path) -> None:
    # Fast hashing: the password hasher's cost is not what these tests measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def member(db) -> User:
    return MemberFactory()


@pytest.fixture
def other_member(db) -> User:
    return MemberFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def other_client(client, other_member):
    client.force_login(other_member)
    return client
