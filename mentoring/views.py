from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.summary import profile_summary
from careerdev.fragments import member_page
from careerdev.http import MemberRequest, refused, whole_number
from careerdev.once import created_once, made
from mentoring import services
from mentoring.finding_views import get_mentor_profile
from mentoring.forms import (
    CommentEditForm,
    CommentForm,
    FeedbackRequestForm,
    InvitationForm,
    MentorshipRequestForm,
    ReplyForm,
    RespondForm,
    SharingForm,
)
from mentoring.models import (
    Comment,
    FeedbackRequest,
    Invitation,
    InvitationStatus,
    MentorProfile,
    Mentorship,
    MentorshipRequest,
)
from mentoring.overview import mentor_overview
from mentoring.receivers import INVITATION_SESSION_KEY
from mentoring.threads import Subject, Thread, thread_of
from plans.history import describe as describe_history
from plans.models import Goal, Milestone, Reflection, Task
from plans.overview import goal_plan

GET_POST = ["GET", "HEAD", "POST"]
RECENT_ACTIVITY = 12
SHOWN_REFLECTIONS = 12


def _shared_goal_ids(request: MemberRequest) -> Any:
    return Mentorship.objects.active().for_mentor(request.user).shared_goal_ids()


def _get_mentorship_for_member(request: MemberRequest, pk: int) -> Mentorship:
    """An active mentorship of the member's own (they are the one mentored)."""
    return get_object_or_404(
        Mentorship.objects.active().for_member(request.user).select_related("mentor"), pk=pk
    )


def _get_mentorship_for_mentor(request: MemberRequest, pk: int) -> Mentorship:
    return get_object_or_404(
        Mentorship.objects.active().for_mentor(request.user).select_related("member"), pk=pk
    )


def _get_shared_goal(request: MemberRequest, pk: int) -> Goal:
    goals = Goal.objects.filter(pk__in=_shared_goal_ids(request)).select_related("member")
    return get_object_or_404(goals.with_progress(timezone.localdate()), pk=pk)


def _get_invitation_for_member(request: MemberRequest, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.for_member(request.user), pk=pk)


def _shared_reflection_ids(request: MemberRequest) -> Any:
    return Mentorship.objects.active().for_mentor(request.user).shared_reflection_ids()


def _get_subject_for_viewer(request: MemberRequest, kind: str, pk: int) -> Subject:
    """A goal, milestone, task or reflection its owner, or a mentor who sees it, may
    comment on."""
    mine_or_shared = Q(goal__member=request.user) | Q(goal_id__in=_shared_goal_ids(request))
    if kind == "goal":
        visible = Q(member=request.user) | Q(pk__in=_shared_goal_ids(request))
        return get_object_or_404(Goal.objects.filter(visible), pk=pk)
    if kind == "milestone":
        return get_object_or_404(
            Milestone.objects.filter(mine_or_shared).select_related("goal"), pk=pk
        )
    if kind == "task":
        return get_object_or_404(
            Task.objects.live().filter(mine_or_shared).select_related("goal"), pk=pk
        )
    if kind == "reflection":
        visible = Q(member=request.user) | Q(pk__in=_shared_reflection_ids(request))
        return get_object_or_404(Reflection.objects.filter(visible), pk=pk)
    raise Http404("No such kind of thread.")


def _get_shared_reflection(request: MemberRequest, pk: int) -> Reflection:
    reflections = Reflection.objects.filter(pk__in=_shared_reflection_ids(request))
    return get_object_or_404(reflections.select_related("member"), pk=pk)


def _get_comment_for_author(request: MemberRequest, pk: int) -> Comment:
    """The viewer's own comment, on something they can still see."""
    visible = (
        Q(owner=request.user)
        | Q(goal_id__in=_shared_goal_ids(request))
        | Q(reflection_id__in=_shared_reflection_ids(request))
    )
    comments = Comment.objects.filter(visible, author=request.user, deleted_at__isnull=True)
    return get_object_or_404(
        comments.select_related("goal", "milestone", "task", "reflection"), pk=pk
    )


