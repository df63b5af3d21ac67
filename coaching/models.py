"""The catalogue, weekly plans and their tasks, outcomes, coach notes, notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Cohort, PlanStrategy, ReminderKind
from scoring.vocabulary import (
    FACTOR_PILLAR,
    FACTOR_TEXT,
    PILLAR_NAMES,
    PILLARS,
    factor_label,
    pillar_label,
)

from .conditions import Condition, TemplateSpec


class Cadence(models.TextChoices):
    ONCE = "once", _("Once")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


PILLAR_CHOICES = [(p, PILLAR_NAMES[p]) for p in PILLARS]
FACTOR_CHOICES = [(key, FACTOR_TEXT[key].label) for key in FACTOR_PILLAR]


class TaskTemplate(models.Model):
    """A best practice that the planner can schedule; seeded from ``coaching.catalogue``."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    pillar = models.CharField(_("pillar"), max_length=16, choices=PILLAR_CHOICES)
    factor = models.CharField(_("factor it raises"), max_length=40, choices=FACTOR_CHOICES)
    minutes = models.PositiveSmallIntegerField(
        _("effort (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    cadence = models.CharField(_("cadence"), max_length=8, choices=Cadence.choices)
    per_week = models.PositiveSmallIntegerField(
        _("times per week"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("For weekly templates: how many times a week the task is planned."),
    )
    routine = models.BooleanField(
        _("routine"),
        default=False,
        help_text=_(
            "Routines are in every plan: a daily routine is the LinkedIn habit counted by the "
            "streak, a weekly routine goes on the first working day."
        ),
    )
    conditions = models.JSONField(
        _("conditions"),
        default=list,
        blank=True,
        help_text=_(
            'Only plan when every condition holds, e.g. [{"fact": "has_headline", "op": "eq", '
            '"value": false}]. Unknown facts let the condition pass.'
        ),
    )
    activity_kind = models.CharField(
        _("activity recorded when done"),
        max_length=32,
        blank=True,
        help_text=_("The activity signal a completed task records (empty: none)."),
    )
    activity_count = models.PositiveSmallIntegerField(
        _("activity count"), default=1, validators=[MinValueValidator(1)]
    )
    activity_words = models.PositiveSmallIntegerField(_("words per comment"), null=True, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=160)
    title_it = models.CharField(_("title (Italian)"), max_length=160)
    howto_en = models.TextField(_("how-to (English)"))
    howto_it = models.TextField(_("how-to (Italian)"))
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task template")
        verbose_name_plural = _("task templates")
        ordering = ["pillar", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=240), name="tasktemplate_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(per_week__gte=1, per_week__lte=7), name="tasktemplate_per_week_range"
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values), name="tasktemplate_cadence_valid"
            ),
            models.CheckConstraint(
                condition=Q(pillar__in=list(PILLARS)), name="tasktemplate_pillar_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_it if _italian() else self.title_en

    @property
    def howto(self) -> str:
        return self.howto_it if _italian() else self.howto_en

    @property
    def is_habit(self) -> bool:
        return self.routine and self.cadence == Cadence.DAILY

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, Any] = {}
        if FACTOR_PILLAR.get(self.factor) != self.pillar:
            errors["factor"] = _("This factor belongs to another pillar.")
        try:
            self.condition_list()
        except (KeyError, TypeError, ValueError):
            errors["conditions"] = _(
                'Give a list of {"fact": ..., "op": ..., "value": ...} objects.'
            )
        if errors:
            raise ValidationError(errors)

    def condition_list(self) -> tuple[Condition, ...]:
        if not isinstance(self.conditions, list):
            raise TypeError("conditions must be a list")
        return tuple(Condition.from_dict(item) for item in self.conditions)

    def as_spec(self) -> TemplateSpec:
        return TemplateSpec(
            slug=self.slug,
            pillar=self.pillar,
            factor=self.factor,
            minutes=self.minutes,
            cadence=self.cadence,
            title_en=self.title_en,
            title_it=self.title_it,
            howto_en=self.howto_en,
            howto_it=self.howto_it,
            activity_kind=self.activity_kind or None,
            activity_count=self.activity_count,
            activity_words=self.activity_words,
            conditions=self.condition_list(),
            per_week=self.per_week,
            routine=self.routine,
            active=self.active,
        )


def _italian() -> bool:
    return (translation.get_language() or "en").startswith("it")


class Plan(models.Model):
    """A trainee's plan for one week (Monday to Sunday)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("trainee"),
    )
    week_start = models.DateField(_("week starting"))
    strategy = models.CharField(_("strategy"), max_length=16, choices=PlanStrategy.choices)
    focus_pillar = models.CharField(_("focus pillar"), max_length=16, choices=PILLAR_CHOICES)
    budget_minutes = models.PositiveSmallIntegerField(_("time budget (minutes)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="plan_one_per_user_week"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week_start}"


class TaskStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("task status", "To do")
    DONE = "done", pgettext_lazy("task status", "Done")
    SKIPPED = "skipped", pgettext_lazy("task status", "Skipped")


class TaskSource(models.TextChoices):
    PLANNER = "planner", _("Plan")
    COACH = "coach", _("Coach")


class SkipReason(models.TextChoices):
    NO_TIME = "no_time", _("No time this week")
    NOT_RELEVANT = "not_relevant", _("Not relevant for me")
    ALREADY_DONE = "already_done", _("Already done before")
    UNCLEAR = "unclear", _("Not sure how to do it")
    OTHER = "other", _("Other reason")


class Task(models.Model):
    """One thing to do on one day of a plan: from a template or written by a coach."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coaching_tasks",
        verbose_name=_("trainee"),
    )
    template = models.ForeignKey(
        TaskTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("template"),
    )
    title = models.CharField(
        _("title"), max_length=160, blank=True, help_text=_("For tasks written by a coach.")
    )
    howto = models.TextField(_("how-to"), blank=True)
    pillar = models.CharField(_("pillar"), max_length=16, choices=PILLAR_CHOICES)
    factor = models.CharField(_("factor"), max_length=40, choices=FACTOR_CHOICES, blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("effort (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    due_date = models.DateField(_("day"))
    is_habit = models.BooleanField(_("daily habit"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    skip_reason = models.CharField(
        _("reason for skipping"), max_length=16, choices=SkipReason.choices, blank=True
    )
    skip_note = models.CharField(_("note"), max_length=300, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    source = models.CharField(
        _("from"), max_length=8, choices=TaskSource.choices, default=TaskSource.PLANNER
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_coaching_tasks",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_date", "-is_habit", "pillar", "pk"]
        indexes = [
            models.Index(fields=["user", "due_date"], name="task_user_due"),
            # The streak walk probes "was the habit done on this day" once per day.
            models.Index(
                fields=["user", "due_date"],
                condition=Q(is_habit=True, status="done"),
                name="task_habit_done",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="task_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.DONE) & Q(completed_on__isnull=False))
                | (~Q(status=TaskStatus.DONE) & Q(completed_on__isnull=True)),
                name="task_done_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.SKIPPED) & ~Q(skip_reason=""))
                | (~Q(status=TaskStatus.SKIPPED) & Q(skip_reason="")),
                name="task_skipped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(template__isnull=False) | ~Q(title=""), name="task_has_title"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=480), name="task_minutes_range"
            ),
            # Re-running the planner never duplicates a template on a day.
            models.UniqueConstraint(
                fields=["plan", "template", "due_date"],
                condition=Q(source="planner"),
                name="task_planner_template_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} ({self.due_date})"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.template.title if self.template else ""

    @property
    def display_howto(self) -> str:
        if self.howto:
            return self.howto
        return self.template.howto if self.template else ""

    @property
    def pillar_label(self) -> str:
        return pillar_label(self.pillar)

    @property
    def factor_label(self) -> str:
        return factor_label(self.factor) if self.factor else ""

    @property
    def activity_key(self) -> str:
        """The external key of the activity this task records, so undo removes exactly it."""
        return f"coaching-task:{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def is_skipped(self) -> bool:
        return self.status == TaskStatus.SKIPPED

    @property
    def from_coach(self) -> bool:
        return self.source == TaskSource.COACH


class Outcome(models.Model):
    """What the week brought in the trainee's own sales: to see if SSI moves with results."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("trainee"),
    )
    week_start = models.DateField(_("week starting"))
    meetings_booked = models.PositiveSmallIntegerField(
        _("meetings booked"), default=0, validators=[MaxValueValidator(1000)]
    )
    opportunities_created = models.PositiveSmallIntegerField(
        _("opportunities created"), default=0, validators=[MaxValueValidator(1000)]
    )
    deals_won = models.PositiveSmallIntegerField(
        _("deals won"), default=0, validators=[MaxValueValidator(1000)]
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="outcome_one_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.week_start}"


class NoteVisibility(models.TextChoices):
    PRIVATE = "private", _("Private to the cohort's coaches")
    SHARED = "shared", _("Shared with the trainee")


class CoachNoteQuerySet(models.QuerySet["CoachNote"]):
    def shared(self) -> CoachNoteQuerySet:
        return self.filter(visibility=NoteVisibility.SHARED)


class CoachNote(models.Model):
    """A coach's note on a trainee, private to the coaches of that cohort or shared."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coach_notes",
        verbose_name=_("trainee"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="coach_notes", verbose_name=_("cohort")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=8,
        choices=NoteVisibility.choices,
        default=NoteVisibility.PRIVATE,
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = CoachNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("coach note")
        verbose_name_plural = _("coach notes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=NoteVisibility.values), name="coachnote_visibility"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} ({self.created_at:%Y-%m-%d})"

    @property
    def is_private(self) -> bool:
        return self.visibility == NoteVisibility.PRIVATE


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One message for a user about one period: unique so that nothing is sent twice.

    Every reminder is a row (the in-app notification); delivery claims the row before
    sending its e-mail and marks it sent after, so a repeated or concurrent job finds it
    taken. A failed e-mail is retried a bounded number of times, then recorded as failed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ReminderKind.choices)
    period_key = models.CharField(
        _("period"), max_length=32, help_text=_("E.g. 2026-11-27 for a day, 2026-W48 for a week.")
    )
    payload = models.JSONField(_("content"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("delivery"),
        max_length=8,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # Who claimed it: lets one conditional UPDATE claim a whole chunk of rows, and the
    # claimer then read back exactly the rows that are its own.
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    emailed = models.BooleanField(
        _("e-mailed"), default=False, help_text=_("Also sent by e-mail (the user's choice).")
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["status", "created_at"], name="notification_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_key"], name="notification_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values), name="notification_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.FAILED) | Q(failed_at__isnull=False),
                name="notification_failed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period_key} → {self.user}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class TraineeSummary(models.Model):
    """One trainee's row of a cohort's dashboard, kept up to date by the writes that change
    it, so that the page reads one row per trainee whatever their history.

    Everything is as of ``as_of``, the trainee's own local day when it was computed: the
    streak, this week's tasks, the drop over the cohort's window. A row whose day has
    turned (the rollover job refreshes it after local midnight), or whose time zone,
    working days or drop window no longer match, is stale, and the dashboard computes
    that trainee from the source tables instead (``coaching.summaries``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_summaries"
    )
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="summaries")
    as_of = models.DateField(null=True)
    #: What the stored values were computed with (a change makes the row stale).
    time_zone = models.CharField(max_length=64, default="")
    working_mask = models.PositiveSmallIntegerField(default=0)
    drop_days = models.PositiveSmallIntegerField(default=0)
    # Latest official SSI (floats: what the dashboard shows and sorts by).
    ssi_date = models.DateField(null=True)
    ssi = models.FloatField(null=True)
    brand = models.FloatField(null=True)
    people = models.FloatField(null=True)
    insights = models.FloatField(null=True)
    relationships = models.FloatField(null=True)
    verified = models.BooleanField(default=False)
    change_7d = models.FloatField(null=True)
    change_30d = models.FloatField(null=True)
    estimate = models.FloatField(null=True)
    last_activity = models.DateField(null=True)
    # This week's tasks, the habit streak, and what the at-risk rules need.
    week_total = models.PositiveIntegerField(default=0)
    week_done = models.PositiveIntegerField(default=0)
    week_skipped = models.PositiveIntegerField(default=0)
    streak = models.PositiveIntegerField(default=0)
    #: Completion rate (0..1, None without tasks) of the complete weeks before, newest first.
    past_rates = models.JSONField(default=list)
    #: Points lost over the cohort's drop window, shared-drop days left out (None: no pair).
    drop_points = models.FloatField(null=True)
    #: The weekly outcomes of the twelve weeks to the current one (``outcomes_since`` is
    #: the first week counted): the dashboard's outcomes against SSI. ``outcomes_logged``:
    #: any week of them logged, even with zeros.
    outcomes_since = models.DateField(null=True)
    outcomes_logged = models.BooleanField(default=False)
    meetings = models.PositiveIntegerField(default=0)
    opportunities = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="traineesummary_one_per_member")
        ]
        indexes = [models.Index(fields=["cohort", "user"], name="traineesummary_cohort")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.cohort_id} as of {self.as_of}"
