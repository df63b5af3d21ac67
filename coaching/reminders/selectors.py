"""Reads for reminders: who is due at an instant, the facts the rules read, the bell."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.localtime import iso_week_key, local_today
from accounts.models import Cohort, ReminderKind, Role, User
from scoring import selectors as scoring_selectors

from .. import risk
from ..models import Notification, Task, TaskStatus
from ..selectors import risk_rules_of
from ..summaries import cohort_at_risk
from . import rules, schedule

#: A missed tick is caught up while the chosen hour began less than this long ago.
CATCH_UP = timedelta(hours=2)
#: Weekly digests for coaches go out on this local weekday (Monday).
COACH_DIGEST_WEEKDAY = 0
NOTIFICATIONS_SHOWN = 50


def period_key(kind: str, day: date) -> str:
    """A day for the daily digest, the ISO week for the weekly reminders."""
    return day.isoformat() if kind == ReminderKind.DAILY_DIGEST else iso_week_key(day)


@dataclass(frozen=True)
class DueBatch:
    """Users for whom a reminder of ``kind`` is due for their local ``day``."""

    kind: str
    day: date
    user_ids: tuple[int, ...]


def hours_in_use() -> dict[str, set[int]]:
    """Time zone → the reminder hours chosen there by active users: one query, so that a
    tick when nobody's hour has come costs nothing more."""
    pairs = (
        User.objects.filter(is_active=True)
        .order_by()
        .values_list("time_zone", "reminder_hour")
        .distinct()
    )
    used: dict[str, set[int]] = {}
    for zone, hour in pairs:
        used.setdefault(zone, set()).add(hour)
    return used


def _not_yet(kind: str, day: date) -> Exists:
    return Exists(
        Notification.objects.filter(
            user=OuterRef("pk"), kind=kind, period_key=period_key(kind, day)
        )
    )


def _working(rows: QuerySet, day: date) -> tuple[int, ...]:
    return tuple(pk for pk, days in rows if day.weekday() in (days or []))


def reminders_due(*, now: datetime) -> list[DueBatch]:
    """Every reminder due at ``now``, by kind and local day, with no row for its period yet.

    A handful of queries per local day in play (usually one or two): the clock arithmetic
    is done per time zone in Python, the rest in SQL. The rules are checked again, user
    by user, when the reminder is written.
    """
    used = hours_in_use()
    by_day: dict[date, list[Q]] = {}
    for slot in schedule.due_slots(used, now, CATCH_UP):
        hours = [hour for hour in slot.hours if hour in used[slot.zone]]
        if hours:
            by_day.setdefault(slot.day, []).append(Q(time_zone=slot.zone, reminder_hour__in=hours))
    batches: list[DueBatch] = []
    for day, where in sorted(by_day.items()):
        due = User.objects.filter(reduce(or_, where), is_active=True).order_by("pk")
        trainees = due.filter(role=Role.TRAINEE, is_staff=False)
        digest = trainees.filter(
            Exists(Task.objects.filter(user=OuterRef("pk"), due_date=day, status=TaskStatus.TODO))
        ).exclude(_not_yet(ReminderKind.DAILY_DIGEST, day))
        ssi = trainees.exclude(
            scoring_selectors.snapshot_since_exists(day - timedelta(days=rules.NO_SSI_DAYS - 1))
        ).exclude(_not_yet(ReminderKind.SSI_PROMPT, day))
        # A coarse filter in SQL; the exact rule (local days) is applied when writing.
        quiet_since = now - timedelta(days=rules.INACTIVE_DAYS - 1)
        inactive = (
            trainees.filter(date_joined__lt=quiet_since)
            .filter(Q(last_login__isnull=True) | Q(last_login__lt=quiet_since))
            .exclude(
                scoring_selectors.activity_since_exists(
                    day - timedelta(days=rules.INACTIVE_DAYS - 1)
                )
            )
            .exclude(_not_yet(ReminderKind.INACTIVITY, day))
        )
        for kind, queryset in (
            (ReminderKind.DAILY_DIGEST, digest),
            (ReminderKind.SSI_PROMPT, ssi),
            (ReminderKind.INACTIVITY, inactive),
        ):
            ids = _working(queryset.values_list("pk", "working_days"), day)
            if ids:
                batches.append(DueBatch(kind, day, ids))
        if day.weekday() == COACH_DIGEST_WEEKDAY:
            coaches = (
                due.filter(role=Role.COACH)
                .filter(Exists(Cohort.coaches.through.objects.filter(user_id=OuterRef("pk"))))
                .exclude(_not_yet(ReminderKind.COACH_DIGEST, day))
            )
            ids = tuple(coaches.values_list("pk", flat=True))
            if ids:
                batches.append(DueBatch(ReminderKind.COACH_DIGEST, day, ids))
    return batches


