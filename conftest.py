from collections.abc import Iterator

import pytest
from django.conf import LazySettings
from django.db import connections

from careerdev.celery import app as celery_app
from careerdev.models import User
from careerdev.tests.factories import MemberFactory


@pytest.fixture(autouse=True, scope="session")
def _no_persistent_connections() -> None:
    # The live server's threads would otherwise keep connections open past the run,
    # and PostgreSQL refuses to drop a test database that is still in use.
    for connection in connections.all():
        connection.settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True, scope="session")
def _end_stray_sessions(django_db_setup, django_db_blocker):
    """Ends database sessions that server threads left idle, so the test database drops."""
    yield
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session", autouse=True)
def task_queue(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Each test process queues into its own queue (and, without Redis, its own folders),
    so a worker started by one test never picks up work queued against another database."""
    queue = f"test-reminders-{worker_id}"
    saved = (celery_app.conf.task_default_queue, dict(celery_app.conf.broker_transport_options))
    celery_app.conf.task_default_queue = queue
    if celery_app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path_factory.mktemp("broker")
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "store_processed": False,
            "polling_interval": 0.1,
        }
    yield queue
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)
    celery_app.conf.task_default_queue, celery_app.conf.broker_transport_options = saved


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


@pytest.fixture(autouse=True)
def _own_page_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keys the page cache apart, so no test is served a page another one cached
    (in Redis, pages outlive the test database)."""
    from uuid import uuid4

    from careerdev import fragments

    monkeypatch.setattr(fragments, "NAMESPACE", uuid4().hex)
