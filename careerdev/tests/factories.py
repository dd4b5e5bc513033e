import datetime as dt

import factory
from allauth.account.models import EmailAddress

from careerdev.models import User

PASSWORD = "a-Strong-passphrase-42"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member of long standing, with a verified e-mail address, who logs in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.com")
    display_name = factory.Faker("name")
    time_zone = "Europe/London"
    current_role = "Data analyst"
    target_role = "Data science lead"
    password = factory.django.Password(PASSWORD)
    date_joined = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )
