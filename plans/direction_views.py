"""Career paths and the development activity library: browsing them, adopting a path as a
goal, and adding activities to a goal as tasks."""

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.models import CareerDirection
from assessments.summary import profile_summary
from careerdev.http import MemberRequest, refused, render_partial_response
from plans import adoption, services
from plans import library as knowledge
from plans.adoption import (
    DEFAULT_WEEKLY_HOURS,
    AlreadyAdopted,
    activities_add,
    activity_dates,
    adopted_goals,
    draft_plan,
    weekly_hours,
)
from plans.direction_forms import (
    ActivityAddForm,
    ActivityFilterForm,
    AdoptionForm,
    PathFilterForm,
    SkillChoiceForm,
    WaysForm,
)
from plans.library import FIELDS, Activity, CareerPath
from plans.models import Goal, GoalStatus, Undo, UndoAction

GET_POST = ["GET", "HEAD", "POST"]
ACTIVITIES_PER_PAGE = 24
FILTERS = ("skill", "type", "cost")


def _get_path(slug: str) -> CareerPath:
    path = knowledge.library().path(slug)
    if path is None:
        raise Http404("No career path by that name.")
    return path


def _get_activity(slug: str) -> Activity:
    activity = knowledge.library().activity(slug)
    if activity is None:
        raise Http404("No activity by that name.")
    return activity


def _get_goal_for_member(request: MemberRequest, pk: int) -> Goal:
    return get_object_or_404(Goal.objects.for_member(request.user), pk=pk)


def _get_added_for_member(request: MemberRequest, pk: int) -> Undo:
    added = Undo.objects.for_member(request.user).filter(action=UndoAction.TASK_ADD)
    return get_object_or_404(added, pk=pk)


def _direction(request: MemberRequest) -> CareerDirection | None:
    return CareerDirection.objects.for_member(request.user).first()


def _open_goals(request: MemberRequest) -> list[Goal]:
    """Goals an activity can join: those still being worked on."""
    goals = Goal.objects.for_member(request.user).filter(
        status__in=[GoalStatus.ACTIVE, GoalStatus.PAUSED]
    )
    return list(goals.in_display_order())


# Career paths


@require_safe
@login_required
def path_list(request: MemberRequest) -> TemplateResponse:
    form = PathFilterForm(request.GET or None)
    field = form.cleaned_data["field"] if form.is_valid() else ""
    books = knowledge.library()
    direction = _direction(request)
    codes = {direction.current_code, direction.target_code} - {""} if direction else set()
    paths = books.paths_in(field)
    context = {
        "form": form,
        "field": field,
        "fields": [(slug, label, len(books.paths_in(slug))) for slug, label in FIELDS.items()],
        "path_count": len(books.paths),
        "paths": paths,
        "yours": [path for path in paths if path.occupation_codes & codes],
        "direction": direction,
    }
    return TemplateResponse(request, "plans/path_list.html", context)


@require_safe
@login_required
def path_detail(request: MemberRequest, slug: str) -> TemplateResponse:
    path = _get_path(slug)
    summary = profile_summary(request.user)
    levels = {skill.slug: skill.current for skill in summary.skills}
    direction = _direction(request)
    context = {
        "path": path,
        "stages": [(stage, stage.standing(levels)) for stage in path.stages],
        "has_skills": bool(levels),
        "skills_date": summary.completed_at.get("skills"),
        "current_code": direction.current_code if direction else "",
        "target_code": direction.target_code if direction else "",
        "aims": path.aims(direction.current_code if direction else ""),
        "following": list(adopted_goals(request.user, path)),
    }
    return TemplateResponse(request, "plans/path_detail.html", context)


@require_http_methods(GET_POST)
@login_required
def path_adopt(request: MemberRequest, slug: str) -> HttpResponse:
    """A preview of the goal the path makes; only a confirmed POST saves it."""
    path = _get_path(slug)
    member, today = request.user, timezone.localdate()
    following = list(adopted_goals(member, path))
    asked = request.GET.get("again") == "1"
    context = {"path": path, "following": following}
    if following and request.method != "POST" and not asked:
        return TemplateResponse(request, "plans/path_adopt.html", {**context, "question": True})
    draft = draft_plan(path, today=today, hours_a_week=weekly_hours(member))
    data = request.POST if request.method == "POST" else None
    form = AdoptionForm(data, draft=draft, following=following, again=asked)
    if request.method == "POST" and form.is_valid():
        try:
            goal = adoption.path_adopt(
                member=member, draft=form.edited(), today=today, again=form.cleaned_data["again"]
            )
        except AlreadyAdopted as error:
            # Adopted in another tab since the preview opened: ask, keeping what was typed.
            form = AdoptionForm(request.POST, draft=draft, following=error.goals)
            form.is_valid()
            context["following"] = error.goals
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Goal set from the path: {goal}. Your plan is below.")
            return redirect(goal)
    context.update(form=form, draft=draft)
    return TemplateResponse(request, "plans/path_adopt.html", context)


# The activity library


def _filters_query(filters: dict[str, str]) -> str:
    return urlencode({name: filters[name] for name in (*FILTERS, "page") if filters.get(name)})


