"""Reads for coaching: the week's plan, history, streaks, targets, forecast, notes."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from accounts import localtime
from accounts.models import DEFAULT_WORKING_DAYS, Cohort, Membership, PlanStrategy, User
from accounts.selectors import id_list
from scoring import selectors as scoring_selectors
from scoring.vocabulary import PILLARS, pillar_label

from . import forecast, risk, streaks
from .models import CoachNote, NoteVisibility, Outcome, Plan, Task, TaskStatus, TaskTemplate

HISTORY_WEEKS = 12
STREAK_LOOKBACK_DAYS = 400


def catalogue_templates(
    *, factor: str | None = None, pillar: str | None = None
) -> QuerySet[TaskTemplate]:
    """Active templates, optionally those raising one factor or in one pillar: one query."""
    templates = TaskTemplate.objects.filter(active=True).order_by("pillar", "cadence", "slug")
    if factor:
        templates = templates.filter(factor=factor)
    if pillar:
        templates = templates.filter(pillar=pillar)
    return templates


def primary_membership(user: User) -> Membership | None:
    """The membership that sets targets and strategy: the most recently joined."""
    return (
        Membership.objects.filter(user=user)
        .select_related("cohort", "target_set_by")
        .order_by("-joined_at", "-pk")
        .first()
    )


def effective_strategy(user: User, membership: Membership | None = None) -> str:
    """The trainee's override, else the cohort's default, else "strongest"."""
    membership = membership if membership is not None else primary_membership(user)
    if membership is None:
        return PlanStrategy.STRONGEST
    return membership.plan_strategy or membership.cohort.plan_strategy or PlanStrategy.STRONGEST


def plan_with_tasks(user: User, week_start: date) -> Plan | None:
    """The plan of a week with its tasks and their templates: two queries."""
    tasks = Task.objects.select_related("template", "assigned_by").order_by(
        "due_date", "-is_habit", "pillar", "pk"
    )
    return (
        Plan.objects.filter(user=user, week_start=week_start)
        .prefetch_related(Prefetch("tasks", queryset=tasks))
        .first()
    )


def previous_plan_week(user: User, week_start: date) -> date | None:
    """The latest week before this one that has a plan (weeks may have gaps)."""
    return (
        Plan.objects.filter(user=user, week_start__lt=week_start)
        .order_by("-week_start")
        .values_list("week_start", flat=True)
        .first()
    )


@dataclass
class PillarGroup:
    key: str
    label: str
    tasks: list[Task]


@dataclass
class DayGroup:
    day: date
    is_today: bool
    is_past: bool
    groups: list[PillarGroup]
    minutes: int


@dataclass
class WeekSummary:
    total: int
    done: int
    skipped: int
    minutes_planned: int
    minutes_done: int

    @property
    def rate(self) -> float | None:
        return streaks.completion_rate(self.done, self.total)

    @property
    def percent(self) -> int | None:
        rate = self.rate
        return None if rate is None else round(rate * 100)


def week_days(plan: Plan, today: date) -> list[DayGroup]:
    """Tasks grouped by day, then by pillar (habit first inside its pillar)."""
    by_day: OrderedDict[date, dict[str, list[Task]]] = OrderedDict()
    for task in plan.tasks.all():
        by_day.setdefault(task.due_date, {}).setdefault(task.pillar, []).append(task)
    days = []
    for day, pillars in sorted(by_day.items()):
        groups = [PillarGroup(p, pillar_label(p), pillars[p]) for p in PILLARS if p in pillars]
        minutes = sum(t.minutes for g in groups for t in g.tasks)
        days.append(DayGroup(day, day == today, day < today, groups, minutes))
    return days


def week_summary(tasks: list[Task]) -> WeekSummary:
    done = [t for t in tasks if t.status == TaskStatus.DONE]
    return WeekSummary(
        total=len(tasks),
        done=len(done),
        skipped=sum(1 for t in tasks if t.status == TaskStatus.SKIPPED),
        minutes_planned=sum(t.minutes for t in tasks),
        minutes_done=sum(t.minutes for t in done),
    )


@dataclass(frozen=True)
class StreakInfo:
    current: int
    longest: int


def streak_of(user: User, today: date) -> StreakInfo:
    """The daily-habit streak: days whose habit task is done and days with any logged or
    imported LinkedIn activity (what the trainee did counts, ticked or not). Two queries."""
    done_days = list(
        Task.objects.filter(user=user, is_habit=True, status=TaskStatus.DONE)
        .order_by()
        .values_list("due_date", flat=True)
        .distinct()
    )
    done_days += scoring_selectors.active_days_of(user, until=today)
    working = [int(d) for d in (user.working_days or DEFAULT_WORKING_DAYS)]
    return StreakInfo(
        current=streaks.current_streak(done_days, working, today),
        longest=streaks.longest_streak(done_days, working),
    )


@dataclass
class PastWeek:
    plan: Plan
    summary: WeekSummary
    outcome: Outcome | None


def plans_with_counts(user: User) -> QuerySet[Plan]:
    """The user's plans, newest first, each with how many tasks it has, done and skipped."""
    return (
        Plan.objects.filter(user=user)
        .annotate(
            tasks_total=Count("tasks"),
            tasks_done=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
            tasks_skipped=Count("tasks", filter=Q(tasks__status=TaskStatus.SKIPPED)),
        )
        .order_by("-week_start")
    )


