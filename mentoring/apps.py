from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        from mentoring import emails
        from mentoring.receivers import accept_invitation_on_signup

        emails.register()
        user_signed_up.connect(accept_invitation_on_signup, dispatch_uid="mentoring-invitation")
