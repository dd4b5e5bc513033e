"""Every e-mail mentoring sends, in one place. Each goes out once the transaction commits.

Templates come in pairs under templates/mentoring/emails/: <name>.txt and <name>.html.
"""

from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from careerdev.models import User
from mentoring.models import Comment, FeedbackRequest, Invitation, MentorshipRequest


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(to: str, subject: str, template: str, context: Mapping[str, object]) -> None:
    context = {**context, "subject": subject, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string(f"mentoring/emails/{template}.txt", context),
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string(f"mentoring/emails/{template}.html", context), "text/html"
    )
    message.send()


def _on_commit(to: str, subject: str, template: str, context: Mapping[str, object]) -> None:
    transaction.on_commit(partial(_send, to, subject, template, context), robust=True)


def invitation(invitation: Invitation, token: str) -> None:
    """The invitation carries the only copy of its token: it is never stored."""
    member = invitation.member
    _on_commit(
        invitation.email,
        f"{member} invites you to mentor them on careerdev",
        "invitation",
        {
            "member": member,
            "message": invitation.message,
            "url": absolute(reverse("mentoring:invitation", args=[token])),
            "expires_at": invitation.expires_at,
        },
    )


def comment_posted(comment: Comment, recipient_ids: Iterable[int]) -> None:
    for recipient in User.objects.filter(pk__in=list(recipient_ids)):
        is_owner = recipient.pk == comment.owner_id
        path = (
            reverse("plans:goal_detail", args=[comment.goal_id])
            if is_owner
            else reverse("mentoring:shared_goal", args=[comment.goal_id])
        )
        _on_commit(
            recipient.email,
            f"{comment.author} commented on “{comment.goal}”",
            "comments",
            {
                "recipient": recipient,
                "comments": [comment],
                "url": absolute(f"{path}#{comment.thread_id()}"),
            },
        )


def feedback_requested(feedback: FeedbackRequest) -> None:
    mentorship = feedback.mentorship
    _on_commit(
        mentorship.mentor.email,
        f"{mentorship.member} asks for your feedback on “{feedback.subject}”",
        "feedback_request",
        {"feedback": feedback, "member": mentorship.member, "url": absolute(feedback.subject_url)},
    )


def _request_mail(
    request: MentorshipRequest, to: User, subject: str, template: str, url: str = ""
) -> None:
    _on_commit(
        to.email,
        subject,
        template,
        {
            "request": request,
            "url": absolute(url or request.get_absolute_url()),
            "days": settings.MENTORING_REQUEST_DAYS,
        },
    )


def request_received(request: MentorshipRequest) -> None:
    _request_mail(
        request, request.mentor, f"{request.member} asks you to mentor them", "request_received"
    )


def request_answered(request: MentorshipRequest) -> None:
    subjects = {
        "accepted": f"{request.mentor} accepted your mentorship request",
        "declined": f"{request.mentor} declined your mentorship request",
        "info": f"{request.mentor} would like to know more before answering",
    }
    _request_mail(request, request.member, subjects[request.status], "request_answered")


def request_replied(request: MentorshipRequest) -> None:
    _request_mail(
        request, request.mentor, f"{request.member} answered your question", "request_replied"
    )


def request_expired(request: MentorshipRequest) -> None:
    _request_mail(
        request,
        request.member,
        f"Your mentorship request to {request.mentor} expired",
        "request_expired",
        reverse("mentoring:mentor_find"),
    )