def past_weeks(user: User, before: date, limit: int = HISTORY_WEEKS) -> list[PastWeek]:
    """Earlier weeks with their completion and outcomes: two queries whatever the rows."""
    plans = list(plans_with_counts(user).filter(week_start__lt=before)[:limit])
    outcomes = (
        {
            o.week_start: o
            for o in Outcome.objects.filter(user=user, week_start__in=[p.week_start for p in plans])
        }
        if plans
        else {}
    )
    return [
        PastWeek(
            plan=p,
            summary=WeekSummary(p.tasks_total, p.tasks_done, p.tasks_skipped, 0, 0),
            outcome=outcomes.get(p.week_start),
        )
        for p in plans
    ]


def outcome_of(user: User, week_start: date) -> Outcome | None:
    return Outcome.objects.filter(user=user, week_start=week_start).first()


@dataclass(frozen=True)
class Target:
    ssi: int | None
    date: date | None
    own: bool
    cohort: Cohort | None
    #: Who set the trainee's own target: the trainee, a coach, or nobody (the cohort's).
    set_by: User | None = None

    @property
    def by_coach(self) -> bool:
        return self.own and self.set_by is not None and self.set_by.role != "trainee"


def target_of(user: User, membership: Membership | None = None) -> Target:
    """The trainee's own target if set, else the cohort's (its SSI, by its end date)."""
    membership = membership if membership is not None else primary_membership(user)
    if membership is None:
        return Target(None, None, False, None)
    cohort = membership.cohort
    own = membership.target_ssi is not None or membership.target_date is not None
    return Target(
        ssi=membership.target_ssi or cohort.target_ssi,
        date=membership.target_date or cohort.end_date,
        own=own,
        cohort=cohort,
        set_by=membership.target_set_by if own else None,
    )


@dataclass
class ForecastView:
    target: Target
    result: forecast.Forecast
    message: str
    estimate: float | None = None
    series_points: int = field(default=0)


def forecast_of(
    user: User, today: date, membership: Membership | None = None, *, about: User | None = None
) -> ForecastView:
    """Target, forecast and its plain-words message: three queries.

    ``about``: the message speaks about this trainee (a coach's page) instead of to them."""
    target = target_of(user, membership)
    official, estimates = scoring_selectors.score_series(
        user, today - timedelta(days=forecast.WINDOW_DAYS)
    )
    result = forecast.forecast(
        official=official,
        estimates=estimates,
        target=float(target.ssi) if target.ssi is not None else None,
        target_date=target.date,
        today=today,
    )
    return ForecastView(
        target=target,
        result=result,
        message=forecast.describe(
            result, today, about=(about.get_short_name() or about.email) if about else None
        ),
        estimate=estimates[-1][1] if estimates else None,
        series_points=result.points,
    )


def notes_for_viewer(viewer: User, trainee: User) -> QuerySet[CoachNote]:
    """Notes the viewer may read about the trainee: one query.

    The trainee reads only notes shared with them; a coach reads every note of the
    cohorts they coach (and no other cohort's); staff read all.
    """
    notes = CoachNote.objects.filter(trainee=trainee).select_related("author", "cohort")
    if viewer.is_staff:
        return notes
    if viewer.pk == trainee.pk:
        return notes.filter(visibility=NoteVisibility.SHARED)
    return notes.filter(cohort__coaches=viewer)


OUTCOME_WEEKS = 4


@dataclass
class CohortRow:
    trainee: User
    summary: WeekSummary
    streak: int
    meetings: int = 0
    opportunities: int = 0
    deals: int = 0


