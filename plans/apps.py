from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"

    def ready(self) -> None:
        from plans import emails

        # After careerdev's own kinds (careerdev comes first in INSTALLED_APPS).
        emails.register_kinds()
