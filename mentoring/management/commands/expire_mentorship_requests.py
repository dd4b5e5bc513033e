from django.core.management.base import BaseCommand

from mentoring.services import mentorship_requests_expire


class Command(BaseCommand):
    help = "Expires mentorship requests left unanswered too long and tells each member."

    def handle(self, *args: object, **options: object) -> None:
        expired = mentorship_requests_expire()
        self.stdout.write(f"{expired} mentorship request{'s' if expired != 1 else ''} expired.")
