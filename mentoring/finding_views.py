"""Offering to mentor (with the occupations held, picked from the catalogue) and finding one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.models import CareerDirection
from assessments.occupations import catalogue
from careerdev.http import MemberRequest
from careerdev.models import User
from mentoring import services
from mentoring.finder import aim_of, find_mentors, suggested_fields
from mentoring.forms import FindForm, MentorProfileForm
from mentoring.matching import FIT_STEP
from mentoring.models import MentorProfile, Mentorship, MentorshipRequest
from mentoring.occupations import known, matches
from mentoring.programmes import pool_mentor_ids

GET_POST = ["GET", "HEAD", "POST"]
PROFILE_TEMPLATE = "mentoring/mentor_profile.html"


def get_mentor_profile(request: MemberRequest, user_id: int) -> MentorProfile:
    """Any member's mentor profile, with its places counted: mentors offer to be found."""
    return get_object_or_404(
        MentorProfile.objects.with_places().select_related("user"), user_id=user_id
    )


def _profile_initial(member: User) -> dict[str, object]:
    """A new mentor starts from the occupation they hold now, else their role as typed."""
    direction = CareerDirection.objects.for_member(member).first()
    held = (direction and direction.current_occupation) or catalogue().named(member.current_role)
    if held is not None:
        return {"time_zone": member.time_zone, "occupations": [held.code]}
    return {"time_zone": member.time_zone, "roles": [member.current_role]}


@require_http_methods(GET_POST)
@login_required
def mentor_profile(request: MemberRequest) -> HttpResponse:
    profile = MentorProfile.objects.filter(user=request.user).first()
    initial = _profile_initial(request.user) if profile is None else {}
    searching = "find_occupations" in request.POST
    query = request.POST.get("occupation_search", "") if searching else ""
    if searching:
        # Searching without JavaScript: the page comes back with matches, nothing saved.
        form = MentorProfileForm.kept(request.POST, instance=profile, initial=initial)
    else:
        form = MentorProfileForm(request.POST or None, instance=profile, initial=initial)
    if form.is_bound and form.is_valid():
        services.mentor_profile_save(user=request.user, **form.cleaned_data)
        if form.cleaned_data["available"]:
            messages.success(request, "Saved. Members looking for a mentor can now find you.")
        else:
            messages.success(request, "Saved. You are hidden from suggestions for now.")
        return redirect("mentoring:mentor_home")
    chosen = known(form.chosen_codes())
    context = {
        "form": form,
        "profile": profile,
        "chosen": chosen,
        "query": query,
        "searched": searching,
        "matches": matches(query, leave_out=[o.code for o in chosen]),
    }
    return TemplateResponse(request, PROFILE_TEMPLATE, context)


@require_safe
@login_required
def occupation_search(request: MemberRequest) -> TemplateResponse:
    """The picker's matches as the mentor types (htmx); each can be added with a click."""
    query = request.GET.get("occupation_search", "")
    chosen = request.GET.getlist("occupations")
    context = {"matches": matches(query, leave_out=chosen), "query": query, "live": True}
    return TemplateResponse(request, f"{PROFILE_TEMPLATE}#occupation_matches", context)


@require_safe
@login_required
def occupation_pick(request: MemberRequest) -> HttpResponse:
    """One chosen occupation, to add to the picker's list (htmx); nothing when already there."""
    occupation = catalogue().get(request.GET.get("code", ""))
    if occupation is None:
        raise Http404("No occupation has that code.")
    if occupation.code in request.GET.getlist("occupations"):
        return HttpResponse(status=204)
    context = {"occupation": occupation}
    return TemplateResponse(request, f"{PROFILE_TEMPLATE}#occupation_added", context)


@require_safe
@login_required
def mentor_find(request: MemberRequest) -> TemplateResponse:
    member = request.user
    aim = aim_of(member)
    initial = {"industries": sorted(suggested_fields(member, aim))}
    form = FindForm(request.GET if "search" in request.GET else None, initial=initial)
    fields = form.cleaned_data["industries"] if form.is_valid() else initial["industries"]
    requested = MentorshipRequest.objects.from_member(member).open().values_list("mentor_id")
    context = {
        "form": form,
        "aim": aim,
        "found": find_mentors(member, fields, aim=aim, pool=pool_mentor_ids(member)),
        "requested": {mentor_id for (mentor_id,) in requested},
        "fit_step": FIT_STEP,
    }
    return TemplateResponse(request, "mentoring/mentor_find.html", context)


@require_safe
@login_required
def mentor_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    profile = get_mentor_profile(request, pk)
    context = {
        "profile": profile,
        "mentor": profile.user,
        "held": known(profile.occupations),
        "open_request": MentorshipRequest.objects.from_member(request.user)
        .open()
        .filter(mentor=profile.user)
        .first(),
        "is_mentor": Mentorship.objects.active()
        .filter(member=request.user, mentor=profile.user)
        .exists(),
    }
    return TemplateResponse(request, "mentoring/mentor_detail.html", context)
