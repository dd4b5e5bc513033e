from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed, user_signed_up

        from mentoring import emails, programmes
        from mentoring.receivers import accept_invitation_on_signup, join_programmes_by_domain

        emails.register()
        programmes.register()
        user_signed_up.connect(accept_invitation_on_signup, dispatch_uid="mentoring-invitation")
        email_confirmed.connect(join_programmes_by_domain, dispatch_uid="mentoring-programmes")