@require_safe
@login_required
def activity_list(request: MemberRequest) -> TemplateResponse:
    books = knowledge.library()
    form = ActivityFilterForm(request.GET or None, library=books)
    chosen = form.chosen()
    activities = books.activities_for(
        skill=chosen.get("skill", ""),
        formal={"formal": True, "informal": False}.get(chosen.get("type", "")),
        cost=chosen.get("cost", ""),
    )
    added = request.GET.get("added", "")
    context = {
        "form": form,
        "chosen": chosen,
        "skill_name": knowledge.skill_name(chosen["skill"]) if "skill" in chosen else "",
        "page": Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page")),
        "query": _filters_query(chosen),
        "filters": _filters_query({**chosen, "page": request.GET.get("page", "")}),
        "goals": _open_goals(request),
        "just_added": _pending_added(request, added) if added.isdigit() else None,
        "back": "list",
    }
    return render_partial_response(
        request, "plans/activity_list.html", context, target="activity-results", partial="results"
    )


def _pending_added(request: MemberRequest, pk: str) -> Undo | None:
    added = Undo.objects.for_member(request.user).filter(action=UndoAction.TASK_ADD)
    return added.pending().select_related("goal").filter(pk=int(pk)).first()


@require_safe
@login_required
def activity_detail(request: MemberRequest, slug: str) -> TemplateResponse:
    activity = _get_activity(slug)
    books = knowledge.library()
    others = [a for a in books.cheapest_for(activity.main_skill, 7) if a.slug != activity.slug]
    added = request.GET.get("added", "")
    context = {
        "activity": activity,
        "others": others[:6],
        "paths": books.paths_suggesting(activity.slug),
        "goals": _open_goals(request),
        "just_added": _pending_added(request, added) if added.isdigit() else None,
        "back": "detail",
    }
    return TemplateResponse(request, "plans/activity_detail.html", context)


def _back(request: MemberRequest, activity: Activity | None, added: Undo | None = None) -> str:
    """Where a plain (non-htmx) add or undo returns: the page it came from, filters kept."""
    extra = {"added": added.pk} if added else {}
    if request.POST.get("back") == "detail" and activity is not None:
        url = reverse("plans:activity_detail", args=[activity.slug])
        return f"{url}?{urlencode(extra)}" if extra else url
    filters = QueryDict(request.POST.get("filters", ""))
    query = urlencode({**{k: filters[k] for k in (*FILTERS, "page") if filters.get(k)}, **extra})
    url = reverse("plans:activity_list")
    return f"{url}?{query}" if query else url


@require_POST
@login_required
def activity_add(request: MemberRequest, slug: str) -> HttpResponse:
    activity = _get_activity(slug)
    form = ActivityAddForm(request.POST)
    if not form.is_valid():
        error = ValidationError("Choose one of your goals.")
        return refused(request, error, _back(request, activity))
    goal = _get_goal_for_member(request, form.cleaned_data["goal"])
    try:
        added = activities_add(
            goal=goal,
            activities=[activity],
            today=timezone.localdate(),
            hours_a_week=weekly_hours(request.user),
        )
    except ValidationError as error:
        return refused(request, error, _back(request, activity))
    if request.htmx:
        context = {
            "activity": activity,
            "added": added.undo,
            "added_task": added.tasks[0],
            "back": request.POST.get("back"),
            "filters": request.POST.get("filters", ""),
        }
        return TemplateResponse(request, "plans/activity_list.html#add_box", context)
    return redirect(_back(request, activity, added.undo))


@require_POST
@login_required
def activity_add_undo(request: MemberRequest, pk: int) -> HttpResponse:
    undo = _get_added_for_member(request, pk)
    activity = knowledge.library().activity(request.POST.get("activity", ""))
    try:
        services.undo_apply(undo=undo, today=timezone.localdate())
    except ValidationError as error:
        return refused(request, error, undo.goal)
    if request.htmx and activity is not None:
        context = {
            "activity": activity,
            "goals": _open_goals(request),
            "removed": undo,
            "back": request.POST.get("back"),
            "filters": request.POST.get("filters", ""),
        }
        return TemplateResponse(request, "plans/activity_list.html#add_box", context)
    messages.success(request, f"Undone: {undo.label}.")
    return redirect(_back(request, activity) if request.POST.get("back") else undo.goal)


# Ways to build a skill, offered when a skills goal is set from a suggestion


@require_http_methods(GET_POST)
@login_required
def goal_ways(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    books = knowledge.library()
    choice = SkillChoiceForm(request.GET or None, library=books)
    if not choice.is_valid():  # no skill chosen yet, or one that does not exist
        context = {"goal": goal, "choice": choice}
        return TemplateResponse(request, "plans/goal_ways.html", context)
    skill = choice.cleaned_data["skill"]
    offered = books.cheapest_for(skill)
    form = WaysForm(request.POST if request.method == "POST" else None, offered=offered)
    hours = weekly_hours(request.user)
    if request.method == "POST" and form.is_valid():
        kept = [a for a in offered if a.slug in form.cleaned_data["activities"]]
        try:
            activities_add(
                goal=goal, activities=kept, today=timezone.localdate(), hours_a_week=hours
            )
        except ValidationError as error:
            return refused(request, error, goal)
        messages.success(request, "Added to your plan. You can undo this below.")
        return redirect(goal)
    context = {
        "goal": goal,
        "skill_name": knowledge.skill_name(skill),
        "form": form,
        "offered": list(zip(offered, _dates(offered, goal, hours), strict=True)),
        "weekly_hours": hours or DEFAULT_WEEKLY_HOURS,
        "hours_assumed": not hours,
    }
    return TemplateResponse(request, "plans/goal_ways.html", context)


def _dates(offered: list[Activity], goal: Goal, hours: Decimal | None) -> list[date]:
    start = max(timezone.localdate(), goal.start_date)
    return activity_dates(offered, start=start, hours_a_week=hours)