def _get_feedback_for_mentor(request: MemberRequest, pk: int) -> FeedbackRequest:
    return get_object_or_404(FeedbackRequest.objects.for_mentor(request.user), pk=pk)


def _get_request_for_party(request: MemberRequest, pk: int) -> MentorshipRequest:
    return get_object_or_404(
        MentorshipRequest.objects.involving(request.user).select_related("member", "mentor"),
        pk=pk,
    )


def _get_request_for_mentor(request: MemberRequest, pk: int) -> MentorshipRequest:
    return get_object_or_404(MentorshipRequest.objects.to_mentor(request.user), pk=pk)


def _get_request_for_member(request: MemberRequest, pk: int) -> MentorshipRequest:
    return get_object_or_404(MentorshipRequest.objects.from_member(request.user), pk=pk)


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The member's side: mentors, invitations and what each mentor sees


@require_safe
@login_required
def home(request: MemberRequest) -> TemplateResponse:
    member = request.user
    mentorships = (
        Mentorship.objects.active()
        .for_member(member)
        .select_related("mentor")
        .prefetch_related(
            Prefetch("goals", Goal.objects.in_display_order()),
            Prefetch(
                "feedback_requests",
                FeedbackRequest.objects.unanswered().select_related("goal", "reflection"),
                to_attr="open_feedback",
            ),
        )
        .order_by("started_at")
    )
    context = {
        "mentorships": mentorships,
        "invitations": Invitation.objects.for_member(member)
        .filter(accepted_at__isnull=True)
        .order_by("-sent_at")[:20],
        "sent_requests": MentorshipRequest.objects.from_member(member)
        .select_related("mentor")
        .order_by("-last_activity_at")[:10],
        "profile": MentorProfile.objects.filter(user=member).first(),
        "mentee_count": Mentorship.objects.active().for_mentor(member).count(),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "mentoring/home.html", context)


