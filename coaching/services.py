"""Writes for coaching: plans, tasks, outcomes, notes, targets, strategies, the catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import localtime, permissions, validation
from accounts.models import DEFAULT_WORKING_DAYS, Cohort, Membership, PlanStrategy, Role, User
from accounts.selectors import active_trainees, ids_in_chunks, user_today
from privacy import audit
from privacy.models import AuditAction

from . import bridge, planner, selectors, summaries
from .conditions import ONCE
from .models import (
    CoachNote,
    NoteVisibility,
    Outcome,
    Plan,
    SkipReason,
    Task,
    TaskSource,
    TaskStatus,
    TaskTemplate,
)

RECENT_DAYS = 28
SKIP_MEMORY_DAYS = 14
#: The local hour on Monday from which this week's plan must be ready.
PLAN_READY_AT = time(6, 0)


def week_start_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- Plans ------------------------------------------------------------------------------------


def _plan_input(user: User, week_start: date, today: date, reserved: int) -> planner.PlanInput:
    templates = list(TaskTemplate.objects.filter(active=True))
    scores = bridge.planning_scores(user, today)
    membership = selectors.primary_membership(user)
    has_target_market = bool(user.target_keywords.strip()) or bool(
        membership
        and (
            membership.cohort.target_industries.strip()
            or membership.cohort.target_companies.strip()
            or membership.cohort.target_keywords.strip()
        )
    )
    history = Task.objects.filter(user=user, template__isnull=False)
    done_once = set(
        history.filter(template__cadence=ONCE)
        .filter(
            Q(status=TaskStatus.DONE)
            | Q(status=TaskStatus.SKIPPED, skip_reason=SkipReason.ALREADY_DONE)
        )
        .values_list("template__slug", flat=True)
    )
    recent_counts = dict(
        history.filter(
            status=TaskStatus.DONE, completed_on__gte=today - timedelta(days=RECENT_DAYS)
        )
        .values("template__slug")
        .annotate(n=Count("pk"))
        .values_list("template__slug", "n")
    )
    skipped = set(
        history.filter(
            status=TaskStatus.SKIPPED,
            due_date__gte=today - timedelta(days=SKIP_MEMORY_DAYS),
        )
        .exclude(skip_reason=SkipReason.ALREADY_DONE)
        .values_list("template__slug", flat=True)
    )
    working_days = tuple(sorted({int(d) for d in (user.working_days or DEFAULT_WORKING_DAYS)}))
    current_week = week_start_of(today) == week_start
    return planner.PlanInput(
        week_start=week_start,
        working_days=working_days or DEFAULT_WORKING_DAYS,
        budget_minutes=max(user.weekly_minutes, 7),
        strategy=selectors.effective_strategy(user, membership),
        catalogue=[t.as_spec() for t in templates],
        pillar_points=scores.pillar_points,
        factors=scores.factors,
        facts=bridge.planning_facts(user, today, has_target_market=has_target_market),
        done_once=frozenset(done_once),
        recent_counts=recent_counts,
        recently_skipped=frozenset(skipped),
        reserved_minutes=reserved,
        from_day=today if current_week else None,
    )


def plan_generate(*, user: User, week_start: date | None = None, today: date | None = None) -> Plan:
    """The trainee's plan for the week, created on first call; later calls return it.

    The Monday job and the "make this week's plan" button (a POST) both call this; the
    unique (user, week) constraint makes a race between them harmless.
    """
    today = today or user_today(user)
    week_start = week_start or week_start_of(today)
    if week_start.weekday() != 0:
        raise ValueError("A plan week starts on a Monday.")
    existing = Plan.objects.filter(user=user, week_start=week_start).first()
    if existing is not None:
        return existing
    result = planner.generate(_plan_input(user, week_start, today, reserved=0))
    templates = {
        t.slug: t for t in TaskTemplate.objects.filter(slug__in={t.slug for t in result.tasks})
    }
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                user=user,
                week_start=week_start,
                strategy=result.strategy,
                focus_pillar=result.focus_pillar,
                budget_minutes=result.budget_minutes,
            )
            Task.objects.bulk_create(
                Task(
                    plan=plan,
                    user=user,
                    template=templates[item.slug],
                    pillar=item.pillar,
                    factor=item.factor,
                    minutes=item.minutes,
                    due_date=item.day,
                    is_habit=item.habit,
                    source=TaskSource.PLANNER,
                )
                for item in result.tasks
            )
            summaries.trainee_summaries_refresh(user_ids=[user.pk])
    except IntegrityError:
        # Another request or the Monday job created it first.
        return Plan.objects.get(user=user, week_start=week_start)
    return plan


def plans_generate_for_users(
    *, users: Iterable[User], now: datetime | None = None, week_start: date | None = None
) -> int:
    """Make this week's plan (in each trainee's own time zone) for many trainees.

    ``week_start`` is the week the caller found due; a trainee whose own week is another
    one by now (the chunk ran late) is left to the next tick. Trainees who already have
    the plan are skipped, so re-running is safe. Returns how many plans were created.
    """
    now = now or timezone.now()
    created = 0
    for user in users:
        today = localtime.local_today(user.time_zone, now)
        week = week_start_of(today)
        if week_start is not None and week != week_start:
            continue
        if not Plan.objects.filter(user=user, week_start=week).exists():
            plan_generate(user=user, week_start=week, today=today)
            created += 1
    return created


def plans_generate_chunk(
    *, user_ids: Sequence[int], now: datetime | None = None, week_start: date | None = None
) -> int:
    """One chunk of the Monday job: the active trainees among these ids."""
    users = active_trainees().filter(pk__in=list(user_ids)).order_by("pk")
    return plans_generate_for_users(users=users, now=now, week_start=week_start)


@dataclass(frozen=True)
class PlansDispatch:
    """What one tick found: the trainees still without their week's plan, and the chunks."""

    weeks: dict[date, list[str]] = field(default_factory=dict)  # due week -> time zones
    trainees: int = 0
    chunks: int = 0
    created: int = 0  # only when the chunks ran in this process


