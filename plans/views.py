import csv
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from assessments.models import CareerDirection
from assessments.occupations import catalogue
from assessments.summary import profile_summary
from careerdev.fragments import member_page
from careerdev.http import MemberRequest, refused
from careerdev.once import created_once, made
from plans import services
from plans.adoption import suggested_skill
from plans.exports import EXPORTS
from plans.forms import (
    GoalEditForm,
    GoalForm,
    GoalStatusForm,
    JournalEntryForm,
    MilestoneForm,
    TaskEditForm,
    TaskForm,
    TimeBlockForm,
    WinForm,
)
from plans.history import describe as describe_history
from plans.ical import BlockEvent, DueEvent, build_feed
from plans.models import (
    GOAL_FIELDS,
    CalendarFeed,
    Goal,
    GoalKind,
    GoalStatus,
    JournalEntry,
    Milestone,
    Task,
    TimeBlock,
    Undo,
    Weekday,
    Win,
)
from plans.overview import goal_plan
from plans.schedule import (
    Forecast,
    can_split,
    forecast,
    group_by_bucket,
    suggest_time_block,
    weekly_hours,
)
from plans.smart import smart_check
from plans.suggestions import role_fit, suggest_goals

GET_POST = ["GET", "HEAD", "POST"]
PREFILL_FIELDS = (*GOAL_FIELDS, "suggestion")
PLACES = ("goal", "timeline", "dashboard")
UNDO_SHOWN_FOR = timedelta(hours=1)
TASK_ACTIVITY_DEFAULT = "online_course"


def _get_goal_for_member(request: MemberRequest, pk: int) -> Goal:
    return get_object_or_404(Goal.objects.for_member(request.user), pk=pk)


def _get_milestone_for_member(request: MemberRequest, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.for_member(request.user).select_related("goal"), pk=pk
    )


def _get_task_for_member(request: MemberRequest, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.for_member(request.user).live().select_related("goal", "milestone"), pk=pk
    )


def _get_undo_for_member(request: MemberRequest, pk: int) -> Undo:
    return get_object_or_404(Undo.objects.for_member(request.user), pk=pk)


def _get_time_block_for_member(request: MemberRequest, pk: int) -> TimeBlock:
    return get_object_or_404(TimeBlock.objects.for_member(request.user), pk=pk)


def _get_entry_for_member(request: MemberRequest, pk: int) -> JournalEntry:
    return get_object_or_404(JournalEntry.objects.for_member(request.user), pk=pk)


def _get_win_for_member(request: MemberRequest, pk: int) -> Win:
    return get_object_or_404(Win.objects.for_member(request.user), pk=pk)


def _parse_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _smart_notes(data: Mapping[str, Any], today: date) -> list:
    return smart_check(
        title=str(data.get("title") or ""),
        why=str(data.get("why") or ""),
        measure=str(data.get("measure") or ""),
        start_date=_parse_date(data.get("start_date")),
        target_date=_parse_date(data.get("target_date")),
        today=today,
    )


def _goal_notes(goal: Goal, today: date) -> list:
    return smart_check(
        title=goal.title,
        why=goal.why,
        measure=goal.measure,
        start_date=goal.start_date,
        target_date=goal.target_date,
        today=today,
    )


def _where(request: MemberRequest) -> str:
    where = request.POST.get("where") or request.GET.get("where")
    return where if where in PLACES else "goal"


def _back_to(where: str, task: Task) -> str:
    if where == "timeline":
        return reverse("plans:timeline")
    if where == "dashboard":
        return reverse("dashboard")
    return task.get_absolute_url()


def _celebrate(request: MemberRequest, win: Win | None) -> None:
    if win is not None:
        messages.success(request, f"{win.title}. Well done!", extra_tags="celebrate")


