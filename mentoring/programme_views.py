"""Organisation programmes: running one (admins), belonging to one (members).

Two access helpers: a member reaches the pages of the programmes they belong to, an admin
the admin pages of the programmes they run; anyone else gets a 404. Admin pages read
counts over the group (mentoring.programme_counts), never one member's data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careerdev.http import MemberRequest, refused
from careerdev.models import Topic
from careerdev.once import created_once, made
from careerdev.reminders import is_subscribed
from mentoring import programmes
from mentoring.models import MentorProfile
from mentoring.programme_counts import MIN_GROUP, overview_counts, pool_load
from mentoring.programme_forms import JoinForm, PoolForm, ProgrammeForm, ProgrammeSettingsForm
from mentoring.programme_models import (
    Programme,
    ProgrammeCode,
    ProgrammeMembership,
    Role,
)
from mentoring.programmes import Refused, display_code, suggested_paths

GET_POST = ["GET", "HEAD", "POST"]


def _get_membership(request: MemberRequest, pk: int) -> ProgrammeMembership:
    """The viewer's membership of the programme: only members reach its pages."""
    return get_object_or_404(
        ProgrammeMembership.objects.select_related("programme").for_member(request.user),
        programme_id=pk,
    )


def _get_admin_membership(request: MemberRequest, pk: int) -> ProgrammeMembership:
    """The viewer's admin membership of the programme: only its admins reach these pages."""
    return get_object_or_404(
        ProgrammeMembership.objects.select_related("programme").for_member(request.user).admins(),
        programme_id=pk,
    )


def _get_code(code: str) -> ProgrammeCode:
    found = programmes.code_lookup(code)
    if found is None:
        raise Http404("No programme has that code.")
    return found


@require_safe
@login_required
def programme_list(request: MemberRequest) -> TemplateResponse:
    memberships = (
        ProgrammeMembership.objects.for_member(request.user)
        .select_related("programme")
        .order_by("programme__name")
    )
    domains = programmes.verified_domains(request.user)
    context = {
        "memberships": memberships,
        "open_to_you": Programme.objects.open_to_domains(domains)
        .exclude(memberships__member=request.user)
        .order_by("name"),
        "form": JoinForm(),
    }
    return TemplateResponse(request, "mentoring/programme_list.html", context)


