from django.core.management.base import BaseCommand
from django.db import transaction

from careerdev.demo import DEMO_ACCOUNTS, demo_accounts_ensure


class Command(BaseCommand):
    help = "Creates the demo member and demo mentor (safe to run again)."

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        demo_accounts_ensure()
        self.stdout.write(self.style.SUCCESS("Demo accounts ready. Log in at /accounts/login/ as:"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.label:<7} {account.email}  password: {account.password}")
