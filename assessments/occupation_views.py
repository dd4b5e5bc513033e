"""The occupation catalogue: search and browse, an occupation's page, its About page, the
occupations that fit a member, and choosing an occupation as a current or target role."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from assessments import services
from assessments.direction import career_change_initial, explain
from assessments.fit import fit_input as fit_input_of
from assessments.fit import rank_fits, skill_checks
from assessments.forms import OccupationSearchForm, RoleForm, ZoneFilterForm
from assessments.models import CareerDirection
from assessments.occupations import (
    JOB_ZONES,
    Occupation,
    catalogue,
)
from assessments.summary import latest_skills, profile_summary
from careerdev.fragments import member_page
from careerdev.http import MemberRequest

PER_PAGE = 25
FITS_PER_PAGE = 20
RESULTS_TARGET = "occupation-results"


def _missing(request: HttpRequest, code: str) -> TemplateResponse:
    """A 404 that helps: occupations sharing the longest SOC group prefix, and a search box."""
    nearby: list[Occupation] = []
    for prefix in (code[:6], code[:5], code[:2]):  # broad occupation, minor, major group
        nearby = [o for o in catalogue() if len(prefix) > 1 and o.code.startswith(prefix)]
        if nearby:
            break
    context = {"code": code[:20], "nearby": nearby[:8]}
    return TemplateResponse(request, "assessments/occupation_missing.html", context, status=404)


def _other_params(request: MemberRequest) -> str:
    """The query string without the page number, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _partial_or_page(request: MemberRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx.target == RESULTS_TARGET else template


@require_safe
@login_required
def occupation_list(request: MemberRequest) -> TemplateResponse:
    form = OccupationSearchForm(request.GET)
    hits, ignored = form.results(catalogue())
    page = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "text": form.text,
        "page": page,
        "ignored": ignored,
        "partial": bool(hits) and hits[0].partial,
        "picking": form.picking,
        "pick": form.cleaned_data.get("pick", "") if form.picking else "",
        "query": _other_params(request),
        "total": len(catalogue()),
    }
    template = _partial_or_page(request, "assessments/occupation_list.html", "results")
    return TemplateResponse(request, template, context, status=400 if form.refused else 200)


@require_safe
@login_required
def occupation_detail(request: MemberRequest, code: str) -> TemplateResponse:
    occupation = catalogue().get(code)
    if occupation is None:
        return _missing(request, code)
    skills = latest_skills(request.user)
    goal = urlencode(career_change_initial(occupation, timezone.localdate()))
    context = {
        "occupation": occupation,
        "skills": skill_checks(occupation, skills.levels),
        "skills_taken": skills,
        "direction": CareerDirection.objects.of_member(request.user),
        "goal_query": goal,
    }
    return TemplateResponse(request, "assessments/occupation_detail.html", context)


@require_safe
def occupation_about(request: HttpRequest) -> TemplateResponse:
    context = {
        "zones": JOB_ZONES.values(),
        "count": len(catalogue()),
        "groups": catalogue().major_groups(),
    }
    return TemplateResponse(request, "assessments/occupation_about.html", context)


@require_safe
@login_required
@member_page("fit")
def occupation_fit(request: MemberRequest) -> TemplateResponse:
    form = ZoneFilterForm(request.GET)
    filters, ignored = form.filters()
    summary = profile_summary(request.user)
    member = fit_input_of(summary)
    ranking = rank_fits(member, catalogue(), zone=filters["zone"])
    page = Paginator(ranking.fits, FITS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "ignored": ignored,
        "basis": ranking.basis,
        "page": page,
        "explained": [explain(fit, member, ranking.basis) for fit in page],
        "summary": summary,
        "query": _other_params(request),
        "direction": CareerDirection.objects.of_member(request.user),
    }
    template = _partial_or_page(request, "assessments/fit.html", "fits")
    return TemplateResponse(request, template, context)


def _back(request: MemberRequest, form: RoleForm, occupation: Occupation | None) -> HttpResponse:
    wanted = form.cleaned_data.get("next", "") if form.is_valid() else ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(occupation) if occupation else redirect("profile")


@require_POST
@login_required
def occupation_choose(request: MemberRequest, code: str) -> HttpResponse:
    occupation = catalogue().get(code)
    if occupation is None:
        return _missing(request, code)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether this is your current role or your target role.")
        return _back(request, form, occupation)
    role = form.cleaned_data["role"]
    services.career_direction_set(member=request.user, role=role, occupation=occupation)
    messages.success(request, f"{occupation.title} is now your {role} role.")
    return _back(request, form, occupation)


@require_POST
@login_required
def direction_clear(request: MemberRequest) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose which role to remove.")
        return _back(request, form, None)
    role = form.cleaned_data["role"]
    services.career_direction_set(member=request.user, role=role, occupation=None)
    messages.success(request, f"Your {role} role is removed.")
    return _back(request, form, None)