def cohort_week_rows(cohort: Cohort, *, now: datetime) -> list[CohortRow]:
    """Each trainee's week, streak and recent outcomes: four queries whatever the size."""
    from accounts.selectors import cohort_trainees

    trainees = list(cohort_trainees(cohort))
    rows = week_rows_for(trainees, now=now)
    earliest = min((_today_of(t, now) for t in trainees), default=now.date())
    since = earliest - timedelta(days=earliest.weekday() + 7 * (OUTCOME_WEEKS - 1))
    totals = {
        row["user_id"]: row
        for row in Outcome.objects.filter(user__in=trainees, week_start__gte=since)
        .values("user_id")
        .annotate(
            meetings=Sum("meetings_booked"),
            opportunities=Sum("opportunities_created"),
            deals=Sum("deals_won"),
        )
    }
    for row in rows:
        total = totals.get(row.trainee.pk)
        if total:
            row.meetings = total["meetings"] or 0
            row.opportunities = total["opportunities"] or 0
            row.deals = total["deals"] or 0
    return rows


def _today_of(trainee: User, now: datetime) -> date:
    return localtime.local_today(trainee.time_zone, now)


def week_rows_for(trainees: list[User], *, now: datetime) -> list[CohortRow]:
    """Each trainee's current week (in their own time zone) and streak: two queries.

    Reads only: a trainee without this week's plan shows an empty week.
    """
    ids = [t.pk for t in trainees]
    today_of = {t.pk: _today_of(t, now) for t in trainees}
    weeks = {localtime.week_start(day) for day in today_of.values()}
    counts = {
        (row["user_id"], row["plan__week_start"]): row
        for row in Task.objects.filter(user_id__in=ids, plan__week_start__in=weeks)
        .values("user_id", "plan__week_start")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            skipped=Count("pk", filter=Q(status=TaskStatus.SKIPPED)),
        )
    }
    # Each trainee's streak on their own today: one query per distinct local day.
    streaks_by_id: dict[int, int] = {}
    for day in set(today_of.values()):
        streaks_by_id.update(current_streaks([t for t in trainees if today_of[t.pk] == day], day))
    rows = []
    for trainee in trainees:
        key = (trainee.pk, localtime.week_start(today_of[trainee.pk]))
        row = counts.get(key, {"total": 0, "done": 0, "skipped": 0})
        rows.append(
            CohortRow(
                trainee=trainee,
                summary=WeekSummary(row["total"], row["done"], row["skipped"], 0, 0),
                streak=streaks_by_id.get(trainee.pk, 0),
            )
        )
    return rows


# --- Cohort dashboard ----------------------------------------------------------------------

_STREAK_SQL = {
    "postgresql": {
        "day": "%s::date",
        "prev": "w.day - 1",
        "weekday": "(extract(isodow from w.day)::int - 1)",
        # Two array parameters, however many trainees: cheap to send and to parse.
        "people": "SELECT * FROM unnest(%s::int[], %s::int[])",
    },
    "sqlite": {
        "day": "%s",
        "prev": "date(w.day, '-1 day')",
        "weekday": "((cast(strftime('%%w', w.day) as integer) + 6) %% 7)",
        "people": "VALUES {rows}",
    },
}


def _streak_query(vendor: str, people: int) -> str:
    sql = _STREAK_SQL[vendor]
    # A scalar subquery with LIMIT 1 (not EXISTS): PostgreSQL must probe the habit index
    # once per trainee and day instead of hashing every done habit of the cohort.
    # A day with logged or imported LinkedIn activity keeps the streak as a ticked habit
    # does (the rule of ``streak_of``); the kinds are fixed names, checked below.
    kinds = sorted(frozenset(str(k) for k in scoring_selectors.ACTIVE_KINDS))
    if not all(k.replace("_", "").isalnum() and k.isascii() for k in kinds):
        raise ValueError("Activity kinds must be plain names.")
    kind_list = ", ".join(f"'{k}'" for k in kinds)
    done = (
        "((SELECT 1 FROM coaching_task t WHERE t.user_id = {who} AND t.is_habit "
        "AND t.status = 'done' AND t.due_date = {day} LIMIT 1) IS NOT NULL "
        "OR (SELECT 1 FROM scoring_activity a WHERE a.user_id = {who} "
        "AND a.occurred_on = {day} AND a.kind IN ({kinds}) LIMIT 1) IS NOT NULL)"
    )
    rows = sql["people"].format(rows=", ".join(["(%s, %s)"] * people))
    # Only fixed fragments and placeholders are formatted in; every value is a parameter.
    return f"""
WITH RECURSIVE people(user_id, mask) AS ({rows}),
walk(user_id, mask, day, streak, done) AS (
    SELECT p.user_id, p.mask, {sql["day"]}, 0,
           {done.format(who="p.user_id", day=sql["day"], kinds=kind_list)}
    FROM people p
    UNION ALL
    SELECT w.user_id, w.mask, {sql["prev"]},
           w.streak + CASE WHEN w.done THEN 1 ELSE 0 END,
           {done.format(who="w.user_id", day=sql["prev"], kinds=kind_list)}
    FROM walk w
    WHERE w.day > {sql["day"]}
      AND (w.done OR w.day = {sql["day"]} OR ((w.mask >> {sql["weekday"]}) & 1) = 0)
)
SELECT user_id, MAX(streak + CASE WHEN done THEN 1 ELSE 0 END) FROM walk GROUP BY user_id
"""  # noqa: S608