def trainee_facts(users: list[User], today: date) -> dict[int, rules.TraineeFacts]:
    """The facts the attention rules read, for many trainees: two or three queries."""
    ids = [u.pk for u in users]
    activity = scoring_selectors.last_activity_days(ids, today)
    snapshots = scoring_selectors.snapshot_facts(ids, today, rules.MOVE_DAYS)
    facts = {}
    for user in users:
        last_snapshot, change = snapshots.get(user.pk, (None, None))
        facts[user.pk] = rules.TraineeFacts(
            user_id=user.pk,
            name=str(user),
            joined=local_today(user.time_zone, user.date_joined),
            last_activity=activity.get(user.pk),
            last_login=local_today(user.time_zone, user.last_login) if user.last_login else None,
            last_snapshot=last_snapshot,
            ssi_change=change,
        )
    return facts


def tasks_due(user_ids: list[int], day: date) -> dict[int, list[Task]]:
    """Tasks still to do on ``day``, per user, with their templates: one query."""
    found: dict[int, list[Task]] = {}
    for task in (
        Task.objects.filter(user_id__in=user_ids, due_date=day, status=TaskStatus.TODO)
        .select_related("template")
        .order_by("user_id", "-is_habit", "pillar", "pk")
    ):
        found.setdefault(task.user_id, []).append(task)
    return found


@dataclass(frozen=True)
class CohortDigest:
    cohort_id: int
    name: str
    trainees: int
    #: Each at-risk rule's code (``coaching.risk.CODES``) and the trainees it flags.
    flagged: dict[str, list[str]]
    movers: list[tuple[str, float]]
    #: The cohort's at-risk rules (``coaching.risk.RiskRules``), for the labels.
    rules: dict[str, float]


def coach_digest(coach: User, today: date, now: datetime | None = None) -> list[CohortDigest]:
    """The coach's running cohorts: whom the cohort's at-risk rules flag (the dashboard's
    "needs attention", each trainee on their own local day at ``now``), rule by rule, and
    who moved most."""
    now = now or timezone.now()
    cohorts = list(
        Cohort.objects.filter(coaches=coach, end_date__gte=today - timedelta(days=7))
        .prefetch_related("trainees")
        .order_by("name", "pk")
    )
    trainees = {t.pk: t for c in cohorts for t in c.trainees.all() if t.is_active}
    facts = trainee_facts(list(trainees.values()), today)
    digests = []
    for cohort in cohorts:
        members = [facts[t.pk] for t in cohort.trainees.all() if t.pk in facts]
        members.sort(key=lambda f: f.name)
        flagged: dict[str, list[str]] = {code: [] for code in risk.CODES}
        for trainee, flags in cohort_at_risk(cohort, now):
            if trainee.pk in trainees:
                for flag in flags:
                    flagged[flag.code].append(str(trainees[trainee.pk]))
        digests.append(
            CohortDigest(
                cohort_id=cohort.pk,
                name=cohort.name,
                trainees=len(members),
                flagged={code: sorted(names) for code, names in flagged.items()},
                movers=[(f.name, f.ssi_change or 0.0) for f in rules.top_movers(members)],
                rules=asdict(risk_rules_of(cohort)),
            )
        )
    return digests


# --- The bell and the list ------------------------------------------------------------------


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


def notifications_of(user: User, limit: int = NOTIFICATIONS_SHOWN) -> list[Notification]:
    """The user's latest notifications, newest first: one query."""
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:limit])


def notification_for_viewer(viewer: User | AnonymousUser, notification_id: int) -> Notification:
    """The viewer's own notification, else 404: nobody else may see or mark it, not even
    a coach or staff (a reminder is a private message)."""
    found = None
    if viewer.is_authenticated and viewer.is_active:
        found = Notification.objects.filter(pk=notification_id, user_id=viewer.pk).first()
    if found is None:
        raise Http404
    return found
