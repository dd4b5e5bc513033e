"""How careerdev's accounts differ from allauth's defaults."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm as BaseResetPasswordForm
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import HttpRequest

from careerdev.emails import text_as_written


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("expiry_days", settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)
        context.setdefault("email", email)
        super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        # A verification link must still work when copied from the raw message.
        message = super().render_mail(template_prefix, email, context, headers)
        return text_as_written(message)

    def unstash_verified_email(self, request: HttpRequest) -> str | None:
        # An address proven by other means (an invitation link stores it in the session as
        # "account_verified_email") pre-fills the sign-up form, and is_email_verified trusts
        # it when it is the address typed. allauth would also attach it to an account signed
        # up with another address; here that account keeps its own, unverified, as usual.
        return None


class ResetPasswordForm(BaseResetPasswordForm):
    """Answers alike whether or not the address has an account, so the page tells a stranger
    nothing. The address gets an e-mail either way: a reset link, or a note that it has no
    account here. (Sign-up still says plainly that an address is taken: see the README.)"""

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except ValidationError as error:
            if error.code != "unknown_email":
                raise
            return self.cleaned_data["email"]
