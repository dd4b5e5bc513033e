"""How careerdev's accounts differ from allauth's defaults."""

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm as BaseResetPasswordForm
from allauth.account.models import EmailConfirmation
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from careerdev.emails import absolute_url, automatic_headers, text_as_written

# Why each account e-mail came, said at its foot as every careerdev e-mail does.
ACCOUNT_EMAIL_REASONS = {
    "account/email/email_confirmation_signup": "This address was used to sign up for careerdev.",
    "account/email/email_confirmation": "This address was added to a careerdev account.",
    "account/email/password_reset_key": (
        "A new password was asked for on careerdev for the account with this address."
    ),
    "account/email/unknown_account": (
        "A new password was asked for on careerdev for this address, which has no account."
    ),
}
ACCOUNT_EMAIL_REASON = "This address belongs to a careerdev account."


def _on_site(url: str) -> str:
    path = urlsplit(url)._replace(scheme="", netloc="").geturl()
    return absolute_url(path)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("expiry_days", settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)
        context.setdefault("email", email)
        if "signup_url" in context:  # the note to an address with no account
            context["signup_url"] = _on_site(context["signup_url"])
        context.setdefault(
            "reason", ACCOUNT_EMAIL_REASONS.get(template_prefix, ACCOUNT_EMAIL_REASON)
        )
        # The HTML part's <title>, as allauth writes the subject line.
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        context.setdefault("subject", self.format_email_subject(" ".join(subject.split())))
        super().send_mail(template_prefix, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        headers = {**automatic_headers(), **(headers or {})}
        # A verification link must still work when copied from the raw message.
        message = super().render_mail(template_prefix, email, context, headers)
        return text_as_written(message)

    # Links in account e-mails use SITE_URL, as every e-mailed link does, rather than the
    # host name the request that sent them came in on.

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # The composition root decides between the quick start and the dashboard.
        return reverse("welcome")

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