@require_http_methods(GET_POST)
@login_required
@created_once
def programme_create(request: MemberRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.programme_create(member=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            made(request, url=programme.get_absolute_url(), label=f"the programme “{programme}”")
            messages.success(request, f"{programme} is ready. Share its join link with members.")
            return redirect("mentoring:programme_access", programme.pk)
    return TemplateResponse(request, "mentoring/programme_form.html", {"form": form})


@require_http_methods(GET_POST)
@login_required
def programme_join(request: MemberRequest) -> HttpResponse:
    """Joining with a code typed in; the list page posts here too."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = programmes.programme_join(
                member=request.user, code_text=form.cleaned_data["code"]
            )
        except Refused as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Welcome to {membership.programme}.")
            return redirect(membership.programme)
    return TemplateResponse(request, "mentoring/programme_join.html", {"form": form})


@require_http_methods(GET_POST)
@login_required
def programme_join_link(request: MemberRequest, code: str) -> HttpResponse:
    """The link a programme shares: what it is, and a button to join."""
    found = _get_code(code)
    refusal: list[str] = []
    if request.method == "POST":
        try:
            membership = programmes.programme_join(member=request.user, code_text=found.code)
        except Refused as error:
            refusal = error.messages
        else:
            messages.success(request, f"Welcome to {membership.programme}.")
            return redirect(membership.programme)
    context = {
        "refusal": refusal,
        "code": found,
        "programme": found.programme,
        "member_of": ProgrammeMembership.objects.filter(
            programme=found.programme, member=request.user
        ).first(),
    }
    return TemplateResponse(request, "mentoring/programme_join.html", context)


@require_POST
@login_required
def programme_join_domain(request: MemberRequest, pk: int) -> HttpResponse:
    domains = programmes.verified_domains(request.user)
    programme = get_object_or_404(Programme.objects.open_to_domains(domains), pk=pk)
    try:
        programmes.programme_join_by_domain(member=request.user, programme=programme)
    except Refused as error:
        return refused(request, error, "mentoring:programme_list")
    messages.success(request, f"Welcome to {programme}.")
    return redirect(programme)


@require_safe
@login_required
def programme_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    membership = _get_membership(request, pk)
    programme = membership.programme
    context = {
        "membership": membership,
        "programme": programme,
        "paths": suggested_paths(programme),
        "has_profile": MentorProfile.objects.filter(user=request.user).exists(),
        "checkins_on": is_subscribed(request.user, Topic.PROGRAMME_CHECKINS),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "mentoring/programme_detail.html", context)


@require_POST
@login_required
def programme_leave(request: MemberRequest, pk: int) -> HttpResponse:
    membership = _get_membership(request, pk)
    try:
        programmes.programme_leave(membership=membership)
    except Refused as error:
        return refused(request, error, membership.programme)
    messages.success(request, f"You have left {membership.programme}.")
    return redirect("mentoring:programme_list")


@require_POST
@login_required
def programme_pool(request: MemberRequest, pk: int) -> HttpResponse:
    membership = _get_membership(request, pk)
    form = PoolForm(request.POST)
    form.is_valid()
    in_pool = form.cleaned_data.get("in_pool", False)
    try:
        programmes.pool_set(membership=membership, in_pool=in_pool)
    except Refused as error:
        return refused(request, error, membership.programme)
    if in_pool:
        messages.success(request, "You are in the mentor pool: members find you first.")
    else:
        messages.success(request, "You have left the mentor pool.")
    return redirect(membership.programme)


# Admin pages


@require_safe
@login_required
def programme_overview(request: MemberRequest, pk: int) -> TemplateResponse:
    membership = _get_admin_membership(request, pk)
    programme = membership.programme
    context = {
        "programme": programme,
        "overview": overview_counts(programme, timezone.now()),
        "pool": pool_load(programme),
        "min_group": MIN_GROUP,
    }
    return TemplateResponse(request, "mentoring/programme_overview.html", context)


@require_http_methods(GET_POST)
@login_required
def programme_settings(request: MemberRequest, pk: int) -> HttpResponse:
    membership = _get_admin_membership(request, pk)
    programme = membership.programme
    form = ProgrammeSettingsForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.programme_update(programme=programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The programme's settings are saved.")
            return redirect("mentoring:programme_overview", programme.pk)
    context = {"form": form, "programme": programme}
    return TemplateResponse(request, "mentoring/programme_form.html", context)


@require_safe
@login_required
def programme_access(request: MemberRequest, pk: int) -> TemplateResponse:
    membership = _get_admin_membership(request, pk)
    programme = membership.programme
    codes = list(programme.codes.usable().order_by("-created_at"))
    context = {
        "programme": programme,
        "membership": membership,
        "member_code": next((code for code in codes if code.role == Role.MEMBER), None),
        "admin_codes": [code for code in codes if code.role == Role.ADMIN],
        "admins": programme.memberships.admins()
        .select_related("member")
        .order_by("joined_at", "pk"),
        "display_code": display_code,
    }
    return TemplateResponse(request, "mentoring/programme_access.html", context)


@require_POST
@login_required
def programme_code_new(request: MemberRequest, pk: int) -> HttpResponse:
    membership = _get_admin_membership(request, pk)
    role = Role.ADMIN if request.POST.get("role") == Role.ADMIN else Role.MEMBER
    programmes.code_create(programme=membership.programme, role=role)
    if role == Role.ADMIN:
        messages.success(request, "A new co-admin invitation is below: it serves once.")
    else:
        messages.success(request, "A new join link is below; the old one no longer works.")
    return redirect("mentoring:programme_access", pk)


@require_POST
@login_required
def programme_code_revoke(request: MemberRequest, pk: int, code_pk: int) -> HttpResponse:
    membership = _get_admin_membership(request, pk)
    code = get_object_or_404(ProgrammeCode, programme=membership.programme, pk=code_pk)
    programmes.code_revoke(code=code)
    messages.success(request, "That code no longer works.")
    return redirect("mentoring:programme_access", pk)


@require_POST
@login_required
def programme_admin_remove(request: MemberRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = _get_admin_membership(request, pk)
    target = get_object_or_404(
        ProgrammeMembership.objects.select_related("member").admins(),
        programme=membership.programme,
        pk=member_pk,
    )
    try:
        programmes.admin_remove(programme=membership.programme, by=membership, membership=target)
    except Refused as error:
        return refused(request, error, reverse("mentoring:programme_access", args=[pk]))
    messages.success(request, f"{target.member} is no longer an admin.")
    return redirect("mentoring:programme_access", pk)


@require_POST
@login_required
def programme_close(request: MemberRequest, pk: int) -> HttpResponse:
    membership = _get_admin_membership(request, pk)
    name = str(membership.programme)
    programmes.programme_close(membership=membership)
    messages.success(request, f"{name} is closed. Its members keep everything of their own.")
    return redirect("mentoring:programme_list")
