from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from assessments import services
from assessments.charts import comparison_chart, result_chart
from assessments.definitions import instrument_sources
from assessments.forms import AnswersForm
from assessments.models import Attempt, CareerDirection, Instrument, Item
from assessments.occupations import Occupation
from assessments.results import compare, load_results, moved
from assessments.summary import profile_summary
from careerdev.fragments import member_page
from careerdev.http import MemberRequest, whole_number

CLOSED = "That attempt is complete and its answers can no longer change. Retake it to answer again."


def _get_attempt_for_member(request: MemberRequest, pk: int) -> Attempt:
    return get_object_or_404(Attempt.objects.for_member(request.user).with_versions(), pk=pk)


def _get_instrument(slug: str) -> Instrument:
    return get_object_or_404(Instrument.objects.with_versions(), slug=slug)


@dataclass(frozen=True)
class Question:
    item: Item
    value: int | None
    error: str = ""
    missing: bool = False
    anchors: tuple[tuple[int, str, str], ...] = ()
    prefilled: bool = False  # shown from the target role, not yet saved


def _target_role(attempt: Attempt) -> Occupation | None:
    """The occupation whose key-skill levels pre-fill an open skills attempt's targets."""
    if attempt.instrument.slug != "skills" or attempt.is_complete:
        return None
    direction = CareerDirection.objects.filter(member_id=attempt.member_id).first()
    return direction.target_occupation if direction else None


def _page_context(
    attempt: Attempt, number: int, form: AnswersForm | None = None, missing: Sequence[Item] = ()
) -> dict:
    items = attempt.version.items.filter(page=number).select_related("area")
    saved = dict(attempt.answers.values_list("item_id", "value"))
    missing_ids = {item.pk for item in missing}
    scale = attempt.version.scale
    role = _target_role(attempt)
    typical = role.skill_levels if role else {}
    questions = []
    for item in items:
        value, error, prefilled = saved.get(item.pk), "", False
        if form is not None and item.field_name in form.data:
            # Show what was posted, valid or not, so nothing the member chose is lost.
            error = " ".join(form.errors.get(item.field_name, []))
            value = None if error else form.cleaned_data.get(item.field_name)
        elif value is None and item.facet == "target" and item.area.slug in typical:
            # Shown checked, saved with the page: the member sees it before it counts.
            value, prefilled = typical[item.area.slug], True
        # Skills describe each level in words; other instruments have no anchors.
        anchors = tuple(
            (level, label, text)
            for (level, label), text in zip(scale, item.area.anchors, strict=False)
        )
        questions.append(Question(item, value, error, item.pk in missing_ids, anchors, prefilled))
    return {
        "target_role": role,
        "prefilled": sum(question.prefilled for question in questions),
        "attempt": attempt,
        "version": attempt.version,
        "number": number,
        "pages": range(1, attempt.version.page_count + 1),
        "questions": questions,
        "group": questions[0].item.area.group if questions else "",
        "answered": len(saved),
        "form": form,
        "missing": missing,
    }


@require_safe
@login_required
def overview(request: MemberRequest) -> TemplateResponse:
    instruments = Instrument.objects.with_member_status(request.user).with_versions()
    return TemplateResponse(request, "assessments/overview.html", {"instruments": instruments})


@require_safe
@login_required
def instrument_detail(request: MemberRequest, slug: str) -> TemplateResponse:
    instrument = _get_instrument(slug)
    attempts = Attempt.objects.for_member(request.user).filter(instrument=instrument)
    completed = list(attempts.completed().order_by("-completed_at").with_versions())
    context = {
        "instrument": instrument,
        "version": instrument.current_version,
        "areas": instrument.current_version.areas.all(),
        "completed": completed,
        "open_attempt": attempts.in_progress().with_versions().with_answer_count().first(),
        "sources": instrument_sources()[instrument.slug],
    }
    return TemplateResponse(request, "assessments/instrument.html", context)


@require_safe
@login_required
def instrument_notes(request: MemberRequest, slug: str) -> TemplateResponse:
    instrument = _get_instrument(slug)
    context = {
        "instrument": instrument,
        "version": instrument.current_version,
        "sources": instrument_sources()[instrument.slug],
    }
    return TemplateResponse(request, "assessments/sources.html", context)


@require_POST
@login_required
def attempt_start(request: MemberRequest, slug: str) -> HttpResponse:
    attempt = services.attempt_start(member=request.user, instrument=_get_instrument(slug))
    return redirect("assessments:attempt_page", attempt.pk, attempt.resume_page())


@require_safe
@login_required
@member_page("results")
def attempt_detail(request: MemberRequest, pk: int) -> HttpResponse:
    attempt = _get_attempt_for_member(request, pk)
    if not attempt.is_complete:
        return redirect("assessments:attempt_page", attempt.pk, attempt.resume_page())
    result = load_results([attempt])[attempt.pk]
    previous = (
        Attempt.objects.for_member(request.user)
        .filter(instrument=attempt.instrument_id, completed_at__lt=attempt.completed_at)
        .order_by("-completed_at")
        .first()
    )
    context = {
        "attempt": attempt,
        "result": result,
        "chart": result_chart(result),
        "role": attempt.target_occupation,
    }
    return TemplateResponse(request, "assessments/results.html", {**context, "previous": previous})