def _progress_context(request: MemberRequest, goal_pk: int) -> dict[str, Any]:
    """What the goal's progress section shows: all that ticking a task off re-renders."""
    today = timezone.localdate()
    member = request.user
    goal = get_object_or_404(Goal.objects.for_member(member).with_progress(today), pk=goal_pk)
    plan = goal_plan(goal)
    overdue = [task for task in plan.tasks if task.is_overdue(today)]
    blocks = list(TimeBlock.objects.for_member(member).in_week_order())
    return {
        "goal": goal,
        "today": today,
        "where": "goal",
        "plan": plan,
        "overdue": overdue,
        "splittable": [task for task in overdue if can_split(task.effort_hours)],
        "suggested_block": (
            _suggested_block(block.weekday for block in blocks) if goal.is_behind else None
        ),
        "blocks": blocks,
        "goal_blocks": [block for block in blocks if block.goal_id == goal.pk],
        "forecast": _forecast(goal, blocks, today) if goal.is_active else None,
        "notes": _goal_notes(goal, today) if goal.is_active else [],
    }


def _goal_context(request: MemberRequest, goal_pk: int, **forms: object) -> dict[str, Any]:
    """Everything the goal page shows, in a fixed number of queries."""
    context = _progress_context(request, goal_pk)
    today, member, goal, plan = context["today"], request.user, context["goal"], context["plan"]
    undo = (
        Undo.objects.for_member(member)
        .pending()
        .filter(goal=goal, created_at__gte=timezone.now() - UNDO_SHOWN_FOR)
        .order_by("-created_at")
        .first()
    )
    return {
        **context,
        "milestones": plan.milestones,
        "loose_tasks": plan.loose_tasks,
        "task_count": len(plan.tasks),
        "undo": undo,
        "journal": goal.journal_entries.newest_first()[:5],
        "history": describe_history(
            goal.history.select_related("reflection").order_by("history_date", "history_id")
        ),
        "task_form": forms.get("task_form")
        or TaskForm(
            goal=goal, milestones=plan.milestones, initial=_task_initial(today, plan.milestones)
        ),
        "milestone_form": forms.get("milestone_form") or MilestoneForm(prefix="milestone"),
    }


def _suggested_block(weekdays: Iterable[int]) -> dict[str, object] | None:
    suggestion = suggest_time_block(weekdays)
    if suggestion is None:
        return None
    weekday, starts_at, ends_at = suggestion
    return {
        "weekday": weekday,
        "day": Weekday(weekday).label,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }


def _forecast(goal: Goal, blocks: list[TimeBlock], today: date) -> Forecast:
    return forecast(
        goal_id=goal.pk,
        remaining_hours=goal.progress.remaining_hours,
        blocks=[(block.goal_id, block.weekday, block.starts_at, block.ends_at) for block in blocks],
        active_goals=Goal.objects.filter(member_id=goal.member_id).active().count(),
        today=today,
        target_date=goal.target_date,
    )


def _task_initial(today: date, milestones: list[Milestone]) -> dict[str, object]:
    """A week from today, an hour, under the first milestone not yet reached: the usual next
    task."""
    return {
        "due_date": today + timedelta(days=7),
        "effort_hours": 1,
        "activity": TASK_ACTIVITY_DEFAULT,
        "milestone": next(
            (milestone.pk for milestone in milestones if milestone.completed_at is None), None
        ),
    }


def _plan_response(request: MemberRequest, goal_pk: int, **forms: object) -> TemplateResponse:
    """The action plan with the goal's progress (out of band) for htmx, else the goal page."""
    template = "plans/goal_detail.html#plan_changed" if request.htmx else "plans/goal_detail.html"
    return TemplateResponse(request, template, _goal_context(request, goal_pk, **forms))


def _plan_changed(request: MemberRequest, goal: Goal, message: str) -> HttpResponse:
    if request.htmx:
        return _plan_response(request, goal.pk)
    messages.success(request, message)
    return redirect(goal)


# Goals


@require_safe
@login_required
def goal_list(request: MemberRequest) -> TemplateResponse:
    goals = list(
        Goal.objects.for_member(request.user).with_progress(timezone.localdate()).in_display_order()
    )
    groups = [(status, [goal for goal in goals if goal.status == status]) for status in GoalStatus]
    return TemplateResponse(
        request, "plans/goal_list.html", {"groups": groups, "goal_count": len(goals)}
    )


