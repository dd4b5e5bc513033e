"""The quick start's pages: roles, (interests and fits), skills, gaps, plan.

Every step reads its state from the server (plans.quickstart.standing), so reloading or
going Back shows what was chosen; a step reached too early sends the member to the first
step not yet done. Non-htmx POSTs redirect to the next step.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Instrument
from assessments.occupations import Occupation, SearchHit
from assessments.summary import profile_summary
from careerdev.http import MemberRequest
from plans import quickstart
from plans.quickstart import STEP_URLS, STEPS, Standing, standing
from plans.quickstart_forms import (
    FitChoiceForm,
    HoursForm,
    InterestsForm,
    QuickPlanForm,
    RatingsForm,
    RolesForm,
)

GET_POST = ["GET", "HEAD", "POST"]
ROLE_TARGETS = {"current-results": "current", "target-results": "target"}


def _context(state: Standing, step: int, **extra: object) -> dict:
    steps = [(n, name, reverse(STEP_URLS[n]), n <= state.step) for n, name in STEPS]
    return {"state": state, "step": step, "steps": steps, **extra}


@dataclass(frozen=True)
class RoleBox:
    """One role's search box and the occupations it offers."""

    role: str
    field: BoundField
    hits: list[SearchHit]
    chosen: str


def _boxes(form: RolesForm) -> list[RoleBox]:
    return [
        RoleBox(role, form[role], form.hits(role), form.chosen_code(role))
        for role in ("current", "target")
    ]


def _not_yet(state: Standing, step: int) -> HttpResponse | None:
    """A redirect to the first step not done when this one cannot be shown yet."""
    if state.step < step:
        return redirect(state.url)
    return None


def _title(occupation: Occupation | None, typed: str) -> str:
    return occupation.title if occupation else typed


@require_http_methods(GET_POST)
@login_required
def roles(request: MemberRequest) -> HttpResponse:
    member = request.user
    state = standing(member)
    direction = state.direction
    unsure = "unsure" in request.POST
    if request.method == "POST":
        form = RolesForm(request.POST, unsure=unsure)
        if form.is_valid():
            quickstart.quick_start_roles(
                member=request.user, current=form.chosen["current"], target=form.chosen["target"]
            )
            return redirect("plans:quickstart_interests" if unsure else "plans:quickstart_skills")
    else:
        initial = {
            # The profile's words when the catalogue holds no occupation for them yet.
            "current": request.GET.get("current", _title(state.current, member.current_role)),
            "current_code": direction.current_code,
            "target": request.GET.get("target", _title(state.target, member.target_role)),
            "target_code": direction.target_code,
        }
        form = RolesForm(initial=initial)
    boxes = _boxes(form)
    role = ROLE_TARGETS.get(request.htmx.target or "") if request.htmx else None
    context = _context(state, 1, form=form, boxes=boxes)
    template = "plans/quickstart_roles.html"
    if role:  # htmx asks for one box's matches as the member types
        context["box"] = next(box for box in boxes if box.role == role)
        template += "#results"
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, template, context, status=status)


@require_http_methods(GET_POST)
@login_required
def interests(request: MemberRequest) -> HttpResponse:
    state = standing(request.user)
    saved = state.quick_start.interests if state.quick_start else {}
    form = InterestsForm(request.POST if request.method == "POST" else None, initial=saved)
    if request.method == "POST" and form.is_valid():
        quickstart.quick_start_update(member=request.user, interests=form.answers())
        return redirect("plans:quickstart_fits")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "plans/quickstart_interests.html", _context(state, 1, form=form), status=status
    )


@require_http_methods(GET_POST)
@login_required
def fits(request: MemberRequest) -> HttpResponse:
    state = standing(request.user)
    answers = state.quick_start.interests if state.quick_start else {}
    if not answers:
        return redirect("plans:quickstart_interests")
    found = quickstart.fits_for(answers, profile_summary(request.user))
    codes = [fit.occupation.code for fit in found]
    form = FitChoiceForm(request.POST if request.method == "POST" else None, codes=codes)
    if request.method == "POST" and form.is_valid():
        chosen = next(
            fit.occupation for fit in found if fit.occupation.code == form.cleaned_data["code"]
        )
        quickstart.quick_start_roles(member=request.user, current=state.current, target=chosen)
        return redirect("plans:quickstart_skills")
    status = 400 if request.method == "POST" else 200
    context = _context(state, 1, form=form, fits=found, answers=answers)
    return TemplateResponse(request, "plans/quickstart_fits.html", context, status=status)


@require_http_methods(GET_POST)
@login_required
def skills(request: MemberRequest) -> HttpResponse:
    state = standing(request.user)
    if early := _not_yet(state, 2):
        return early
    initial = {}
    for skill in state.skills:
        now, aim = state.ratings.get(skill.slug, (None, None))
        initial[f"{skill.slug}-current"] = now
        initial[f"{skill.slug}-target"] = aim or skill.typical
    form = RatingsForm(
        request.POST if request.method == "POST" else None, skills=state.skills, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        quickstart.quick_ratings_record(member=request.user, ratings=form.ratings())
        return redirect("plans:quickstart_gaps")
    status = 400 if request.method == "POST" else 200
    context = _context(state, 2, form=form, minutes=_skills_minutes())
    return TemplateResponse(request, "plans/quickstart_skills.html", context, status=status)


def _skills_minutes() -> int:
    instrument = Instrument.objects.with_versions().filter(slug="skills").first()
    return instrument.minutes if instrument else 0


@require_http_methods(GET_POST)
@login_required
def gaps(request: MemberRequest) -> HttpResponse:
    state = standing(request.user)
    if early := _not_yet(state, 3):
        return early
    initial = {"hours_a_week": state.hours_a_week or quickstart.DEFAULT_WEEKLY_HOURS}
    form = HoursForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        quickstart.quick_start_update(
            member=request.user, hours_a_week=form.cleaned_data["hours_a_week"]
        )
        return redirect("plans:quickstart_plan")
    status = 400 if request.method == "POST" else 200
    context = _context(state, 3, form=form, gaps=state.gaps)
    return TemplateResponse(request, "plans/quickstart_gaps.html", context, status=status)


@require_http_methods(GET_POST)
@login_required
def plan(request: MemberRequest) -> HttpResponse:
    state = standing(request.user)
    if early := _not_yet(state, 4):
        return early
    today = timezone.localdate()
    draft = state.plan(today)
    form = QuickPlanForm(request.POST if request.method == "POST" else None, draft=draft)
    if request.method == "POST" and form.is_valid():
        goal = quickstart.quick_start_finish(member=request.user, plan=form.edited(), today=today)
        messages.success(
            request,
            f"Your goal is set: {goal}. Next, finish the skills assessment to see every gap.",
        )
        return redirect(goal)
    status = 400 if request.method == "POST" else 200
    milestones = list(zip(form.stages(), draft.focus, strict=True))
    context = _context(state, 4, form=form, draft=draft, milestones=milestones)
    return TemplateResponse(request, "plans/quickstart_plan.html", context, status=status)


@require_POST
@login_required
def dismiss(request: MemberRequest) -> HttpResponse:
    quickstart.quick_start_dismiss(member=request.user)
    messages.success(
        request,
        "The quick start is put aside: your five steps below lead the same way, at your pace.",
    )
    return redirect("dashboard")
