"""The embedded database under load: `make run` on SQLite, many answers saved at once.

This test starts the app itself, in a subprocess, on a SQLite file of its own, whatever
DATABASE_URL the suite runs with: the point is how SQLite behaves, so it never runs on
anything else and is never skipped.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MEMBERS = 20
ROUNDS = 6

pytestmark = pytest.mark.subprocess

SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from assessments import services
from assessments.models import Instrument
from careerdev.models import User

instrument = Instrument.objects.get(slug="interests")
seeded = []
for n in range(%(members)d):
    user = User.objects.create_user(f"member{n}@example.org", "a-Strong-passphrase-42")
    attempt = services.attempt_start(member=user, instrument=instrument)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    items = list(attempt.version.items.filter(page=1).values_list("pk", flat=True))
    seeded.append({"session": session.session_key, "attempt": attempt.pk, "items": items,
                   "values": attempt.version.scale_values})
print("SEEDED " + json.dumps(seeded))
"""

COUNT = """
from assessments.models import Answer
print("ANSWERS", Answer.objects.count())
"""


def sqlite_env(folder: Path) -> dict[str, str]:
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "VAR_DIR"}
    }
    return {
        **inherited,
        "DATABASE_URL": f"sqlite:///{folder / 'careerdev.sqlite3'}",
        "VAR_DIR": str(folder),
        "DEBUG": "true",
        "EMAIL_BACKEND": "console",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[tuple[int, dict[str, str], list[dict]]]:
    """The app as `make run` serves it (runserver, threaded), migrated and seeded."""
    env = sqlite_env(tmp_path)
    manage(env, "migrate", "--no-input")
    seed_output = manage(env, "shell", "-c", SEED % {"members": MEMBERS})
    seeded = json.loads(seed_output.split("SEEDED ", 1)[1])
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.2)
        yield port, env, seeded
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def request(
    port: int, method: str, path: str, cookies: dict[str, str], body: str = "", **headers: str
) -> tuple[int, SimpleCookie]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        connection.request(method, path, body=body, headers={"Cookie": cookie, **headers})
        response = connection.getresponse()
        response.read()
        received = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            received.load(header)
        return response.status, received
    finally:
        connection.close()


def test_twenty_members_saving_answers_at_once_on_sqlite_never_get_a_server_error(sqlite_app):
    port, env, seeded = sqlite_app
    statuses: Counter[int] = Counter()
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(seeded))

    def member_answers(member: dict) -> None:
        try:
            cookies = {"sessionid": member["session"]}
            page = f"/assessments/attempts/{member['attempt']}/page/1/"
            status, received = request(port, "GET", page, cookies)
            assert status == 200, status
            cookies["csrftoken"] = received["csrftoken"].value
            barrier.wait()
            # Click after click, as fast as the server answers: each is one autosave.
            for round_number in range(ROUNDS):
                item = member["items"][round_number % len(member["items"])]
                value = member["values"][round_number % len(member["values"])]
                status, _ = request(
                    port,
                    "POST",
                    page,
                    cookies,
                    body=f"item-{item}={value}",
                    **{
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-CSRFToken": cookies["csrftoken"],
                        "HX-Request": "true",
                    },
                )
                statuses[status] += 1
        except BaseException as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=member_answers, args=(member,)) for member in seeded]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert statuses == {200: MEMBERS * ROUNDS}
    answers = int(manage(env, "shell", "-c", COUNT).split("ANSWERS", 1)[1])
    assert answers == MEMBERS * min(ROUNDS, len(seeded[0]["items"]))
