"""Web pages of coaching: the trainee's week, and the coach's steering of it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import PlanStrategy, User
from accounts.permissions import (
    coach_only,
    cohort_for_viewer,
    cohorts_coached_with,
    is_coach,
    may_delete_note,
    record_for_owner,
    trainee_for_coach,
    trainee_for_planner,
    trainee_only,
)
from accounts.selectors import user_today
from scoring import selectors as scoring_selectors
from scoring.vocabulary import PILLARS, factor_label, pillar_label

from . import selectors, services
from .forms import CoachTaskForm, NoteForm, OutcomeForm, SkipForm, StrategyForm, TargetForm
from .models import FACTOR_CHOICES, CoachNote, Plan, SkipReason, Task, TaskTemplate


def _week_context(
    request: HttpRequest, trainee: User, plan: Plan | None, today: date, can_edit: bool
) -> dict[str, Any]:
    """What a week's page shows; ``plan`` is None for a current week without a plan yet."""
    tasks = list(plan.tasks.all()) if plan else []
    current = services.week_start_of(today)
    week = plan.week_start if plan else current
    return {
        "trainee": trainee,
        "plan": plan,
        "week": week,
        "days": selectors.week_days(plan, today) if plan else [],
        "summary": selectors.week_summary(tasks),
        "streak": selectors.streak_of(trainee, today),
        "estimate": scoring_selectors.latest_estimate_total(trainee),
        "today": today,
        "can_edit": can_edit,
        "skip_reasons": SkipReason.choices,
        "is_current": week == current,
        "previous_week": selectors.previous_plan_week(trainee, week),
    }


# --- Trainee pages ----------------------------------------------------------------------------


@login_required
@require_GET
def plan_current(request: HttpRequest) -> HttpResponse:
    """This week's plan; without one yet, the page says so and offers to make it."""
    trainee_only(request.user)
    user = request.user
    today = user_today(user)
    plan = selectors.plan_with_tasks(user, services.week_start_of(today))
    return _plan_page(request, user, plan, today)


@login_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    """Make this week's plan now (it is otherwise made on Monday morning)."""
    trainee = trainee_for_planner(request.user, request.user.pk)
    return _plan_made(request, trainee, reverse("coaching:plan"))


def _plan_made(request: HttpRequest, trainee: User, url: str) -> HttpResponse:
    services.plan_generate(user=trainee)
    messages.success(request, _("This week's plan is ready."))
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@login_required
@require_GET
def plan_week(request: HttpRequest, week: date) -> HttpResponse:
    trainee_only(request.user)
    today = user_today(request.user)
    week = services.week_start_of(week)
    if week == services.week_start_of(today):
        return redirect("coaching:plan")
    plan = selectors.plan_with_tasks(request.user, week)
    # A week without a plan of one's own is a 404 like anyone else's.
    if plan is None:
        raise Http404
    return _plan_page(request, request.user, plan, today)


