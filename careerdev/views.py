from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from assessments.models import CareerDirection
from assessments.services import career_direction_follow_profile
from assessments.summary import assessment_progress
from careerdev.emails import Unsubscribe
from careerdev.forms import ProfileForm, ReminderSettingsForm
from careerdev.fragments import member_page
from careerdev.http import MemberRequest
from careerdev.models import REFLECTION_TOPICS, ReminderSchedule, Topic, User
from careerdev.reminders import (
    email_unsubscribe,
    is_subscribed,
    member_schedules,
    reminder_preferences_update,
)
from careerdev.services import profile_update
from mentoring.models import ProgrammeMembership
from mentoring.overview import mentor_overview, mentoring_counts, new_mentor_comments
from mentoring.programmes import member_programmes
from plans import quickstart
from plans.overview import (
    ReflectionStepCounts,
    StepCounts,
    plan_overview,
    reflection_step_counts,
    step_counts,
)
from plans.schedule import format_hours

NOT_STARTED = "Not started"


@dataclass(frozen=True)
class Step:
    """One of the five steps on the dashboard, described from the member's real data."""

    number: int
    title: str
    purpose: str
    status: str
    detail: str
    url: str = ""
    action: str = ""

    @property
    def is_started(self) -> bool:
        return self.status != NOT_STARTED


def member_steps(request: MemberRequest, plan: StepCounts) -> list[Step]:
    assessment = assessment_progress(request.user)
    reminders = sorted(
        ReminderSchedule.objects.for_member(request.user).enabled().reflections(),
        key=lambda schedule: REFLECTION_TOPICS.index(schedule.topic),
    )
    reflection = reflection_step_counts(
        request.user,
        timezone.localdate(),
        reminded=[schedule.defaults.cadence for schedule in reminders],
    )
    return [
        Step(
            1,
            "Self-assessment",
            "Skills and gaps, leadership, interests, values, personality.",
            assessment.status,
            assessment.detail,
            assessment.url,
            assessment.action,
        ),
        goal_setting_step(plan),
        action_planning_step(plan),
        implementation_step(plan),
        refinement_step(reflection, reminders),
    ]


def goal_setting_step(plan: StepCounts) -> Step:
    purpose = "Skills, advancement or career-change goals that fit you."
    if not plan.goals:
        return Step(
            2,
            "Goal setting",
            purpose,
            NOT_STARTED,
            "Set your first goal, or start from a suggestion drawn from your assessments.",
            reverse("plans:goal_suggestions"),
            "See suggested goals",
        )
    return Step(
        2,
        "Goal setting",
        purpose,
        f"{plan.active_goals} active goal{pluralize(plan.active_goals)}",
        f"{plan.goals} goal{pluralize(plan.goals)} set, {plan.achieved_goals} achieved.",
        reverse("plans:goal_list"),
        "See your goals",
    )


def action_planning_step(plan: StepCounts) -> Step:
    purpose = "Goals broken into dated tasks and milestones."
    if not plan.live_tasks:
        return Step(
            3,
            "Action planning",
            purpose,
            NOT_STARTED,
            "Break a goal into milestones and dated tasks with effort estimates.",
            reverse("plans:goal_list"),
            "Plan a goal",
        )
    return Step(
        3,
        "Action planning",
        purpose,
        f"{plan.open_tasks} task{pluralize(plan.open_tasks)} to do",
        f"{plan.due_this_week} due this week, {plan.overdue_tasks} overdue.",
        reverse("plans:timeline"),
        "See your timeline",
    )


def implementation_step(plan: StepCounts) -> Step:
    purpose = "Time for the work, a journal, a to-do list and your wins."
    if not (plan.done_tasks or plan.wins or plan.time_blocks):
        return Step(
            4,
            "Implementation",
            purpose,
            NOT_STARTED,
            "Block out weekly time for the work, then tick tasks off as you finish them.",
            reverse("plans:schedule"),
            "Schedule time",
        )
    return Step(
        4,
        "Implementation",
        purpose,
        f"{format_hours(plan.done_hours)} of {format_hours(plan.total_hours)} hours done",
        f"{plan.wins} win{pluralize(plan.wins)}, "
        f"{plan.time_blocks} weekly time block{pluralize(plan.time_blocks)}.",
        reverse("plans:wins"),
        "See your wins",
    )