def _working_mask(user: User) -> int:
    return sum(
        1 << int(d) for d in set(user.working_days or DEFAULT_WORKING_DAYS) if 0 <= int(d) <= 6
    )


def current_streaks(trainees: list[User], today: date) -> dict[int, int]:
    """Each trainee's current habit streak (ticked habits and days with LinkedIn
    activity), computed in the database: one query.

    The same rule as ``streaks.current_streak`` (the tests hold them equal). The query
    walks back from today one day at a time, probing the habit index, and stops at the
    first working day without the habit: the rows it touches grow with the streak, not
    with the history, and one row per trainee comes back.
    """
    if not trainees:
        return {}
    vendor = connection.vendor
    if vendor not in _STREAK_SQL:
        return {t.pk: streak_of(t, today).current for t in trainees}
    floor = today - timedelta(days=STREAK_LOOKBACK_DAYS)
    if vendor == "postgresql":
        params: list = [[t.pk for t in trainees], [_working_mask(t) for t in trainees]]
    else:
        params = [v for t in trainees for v in (t.pk, _working_mask(t))]
    # Order of the placeholders: people, the first day and its probe (habit, then
    # activity), the floor, today (open).
    params += [today, today, today, floor, today]
    with connection.cursor() as cursor:
        cursor.execute(_streak_query(vendor, len(trainees)), params)
        return {user_id: int(streak or 0) for user_id, streak in cursor.fetchall()}


def week_rates_for(
    user_ids: list[int], week: date, weeks_back: int
) -> dict[int, dict[date, tuple]]:
    """(total, done, skipped) per trainee and week, this week and ``weeks_back`` before:
    one query, at most one row per trainee and week."""
    since = week - timedelta(days=7 * weeks_back)
    rates: dict[int, dict[date, tuple]] = {}
    for row in (
        Task.objects.filter(
            user_id__in=id_list(user_ids),
            plan__week_start__gte=since,
            plan__week_start__lte=week,
            # Tasks fall within their plan's week: this lets the (user, day) index find them.
            due_date__gte=since,
            due_date__lt=week + timedelta(days=7),
        )
        .values("user_id", "plan__week_start")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            skipped=Count("pk", filter=Q(status=TaskStatus.SKIPPED)),
        )
        .order_by()
    ):
        rates.setdefault(row["user_id"], {})[row["plan__week_start"]] = (
            row["total"],
            row["done"],
            row["skipped"],
        )
    return rates


def outcome_totals(user_ids: list[int], since: date) -> dict[int, dict[str, int]]:
    """Meetings, opportunities and deals per trainee since a week: one query."""
    rows = (
        Outcome.objects.filter(user_id__in=id_list(user_ids), week_start__gte=since)
        .values("user_id")
        .annotate(
            meetings=Sum("meetings_booked"),
            opportunities=Sum("opportunities_created"),
            deals=Sum("deals_won"),
        )
        .order_by()
        .values_list("user_id", "meetings", "opportunities", "deals")
    )
    return {
        user_id: {"meetings": m or 0, "opportunities": o or 0, "deals": d or 0}
        for user_id, m, o, d in rows
    }


# --- Who needs attention (the at-risk rules of coaching.risk on stored data) ----------------


def risk_rules_of(cohort: Cohort) -> risk.RiskRules:
    return risk.RiskRules(
        no_ssi_days=cohort.risk_no_ssi_days,
        drop_points=float(cohort.risk_drop_points),
        drop_days=cohort.risk_drop_days,
        low_completion=cohort.risk_low_completion_percent / 100,
        low_completion_weeks=cohort.risk_low_completion_weeks,
        no_login_days=cohort.risk_no_login_days,
    )