@require_http_methods(GET_POST)
@login_required
@created_once
def goal_create(request: MemberRequest) -> HttpResponse:
    today = timezone.localdate()
    prefill = {key: request.GET[key] for key in PREFILL_FIELDS if request.GET.get(key)}
    initial = {"kind": GoalKind.SKILLS, "start_date": today, **prefill}
    if request.method == "POST" and "check" in request.POST:
        initial = request.POST.dict()
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and "check" not in request.POST and form.is_valid():
        data = form.cleaned_data
        goal = services.goal_create(
            member=request.user,
            reason="Goal set from a suggestion" if data["suggestion"] else "Goal set",
            **{name: data[name] for name in GOAL_FIELDS},
        )
        made(request, url=goal.get_absolute_url(), label=f"the goal “{goal}”")
        skill = suggested_skill(data["suggestion"])
        if skill:
            messages.success(request, f"Goal set: {goal}. Here are ways to build the skill.")
            return redirect(f"{reverse('plans:goal_ways', args=[goal.pk])}?skill={skill}")
        messages.success(request, f"Goal set: {goal}. Next, plan the steps that get you there.")
        return redirect(goal)
    notes = _smart_notes(form.data if form.is_bound else initial, today)
    return TemplateResponse(request, "plans/goal_form.html", {"form": form, "notes": notes})


@require_POST
@login_required
def goal_smart_check(request: MemberRequest) -> TemplateResponse:
    notes = _smart_notes(request.POST, timezone.localdate())
    return TemplateResponse(request, "plans/goal_form.html#smart_notes", {"notes": notes})


@require_safe
@login_required
def goal_suggestions(request: MemberRequest) -> TemplateResponse:
    member = request.user
    summary = profile_summary(member)
    direction = CareerDirection.objects.of_member(member)
    # A role typed before the catalogue existed still counts when it names an occupation.
    current = direction.current_occupation or catalogue().named(member.current_role)
    target = direction.target_occupation
    suggestions = suggest_goals(
        summary,
        current=current,
        target_role=target.title if target else member.target_role,
        weekly_hours=TimeBlock.objects.for_member(member).weekly_hours() or None,
        today=timezone.localdate(),
    )
    context = {
        "summary": summary,
        "suggestions": [(each, urlencode(each.as_initial())) for each in suggestions],
        "fit": role_fit(summary, current),
        "current": current,
        "target": target,
    }
    return TemplateResponse(request, "plans/goal_suggestions.html", context)


@require_safe
@login_required
# An undo is offered for UNDO_SHOWN_FOR: a page showing one is rendered afresh each time.
@member_page("goal", keep=lambda response: response.context_data["undo"] is None)
def goal_detail(request: MemberRequest, pk: int) -> TemplateResponse:
    return TemplateResponse(request, "plans/goal_detail.html", _goal_context(request, pk))


