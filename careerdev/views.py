from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.summary import assessment_progress
from careerdev.forms import ProfileForm
from careerdev.http import MemberRequest
from careerdev.services import profile_update


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


def member_steps(request: MemberRequest) -> list[Step]:
    not_open = "Not open yet"
    later = "This step is being built. Nothing is recorded here for you yet."
    assessment = assessment_progress(request.user)
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
        Step(
            2,
            "Goal setting",
            "Skills, advancement or career-change goals that fit you.",
            not_open,
            later,
        ),
        Step(
            3, "Action planning", "Goals broken into dated tasks and milestones.", not_open, later
        ),
        Step(
            4,
            "Implementation",
            "Time for the work, a journal, a to-do list and your wins.",
            not_open,
            later,
        ),
        Step(
            5,
            "Refinement",
            "Regular reflection, mentor feedback and goals adapted.",
            not_open,
            later,
        ),
    ]


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    return TemplateResponse(request, "careerdev/home.html")


@require_safe
@login_required
def dashboard(request: MemberRequest) -> TemplateResponse:
    return TemplateResponse(request, "careerdev/dashboard.html", {"steps": member_steps(request)})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request: MemberRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return HttpResponseRedirect(request.path)
    return TemplateResponse(request, "careerdev/profile.html", {"form": form})


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