@require_http_methods(GET_POST)
@login_required
@created_once
def invite(request: MemberRequest) -> HttpResponse:
    member = request.user
    form = InvitationForm(request.POST or None, member=member, initial=_invite_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, refreshed = services.invitation_send(
                member=member, email=data["email"], message=data["message"], **form.share_kwargs()
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.InvitationNotSent:
            form.add_error(
                None,
                f"Nothing was sent: the e-mail to {data['email']} could not go out just now. "
                "Your choices are kept below: try again in a few minutes.",
            )
        else:
            made(
                request,
                url=reverse("mentoring:home"),
                label=f"the invitation to {invitation.email}",
            )
            if refreshed:
                messages.success(
                    request,
                    f"You had already invited {invitation.email}: a fresh invitation is on its "
                    "way and the earlier link no longer works.",
                )
            else:
                messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("mentoring:home")
    return TemplateResponse(request, "mentoring/invite.html", {"form": form})


def _invite_initial(request: MemberRequest) -> dict[str, object]:
    """Inviting from a goal shares that goal; from the profile, the summary and active goals."""
    if request.GET.get("scope") == "profile":
        goals = Goal.objects.for_member(request.user).active()
        return {"goals": list(goals), "share_summary": True, "share_reflections": True}
    goal_id = whole_number(request.GET.get("goal"))
    if goal_id is not None:
        goal = Goal.objects.for_member(request.user).filter(pk=goal_id).first()
        if goal is not None:
            return {"goals": [goal]}
    return {}


@require_POST
@login_required
def invitation_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    invitation = _get_invitation_for_member(request, pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect("mentoring:home")


@require_http_methods(GET_POST)
@login_required
def sharing_edit(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_member(request, pk)
    initial = {
        "goals": list(mentorship.goals.all()),
        "share_summary": mentorship.share_summary,
        "share_reflections": mentorship.share_reflections,
    }
    form = SharingForm(request.POST or None, member=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.sharing_update(mentorship=mentorship, **form.share_kwargs())
        messages.success(request, f"Saved: {mentorship.mentor} now sees what you ticked.")
        return redirect("mentoring:home")
    context = {"mentorship": mentorship, "form": form}
    return TemplateResponse(request, "mentoring/sharing_edit.html", context)


@require_POST
@login_required
def mentorship_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_member(request, pk)
    services.mentorship_end(mentorship=mentorship, by=request.user)
    messages.success(
        request,
        f"{mentorship.mentor} no longer sees anything of yours. Their comments stay on your goals.",
    )
    return redirect("mentoring:home")


@require_http_methods(GET_POST)
@login_required
@created_once
def feedback_request_create(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_member(request, pk)
    reflections = (
        Reflection.objects.for_member(request.user).completed().newest_first()[:SHOWN_REFLECTIONS]
        if mentorship.share_reflections
        else []
    )
    form = FeedbackRequestForm(
        request.POST or None,
        goals=list(mentorship.goals.in_display_order()),
        reflections=list(reflections),
        initial={"subject": request.GET.get("subject", "")},
    )
    if request.method == "POST" and form.is_valid():
        subject, note = form.cleaned_data["subject"], form.cleaned_data["note"]
        try:
            services.feedback_request_create(mentorship=mentorship, subject=subject, note=note)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            label = f"your request for feedback on {subject}"
            made(request, url=reverse("mentoring:home"), label=label)
            messages.success(request, f"Asked {mentorship.mentor} for feedback on {subject}.")
            return redirect("mentoring:home")
    context = {"mentorship": mentorship, "form": form}
    return TemplateResponse(request, "mentoring/feedback_request.html", context)


# Invitation links: anyone may open one; accepting needs an account


def _invitation_page(
    request: HttpRequest, invitation: Invitation | None, token: str
) -> TemplateResponse:
    status = invitation.status() if invitation else None
    context = {"invitation": invitation, "status": status, "token": token}
    if invitation is None:
        return TemplateResponse(request, "mentoring/invitation_invalid.html", context, status=404)
    if status != InvitationStatus.PENDING:
        return TemplateResponse(request, "mentoring/invitation_invalid.html", context, status=410)
    return TemplateResponse(request, "mentoring/invitation.html", context)


@require_safe
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_by_token(token)
    user = request.user
    if found and user.is_authenticated and found.accepted_by_id == user.pk and found.mentorship:
        return redirect(_landing(found.mentorship))
    if found and found.status() == InvitationStatus.PENDING and not user.is_authenticated:
        # allauth pre-fills and trusts this address on the sign-up form: the link proves it.
        request.session["account_verified_email"] = found.email
        request.session[INVITATION_SESSION_KEY] = found.pk
    return _invitation_page(request, found, token)


@require_POST
@login_required
def invitation_accept(request: MemberRequest, token: str) -> HttpResponse:
    found = services.invitation_by_token(token)
    if found is None or found.status() != InvitationStatus.PENDING:
        return _invitation_page(request, found, token)
    try:
        mentorship = services.invitation_accept(invitation=found, user=request.user)
    except services.InvitationUnusable:
        return _invitation_page(request, found, token)
    messages.success(request, f"You now mentor {found.member}. Here is what they share with you.")
    return redirect(_landing(mentorship))


def _landing(mentorship: Mentorship) -> str:
    """Where a new mentor lands: the shared goal if there is one, else the mentee's page."""
    goals = list(mentorship.goals.values_list("pk", flat=True)[:2])
    if len(goals) == 1:
        return reverse("mentoring:shared_goal", args=[goals[0]])
    return mentorship.get_absolute_url()


# The mentor's side


@require_safe
@login_required
@member_page("mentor_home", hourly=True)
def mentor_home(request: MemberRequest) -> TemplateResponse:
    mentor = request.user
    overview = mentor_overview(mentor)
    context = {
        "mentorships": overview.mentorships,
        "feedback": overview.feedback,
        "requests": overview.requests,
        "activity": Comment.objects.visible_to_mentor(mentor)
        .exclude(author=mentor)
        .filter(deleted_at__isnull=True)
        .select_related("author", "goal", "milestone", "task", "reflection")
        .order_by("-created_at")[:RECENT_ACTIVITY],
        "profile": MentorProfile.objects.filter(user=mentor).first(),
    }
    return TemplateResponse(request, "mentoring/mentor_home.html", context)


@require_safe
@login_required
def mentee_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    mentorship = _get_mentorship_for_mentor(request, pk)
    today = timezone.localdate()
    goals = Goal.objects.filter(mentorships=mentorship).with_progress(today).in_display_order()
    reflections = (
        Reflection.objects.for_member(mentorship.member).completed().newest_first()
        if mentorship.share_reflections
        else Reflection.objects.none()
    )
    context = {
        "mentorship": mentorship,
        "mentee": mentorship.member,
        "goals": goals,
        "reflections": reflections[:SHOWN_REFLECTIONS],
        "feedback": mentorship.feedback_requests.unanswered().select_related("goal", "reflection"),
    }
    return TemplateResponse(request, "mentoring/mentee_detail.html", context)


@require_safe
@login_required
def mentee_summary(request: MemberRequest, pk: int) -> TemplateResponse:
    mentorship = _get_mentorship_for_mentor(request, pk)
    if not mentorship.share_summary:
        raise Http404("The summary is not shared.")
    context = {
        "mentorship": mentorship,
        "mentee": mentorship.member,
        "summary": profile_summary(mentorship.member),
        "summary_links": False,
    }
    return TemplateResponse(request, "mentoring/mentee_summary.html", context)


@require_POST
@login_required
def mentorship_end(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship = _get_mentorship_for_mentor(request, pk)
    services.mentorship_end(mentorship=mentorship, by=request.user)
    messages.success(request, f"You no longer mentor {mentorship.member}.")
    return redirect("mentoring:mentor_home")


@require_safe
@login_required
def shared_goal(request: MemberRequest, pk: int) -> TemplateResponse:
    goal = _get_shared_goal(request, pk)
    mentorship = Mentorship.objects.active().get(member=goal.member, mentor=request.user)
    history = goal.history.select_related("reflection").order_by("history_date", "history_id")
    context = {
        "goal": goal,
        "plan": goal_plan(goal),
        "today": timezone.localdate(),
        "mentorship": mentorship,
        "feedback": mentorship.feedback_requests.unanswered().filter(goal=goal),
        "history": describe_history(history),
        "read_only": True,
    }
    return TemplateResponse(request, "mentoring/shared_goal.html", context)


@require_safe
@login_required
def shared_reflection(request: MemberRequest, pk: int) -> TemplateResponse:
    reflection = _get_shared_reflection(request, pk)
    mentorship = Mentorship.objects.active().get(member=reflection.member, mentor=request.user)
    context = {
        "reflection": reflection,
        "mentorship": mentorship,
        "feedback": mentorship.feedback_requests.unanswered().filter(reflection=reflection),
    }
    return TemplateResponse(request, "mentoring/shared_reflection.html", context)


@require_POST
@login_required
def feedback_answered(request: MemberRequest, pk: int) -> HttpResponse:
    feedback = _get_feedback_for_mentor(request, pk)
    services.feedback_request_answer(feedback_request=feedback)
    messages.success(request, "Marked as answered.")
    return redirect("mentoring:mentor_home")


# Comments


def _thread_response(request: MemberRequest, subject: Subject, thread: Thread) -> TemplateResponse:
    context = {"thread": thread, "subject": subject, "subject_page": thread.page_url()}
    template = "mentoring/thread.html#comment_thread" if request.htmx else "mentoring/thread.html"
    return TemplateResponse(request, template, context)


@require_http_methods(GET_POST)
@login_required
@created_once
def comment_thread(request: MemberRequest, kind: str, pk: int) -> HttpResponse:
    subject = _get_subject_for_viewer(request, kind, pk)
    if request.method != "POST":
        return _thread_response(request, subject, thread_of(request, subject))
    form = CommentForm(request.POST)
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = _get_parent(subject, parent_id) if parent_id else None
        try:
            services.comment_create(
                author=request.user, subject=subject, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            _form_errors(form, error)
    thread = thread_of(request, subject)
    if form.errors:
        thread.form = form
        thread.reply_to = getattr(form, "cleaned_data", {}).get("parent")
        return _thread_response(request, subject, thread)
    made(request, url=thread.page_url(), label="your comment")
    if not request.htmx:
        messages.success(request, "Comment posted.")
        return redirect(thread.page_url())
    return _thread_response(request, subject, thread)


def _get_parent(subject: Subject, pk: int) -> Comment:
    """A comment on the same page as the subject (the service checks it is the same thread)."""
    if isinstance(subject, Reflection):
        return get_object_or_404(Comment.objects.on_reflection(subject.pk), pk=pk)
    goal_id = subject.pk if isinstance(subject, Goal) else subject.goal_id
    return get_object_or_404(Comment.objects.on_goal(goal_id), pk=pk)


def _comment_thread_after(request: MemberRequest, comment: Comment, note: str) -> HttpResponse:
    subject = comment.subject
    thread = thread_of(request, subject)
    if request.htmx:
        return _thread_response(request, subject, thread)
    messages.success(request, note)
    return redirect(thread.page_url())


@require_http_methods(GET_POST)
@login_required
def comment_edit(request: MemberRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_author(request, pk)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        return _comment_thread_after(request, comment, "Comment saved.")
    template = "mentoring/comment_edit.html"
    if request.htmx:
        template += "#comment_edit_form"
    return TemplateResponse(request, template, {"comment": comment, "form": form})


@require_POST
@login_required
def comment_delete(request: MemberRequest, pk: int) -> HttpResponse:
    comment = _get_comment_for_author(request, pk)
    services.comment_delete(comment=comment, user=request.user)
    return _comment_thread_after(request, comment, "Comment deleted.")


# Asking a mentor found


@require_http_methods(GET_POST)
@login_required
@created_once
def request_create(request: MemberRequest, pk: int) -> HttpResponse:
    profile = get_mentor_profile(request, pk)
    form = MentorshipRequestForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.mentorship_request_create(
                member=request.user,
                profile=profile,
                message=form.cleaned_data["message"],
                **form.share_kwargs(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.MentorUnavailable as error:
            form.add_error(None, str(error))
        else:
            made(request, url=sent.get_absolute_url(), label=f"your request to {profile.user}")
            messages.success(request, f"Request sent to {profile.user}. You will hear by e-mail.")
            return redirect(sent)
    context = {
        "form": form,
        "profile": profile,
        "mentor": profile.user,
        "expiry_days": settings.MENTORING_REQUEST_DAYS,
    }
    return TemplateResponse(request, "mentoring/request_form.html", context)


def _request_page(
    request: MemberRequest, pk: int, **forms: RespondForm | ReplyForm
) -> TemplateResponse:
    mentorship_request = _get_request_for_party(request, pk)
    is_mentor = mentorship_request.mentor_id == request.user.pk
    context = {
        "mentorship_request": mentorship_request,
        "is_mentor": is_mentor,
        "goals": mentorship_request.goals.all(),
        "respond_form": forms.get("respond_form") or (RespondForm() if is_mentor else None),
        "reply_form": forms.get("reply_form") or (None if is_mentor else ReplyForm()),
        "expiry_days": settings.MENTORING_REQUEST_DAYS,
    }
    return TemplateResponse(request, "mentoring/request_detail.html", context)


@require_safe
@login_required
def request_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    return _request_page(request, pk)


@require_POST
@login_required
def request_respond(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship_request = _get_request_for_mentor(request, pk)
    form = RespondForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_request_respond(
                request=mentorship_request,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.MentorUnavailable as error:
            form.add_error(None, str(error))
    if form.errors:
        return _request_page(request, pk, respond_form=form)
    messages.success(request, "Your answer is sent.")
    return redirect(mentorship_request)


@require_POST
@login_required
def request_reply(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship_request = _get_request_for_member(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_request_reply(
                request=mentorship_request, reply=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            _form_errors(form, error)
    if form.errors:
        return _request_page(request, pk, reply_form=form)
    messages.success(request, "Your answer is sent.")
    return redirect(mentorship_request)


@require_POST
@login_required
def request_withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    mentorship_request = _get_request_for_member(request, pk)
    try:
        services.mentorship_request_withdraw(request=mentorship_request)
    except ValidationError as error:
        return refused(request, error, "mentoring:home")
    messages.success(request, "Request withdrawn.")
    return redirect("mentoring:home")
