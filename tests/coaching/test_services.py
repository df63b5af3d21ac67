"""Services: plans on demand, ticking and undoing, skipping, coach tasks, notes, targets."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coaching import seed, services
from coaching.catalogue import CATALOGUE
from coaching.models import (
    CoachNote,
    NoteVisibility,
    Notification,
    Outcome,
    Plan,
    SkipReason,
    Task,
    TaskSource,
    TaskStatus,
    TaskTemplate,
)
from scoring.models import Activity, ActivityKind, ActivitySource, Estimate

from .conftest import MONDAY, TODAY

pytestmark = pytest.mark.django_db


def habit_on(trainee, day):
    return Task.objects.get(user=trainee, is_habit=True, due_date=day)


# --- Catalogue ---------------------------------------------------------------------------------


def test_migration_seeds_the_whole_catalogue():
    assert TaskTemplate.objects.count() == len(CATALOGUE)
    template = TaskTemplate.objects.get(slug="profile-headline")
    assert template.conditions == [{"fact": "has_headline", "op": "eq", "value": False}]
    assert template.as_spec() == next(s for s in CATALOGUE if s.slug == "profile-headline")


def test_catalogue_sync_reruns_safely_and_keeps_staff_templates():
    TaskTemplate.objects.filter(slug="profile-photo").update(minutes=99, title_en="edited")
    custom = TaskTemplate.objects.create(
        slug="staff-own",
        pillar="brand",
        factor="posts_28d",
        minutes=5,
        cadence="weekly",
        title_en="Own",
        title_it="Proprio",
        howto_en="x",
        howto_it="x",
    )
    assert seed.catalogue_sync() == len(CATALOGUE)
    assert seed.catalogue_sync() == len(CATALOGUE)
    assert TaskTemplate.objects.count() == len(CATALOGUE) + 1
    photo = TaskTemplate.objects.get(slug="profile-photo")
    assert (photo.minutes, photo.title_en) == (10, "Add a professional profile photo")
    assert TaskTemplate.objects.filter(pk=custom.pk).exists()


def test_template_title_follows_the_language():
    from django.utils import translation

    template = TaskTemplate.objects.get(slug="daily-linkedin-session")
    assert template.title == "Spend 10 focused minutes on LinkedIn"
    with translation.override("it"):
        assert template.title == "Dedica 10 minuti concentrati a LinkedIn"


# --- Plans -------------------------------------------------------------------------------------


def test_first_visit_creates_the_plan_from_today_on_working_days(trainee, frozen):
    plan = services.plan_generate(user=trainee)
    assert plan.week_start == MONDAY
    days = sorted({t.due_date for t in plan.tasks.all()})
    assert days == [TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=2)]
    assert [t.due_date for t in plan.tasks.filter(is_habit=True).order_by("due_date")] == days
    # two of five working days are gone: three fifths of the weekly budget
    assert plan.budget_minutes == trainee.weekly_minutes * 3 // 5
    assert sum(t.minutes for t in plan.tasks.all()) <= plan.budget_minutes
    assert plan.strategy == "strongest"


def test_second_visit_returns_the_same_plan(trainee, frozen):
    first = services.plan_generate(user=trainee)
    count = first.tasks.count()
    again = services.plan_generate(user=trainee)
    assert again.pk == first.pk and again.tasks.count() == count
    assert Plan.objects.filter(user=trainee).count() == 1


def test_one_plan_per_trainee_and_week_is_a_database_rule(trainee, plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            user=trainee,
            week_start=MONDAY,
            strategy="weakest",
            focus_pillar="brand",
            budget_minutes=1,
        )


def test_planner_never_puts_a_template_twice_on_a_day(trainee, plan):
    habit = habit_on(trainee, TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(
            plan=plan,
            user=trainee,
            template=habit.template,
            pillar=habit.pillar,
            minutes=5,
            due_date=TODAY,
        )


def test_plans_for_other_weeks_use_every_working_day(trainee, frozen):
    trainee.working_days = [1, 3]
    trainee.save()
    plan = services.plan_generate(user=trainee, week_start=MONDAY + timedelta(days=7))
    assert {t.due_date.weekday() for t in plan.tasks.all()} == {1, 3}
    assert plan.budget_minutes == trainee.weekly_minutes


def test_strategy_comes_from_the_cohort_or_the_trainees_override(trainee, cohort, frozen):
    cohort.plan_strategy = "weakest"
    cohort.save()
    assert services.plan_generate(user=trainee).strategy == "weakest"
    cohort.memberships.filter(user=trainee).update(plan_strategy="efficient")
    next_plan = services.plan_generate(user=trainee, week_start=MONDAY + timedelta(days=7))
    assert next_plan.strategy == "efficient"


def test_plan_follows_official_pillars_for_the_focus(trainee, frozen):
    from scoring.services import snapshot_record

    snapshot_record(
        user=trainee,
        date=TODAY,
        brand=Decimal("5"),
        people=Decimal("20"),
        insights=Decimal("8"),
        relationships=Decimal("9"),
    )
    assert services.plan_generate(user=trainee).focus_pillar == "people"


def test_profile_facts_decide_the_profile_tasks(trainee, frozen):
    from scoring.services import profile_state_update

    profile_state_update(user=trainee, has_photo=True, has_banner=True, has_custom_url=True)
    plan = services.plan_generate(user=trainee, week_start=MONDAY + timedelta(days=7))
    slugs = set(plan.tasks.values_list("template__slug", flat=True))
    assert not {"profile-photo", "profile-banner", "profile-custom-url"} & slugs


def test_a_done_once_task_is_not_planned_again(trainee, plan, frozen):
    once = plan.tasks.filter(template__cadence="once").first()
    assert once is not None
    Task.objects.filter(pk=once.pk).update(due_date=min(TODAY, once.due_date))
    once.refresh_from_db()
    services.task_complete(task=once, actor=trainee)
    following = services.plan_generate(user=trainee, week_start=MONDAY + timedelta(days=7))
    assert once.template.slug not in set(following.tasks.values_list("template__slug", flat=True))


def test_a_once_task_skipped_as_already_done_is_not_planned_again(trainee, plan, frozen):
    once = plan.tasks.filter(template__cadence="once").first()
    services.task_skip(task=once, actor=trainee, reason=SkipReason.ALREADY_DONE)
    following = services.plan_generate(user=trainee, week_start=MONDAY + timedelta(days=7))
    assert once.template.slug not in set(following.tasks.values_list("template__slug", flat=True))


def test_inactive_templates_are_not_planned(trainee, frozen):
    TaskTemplate.objects.filter(slug="daily-linkedin-session").update(active=False)
    plan = services.plan_generate(user=trainee)
    assert not plan.tasks.filter(template__slug="daily-linkedin-session").exists()


# --- Completing, undoing, skipping -------------------------------------------------------------


def test_completing_records_its_activity_and_moves_the_estimate(trainee, plan, frozen):
    habit = habit_on(trainee, TODAY)
    services.task_complete(task=habit, actor=trainee)
    habit.refresh_from_db()
    assert habit.status == TaskStatus.DONE and habit.completed_on == TODAY
    activity = Activity.objects.get(user=trainee)
    assert activity.kind == ActivityKind.LINKEDIN_SESSION
    assert activity.source == ActivitySource.TASK
    assert activity.external_key == habit.activity_key
    assert activity.occurred_on == TODAY
    estimate = Estimate.objects.get(user=trainee, date=TODAY)
    days_active = estimate.result().factor("days_active_28d")
    assert days_active.value == 1 and days_active.points > 0


def test_completing_twice_records_once(trainee, plan, frozen):
    habit = habit_on(trainee, TODAY)
    services.task_complete(task=habit, actor=trainee)
    services.task_complete(task=habit, actor=trainee)
    assert Activity.objects.filter(user=trainee).count() == 1


def test_activity_carries_count_and_words_of_the_template(trainee, plan, frozen):
    template = TaskTemplate.objects.get(slug="comment-opinion-posts")
    task = Task.objects.create(
        plan=plan, user=trainee, template=template, pillar="insights", minutes=15, due_date=TODAY
    )
    services.task_complete(task=task, actor=trainee)
    activity = Activity.objects.get(user=trainee, external_key=task.activity_key)
    assert (activity.kind, activity.count, activity.words) == ("comment", 2, 20)


def test_undo_removes_exactly_the_tasks_activity(trainee, plan, frozen):
    from scoring.services import activity_log

    manual = activity_log(user=trainee, kind="linkedin_session", occurred_on=TODAY)
    habit = habit_on(trainee, TODAY)
    services.task_complete(task=habit, actor=trainee)
    assert Activity.objects.filter(user=trainee).count() == 2
    services.task_undo(task=habit, actor=trainee)
    habit.refresh_from_db()
    assert habit.status == TaskStatus.TODO and habit.completed_on is None
    assert list(Activity.objects.filter(user=trainee)) == [manual]


def test_undo_brings_the_estimate_back(trainee, plan, frozen):
    habit = habit_on(trainee, TODAY)
    services.task_complete(task=habit, actor=trainee)
    services.task_undo(task=habit, actor=trainee)
    estimate = Estimate.objects.get(user=trainee, date=TODAY)
    assert estimate.result().factor("days_active_28d").value == 0


def test_a_habit_cannot_be_ticked_before_its_day(trainee, plan, frozen):
    tomorrow = habit_on(trainee, TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.task_complete(task=tomorrow, actor=trainee)
    assert not Activity.objects.filter(user=trainee).exists()


def test_a_late_habit_counts_for_its_own_day(trainee, frozen):
    plan = services.plan_generate(user=trainee, week_start=MONDAY - timedelta(days=7))
    last_friday = MONDAY - timedelta(days=3)
    habit = plan.tasks.get(is_habit=True, due_date=last_friday)
    services.task_complete(task=habit, actor=trainee)
    assert Activity.objects.get(user=trainee).occurred_on == last_friday


def test_other_tasks_count_on_the_day_they_are_done(trainee, plan, frozen):
    later = plan.tasks.filter(is_habit=False, due_date__gt=TODAY).exclude(
        template__activity_kind=""
    )[0]
    # Not ahead of its day: that would raise the estimate for work not done yet.
    with pytest.raises(ValidationError, match="tick it on that day or later, not before"):
        services.task_complete(task=later, actor=trainee)
    later.refresh_from_db()
    assert later.status == "todo" and not Activity.objects.filter(user=trainee).exists()
    # A task of an earlier day, done today, counts today.
    Task.objects.filter(pk=later.pk).update(due_date=TODAY - timedelta(days=1))
    later.refresh_from_db()
    services.task_complete(task=later, actor=trainee)
    assert Activity.objects.get(user=trainee).occurred_on == TODAY


def test_skip_needs_a_reason_and_can_be_undone(trainee, plan):
    task = plan.tasks.filter(is_habit=False).first()
    with pytest.raises(ValidationError):
        services.task_skip(task=task, actor=trainee, reason="bored")
    services.task_skip(task=task, actor=trainee, reason=SkipReason.NO_TIME, note=" busy ")
    task.refresh_from_db()
    assert (task.status, task.skip_reason, task.skip_note) == ("skipped", "no_time", "busy")
    services.task_undo(task=task, actor=trainee)
    task.refresh_from_db()
    assert (task.status, task.skip_reason) == ("todo", "")


def test_status_invariants_are_database_constraints(trainee, plan):
    task = plan.tasks.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)  # no completion date
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(status=TaskStatus.SKIPPED)  # no reason


def test_only_the_trainee_ticks_their_tasks(trainee, coach, other_trainee, plan):
    task = habit_on(trainee, TODAY)
    for actor in (coach, other_trainee):
        with pytest.raises(PermissionDenied):
            services.task_complete(task=task, actor=actor)
        with pytest.raises(PermissionDenied):
            services.task_skip(task=task, actor=actor, reason="no_time")
        with pytest.raises(PermissionDenied):
            services.task_undo(task=task, actor=actor)


# --- Coach tasks, notes, targets, strategies, outcomes ------------------------------------------


def test_coach_adds_a_task_to_one_trainee(coach, trainee, frozen):
    tasks = services.coach_task_add(
        coach=coach,
        trainees=[trainee],
        title="Call two clients",
        howto="",
        pillar="relationships",
        factor="conversations_90d",
        minutes=20,
        due_date=TODAY + timedelta(days=1),
    )
    task = Task.objects.get(pk=tasks[0].pk)
    assert task.source == TaskSource.COACH and task.assigned_by == coach
    assert task.plan.week_start == MONDAY and task.plan.user == trainee
    assert task.plan.tasks.filter(source=TaskSource.PLANNER).exists()  # the plan was made too


def test_coach_task_for_a_whole_cohort(coach, cohort, trainee, frozen):
    from tests.factories import UserFactory

    second = UserFactory()
    cohort.memberships.create(user=second)
    tasks = services.coach_task_add_to_cohort(
        coach=coach,
        cohort=cohort,
        title="Join the webinar",
        howto="",
        pillar="insights",
        factor="",
        minutes=45,
        due_date=TODAY,
    )
    assert {t.user_id for t in tasks} == {trainee.pk, second.pk}


def test_other_coach_cannot_add_tasks(other_coach, trainee, cohort, frozen):
    fields = {
        "title": "x",
        "howto": "",
        "pillar": "brand",
        "factor": "",
        "minutes": 5,
        "due_date": TODAY,
    }
    with pytest.raises(PermissionDenied):
        services.coach_task_add(coach=other_coach, trainees=[trainee], **fields)
    with pytest.raises(PermissionDenied):
        services.coach_task_add_to_cohort(coach=other_coach, cohort=cohort, **fields)
    assert not Task.objects.filter(source=TaskSource.COACH).exists()


def test_notes_belong_to_the_authors_cohort(coach, trainee, cohort, other_coach):
    note = services.note_create(author=coach, trainee=trainee, body=" Good week ")
    assert (note.cohort, note.body, note.visibility) == (cohort, "Good week", "private")
    with pytest.raises(PermissionDenied):
        services.note_create(author=other_coach, trainee=trainee, body="x")
    with pytest.raises(ValidationError):
        services.note_create(author=coach, trainee=trainee, body="   ")


def test_only_the_author_deletes_a_note(coach, trainee, cohort):
    from tests.factories import UserFactory

    colleague = UserFactory(role="coach")
    cohort.coaches.add(colleague)
    note = services.note_create(author=coach, trainee=trainee, body="x")
    with pytest.raises(PermissionDenied):
        services.note_delete(note=note, actor=colleague)
    services.note_delete(note=note, actor=coach)
    assert not CoachNote.objects.exists()


def test_target_set_by_the_trainee_or_their_coach(trainee, coach, other_coach, other_trainee):
    membership = services.target_set(
        actor=trainee, trainee=trainee, target_ssi=65, target_date=date(2027, 3, 1)
    )
    assert (membership.target_ssi, membership.target_date) == (65, date(2027, 3, 1))
    services.target_set(actor=coach, trainee=trainee, target_ssi=None, target_date=None)
    membership.refresh_from_db()
    assert membership.target_ssi is None
    for actor in (other_coach, other_trainee):
        with pytest.raises(PermissionDenied):
            services.target_set(actor=actor, trainee=trainee, target_ssi=90, target_date=None)
    with pytest.raises(ValidationError):
        services.target_set(actor=trainee, trainee=trainee, target_ssi=101, target_date=None)


def test_strategy_for_cohort_and_trainee(coach, other_coach, cohort, trainee):
    services.strategy_set(actor=coach, cohort=cohort, strategy="efficient")
    cohort.refresh_from_db()
    assert cohort.plan_strategy == "efficient"
    services.strategy_set(actor=coach, cohort=cohort, trainee=trainee, strategy="weakest")
    assert cohort.memberships.get(user=trainee).plan_strategy == "weakest"
    with pytest.raises(ValidationError):
        services.strategy_set(actor=coach, cohort=cohort, strategy="")  # a cohort needs one
    with pytest.raises(PermissionDenied):
        services.strategy_set(actor=other_coach, cohort=cohort, strategy="weakest")


def test_outcomes_are_one_row_per_week(trainee):
    services.outcome_record(
        user=trainee, week_start=MONDAY, meetings_booked=2, opportunities_created=1, deals_won=0
    )
    services.outcome_record(
        user=trainee, week_start=MONDAY, meetings_booked=3, opportunities_created=1, deals_won=1
    )
    outcome = Outcome.objects.get(user=trainee)
    assert (outcome.meetings_booked, outcome.deals_won) == (3, 1)
    with pytest.raises(ValidationError):
        services.outcome_record(
            user=trainee, week_start=TODAY, meetings_booked=0, opportunities_created=0, deals_won=0
        )


def test_notifications_are_unique_per_user_kind_and_period(trainee):
    Notification.objects.create(user=trainee, kind="daily_digest", period_key="2026-11-25")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(user=trainee, kind="daily_digest", period_key="2026-11-25")
    Notification.objects.create(user=trainee, kind="daily_digest", period_key="2026-11-26")


def test_note_visibility_values_are_checked(coach, trainee, cohort):
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachNote.objects.create(
            trainee=trainee, cohort=cohort, author=coach, body="x", visibility="public"
        )
    assert NoteVisibility.PRIVATE == "private"


def test_scheduled_generation_is_idempotent(trainee, other_trainee, coach, frozen):
    from django.core.management import call_command

    from coaching.tasks import plans_generate_task

    assert plans_generate_task.delay([trainee.pk, coach.pk]).get() == 1
    assert plans_generate_task.delay([trainee.pk]).get() == 0
    call_command("coaching_generate_plans", "--dry-run")
    assert not Plan.objects.filter(user=other_trainee).exists()
    call_command("coaching_generate_plans")
    assert Plan.objects.filter(user=other_trainee, week_start=MONDAY).exists()
    assert not Plan.objects.filter(user=coach).exists()
    assert Plan.objects.count() == 2


def test_a_skipped_task_can_still_be_done(trainee, plan):
    habit = habit_on(trainee, TODAY)
    services.task_skip(task=habit, actor=trainee, reason=SkipReason.NO_TIME)
    services.task_complete(task=habit, actor=trainee)
    habit.refresh_from_db()
    assert (habit.status, habit.skip_reason) == (TaskStatus.DONE, "")
    assert Activity.objects.filter(user=trainee).count() == 1


def test_coach_tasks_cannot_be_due_in_the_past(coach, trainee, frozen):
    with pytest.raises(ValidationError):
        services.coach_task_add(
            coach=coach,
            trainees=[trainee],
            title="Too late",
            howto="",
            pillar="brand",
            factor="",
            minutes=5,
            due_date=TODAY - timedelta(days=1),
        )
    assert not Plan.objects.filter(user=trainee).exists()