def _plan_page(
    request: HttpRequest,
    user: User,
    plan: Plan | None,
    today: date,
    *,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    membership = selectors.primary_membership(user)
    context = _week_context(request, user, plan, today, can_edit=True)
    context.update(
        nav="plan",
        forecast=selectors.forecast_of(user, today, membership),
        notes=list(selectors.notes_for_viewer(user, user)[:5]),
        outcome_form=outcome_form
        or OutcomeForm(instance=selectors.outcome_of(user, context["week"])),
        create_url=reverse("coaching:plan_create"),
    )
    return render(request, "coaching/plan.html", context, status=status)


@login_required
@require_GET
def plan_history(request: HttpRequest) -> HttpResponse:
    trainee_only(request.user)
    today = user_today(request.user)
    weeks = selectors.past_weeks(request.user, before=services.week_start_of(today))
    return render(
        request, "coaching/history.html", {"weeks": weeks, "nav": "plan", "trainee": request.user}
    )


def _own_task(request: HttpRequest, task_id: int) -> Task:
    # Only the trainee writes their tasks: anyone else gets the same 404 as a missing task.
    return record_for_owner(
        request.user, Task.objects.select_related("template", "plan", "user"), task_id
    )


def _task_response(request: HttpRequest, task: Task, error: str = "") -> HttpResponse:
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("coaching:plan")
        today = user_today(request.user)
        if task.plan.week_start != services.week_start_of(today):
            url = reverse("coaching:plan_week", args=[task.plan.week_start])
        return redirect(f"{url}#task-{task.pk}")
    today = user_today(request.user)
    tasks = list(task.plan.tasks.all())
    context = {
        "task": task,
        "can_edit": True,
        "today": today,
        "skip_reasons": SkipReason.choices,
        "error": error,
        "summary": selectors.week_summary(tasks),
        "streak": selectors.streak_of(request.user, today),
        "estimate": scoring_selectors.latest_estimate_total(request.user),
        "oob": True,
    }
    html = render_to_string("coaching/_week.html#task", context, request=request)
    html += render_to_string("coaching/_week.html#stats", context, request=request)
    return HttpResponse(html)


@login_required
@require_POST
def task_complete(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _own_task(request, task_id)
    try:
        task = services.task_complete(task=task, actor=request.user)
    except ValidationError as error:
        return _task_response(request, task, error=" ".join(error.messages))
    return _task_response(request, task)


@login_required
@require_POST
def task_skip(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _own_task(request, task_id)
    form = SkipForm(request.POST)
    if not form.is_valid():
        return _task_response(request, task, error=_("Choose a reason for skipping."))
    task = services.task_skip(
        task=task,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )
    return _task_response(request, task)


@login_required
@require_POST
def task_undo(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _own_task(request, task_id)
    task = services.task_undo(task=task, actor=request.user)
    return _task_response(request, task)


@login_required
@require_POST
def outcome_save(request: HttpRequest, week: date) -> HttpResponse:
    trainee_only(request.user)
    week = services.week_start_of(week)
    today = user_today(request.user)
    form = OutcomeForm(request.POST, instance=selectors.outcome_of(request.user, week))
    if form.is_valid():
        try:
            outcome = services.outcome_record(
                user=request.user, week_start=week, **form.cleaned_data
            )
        except ValidationError as error:
            # Refused for the week itself (not for what was typed): say so on the page.
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("coaching:plan") + "#outcomes")
        else:
            messages.success(request, _("Your results for the week have been saved."))
            for warning in services.outcome_warnings(outcome):
                messages.warning(request, warning)
            if week == services.week_start_of(today):
                return redirect(reverse("coaching:plan") + "#outcomes")
            return redirect(reverse("coaching:plan_week", args=[week]) + "#outcomes")
    # Refused: the week's page again, with the figures as typed and why they were refused.
    plan = selectors.plan_with_tasks(request.user, week)
    if plan is None and week != services.week_start_of(today):
        raise Http404
    return _plan_page(request, request.user, plan, today, outcome_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest) -> HttpResponse:
    trainee_only(request.user)
    user = request.user
    membership = selectors.primary_membership(user)
    initial = {}
    if membership is not None:
        initial = {"target_ssi": membership.target_ssi, "target_date": membership.target_date}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(actor=user, trainee=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your target has been saved."))
            return redirect("coaching:plan")
    today = user_today(user)
    context = {
        "form": form,
        "forecast": selectors.forecast_of(user, today, membership),
        "membership": membership,
        "nav": "plan",
    }
    return render(request, "coaching/target.html", context)


@login_required
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The best practices behind the plans, by pillar; ``?factor=`` shows those raising one.

    "Why this score" links each factor here, so that an explanation leads to what to do.
    """
    factor = request.GET.get("factor", "")
    templates = selectors.catalogue_templates(factor=factor or None)
    groups = [
        (key, pillar_label(key), [t for t in templates if t.pillar == key]) for key in PILLARS
    ]
    context = {
        "groups": [g for g in groups if g[2]],
        "factor": factor,
        "factor_name": factor_label(factor) if factor else "",
        "can_add": not is_coach(request.user),
        "nav": "plan",
    }
    return render(request, "coaching/catalogue.html", context)


@login_required
@require_POST
def catalogue_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a best practice to today's plan, within the week's time budget."""
    trainee_only(request.user)
    template = get_object_or_404(TaskTemplate, slug=slug, active=True)
    try:
        services.task_add_from_template(user=request.user, template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = reverse("coaching:catalogue")
        factor = request.POST.get("factor", "")
        if factor in dict(FACTOR_CHOICES):
            back += f"?factor={factor}"
        return redirect(f"{back}#template-{template.slug}")
    messages.success(request, _("“%(title)s” is in today's plan.") % {"title": template.title})
    return redirect("coaching:plan")


# --- Coach pages ------------------------------------------------------------------------------


@login_required
@require_GET
def coach_trainee_plan(
    request: HttpRequest, trainee_id: int, week: date | None = None
) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    today = user_today(trainee)
    current = services.week_start_of(today)
    week = services.week_start_of(week) if week else current
    plan = selectors.plan_with_tasks(trainee, week)
    # This week without a plan yet says so (and offers to make it); any other week
    # without one does not exist.
    if plan is None and week != current:
        raise Http404
    membership = selectors.primary_membership(trainee)
    notes = list(selectors.notes_for_viewer(request.user, trainee))
    context = _week_context(request, trainee, plan, today, can_edit=False)
    cohorts = list(cohorts_coached_with(request.user, trainee))
    strategy_initial = membership.plan_strategy if membership else ""
    effective = selectors.effective_strategy(trainee, membership)
    context.update(
        nav="cohorts",
        forecast=selectors.forecast_of(trainee, today, membership, about=trainee),
        notes=notes,
        deletable_notes={n.pk for n in notes if may_delete_note(request.user, n)},
        outcome=selectors.outcome_of(trainee, week),
        past=selectors.past_weeks(trainee, before=week, limit=6),
        task_form=CoachTaskForm(initial={"due_date": max(today, week)}),
        create_url=reverse("coaching:coach_trainee_plan_create", args=[trainee.pk]),
        note_form=NoteForm(),
        strategy_form=StrategyForm(allow_default=True, initial={"strategy": strategy_initial}),
        # Said only when it differs from this plan's, in the header and the panel alike;
        # without a plan yet, it is the strategy in use.
        next_strategy=""
        if plan is not None and effective == plan.strategy
        else PlanStrategy(effective).label,
        cohorts=cohorts,
        membership=membership,
        target_form=TargetForm(
            initial={
                "target_ssi": membership.target_ssi if membership else None,
                "target_date": membership.target_date if membership else None,
            }
        ),
    )
    return render(request, "coaching/coach_trainee.html", context)


@login_required
@require_POST
def coach_trainee_plan_create(request: HttpRequest, trainee_id: int) -> HttpResponse:
    """Make this week's plan for a trainee one coaches, before the Monday job does."""
    coach_only(request.user)
    trainee = trainee_for_planner(request.user, trainee_id)
    return _plan_made(request, trainee, reverse("coaching:coach_trainee_plan", args=[trainee.pk]))


def _back_to_trainee(trainee: User, anchor: str = "") -> HttpResponse:
    url = reverse("coaching:coach_trainee_plan", args=[trainee.pk])
    return redirect(f"{url}{anchor}")


def _error_text(error: Exception) -> str:
    """What a refused service call tells the user: the messages, never a Python repr."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@login_required
@require_POST
def coach_task_create(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    form = CoachTaskForm(request.POST)
    if form.is_valid():
        try:
            services.coach_task_add(coach=request.user, trainees=[trainee], **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The task has been added to the plan."))
    else:
        _form_errors(request, form)
    return _back_to_trainee(trainee, "#add-task")


@login_required
@require_POST
def coach_note_create(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(author=request.user, trainee=trainee, **form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The note has been saved."))
    else:
        _form_errors(request, form)
    return _back_to_trainee(trainee, "#notes")


@login_required
@require_POST
def coach_note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(CoachNote.objects.select_related("trainee"), pk=note_id)
    trainee = trainee_for_coach(request.user, note.trainee_id)
    if not selectors.notes_for_viewer(request.user, trainee).filter(pk=note.pk).exists():
        raise Http404
    try:
        services.note_delete(note=note, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The note has been deleted."))
    return _back_to_trainee(trainee, "#notes")


@login_required
@require_POST
def coach_trainee_strategy(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    form = StrategyForm(request.POST, allow_default=True)
    cohort = cohorts_coached_with(request.user, trainee).order_by("-start_date").first()
    if cohort is None:
        raise Http404
    if form.is_valid():
        services.strategy_set(
            actor=request.user,
            cohort=cohort,
            trainee=trainee,
            strategy=form.cleaned_data["strategy"] or "",
        )
        messages.success(request, _("The strategy applies from the next plan this trainee gets."))
    else:
        _form_errors(request, form)
    return _back_to_trainee(trainee, "#strategy")


@login_required
@require_POST
def coach_trainee_target(request: HttpRequest, trainee_id: int) -> HttpResponse:
    trainee = trainee_for_coach(request.user, trainee_id)
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_set(actor=request.user, trainee=trainee, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The target has been saved."))
    else:
        _form_errors(request, form)
    return _back_to_trainee(trainee, "#target")


@login_required
@require_http_methods(["GET", "POST"])
def coach_cohort(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """A cohort's coaching: its default strategy, a task for everyone, this week's progress."""
    coach_only(request.user)
    cohort = cohort_for_viewer(request.user, cohort_id)
    strategy_form = StrategyForm(initial={"strategy": cohort.plan_strategy})
    task_form = CoachTaskForm(initial={"due_date": user_today(request.user)})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "strategy":
            strategy_form = StrategyForm(request.POST)
            if strategy_form.is_valid():
                services.strategy_set(
                    actor=request.user,
                    cohort=cohort,
                    strategy=strategy_form.cleaned_data["strategy"],
                )
                messages.success(request, _("The cohort's plan strategy has been saved."))
                return redirect("coaching:coach_cohort", cohort.pk)
        elif action == "task":
            task_form = CoachTaskForm(request.POST)
            if task_form.is_valid():
                try:
                    tasks = services.coach_task_add_to_cohort(
                        coach=request.user, cohort=cohort, **task_form.cleaned_data
                    )
                except ValidationError as error:
                    task_form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("The task has been added to the plans of %(count)d trainees.")
                        % {"count": len(tasks)},
                    )
                    return redirect("coaching:coach_cohort", cohort.pk)
        else:
            raise Http404
    rows = selectors.cohort_week_rows(cohort, now=timezone.now())
    context = {
        "cohort": cohort,
        "strategy_form": strategy_form,
        "task_form": task_form,
        "rows": rows,
        "nav": "cohorts",
    }
    return render(request, "coaching/coach_cohort.html", context)