def _refuse(
    request: MemberRequest, attempt: Attempt, number: int, form: AnswersForm
) -> HttpResponse:
    message = (
        " ".join(form.non_field_errors()) or "One answer is not on the scale; nothing was saved."
    )
    if request.htmx:
        response = TemplateResponse(
            request, "assessments/attempt_page.html#save_error", {"save_error": message}
        )
        return reswap(retarget(response, "#save-error"), "outerHTML")
    messages.error(request, message)
    return TemplateResponse(
        request, "assessments/attempt_page.html", _page_context(attempt, number, form)
    )


def _save(request: MemberRequest, attempt: Attempt, number: int) -> HttpResponse | None:
    """Saves the posted answers; returns the response that refuses them, if any."""
    form = AnswersForm(request.POST, items=attempt.version.items.all(), scale=attempt.version.scale)
    if not form.is_valid():
        return _refuse(request, attempt, number, form)
    answers = form.answers()
    try:
        services.answers_save(attempt=attempt, answers=answers)
    except services.AttemptClosed:
        messages.error(request, CLOSED)
        url = reverse("assessments:attempt_detail", args=[attempt.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.htmx:
        context = _page_context(attempt, number)
        saved = [q for q in context["questions"] if q.item.pk in answers]
        return TemplateResponse(
            request, "assessments/attempt_page.html#answer_saved", {**context, "saved": saved}
        )
    return None


def _target_page(move: str, number: int, attempt: Attempt) -> int:
    """Where Back, Save and continue, or a page button leads."""
    page = whole_number(move.removeprefix("page-")) if move.startswith("page-") else None
    target = page if page is not None else number + {"back": -1, "next": 1}.get(move, 0)
    return min(max(target, 1), attempt.version.page_count)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def attempt_page(request: MemberRequest, pk: int, number: int) -> HttpResponse:
    attempt = _get_attempt_for_member(request, pk)
    if not 1 <= number <= attempt.version.page_count:
        raise Http404("No such page.")
    if attempt.is_complete:
        if request.method == "POST":
            messages.error(request, CLOSED)
        url = reverse("assessments:attempt_detail", args=[attempt.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.method == "POST":
        if refused := _save(request, attempt, number):
            return refused
        move = request.POST.get("move", "")
        if move == "finish":
            return _finish(request, attempt)
        return redirect("assessments:attempt_page", attempt.pk, _target_page(move, number, attempt))
    return TemplateResponse(
        request, "assessments/attempt_page.html", _page_context(attempt, number)
    )


def _finish(request: MemberRequest, attempt: Attempt) -> HttpResponse:
    try:
        services.attempt_submit(attempt=attempt)
    except services.UnansweredItems as unanswered:
        count = len(unanswered.items)
        messages.error(
            request,
            f"{count} question{'s are' if count != 1 else ' is'} still unanswered. "
            "Your other answers are saved.",
        )
        context = _page_context(attempt, unanswered.items[0].page, missing=unanswered.items)
        return TemplateResponse(request, "assessments/attempt_page.html", context)
    messages.success(request, "Thank you: your results are ready.")
    return redirect("assessments:attempt_detail", attempt.pk)


def _attempt_param(request: MemberRequest, name: str) -> Attempt:
    try:
        pk = int(request.GET.get(name, ""))
    except ValueError:
        raise Http404("Choose two attempts to compare.") from None
    return _get_attempt_for_member(request, pk)


@require_safe
@login_required
def attempt_compare(request: MemberRequest, slug: str) -> HttpResponse:
    first, second = _attempt_param(request, "first"), _attempt_param(request, "second")
    for attempt in (first, second):
        if not attempt.is_complete or attempt.instrument.slug != slug:
            raise Http404("Only completed attempts at the same assessment can be compared.")
    if first.pk == second.pk:
        messages.error(request, "Choose two different attempts to compare.")
        return redirect("assessments:instrument", slug)
    before, after = sorted((first, second), key=lambda attempt: attempt.completed_at)
    results = load_results([before, after])
    changes = compare(results[before.pk], results[after.pk])
    context = {
        "instrument": after.instrument,
        "before": results[before.pk],
        "after": results[after.pk],
        "changes": changes,
        "rose": moved(changes, "rose"),
        "fell": moved(changes, "fell"),
        "retargeted": moved(changes, "retargeted"),
        "chart": comparison_chart(results[before.pk], results[after.pk], changes),
    }
    return TemplateResponse(request, "assessments/compare.html", context)


@require_safe
@login_required
def summary(request: MemberRequest) -> TemplateResponse:
    context = {"summary": profile_summary(request.user), "summary_links": True}
    return TemplateResponse(request, "assessments/summary.html", context)
