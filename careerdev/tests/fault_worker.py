"""A real Celery worker in a process of its own, for the fault tests, which kill it with
SIGKILL (see worker_process in conftest): `python -m careerdev.tests.fault_worker QUEUE`.

Its mail backend takes each message as SMTP would (fully serialised) and logs its Message-ID
and recipient as the server accepts it. The STALL_AT-th message is then held, as by a mail
server that took the message and has not answered yet: a worker killed at that moment has
sent an e-mail it has not marked sent.
"""

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

MAIL_LOG = "FAULT_MAIL_LOG"
STALL_AT = "FAULT_MAIL_STALL_AT"
READY_FILE = "FAULT_WORKER_READY_FILE"
TRANSPORT_OPTIONS = "FAULT_BROKER_TRANSPORT_OPTIONS"


class LoggingMailer(BaseEmailBackend):
    taken = 0  # messages this process has taken

    def send_messages(self, email_messages: Sequence) -> int:
        for message in email_messages:
            raw = message.message()
            raw.as_bytes()
            with open(os.environ[MAIL_LOG], "a") as log:
                log.write(f"{raw['Message-ID']} {message.to[0]}\n")
            LoggingMailer.taken += 1
            if LoggingMailer.taken == int(os.environ.get(STALL_AT, "0")):
                time.sleep(600)  # until the test kills this process
        return len(email_messages)


def main(queue: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerdev.settings")
    import django

    django.setup()
    from celery.signals import worker_ready
    from django.conf import settings

    from careerdev.celery import app

    settings.MAILERS = {"default": {"BACKEND": "careerdev.tests.fault_worker.LoggingMailer"}}
    app.conf.task_default_queue = queue  # where the worker's own retries and sweeps go
    app.conf.broker_transport_options = json.loads(os.environ[TRANSPORT_OPTIONS])

    @worker_ready.connect(weak=False)
    def _ready(**kwargs: object) -> None:
        Path(os.environ[READY_FILE]).touch()

    app.worker_main(
        [
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--hostname",
            f"fault-{os.getpid()}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ]
    )


if __name__ == "__main__":
    main(sys.argv[1])
