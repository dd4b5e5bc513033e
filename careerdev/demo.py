"""The demo accounts `make run` prints, so a newcomer can look around at once."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from careerdev.models import User


@dataclass(frozen=True)
class DemoAccount:
    label: str
    email: str
    password: str
    display_name: str
    current_role: str
    target_role: str


DEMO_ACCOUNTS = (
    DemoAccount(
        "member",
        "member@demo.careerdev.localhost",
        "demo-member-pass",
        "Dana Demo",
        "Support analyst",
        "Product manager",
    ),
    DemoAccount(
        "mentor",
        "mentor@demo.careerdev.localhost",
        "demo-mentor-pass",
        "Morgan Mentor",
        "Head of product",
        "",
    ),
)


@transaction.atomic
def demo_accounts_ensure() -> list[User]:
    users = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "current_role": account.current_role,
                "target_role": account.target_role,
            },
        )
        if created:
            user.set_password(account.password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users
