from django.core.management.base import BaseCommand

from careerdev.reminders import reminders_sweep


class Command(BaseCommand):
    help = "Runs one reminder tick now: queues every due reminder and any delivery left behind."

    def handle(self, *args: object, **options: object) -> None:
        result = reminders_sweep()
        self.stdout.write(
            f"{result.scheduled} due reminders queued, {result.dispatched} deliveries queued "
            f"again, {result.reclaimed} stale claims sent again under the same Message-ID, "
            f"{result.given_up} stale claims given up as failed."
        )