def plans_weekly_dispatch(
    *,
    now: datetime,
    dry_run: bool = False,
    inline: bool = False,
    chunk_size: int | None = None,
) -> PlansDispatch:
    """Make sure every active trainee has this week's plan from Monday 06:00 local time.

    A frequent UTC tick calls this. Per time zone in use it asks whether the local week
    is due (``localtime.week_due``: from Monday at ``PLAN_READY_AT`` to Sunday night),
    then sends the ids of the trainees of those zones who have no plan for that week to
    ``plans_generate_task`` in chunks. Any later tick of the week catches up on a missed
    one or on a trainee who joined mid-week (their plan starts on the day it is made).
    ``dry_run`` only counts; ``inline`` runs the chunks in this process (the command).
    """
    from .tasks import plans_generate_task

    size = chunk_size or settings.PLANS_GENERATE_CHUNK_SIZE
    trainees = active_trainees()
    zones = trainees.order_by().values_list("time_zone", flat=True).distinct()
    weeks: dict[date, list[str]] = {}
    for zone in zones:
        due = localtime.week_due(zone, now, at=PLAN_READY_AT)
        if due is not None:
            weeks.setdefault(due, []).append(zone)
    found = chunks = created = 0
    for week, names in sorted(weeks.items()):
        missing = trainees.filter(time_zone__in=names).exclude(
            Exists(Plan.objects.filter(user=OuterRef("pk"), week_start=week))
        )
        for chunk in ids_in_chunks(missing, size):
            found += len(chunk)
            chunks += 1
            if dry_run:
                continue
            if inline:
                created += plans_generate_chunk(user_ids=chunk, now=now, week_start=week)
            else:
                plans_generate_task.delay_on_commit(chunk, week.isoformat(), now.isoformat())
    return PlansDispatch(
        weeks={w: sorted(z) for w, z in weeks.items()},
        trainees=found,
        chunks=chunks,
        created=created,
    )


# --- Tasks ------------------------------------------------------------------------------------


def _own(task: Task, actor: User) -> None:
    if actor.pk != task.user_id:
        raise PermissionDenied(_("Only the trainee can change their own tasks."))


