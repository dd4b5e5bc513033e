"""Every e-mail mentoring sends, in one place, through careerdev's e-mail plumbing.

Notices go through the delivery outbox (careerdev.reminders.delivery_schedule): each names
what it is about by id, and its renderer reads the current state when it is sent, so a
comment deleted or a mentor revoked meanwhile is not mailed. Comment notices to one person
gather for MENTORING_NOTICE_MINUTES into one e-mail.

The invitation is the exception: its link carries the only copy of the token (only a hash
is stored), so it is not kept in the outbox, where the token would sit readable until the
worker sends it. It is sent at once, as the last step of the transaction that stores the
hash: if it cannot be sent, nothing is saved and the member is told so.

Templates come in pairs under templates/mentoring/emails/: <name>.txt and <name>.html.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from careerdev import notifications
from careerdev.emails import absolute_url, email_send
from careerdev.models import Delivery, Topic, User
from careerdev.reminders import delivery_schedule
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Invitation,
    Mentorship,
    MentorshipRequest,
    MentorshipStatus,
)

KIND_COMMENTS = "mentoring_comments"
KIND_FEEDBACK = "mentoring_feedback_request"
KIND_REQUEST = "mentoring_request"
COMMENTS_BATCH = "comments"
REQUEST_EVENTS = ("received", "answered", "replied", "expired")


# Sending


def invitation(invitation: Invitation, token: str) -> None:
    """Sends it now; raises if it could not go out."""
    member = invitation.member
    email_send(
        to=invitation.email,
        subject=f"{member} invites you to mentor them on careerdev",
        template="mentoring/emails/invitation",
        reason=(
            f"{member} entered this address on careerdev to invite you. "
            "Nothing happens unless you open the link."
        ),
        context={
            "member": member,
            "message": invitation.message,
            "url": absolute_url(reverse("mentoring:invitation", args=[token])),
            "expires_at": invitation.expires_at,
        },
        # Not a member's e-mail (perhaps to someone with no account): no settings to link to.
        to_member=False,
    )


def comment_posted(comment: Comment, recipient_ids: Iterable[int]) -> None:
    send_after = timezone.now() + timedelta(minutes=settings.MENTORING_NOTICE_MINUTES)
    for recipient in User.objects.filter(pk__in=list(recipient_ids)):
        delivery_schedule(
            kind=KIND_COMMENTS,
            member=recipient,
            item={"comment": comment.pk},
            send_after=send_after,
            batch_key=COMMENTS_BATCH,
        )


def feedback_requested(feedback: FeedbackRequest) -> None:
    delivery_schedule(
        kind=KIND_FEEDBACK, member=feedback.mentorship.mentor, item={"feedback": feedback.pk}
    )


def _request_notice(request: MentorshipRequest, to: User, event: str) -> None:
    delivery_schedule(kind=KIND_REQUEST, member=to, item={"request": request.pk, "event": event})


def request_received(request: MentorshipRequest) -> None:
    _request_notice(request, request.mentor, "received")


def request_answered(request: MentorshipRequest) -> None:
    _request_notice(request, request.member, "answered")


def request_replied(request: MentorshipRequest) -> None:
    _request_notice(request, request.mentor, "replied")


def request_expired(request: MentorshipRequest) -> None:
    _request_notice(request, request.member, "expired")


# Rendering, when the outbox sends


def _item_ids(delivery: Delivery, key: str) -> list[int]:
    return [int(item[key]) for item in delivery.items if key in item]


def comments_render(delivery: Delivery) -> notifications.Email | None:
    """One e-mail for the comments gathered in the batch that the recipient may still see,
    grouped by the goal or reflection they are on."""
    recipient = delivery.member
    comments = (
        Comment.objects.filter(pk__in=_item_ids(delivery, "comment"), deleted_at__isnull=True)
        .exclude(author=recipient)
        .select_related("author", "goal", "milestone", "task", "reflection")
        .order_by("created_at")
    )
    shared = Mentorship.objects.active().for_mentor(recipient)
    goal_ids = set(shared.shared_goal_ids().values_list("goals", flat=True))
    reflection_ids = set(shared.shared_reflection_ids().values_list("pk", flat=True))
    visible = [
        comment
        for comment in comments
        if comment.owner_id == recipient.pk
        or comment.goal_id in goal_ids
        or comment.reflection_id in reflection_ids
    ]
    if not visible:
        return None
    pages: dict[tuple[str, int], dict] = {}
    for comment in visible:
        root = comment.root
        key = (type(root).__name__, root.pk)
        if key not in pages:
            pages[key] = {"root": root, "comments": [], "url": _page_url(comment, recipient)}
        pages[key]["comments"].append(comment)
    authors = sorted({comment.author_name for comment in visible})
    if len(visible) == 1:
        subject = f"{authors[0]} commented on “{visible[0].root}”"
    else:
        subject = f"{len(visible)} new comments from {', '.join(authors)}"
    return notifications.Email(
        subject=subject,
        template="mentoring/emails/comments",
        reason="You share goals with a mentor, or mentor someone, on careerdev.",
        context={"recipient": recipient, "pages": list(pages.values())},
    )


def _page_url(comment: Comment, recipient: User) -> str:
    is_owner = comment.owner_id == recipient.pk
    if comment.reflection_id:
        name = "plans:reflection_detail" if is_owner else "mentoring:shared_reflection"
    else:
        name = "plans:goal_detail" if is_owner else "mentoring:shared_goal"
    return absolute_url(reverse(name, args=[comment.root.pk]) + f"#{comment.thread_id()}")


def feedback_render(delivery: Delivery) -> notifications.Email | None:
    feedback = (
        FeedbackRequest.objects.filter(
            pk__in=_item_ids(delivery, "feedback"),
            answered_at__isnull=True,
            mentorship__status=MentorshipStatus.ACTIVE,
        )
        .select_related("mentorship__member", "mentorship__mentor", "goal", "reflection")
        .first()
    )
    if feedback is None:
        return None
    member = feedback.mentorship.member
    return notifications.Email(
        subject=f"{member} asks for your feedback on “{feedback.subject}”",
        template="mentoring/emails/feedback_request",
        reason=f"You mentor {member} on careerdev.",
        context={"feedback": feedback, "member": member, "url": absolute_url(feedback.subject_url)},
    )


def request_render(delivery: Delivery) -> notifications.Email | None:
    (item,) = delivery.items
    event = item.get("event")
    request = (
        MentorshipRequest.objects.filter(pk=item.get("request"))
        .select_related("member", "mentor")
        .first()
    )
    if request is None or event not in REQUEST_EVENTS:
        return None
    member, mentor = request.member, request.mentor
    url = absolute_url(request.get_absolute_url())
    if event == "received":
        subject, reason = f"{member} asks you to mentor them", "You offer to mentor on careerdev."
    elif event == "replied":
        subject, reason = f"{member} answered your question", "You offer to mentor on careerdev."
    elif event == "expired":
        subject = f"Your mentorship request to {mentor} expired"
        reason = "You asked for a mentor on careerdev."
        url = absolute_url(reverse("mentoring:mentor_find"))
    else:
        subject = {
            "accepted": f"{mentor} accepted your mentorship request",
            "declined": f"{mentor} declined your mentorship request",
        }.get(request.status, f"{mentor} would like to know more before answering")
        reason = "You asked for a mentor on careerdev."
    return notifications.Email(
        subject=subject,
        template=f"mentoring/emails/request_{event}",
        reason=reason,
        context={"request": request, "url": url, "days": settings.MENTORING_REQUEST_DAYS},
    )


def register() -> None:
    notifications.register(KIND_COMMENTS, comments_render, topic=Topic.MENTOR_COMMENTS)
    notifications.register(KIND_FEEDBACK, feedback_render)
    notifications.register(KIND_REQUEST, request_render)
