"""Reflections: look back at a month, quarter or year, answer a few prompts, and adjust goals
in place. Every goal change made here goes through plans.services with the reflection named,
so it shows in the goal's history."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from careerdev.http import MemberRequest, refused
from careerdev.once import created_once, made
from plans import services
from plans.forms import (
    ReflectionForm,
    ReflectionPivotForm,
    ReflectionStatusForm,
    ReflectionTargetDateForm,
    ReflectionTaskForm,
)
from plans.models import Goal, GoalStatus, Reflection
from plans.periods import Cadence, Period
from plans.reflections import period_review, period_to_offer, start_choices

LIST_PAGE_SIZE = 24
DRAFT_STATUS = "plans/reflection_detail.html#draft_status"
STATUS_DONE = {
    GoalStatus.PAUSED: "paused",
    GoalStatus.DROPPED: "dropped",
    GoalStatus.ACTIVE: "active again",
}


def _get_reflection_for_member(request: MemberRequest, pk: int) -> Reflection:
    return get_object_or_404(Reflection.objects.for_member(request.user), pk=pk)


def _get_goal_for_member(request: MemberRequest, pk: int) -> Goal:
    return get_object_or_404(Goal.objects.for_member(request.user), pk=pk)


@dataclass
class GoalActions:
    """A goal on the reflection page with the forms that change it in place."""

    goal: Goal
    target_form: Form
    status_form: Form
    pivot_form: Form
    task_form: Form
    message: str = ""
    open: str = ""


def _goal_actions(goal: Goal, bound: dict[str, Any] | None = None) -> GoalActions:
    """Unbound forms for the goal, except the one the member just sent (`bound`)."""
    bound = bound or {}
    prefix = f"goal-{goal.pk}"
    pivot_initial = {name: getattr(goal, name) for name in ("kind", "title", "why", "measure")}
    return GoalActions(
        goal=goal,
        target_form=bound.get("target")
        or ReflectionTargetDateForm(
            prefix=f"{prefix}-target", initial={"target_date": goal.target_date}
        ),
        status_form=bound.get("status") or ReflectionStatusForm(prefix=f"{prefix}-status"),
        pivot_form=bound.get("pivot")
        or ReflectionPivotForm(prefix=f"{prefix}-pivot", initial=pivot_initial),
        task_form=bound.get("task")
        or ReflectionTaskForm(
            prefix=f"{prefix}-task",
            goal=goal,
            # A week from today, an hour: the usual next step.
            initial={
                "due_date": timezone.localdate() + timedelta(days=7),
                "effort_hours": 1,
                "activity": "other",
            },
        ),
        message=bound.get("message", ""),
        open=next((name for name in ("target", "status", "pivot", "task") if name in bound), ""),
    )


def _reflection_context(
    request: MemberRequest, reflection: Reflection, form: ReflectionForm | None = None
) -> dict[str, Any]:
    """Everything the reflection page shows, in a fixed number of queries."""
    review = period_review(request.user, reflection.period, timezone.localdate())
    return {
        "reflection": reflection,
        "review": review,
        "form": form or ReflectionForm(instance=reflection),
        "goal_actions": [_goal_actions(goal) for goal in review.goals],
        "changes": _changes(reflection),
    }


def _changes(reflection: Reflection) -> list:
    return list(reflection.goal_changes.order_by("-history_date", "-history_id"))


def _field_messages(error: ValidationError, field: str) -> list[str]:
    """The messages about one field, else all of them."""
    by_field = getattr(error, "error_dict", None)
    if by_field and field in by_field:
        return ValidationError(by_field[field]).messages
    return error.messages


# Pages


@require_safe
@login_required
def reflection_list(request: MemberRequest) -> TemplateResponse:
    reflections = Reflection.objects.for_member(request.user).newest_first()
    context = {
        "page": Paginator(reflections, LIST_PAGE_SIZE).get_page(request.GET.get("page")),
        "choices": start_choices(request.user, timezone.localdate()),
    }
    return TemplateResponse(request, "plans/reflection_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reflection_start(request: MemberRequest, cadence: str, period: str = "") -> HttpResponse:
    """The member's reflection on a period; reminder e-mails link here. Opening it shows the
    reflection already begun, else offers to begin one: only the button (a POST) begins it.
    Without a period it is the one just ended, or the current one once half over."""
    today = timezone.localdate()
    if cadence not in Cadence.values:
        raise Http404("No such kind of reflection.")
    try:
        chosen = (
            Period.from_slug(cadence, period)
            if period
            else period_to_offer(request.user, cadence, today)
        )
        Reflection.check_period(request.user, chosen, today)
        if request.method == "POST":
            return redirect(
                services.reflection_open(member=request.user, period=chosen, today=today)
            )
    except ValueError:
        raise Http404("No such period.") from None
    except ValidationError as error:
        return refused(request, error, "plans:reflection_list")
    begun = Reflection.objects.for_member(request.user).of_period(chosen).first()
    if begun is not None:
        return redirect(begun)
    return TemplateResponse(request, "plans/reflection_start.html", {"period": chosen})


@require_safe
@login_required
def reflection_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    reflection = _get_reflection_for_member(request, pk)
    context = _reflection_context(request, reflection)
    return TemplateResponse(request, "plans/reflection_detail.html", context)


@require_POST
@login_required
def reflection_save(request: MemberRequest, pk: int) -> HttpResponse:
    """Saves the answers: as a draft while the member types (htmx), or on a button press,
    finishing the reflection when they choose "Finish"."""
    reflection = _get_reflection_for_member(request, pk)
    form = ReflectionForm(request.POST, instance=reflection)
    finish = "finish" in request.POST
    if form.is_valid():
        try:
            services.reflection_save(reflection=reflection, complete=finish, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                context = {"reflection": reflection, "saved_at": timezone.now()}
                return TemplateResponse(request, DRAFT_STATUS, context)
            messages.success(
                request,
                "Reflection finished. Well done for taking the time."
                if finish
                else "Your answers are saved.",
            )
            return redirect(reflection)
    if request.htmx:
        return TemplateResponse(request, DRAFT_STATUS, {"reflection": reflection, "form": form})
    reflection.refresh_from_db()
    context = _reflection_context(request, reflection, form=form)
    return TemplateResponse(request, "plans/reflection_detail.html", context)


# Adjusting goals in place


def _goal_changed(
    request: MemberRequest, reflection: Reflection, goal: Goal, message: str
) -> HttpResponse:
    if request.htmx:
        return _goal_card(request, reflection, goal, {"message": message})
    messages.success(request, message)
    return redirect(f"{reflection.get_absolute_url()}#reflection-goal-{goal.pk}")


def _goal_refused(
    request: MemberRequest, reflection: Reflection, goal: Goal, bound: dict[str, Any]
) -> TemplateResponse:
    """The goal's card with the member's form and its errors, alone (htmx) or in the page."""
    if request.htmx:
        return _goal_card(request, reflection, goal, bound)
    context = _reflection_context(request, reflection)
    context["goal_actions"] = [
        _goal_actions(actions.goal, bound) if actions.goal.pk == goal.pk else actions
        for actions in context["goal_actions"]
    ]
    return TemplateResponse(request, "plans/reflection_detail.html", context)


def _goal_card(
    request: MemberRequest, reflection: Reflection, goal: Goal, bound: dict[str, Any]
) -> TemplateResponse:
    today = timezone.localdate()
    period = reflection.period
    start, end = period.bounds(request.user.zone)
    activity = {"start": start, "end": end, "first": period.start, "last": period.end}
    goal = (
        Goal.objects.for_member(request.user)
        .with_progress(today)
        .with_period_activity(**activity, today=today)
        .get(pk=goal.pk)
    )
    context = {
        "reflection": reflection,
        "actions": _goal_actions(goal, bound),
        "changes": _changes(reflection),
        "today": today,
    }
    return TemplateResponse(request, "plans/reflection_detail.html#goal_changed", context)


@require_POST
@login_required
def reflection_goal_target(request: MemberRequest, pk: int, goal_pk: int) -> HttpResponse:
    reflection = _get_reflection_for_member(request, pk)
    goal = _get_goal_for_member(request, goal_pk)
    form = ReflectionTargetDateForm(request.POST, prefix=f"goal-{goal.pk}-target")
    if form.is_valid():
        target_date = form.cleaned_data["target_date"]
        try:
            services.goal_update(
                goal=goal,
                target_date=target_date,
                change_note=reflection.change_note(form.cleaned_data["change_note"]),
                reflection=reflection,
            )
        except ValidationError as error:
            form.add_error("target_date", _field_messages(error, "target_date"))
        else:
            message = f"“{goal}” now aims for {target_date.day} {target_date:%b %Y}."
            return _goal_changed(request, reflection, goal, message)
    return _goal_refused(request, reflection, goal, {"target": form})


@require_POST
@login_required
def reflection_goal_status(request: MemberRequest, pk: int, goal_pk: int) -> HttpResponse:
    reflection = _get_reflection_for_member(request, pk)
    goal = _get_goal_for_member(request, goal_pk)
    form = ReflectionStatusForm(request.POST, prefix=f"goal-{goal.pk}-status")
    if not form.is_valid():
        return _goal_refused(request, reflection, goal, {"status": form})
    status = form.cleaned_data["status"]
    services.goal_status_set(
        goal=goal,
        status=status,
        today=timezone.localdate(),
        change_note=reflection.change_note(form.cleaned_data["change_note"]),
        reflection=reflection,
    )
    return _goal_changed(request, reflection, goal, f"“{goal}” is {STATUS_DONE[status]}.")


@require_POST
@login_required
def reflection_goal_pivot(request: MemberRequest, pk: int, goal_pk: int) -> HttpResponse:
    reflection = _get_reflection_for_member(request, pk)
    goal = _get_goal_for_member(request, goal_pk)
    form = ReflectionPivotForm(request.POST, prefix=f"goal-{goal.pk}-pivot")
    if not form.is_valid():
        return _goal_refused(request, reflection, goal, {"pivot": form})
    before = goal.title
    if all(getattr(goal, name) == value for name, value in form.pivot().items()):
        return _goal_changed(request, reflection, goal, f"“{goal}” is unchanged.")
    saved = services.goal_update(
        goal=goal,
        change_note=reflection.change_note(form.cleaned_data["change_note"]),
        reflection=reflection,
        **form.pivot(),
    )
    message = f"“{before}” is now “{saved}” ({saved.get_kind_display().lower()})."
    return _goal_changed(request, reflection, saved, message)


@require_POST
@login_required
@created_once
def reflection_task_create(request: MemberRequest, pk: int, goal_pk: int) -> HttpResponse:
    reflection = _get_reflection_for_member(request, pk)
    goal = _get_goal_for_member(request, goal_pk)
    form = ReflectionTaskForm(request.POST, prefix=f"goal-{goal.pk}-task", goal=goal)
    if not form.is_valid():
        return _goal_refused(request, reflection, goal, {"task": form})
    task = services.task_create(
        goal=goal,
        milestone=None,
        today=timezone.localdate(),
        reflection=reflection,
        **form.cleaned_data,
    )
    url = f"{reflection.get_absolute_url()}#reflection-goal-{goal.pk}"
    made(request, url=url, label=f"the task “{task}”")
    return _goal_changed(request, reflection, goal, f"Task added to “{goal}”: {task}.")