@transaction.atomic
def task_complete(*, task: Task, actor: User, today: date | None = None) -> Task:
    """Mark a task done, record its activity signal and refresh the estimate.

    A habit is credited to its own day (ticking Monday's habit on Tuesday keeps Monday in
    the streak); any other task counts on the day it was done. No task can be ticked
    ahead of its day: it would raise the estimate for work not done yet.
    """
    _own(task, actor)
    today = today or user_today(task.user)
    if task.due_date > today:
        raise ValidationError(
            _("This task is planned for %(day)s: tick it on that day or later, not before.")
            % {"day": date_format(task.due_date, "DATE_FORMAT")},
            code="future_task",
        )
    done_on = task.due_date if task.is_habit else today
    # A skipped task can still be done after all; a done one is never recorded twice.
    claimed = Task.objects.filter(
        pk=task.pk, status__in=[TaskStatus.TODO, TaskStatus.SKIPPED]
    ).update(
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
        completed_on=done_on,
        skip_reason="",
        skip_note="",
    )
    task.refresh_from_db()
    if claimed != 1:
        return task  # already done: nothing to record twice
    summaries.trainee_summaries_refresh(user_ids=[task.user_id])
    template = task.template
    if template is not None and template.activity_kind:
        bridge.task_activity_record(
            user=task.user,
            kind=template.activity_kind,
            occurred_on=done_on,
            count=template.activity_count,
            words=template.activity_words,
            key=task.activity_key,
            note=template.title_en,
        )
        bridge.estimate_refresh(user=task.user, today=today)
    return task


@transaction.atomic
def task_skip(*, task: Task, actor: User, reason: str, note: str = "") -> Task:
    _own(task, actor)
    if reason not in SkipReason.values:
        raise ValidationError({"reason": _("Choose a reason for skipping.")})
    if Task.objects.filter(pk=task.pk, status=TaskStatus.TODO).update(
        status=TaskStatus.SKIPPED, skip_reason=reason, skip_note=note.strip()[:300]
    ):
        summaries.trainee_summaries_refresh(user_ids=[task.user_id])
    task.refresh_from_db()
    return task


@transaction.atomic
def task_undo(*, task: Task, actor: User, today: date | None = None) -> Task:
    """Back to "to do": a done task's activity (and only it) is removed again."""
    _own(task, actor)
    today = today or user_today(task.user)
    was_done = task.status == TaskStatus.DONE
    if (
        Task.objects.filter(pk=task.pk)
        .exclude(status=TaskStatus.TODO)
        .update(
            status=TaskStatus.TODO,
            completed_at=None,
            completed_on=None,
            skip_reason="",
            skip_note="",
        )
    ):
        summaries.trainee_summaries_refresh(user_ids=[task.user_id])
    if was_done and bridge.task_activity_delete(user=task.user, key=task.activity_key):
        bridge.estimate_refresh(user=task.user, today=today)
    task.refresh_from_db()
    return task


#: What an assigned task's audit entry records of it.
TASK_AUDIT_FIELDS = ("title", "pillar", "factor", "minutes", "due_date", "template")


def coach_task_add(
    *,
    coach: User,
    trainees: Sequence[User],
    title: str,
    howto: str,
    pillar: str,
    factor: str,
    minutes: int,
    due_date: date,
    template: TaskTemplate | None = None,
) -> list[Task]:
    """Add a coach's task to each trainee's plan for the week of ``due_date``."""
    if not trainees:
        raise ValidationError(_("Choose at least one trainee."))
    today = min(user_today(t) for t in trainees)
    if due_date < today:
        raise ValidationError({"due_date": _("Choose today or a later day.")})
    # A plan is a week of work: a task years ahead is a typo (and would plan that far week).
    if due_date > today + timedelta(days=366):
        raise ValidationError({"due_date": _("Choose a day within the next twelve months.")})
    if not all(permissions.coaches(coach, trainee) for trainee in trainees):
        raise PermissionDenied(_("You do not coach this trainee."))
    week = week_start_of(due_date)
    tasks = []
    with transaction.atomic():
        for trainee in trainees:
            plan = plan_generate(user=trainee, week_start=week)
            task = Task(
                plan=plan,
                user=trainee,
                template=template,
                title=title.strip(),
                howto=howto.strip(),
                pillar=pillar,
                factor=factor,
                minutes=minutes,
                due_date=due_date,
                source=TaskSource.COACH,
                assigned_by=coach,
            )
            task.full_clean(exclude=["plan", "user"])
            tasks.append(task)
        Task.objects.bulk_create(tasks)
        summaries.trainee_summaries_refresh(user_ids=[t.pk for t in trainees])
        for task in tasks:
            audit.record(
                actor=coach,
                action=AuditAction.TASK_ASSIGN,
                obj=task,
                trainee=task.user,
                after=audit.field_values(task, TASK_AUDIT_FIELDS),
            )
    return tasks


