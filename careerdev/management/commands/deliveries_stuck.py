from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.timesince import timesince

from careerdev.models import Delivery
from careerdev.outbox import CLAIM_EXPIRES, STUCK_AFTER, deliveries_retry


class Command(BaseCommand):
    help = (
        "Lists the e-mails that should have gone out and have not, with their age: claims "
        "older than a send can take, and deliveries still pending long after their time. "
        "--retry queues them again, each under the Message-ID it was first claimed with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--waiting",
            type=int,
            default=int(STUCK_AFTER.total_seconds() // 60),
            metavar="MINUTES",
            help="How long past its time a pending delivery counts as stuck (default %(default)s).",
        )
        parser.add_argument(
            "--failed", action="store_true", help="Include the deliveries given up as failed."
        )
        parser.add_argument(
            "--retry", action="store_true", help="Hand them back and queue them now."
        )

    def handle(self, *args: object, **options: object) -> None:
        waiting = int(options["waiting"])
        if waiting < 0:
            raise CommandError("--waiting must be 0 minutes or more.")
        now = timezone.now()
        stuck = Delivery.objects.stuck(
            claimed_before=now - CLAIM_EXPIRES, due_before=now - timedelta(minutes=waiting)
        )
        if options["failed"]:
            stuck |= Delivery.objects.filter(status=Delivery.Status.FAILED)
        deliveries = list(stuck.select_related("member").order_by("send_after", "pk"))
        for delivery in deliveries:
            self.stdout.write(describe(delivery, now))
        self.stdout.write(f"{len(deliveries)} stuck.")
        if options["retry"] and deliveries:
            count = deliveries_retry(delivery_ids=[delivery.pk for delivery in deliveries], now=now)
            self.stdout.write(f"{count} queued again, each under its own Message-ID.")


def describe(delivery: Delivery, now: datetime) -> str:
    line = (
        f"#{delivery.pk} {delivery.kind} to {delivery.recipient}: {delivery.status}, "
        f"due {age(delivery.send_after, now)} ago"
    )
    if delivery.status == Delivery.Status.SENDING and delivery.claimed_at:
        line += f", claimed {age(delivery.claimed_at, now)} ago"
    line += f", {delivery.attempts} attempts"
    if delivery.last_error:
        line += f". Last error: {delivery.last_error[:200]}"
    return line


def age(when: datetime, now: datetime) -> str:
    return timesince(when, now).replace("\xa0", " ")
