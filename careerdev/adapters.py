from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context.setdefault("expiry_days", settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)
        context.setdefault("email", email)
        super().send_mail(template_prefix, email, context)