def task_add_from_template(
    *, user: User, template: TaskTemplate, today: date | None = None
) -> Task:
    """Add a best practice to today's plan, if the week's time budget still has room.

    The plan row is locked while the minutes are counted, so that two quick clicks cannot
    both squeeze into the last free minutes; the same practice twice on a day is refused
    by the database (one planner task per template and day).
    """
    if not template.active:
        raise ValidationError(_("This best practice is no longer offered."))
    today = today or user_today(user)
    plan = plan_generate(user=user, week_start=week_start_of(today), today=today)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        tasks = list(plan.tasks.exclude(status=TaskStatus.SKIPPED))
        if any(t.template_id == template.pk and t.due_date == today for t in tasks):
            raise ValidationError(_("This best practice is already in today's plan."))
        planned = sum(t.minutes for t in tasks)
        if planned + template.minutes > plan.budget_minutes:
            raise ValidationError(
                _(
                    "There is no room for it this week: it takes %(minutes)s minutes and "
                    "%(left)s of your %(budget)s-minute weekly budget are left. Skip a task, "
                    "or raise your weekly time in the settings."
                )
                % {
                    "minutes": template.minutes,
                    "left": max(0, plan.budget_minutes - planned),
                    "budget": plan.budget_minutes,
                }
            )
        task = Task.objects.create(
            plan=plan,
            user=user,
            template=template,
            pillar=template.pillar,
            factor=template.factor,
            minutes=template.minutes,
            due_date=today,
            source=TaskSource.PLANNER,
        )
        summaries.trainee_summaries_refresh(user_ids=[user.pk])
        return task


def coach_task_add_to_cohort(*, coach: User, cohort: Cohort, **fields: Any) -> list[Task]:
    if not permissions.coaches_cohort(coach, cohort):
        raise PermissionDenied(_("You do not coach this cohort."))
    trainees = list(
        User.objects.filter(memberships__cohort=cohort, role=Role.TRAINEE, is_active=True)
    )
    return coach_task_add(coach=coach, trainees=trainees, **fields)


# --- Outcomes, notes, targets, strategies -----------------------------------------------------


def outcome_warnings(outcome: Outcome) -> list[str]:
    """What looks odd but may be right (saved, and said): more deals than opportunities
    in one week happens when deals close on opportunities of earlier weeks."""
    if outcome.deals_won > outcome.opportunities_created:
        return [
            _(
                "You logged %(deals)s deals won but only %(opportunities)s opportunities this "
                "week. That is fine if deals closed on opportunities of earlier weeks; "
                "otherwise correct the numbers."
            )
            % {"deals": outcome.deals_won, "opportunities": outcome.opportunities_created}
        ]
    return []


def outcome_record(
    *,
    user: User,
    week_start: date,
    meetings_booked: int,
    opportunities_created: int,
    deals_won: int,
) -> Outcome:
    if week_start.weekday() != 0:
        raise ValidationError(_("A week starts on a Monday."))
    # Results are logged for weeks that have begun, and none predates LinkedIn's SSI.
    if not bridge.EARLIEST_DAY <= week_start <= week_start_of(user_today(user)):
        raise ValidationError({"week_start": _("Choose a week from 2014 to this one.")})
    values = {
        "meetings_booked": meetings_booked,
        "opportunities_created": opportunities_created,
        "deals_won": deals_won,
    }
    for name, value in values.items():
        if not 0 <= int(value) <= 1000:
            raise ValidationError({name: _("Give a number from 0 to 1000.")})
    with transaction.atomic():
        outcome, _created = Outcome.objects.update_or_create(
            user=user, week_start=week_start, defaults=values
        )
        summaries.trainee_summaries_refresh(user_ids=[user.pk])  # the dashboard's totals
    return outcome


NOTE_AUDIT_FIELDS = ("visibility", "body")


