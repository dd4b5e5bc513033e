"""E-mail plumbing: render a template pair (HTML and text) and send both parts, with the
reason it was sent and, for e-mails one can stop, a signed one-click unsubscribe link and
the List-Unsubscribe headers of RFC 2369 and RFC 8058."""

import email.policy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse

from careerdev.models import Topic
from careerdev.validators import one_line

UNSUBSCRIBE_SALT = "careerdev.emails.unsubscribe"
# An old e-mail stops being a key to the account's settings; the settings page still works.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


@dataclass(frozen=True)
class Unsubscribe:
    """What a signed unsubscribe token names: whose e-mail, and which topic to stop."""

    member_id: int
    topic: Topic

    def token(self) -> str:
        return signing.dumps({"m": self.member_id, "t": self.topic.value}, salt=UNSUBSCRIBE_SALT)

    def url(self) -> str:
        return absolute_url(reverse("unsubscribe", args=[self.token()]))

    @classmethod
    def from_token(cls, token: str) -> "Unsubscribe":
        """Raises signing.SignatureExpired for a token older than UNSUBSCRIBE_MAX_AGE, and
        signing.BadSignature for a forged, altered or unreadable one."""
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        try:
            return cls(int(data["m"]), Topic(data["t"]))
        except (KeyError, TypeError, ValueError):
            raise signing.BadSignature("The token does not name a member and a topic.") from None


class OneLineHeader(str):
    """A header value written on one line, as is.

    The email package would fold a long URL by RFC 2047-encoding it, and mail providers then
    ignore List-Unsubscribe. One line of up to 998 characters is valid (RFC 5322 2.1.1).
    """

    name: str

    def __new__(cls, name: str, value: str) -> "OneLineHeader":
        header = super().__new__(cls, value)
        header.name = name
        return header

    def __getnewargs__(self) -> tuple[str, str]:  # copy and pickle, as mail backends do
        return (self.name, str(self))

    def fold(self, *, policy: email.policy.Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


# A line of a message may hold up to 998 bytes (RFC 5322 2.1.1).
LONGEST_LINE = 998


class PlainTextEmail(EmailMultiAlternatives):
    """Sends the text part as it reads ("8bit"), not quoted-printable.

    Quoted-printable ends every line longer than 76 characters with "=" and writes "=" as
    "=3D", so a link read from the raw message (the console backend prints it) or copied from
    a reader that shows it raw breaks. A line too long for 8bit keeps the usual encoding.
    """

    def message(self, *, policy: email.policy.Policy = email.policy.default):
        message = super().message(policy=policy)
        for part in message.walk():
            if part.get_content_type() != "text/plain" or part.is_attachment():
                continue
            text = part.get_content()
            if max((len(line.encode()) for line in text.splitlines()), default=0) > LONGEST_LINE:
                continue
            part.set_content(text, charset="utf-8", cte="8bit")
        return message


def text_as_written(message: EmailMessage) -> EmailMessage:
    """The message, sending its text part as it reads (see PlainTextEmail)."""
    if type(message) is EmailMultiAlternatives:
        message.__class__ = PlainTextEmail
    return message


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def message_id_new() -> str:
    return make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)


def automatic_headers() -> dict[str, str]:
    """What every e-mail careerdev sends carries: it is automatic, so auto-responders stay
    quiet (RFC 3834), and its Message-ID names the sending domain, not this machine."""
    return {"Auto-Submitted": "auto-generated", "Message-ID": message_id_new()}


def email_build(
    *,
    to: str,
    subject: str,
    template: str,
    reason: str,
    context: Mapping[str, object] | None = None,
    unsubscribe: Unsubscribe | None = None,
    to_member: bool = True,
    message_id: str = "",
) -> EmailMultiAlternatives:
    """Renders <template>.txt and <template>.html into one message with both parts.

    Only a member (`to_member`) is shown the link to their reminder settings. The subject is
    put on one line: a line break in a name would otherwise fail the whole message.
    """
    subject = one_line(subject)
    unsubscribe_url = unsubscribe.url() if unsubscribe else ""
    full_context = {
        **(context or {}),
        "subject": subject,
        "reason": reason,
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_topic": unsubscribe.topic.label if unsubscribe else "",
        "settings_url": absolute_url(reverse("reminder_settings")) if to_member else "",
        "site_url": settings.SITE_URL,
    }
    headers = automatic_headers()
    if unsubscribe_url:
        headers["List-Unsubscribe"] = OneLineHeader("List-Unsubscribe", f"<{unsubscribe_url}>")
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if message_id:  # a resend under the same Message-ID is the same message to mail clients
        headers["Message-ID"] = message_id
    message = PlainTextEmail(
        subject=subject,
        body=render_to_string(f"{template}.txt", full_context),
        to=[to],
        headers=headers,
    )
    message.attach_alternative(render_to_string(f"{template}.html", full_context), "text/html")
    return message


def email_send(
    *,
    to: str,
    subject: str,
    template: str,
    reason: str,
    context: Mapping[str, object] | None = None,
    unsubscribe: Unsubscribe | None = None,
    mailer: BaseEmailBackend | None = None,
    to_member: bool = True,
    message_id: str = "",
) -> None:
    """Renders and sends one e-mail. Pass an open `mailer` to send many over one connection."""
    message = email_build(
        to=to,
        subject=subject,
        template=template,
        reason=reason,
        context=context,
        unsubscribe=unsubscribe,
        to_member=to_member,
        message_id=message_id,
    )
    (mailer or mailers.default).send_messages([message])