@require_http_methods(GET_POST)
@login_required
def goal_edit(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    form = GoalEditForm(request.POST or None, instance=goal)
    conflict = None
    if request.method == "POST" and "check" in request.POST:
        form = GoalEditForm(initial=request.POST.dict(), instance=goal)
    elif request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                goal=goal,
                change_note=form.cleaned_data["change_note"],
                seen=form.seen(),
                **form.edited(),
            )
        except services.GoalConflict as error:
            conflict = error
            form = _goal_conflict_form(request, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect(goal)
    notes = _smart_notes(form.data if form.is_bound else form.initial, timezone.localdate())
    context = {"form": form, "goal": goal, "notes": notes, "conflict": conflict}
    return TemplateResponse(request, "plans/goal_form.html", context)


def _goal_conflict_form(request: MemberRequest, error: services.GoalConflict) -> GoalEditForm:
    """What the member typed, now based on the saved values so a second save is deliberate."""
    data = request.POST.copy()
    for name in error.fields:
        value = getattr(error.current, name)
        data[f"initial-{name}"] = "" if value is None else str(value)
    form = GoalEditForm(data, instance=Goal.objects.get(pk=error.current.pk))
    form.is_valid()
    return form


@require_POST
@login_required
def goal_status(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose active, achieved, paused or dropped.")
        return redirect(goal)
    win = services.goal_status_set(
        goal=goal,
        status=form.cleaned_data["status"],
        change_note=form.cleaned_data["change_note"],
        today=timezone.localdate(),
    )
    if win is None:
        messages.success(request, f"The goal is now {goal.get_status_display().lower()}.")
    _celebrate(request, win)
    return redirect(goal)


# Milestones


@require_POST
@login_required
@created_once
def milestone_create(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    form = MilestoneForm(request.POST, prefix="milestone", instance=Milestone(goal=goal))
    if not form.is_valid():
        return _plan_response(request, goal.pk, milestone_form=form)
    milestone = services.milestone_create(goal=goal, **form.cleaned_data)
    made(request, url=goal.get_absolute_url(), label=f"the milestone “{milestone}”")
    return _plan_changed(request, goal, f"Milestone added: {milestone}.")


@require_http_methods(GET_POST)
@login_required
def milestone_edit(request: MemberRequest, pk: int) -> HttpResponse:
    milestone = _get_milestone_for_member(request, pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_update(milestone=milestone, **form.cleaned_data)
        messages.success(request, "Milestone saved.")
        return redirect(milestone.goal)
    context = {"form": form, "milestone": milestone, "goal": milestone.goal}
    return TemplateResponse(request, "plans/milestone_form.html", context)


@require_POST
@login_required
def milestone_delete(request: MemberRequest, pk: int) -> HttpResponse:
    milestone = _get_milestone_for_member(request, pk)
    try:
        services.milestone_delete(milestone=milestone)
    except ValidationError as error:
        return refused(request, error, milestone.goal)
    messages.success(request, f"Milestone deleted: {milestone}.")
    return redirect(milestone.goal)


# Tasks


@require_POST
@login_required
@created_once
def task_create(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    form = TaskForm(request.POST, goal=goal)
    if not form.is_valid():
        return _plan_response(request, goal.pk, task_form=form)
    task = services.task_create(goal=goal, today=timezone.localdate(), **form.cleaned_data)
    made(request, url=task.get_absolute_url(), label=f"the task “{task}”")
    return _plan_changed(request, goal, f"Task added: {task}.")


@require_safe
@login_required
def task_row(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    if not request.htmx:
        return redirect(task)
    context = {"task": task, "where": _where(request), "today": timezone.localdate()}
    return TemplateResponse(request, "plans/goal_detail.html#task_row", context)


@require_http_methods(GET_POST)
@login_required
def task_edit(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    goal_id, where, prefix = task.goal_id, _where(request), f"task-{task.pk}"
    form = TaskEditForm(request.POST or None, instance=task, member=request.user, prefix=prefix)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            saved = services.task_update(
                task=task, version=form.cleaned_data["version"], today=timezone.localdate(), **data
            )
        except services.TaskConflict as error:
            conflict = error.current
            form = _conflicted_form(request, conflict, prefix)
        else:
            return _task_saved(request, goal_id, saved, where)
    context = {"form": form, "task": task, "where": where, "conflict": conflict}
    template = "plans/task_edit.html#task_form" if request.htmx else "plans/task_edit.html"
    return TemplateResponse(request, template, context)


def _conflicted_form(request: MemberRequest, current: Task, prefix: str) -> TaskEditForm:
    """What the member typed, now based on the saved version so a second save is deliberate."""
    data = request.POST.copy()
    data[f"{prefix}-version"] = str(current.version)
    # Validating fills the instance with the typed values; keep `current` as saved.
    instance = Task.objects.get(pk=current.pk)
    form = TaskEditForm(data, instance=instance, member=request.user, prefix=prefix)
    form.is_valid()
    return form


def _task_saved(request: MemberRequest, goal_id: int, saved: Task, where: str) -> HttpResponse:
    """Back to where the edit started; in place, the plan it was edited from is redrawn."""
    if not request.htmx:
        messages.success(request, f"Task saved: {saved}.")
        return redirect(_back_to(where, saved))
    return reswap(retarget(_plan_response(request, goal_id), "#action-plan"), "outerHTML")


def _task_row_response(
    request: MemberRequest, task: Task, where: str, win: Win | None
) -> TemplateResponse:
    if where == "goal":
        context = _progress_context(request, task.goal_id)
        context.update(task=task, win=win)
        return TemplateResponse(request, "plans/goal_detail.html#task_changed", context)
    context = {"task": task, "where": where, "today": timezone.localdate(), "win": win}
    return TemplateResponse(request, "plans/goal_detail.html#task_row_changed", context)


@require_POST
@login_required
def task_complete(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    outcome = services.task_complete(task=task, today=timezone.localdate())
    where = _where(request)
    if request.htmx:
        return _task_row_response(request, task, where, outcome.win)
    messages.success(request, f"Done: {task}.")
    _celebrate(request, outcome.win)
    return redirect(_back_to(where, task))


@require_POST
@login_required
def task_reopen(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    services.task_reopen(task=task, today=timezone.localdate())
    where = _where(request)
    if request.htmx:
        return _task_row_response(request, task, where, None)
    messages.success(request, f"Back on your list: {task}.")
    return redirect(_back_to(where, task))


@require_POST
@login_required
def task_move(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    try:
        services.task_move(task=task, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        return refused(request, error, task)
    if request.htmx:
        return _plan_response(request, task.goal_id)
    return redirect(task)


@require_POST
@login_required
def task_delete(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    services.task_delete(task=task, today=timezone.localdate())
    return _plan_changed(request, task.goal, f"Deleted “{task}”. You can undo this below.")


@require_POST
@login_required
def task_drop(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    try:
        services.task_drop(task=task, today=timezone.localdate())
    except ValidationError as error:
        return refused(request, error, task.goal)
    return _plan_changed(request, task.goal, f"Dropped “{task}”. You can undo this below.")


@require_POST
@login_required
def task_dates_fit(request: MemberRequest, pk: int) -> HttpResponse:
    """Moves a task's milestone, or its goal's target date, to the task's due date."""
    task = _get_task_for_member(request, pk)
    try:
        moved = services.task_dates_fit(task=task, move=request.POST.get("move", ""))
    except ValidationError as error:
        return refused(request, error, task.goal)
    what = f"“{moved}” is now due" if isinstance(moved, Milestone) else "The goal now aims for"
    return _plan_changed(request, task.goal, f"{what} {task.due_date:%-d %b %Y}.")


@require_POST
@login_required
@created_once
def task_split(request: MemberRequest, pk: int) -> HttpResponse:
    task = _get_task_for_member(request, pk)
    try:
        services.task_split(task=task, today=timezone.localdate())
    except ValidationError as error:
        return refused(request, error, task.goal)
    made(request, url=task.get_absolute_url(), label=f"the split of “{task}”")
    return _plan_changed(request, task.goal, f"Split “{task}” in two. You can undo this below.")


# Catching up


@require_POST
@login_required
def catch_up_reschedule(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    try:
        undo = services.tasks_reschedule_overdue(goal=goal, today=timezone.localdate())
    except ValidationError as error:
        return refused(request, error, goal)
    return _plan_changed(request, goal, f"{undo.label}. You can undo this below.")


@require_POST
@login_required
@created_once
def catch_up_time_block(request: MemberRequest, pk: int) -> HttpResponse:
    goal = _get_goal_for_member(request, pk)
    form = TimeBlockForm(request.POST, member=request.user)
    if not form.is_valid():
        messages.error(request, "That time block could not be added: choose a day and times.")
        return redirect(goal)
    data = form.cleaned_data
    undo = services.catch_up_time_block_add(
        goal=goal, weekday=data["weekday"], starts_at=data["starts_at"], ends_at=data["ends_at"]
    )
    made(request, url=goal.get_absolute_url(), label=f"the time block ({undo.label})")
    return _plan_changed(request, goal, f"{undo.label}. You can undo this below.")


@require_POST
@login_required
def undo(request: MemberRequest, pk: int) -> HttpResponse:
    undo = _get_undo_for_member(request, pk)
    back = undo.goal if undo.goal_id else "plans:schedule"
    try:
        services.undo_apply(undo=undo, today=timezone.localdate())
    except ValidationError as error:
        return refused(request, error, back)
    if request.htmx and undo.goal_id:
        return _plan_response(request, undo.goal_id)
    messages.success(request, f"Undone: {undo.label}.")
    return redirect(back)


# Timeline


@require_safe
@login_required
@member_page("timeline")
def timeline(request: MemberRequest) -> TemplateResponse:
    today = timezone.localdate()
    tasks = (
        Task.objects.for_member(request.user)
        .live()
        .open()
        .of_active_goals()
        .select_related("goal", "milestone")
        .by_due_date()
    )
    groups = [
        (bucket, items, sum(task.effort_hours for task in items))
        for bucket, items in group_by_bucket(tasks, today).items()
    ]
    context = {"groups": groups, "today": today, "where": "timeline", "count": len(tasks)}
    return TemplateResponse(request, "plans/timeline.html", context)


# Time blocks and the calendar feed


@require_http_methods(GET_POST)
@login_required
@created_once
def schedule(request: MemberRequest) -> HttpResponse:
    # A goal page links here with ?goal=<pk> to make time for that goal.
    initial = {"goal": request.GET.get("goal")}
    form = TimeBlockForm(request.POST or None, member=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        block = services.time_block_create(member=request.user, **form.cleaned_data)
        made(request, url=reverse("plans:schedule"), label=f"the time block {block}")
        messages.success(request, f"Time block added: {block}.")
        return redirect("plans:schedule")
    feed = CalendarFeed.objects.filter(member=request.user).first()
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    blocks = list(TimeBlock.objects.for_member(request.user).select_related("goal").in_week_order())
    context = {
        "form": form,
        "blocks": blocks,
        "weekly_hours": weekly_hours((b.weekday, b.starts_at, b.ends_at) for b in blocks),
        "feed_url": feed_url,
        # Calendar applications subscribe (rather than import once) to webcal: addresses.
        "subscribe_url": feed_url.replace("https://", "webcal://").replace("http://", "webcal://"),
    }
    return TemplateResponse(request, "plans/schedule.html", context)


@require_POST
@login_required
def time_block_delete(request: MemberRequest, pk: int) -> HttpResponse:
    block = _get_time_block_for_member(request, pk)
    services.time_block_delete(block=block)
    messages.success(request, f"Time block removed: {block}.")
    return redirect("plans:schedule")


@require_POST
@login_required
def calendar_regenerate(request: MemberRequest) -> HttpResponse:
    had_feed = CalendarFeed.objects.filter(member=request.user).exists()
    services.calendar_feed_regenerate(member=request.user)
    messages.success(
        request,
        "Your calendar has a new private address; the old one no longer works."
        if had_feed
        else "Your private calendar address is ready.",
    )
    return redirect("plans:schedule")


@require_safe
def calendar_feed(request: MemberRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token).select_related("member").first()
    if feed is None:
        raise Http404("No calendar at this address.")
    member = feed.member
    tasks = (
        Task.objects.for_member(member)
        .live()
        .open()
        .of_active_goals()
        .select_related("goal")
        .by_due_date()
    )
    body = build_feed(
        name=f"careerdev: {member}",
        zone=member.zone,
        blocks=_block_events(TimeBlock.objects.for_member(member).in_week_order(), member.zone),
        due=_due_events(request, tasks),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="careerdev.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _block_events(blocks: Iterable[TimeBlock], zone: ZoneInfo) -> Iterable[BlockEvent]:
    for block in blocks:
        yield BlockEvent(
            uid=f"time-block-{block.pk}",
            label=block.label,
            weekday=block.weekday,
            starts_at=block.starts_at,
            ends_at=block.ends_at,
            first_day=timezone.localtime(block.created_at, zone).date(),
            modified=block.updated_at,
            sequence=block.version - 1,
        )


def _due_events(request: MemberRequest, tasks: Iterable[Task]) -> Iterable[DueEvent]:
    for task in tasks:
        yield DueEvent(
            uid=f"task-{task.pk}",
            summary=f"Due: {task.title}",
            due=task.due_date,
            description=(
                f"{task.goal.title}\n{floatformat(task.effort_hours, -2)} h · "
                f"{task.get_activity_display()}"
            ),
            url=request.build_absolute_uri(task.get_absolute_url()),
            # The description names the goal, so renaming it changes the event too.
            modified=max(task.updated_at, task.goal.updated_at),
            sequence=task.version - 1,
        )


# Journal


@require_http_methods(GET_POST)
@login_required
@created_once
def journal(request: MemberRequest) -> HttpResponse:
    initial = {"written_on": timezone.localdate(), "goal": request.GET.get("goal")}
    form = JournalEntryForm(request.POST or None, member=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry = services.journal_entry_create(member=request.user, **form.cleaned_data)
        label = f"your journal entry of {entry.written_on.day} {entry.written_on:%B %Y}"
        made(request, url=reverse("plans:journal"), label=label)
        messages.success(request, "Journal entry saved.")
        return redirect("plans:journal")
    entries = JournalEntry.objects.for_member(request.user).select_related("goal").newest_first()
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "plans/journal.html", {"form": form, "page": page})


@require_http_methods(GET_POST)
@login_required
def journal_edit(request: MemberRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for_member(request, pk)
    form = JournalEntryForm(request.POST or None, instance=entry, member=request.user)
    if request.method == "POST" and form.is_valid():
        services.journal_entry_update(entry=entry, **form.cleaned_data)
        messages.success(request, "Journal entry saved.")
        return redirect("plans:journal")
    return TemplateResponse(request, "plans/journal_edit.html", {"form": form, "entry": entry})


@require_POST
@login_required
def journal_delete(request: MemberRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for_member(request, pk)
    services.journal_entry_delete(entry=entry)
    messages.success(request, "Journal entry deleted.")
    return redirect("plans:journal")


# Wins


@require_http_methods(GET_POST)
@login_required
@created_once
def wins(request: MemberRequest) -> HttpResponse:
    initial = {"won_on": timezone.localdate()}
    form = WinForm(request.POST or None, member=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        win = services.win_create(member=request.user, **form.cleaned_data)
        made(request, url=reverse("plans:wins"), label=f"the win “{win}”")
        messages.success(request, f"{win.title}: a win worth celebrating!", extra_tags="celebrate")
        return redirect("plans:wins")
    all_wins = Win.objects.for_member(request.user).select_related("goal").newest_first()
    page = Paginator(all_wins, 30).get_page(request.GET.get("page"))
    return TemplateResponse(request, "plans/wins.html", {"form": form, "page": page})


@require_POST
@login_required
def win_delete(request: MemberRequest, pk: int) -> HttpResponse:
    win = _get_win_for_member(request, pk)
    services.win_delete(win=win)
    messages.success(request, f"Removed from your wins: {win}.")
    return redirect("plans:wins")


# Export


@require_safe
@login_required
def export(request: MemberRequest) -> TemplateResponse:
    return TemplateResponse(request, "plans/export.html", {"exports": EXPORTS})


@require_safe
@login_required
def export_csv(request: MemberRequest, kind: str) -> HttpResponse:
    if kind not in EXPORTS:
        raise Http404("No such export.")
    export = EXPORTS[kind]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="careerdev-{kind}.csv"'
    writer = csv.writer(response)
    writer.writerows(export.rows(request.user, timezone.localdate()))
    return response