def refinement_step(reflection: ReflectionStepCounts, reminders: list[ReminderSchedule]) -> Step:
    """What is due to reflect on (plans), and when careerdev will next remind the member."""
    if reminders:
        rules = "; ".join(f"{s.get_topic_display()} {s.describe()}" for s in reminders)
        soonest = min(schedule.next_run_at for schedule in reminders)
        when = date_format(timezone.localtime(soonest), "l j F Y, H:i")
        reminded = f"{rules[0].upper()}{rules[1:]}. Next: {when}."
    else:
        reminded = "No reflection reminders: choose when careerdev reminds you."
    return Step(
        5,
        "Refinement",
        "Regular reflection, mentor feedback and goals adapted.",
        reflection.status,
        f"{reflection.detail} {reminded}",
        reflection.url,
        reflection.action,
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return TemplateResponse(request, "careerdev/home.html")


@require_safe
@login_required
def welcome(request: MemberRequest) -> HttpResponse:
    """Where logging in lands: the quick start while it is on offer, else the dashboard. A
    mentor lands on the dashboard, with the people they mentor first (and the offer there)."""
    mentoring = mentoring_counts(request.user)
    offer = None if mentoring.mentees or mentoring.waiting else quickstart.offered(request.user)
    return redirect(offer.url if offer else "dashboard")


@require_safe
@login_required
@member_page("dashboard", hourly=True)
def dashboard(request: MemberRequest) -> TemplateResponse:
    """The five steps and the plan at a glance; for a mentor, first the people they mentor,
    and for a mentored member, what their mentors wrote lately."""
    member, today = request.user, timezone.localdate()
    counts = step_counts(member, today)
    mentoring = mentoring_counts(member)
    steps = member_steps(request, counts)
    direction = CareerDirection.objects.of_member(member)
    offer = quickstart.offered(member, has_goals=bool(counts.goals), direction=direction)
    context = {
        "steps": steps,
        "own_plan_started": any(step.is_started for step in steps),
        "plan": plan_overview(member, today, counts=counts),
        "mentoring": mentoring,
        "mentor": mentor_overview(member) if mentoring.mentees or mentoring.waiting else None,
        "mentor_comments": new_mentor_comments(member, timezone.now()) if mentoring.mentors else [],
        "direction": direction,
        "programmes": member_programmes(member),
        "quick_start": offer,
        "steps_total": len(quickstart.STEPS),
    }
    return TemplateResponse(request, "careerdev/dashboard.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request: MemberRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            member = profile_update(user=request.user, **form.cleaned_data)
            career_direction_follow_profile(member=member)
        messages.success(request, "Your profile is saved.")
        return HttpResponseRedirect(request.path)
    context = {
        "form": form,
        "direction": CareerDirection.objects.of_member(request.user),
    }
    return TemplateResponse(request, "careerdev/profile.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reminder_settings(request: MemberRequest) -> HttpResponse:
    schedules = member_schedules(request.user)
    initial = ReminderSettingsForm.initial_for(
        schedules,
        mentor_comments=is_subscribed(request.user, Topic.MENTOR_COMMENTS),
        programme_checkins=is_subscribed(request.user, Topic.PROGRAMME_CHECKINS),
    )
    in_programme = ProgrammeMembership.objects.for_member(request.user).exists()
    form = ReminderSettingsForm(request.POST or None, initial=initial, in_programme=in_programme)
    if request.method == "POST" and form.is_valid():
        reminder_preferences_update(
            member=request.user,
            schedules=form.schedule_settings(),
            mentor_comments=form.cleaned_data["mentor_comments"],
            programme_checkins=form.cleaned_data.get("programme_checkins"),
        )
        messages.success(request, "Your reminder settings are saved.")
        return HttpResponseRedirect(request.path)
    by_prefix = {prefix: schedules[topic] for topic, prefix in form.PREFIXES.items()}
    return TemplateResponse(
        request, "careerdev/reminder_settings.html", {"form": form, "schedules": by_prefix}
    )


# The link in every e-mail: works without logging in, since the signed token is the key.
# Mail clients post to it directly for one-click unsubscribe (RFC 8058), without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = Unsubscribe.from_token(token)
        member = User.objects.get(pk=subscription.member_id)
    except signing.SignatureExpired:
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("This link has expired.", content_type="text/plain", status=410)
        return TemplateResponse(request, "careerdev/unsubscribe_expired.html", status=410)
    except (signing.BadSignature, User.DoesNotExist):
        return TemplateResponse(request, "careerdev/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        email_unsubscribe(member=member, topic=subscription.topic)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        messages.success(request, f"Done: no more {subscription.topic.label}.")
        return HttpResponseRedirect(request.path)
    context = {
        "topic": subscription.topic,
        "subscribed": is_subscribed(member, subscription.topic),
        "address": _masked(member.email),
    }
    return TemplateResponse(request, "careerdev/unsubscribe.html", context)


def _masked(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}{'•' * max(len(name) - 1, 2)}@{domain}"


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bench_reference(request: HttpRequest) -> HttpResponse:
    """The least a Django page can do, for make bench to measure the pages against."""
    return HttpResponse("ok", content_type="text/plain")