def note_create(
    *,
    author: User,
    trainee: User,
    body: str,
    visibility: str = NoteVisibility.PRIVATE,
    cohort: Cohort | None = None,
) -> CoachNote:
    """A coach's note; it belongs to a cohort the author coaches and the trainee is in."""
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": _("Choose who can read the note.")})
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    shared = permissions.cohorts_coached_with(author, trainee)
    if cohort is not None:
        shared = shared.filter(pk=cohort.pk)
    chosen = shared.order_by("-start_date", "pk").first()
    if chosen is None:
        raise PermissionDenied(_("You do not coach this trainee."))
    note = CoachNote(
        trainee=trainee, cohort=chosen, author=author, visibility=visibility, body=body
    )
    note.full_clean()
    with transaction.atomic():
        note.save()
        audit.record(
            actor=author,
            action=AuditAction.NOTE_CREATE,
            obj=note,
            trainee=trainee,
            cohort=chosen,
            after=audit.field_values(note, NOTE_AUDIT_FIELDS),
        )
    return note


def note_delete(*, note: CoachNote, actor: User) -> None:
    if not permissions.may_delete_note(actor, note):
        raise PermissionDenied(_("Only the author can delete a note."))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.NOTE_DELETE,
            obj=note,
            trainee=note.trainee,
            cohort=note.cohort,
            before=audit.field_values(note, NOTE_AUDIT_FIELDS),
        )
        note.delete()


def target_set(
    *, actor: User, trainee: User, target_ssi: int | None, target_date: date | None
) -> Membership:
    """Set the trainee's own target (empty values fall back to the cohort's)."""
    if not (actor.pk == trainee.pk or permissions.coaches(actor, trainee)):
        raise PermissionDenied(_("You cannot change this trainee's target."))
    membership = selectors.primary_membership(trainee)
    if membership is None:
        raise ValidationError(_("Targets belong to a cohort membership; join a cohort first."))
    today = user_today(trainee)
    # A past date already on record stays (reported as passed); a new one is refused.
    validation.check_target(
        target_ssi=target_ssi,
        target_date=target_date,
        today=today,
        unchanged_date=target_date == membership.target_date,
    )
    latest = today + timedelta(days=5 * 366)
    if target_date is not None and not bridge.EARLIEST_DAY <= target_date <= latest:
        raise ValidationError({"target_date": _("Choose a date from 2014 to five years from now.")})
    before = audit.field_values(membership, ("target_ssi", "target_date"))
    membership.target_ssi = target_ssi
    membership.target_date = target_date
    # Who set it, so that a coach's target is never shown to the trainee as their own.
    cleared = target_ssi is None and target_date is None
    membership.target_set_by = None if cleared else actor
    with transaction.atomic():
        membership.save(update_fields=["target_ssi", "target_date", "target_set_by"])
        audit.record(
            actor=actor,
            action=AuditAction.TARGET_SET,
            obj=membership,
            trainee=trainee,
            cohort=membership.cohort,
            before=before,
            after=audit.field_values(membership, ("target_ssi", "target_date")),
        )
    return membership


def strategy_set(
    *, actor: User, cohort: Cohort, strategy: str, trainee: User | None = None
) -> None:
    """A cohort's default strategy, or one trainee's override ('' = the cohort's)."""
    if not permissions.coaches_cohort(actor, cohort):
        raise PermissionDenied(_("You do not coach this cohort."))
    allowed = set(PlanStrategy.values) | ({""} if trainee is not None else set())
    if strategy not in allowed:
        raise ValidationError({"strategy": _("Choose a strategy.")})
    with transaction.atomic():
        if trainee is None:
            before = Cohort.objects.select_for_update().get(pk=cohort.pk).plan_strategy
            Cohort.objects.filter(pk=cohort.pk).update(plan_strategy=strategy)
            cohort.plan_strategy = strategy
            audit.record(
                actor=actor,
                action=AuditAction.STRATEGY_SET,
                obj=cohort,
                cohort=cohort,
                before={"plan_strategy": before},
                after={"plan_strategy": strategy},
            )
            return
        membership = (
            Membership.objects.select_for_update().filter(cohort=cohort, user=trainee).first()
        )
        if membership is None:
            raise ValidationError(_("This trainee is not in the cohort."))
        before = membership.plan_strategy
        Membership.objects.filter(pk=membership.pk).update(plan_strategy=strategy)
        audit.record(
            actor=actor,
            action=AuditAction.STRATEGY_SET,
            obj=membership,
            trainee=trainee,
            cohort=cohort,
            before={"plan_strategy": before},
            after={"plan_strategy": strategy},
        )
