"""Everything coaching needs from scoring, in one place.

Coaching depends on scoring (never the other way round). Keeping the calls here means
the rest of the app speaks in plain values: dates, totals, factor gaps and facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef

from accounts.models import User
from scoring import engine
from scoring import selectors as scoring_selectors
from scoring import services as scoring_services
from scoring.fields import NETWORK_FIELDS, PROFILE_FIELDS
from scoring.models import (
    EARLIEST_SNAPSHOT_DATE,
    Activity,
    ActivitySource,
    Estimate,
    NetworkState,
    ProfileState,
    SsiSnapshot,
)

#: No official SSI, and so no coaching record, predates this day.
EARLIEST_DAY = EARLIEST_SNAPSHOT_DATE


# --- Signals written by completed tasks -------------------------------------------------------


def task_activity_record(
    *,
    user: User,
    kind: str,
    occurred_on: date,
    count: int,
    words: int | None,
    key: str,
    note: str,
) -> None:
    """Record the activity of a completed task, once (the key is unique per user)."""
    scoring_services.activity_log(
        user=user,
        kind=kind,
        occurred_on=occurred_on,
        count=count,
        words=words,
        note=note[:500],
        source=ActivitySource.TASK,
        external_key=key,
        recompute=False,
    )


def task_activity_delete(*, user: User, key: str) -> int:
    return scoring_services.activity_delete_by_key(
        user=user, external_key=key, source=ActivitySource.TASK
    )


def estimate_refresh(*, user: User, today: date) -> None:
    """Recompute today's estimate right away, so the trainee sees it move when they tick."""
    scoring_services.estimates_recompute(users=[user], today=today)


# --- Reads for planning and the forecast ------------------------------------------------------


@dataclass(frozen=True)
class PlanningScores:
    pillar_points: dict[str, float]
    factors: tuple[engine.FactorResult, ...]


def planning_scores(user: User, today: date) -> PlanningScores:
    """Latest pillar scores (official if recent, else estimated) and the factor gaps.

    A trainee without an estimate gets one computed now, so that the first plan already
    follows the engine's explanation.
    """
    estimate = scoring_selectors.latest_estimate(user)
    if estimate is None:
        scoring_services.estimates_recompute(users=[user], today=today)
        estimate = scoring_selectors.latest_estimate(user)
    result = estimate.result() if estimate is not None else None
    factors: tuple[engine.FactorResult, ...] = ()
    pillars: dict[str, float] = {}
    if result is not None:
        factors = tuple(f for p in result.pillars for f in p.factors)
        pillars = {p.key: p.points for p in result.pillars}
    snapshot = (
        SsiSnapshot.objects.filter(user=user, date__gte=today - timedelta(days=30))
        .order_by("-date")
        .first()
    )
    if snapshot is not None:
        pillars = {p: float(getattr(snapshot, p)) for p in engine.PILLARS}
    return PlanningScores(pillar_points=pillars, factors=factors)


def planning_facts(user: User, today: date, *, has_target_market: bool) -> dict:
    """Facts the catalogue's conditions read; absent facts are unknown (None)."""
    facts: dict[str, float | int | bool | None] = {"has_target_market": has_target_market}
    profile = ProfileState.objects.filter(user=user).first()
    if profile is not None:
        for name in PROFILE_FIELDS:
            if name != "profile_updated_on":
                facts[name] = getattr(profile, name)
        updated = profile.profile_updated_on
        facts["profile_age_days"] = (today - updated).days if updated else None
    network = NetworkState.objects.filter(user=user).first()
    if network is not None:
        for name in NETWORK_FIELDS:
            if name != "decision_makers":
                value = getattr(network, name)
                facts[name] = float(value) if isinstance(value, Decimal) else value
    return facts


def active_days(user: User, *, until: date) -> list[date]:
    """Days with logged or imported LinkedIn activity: each keeps the streak alive."""
    return scoring_selectors.active_days_of(user, until=until)


def active_days_for_users(
    user_ids: list[int], *, since: date, until: date
) -> dict[int, list[date]]:
    return scoring_selectors.active_days_for_users(user_ids, since=since, until=until)


def streak_activity_kinds() -> frozenset[str]:
    """The activity kinds whose day keeps a habit streak alive."""
    return frozenset(str(k) for k in scoring_selectors.ACTIVE_KINDS)


def score_series(
    user: User, since: date
) -> tuple[list[tuple[date, float]], list[tuple[date, float]]]:
    """(official snapshots, estimates) as (day, total) since a day: two queries."""
    official = [
        (day, float(total))
        for day, total in SsiSnapshot.objects.filter(user=user, date__gte=since)
        .order_by("date")
        .values_list("date", "total")
    ]
    estimated = scoring_selectors.estimate_points(
        Estimate.objects.filter(user=user, date__gte=since)
    )
    return official, [(p.day, p.total) for p in estimated]


def latest_estimate_total(user: User) -> float | None:
    return scoring_selectors.latest_estimate_total(user)


# --- Reads for reminders and the coach's digest -----------------------------------------------


def last_activity_days(user_ids: list[int], until: date) -> dict[int, date]:
    """The latest day with any logged activity, per user, up to ``until``: one query."""
    rows = (
        Activity.objects.filter(user_id__in=user_ids, occurred_on__lte=until)
        .values("user_id")
        .annotate(last=Max("occurred_on"))
        .values_list("user_id", "last")
    )
    return dict(rows)


def snapshot_facts(
    user_ids: list[int], until: date, move_days: int
) -> dict[int, tuple[date, float | None]]:
    """Per user: the day of the latest official SSI up to ``until`` and how much the total
    moved against the latest one at least ``move_days`` earlier (None if there is none).

    Two queries, whatever the number of users.
    """
    latest = dict(
        SsiSnapshot.objects.filter(user_id__in=user_ids, date__lte=until)
        .values("user_id")
        .annotate(last=Max("date"))
        .values_list("user_id", "last")
    )
    since = until - timedelta(days=move_days + 60)
    series: dict[int, list[tuple[date, Decimal]]] = {}
    for user_id, day, total in (
        SsiSnapshot.objects.filter(user_id__in=list(latest), date__gte=since, date__lte=until)
        .order_by("user_id", "date")
        .values_list("user_id", "date", "total")
    ):
        series.setdefault(user_id, []).append((day, total))
    facts: dict[int, tuple[date, float | None]] = {}
    for user_id, last in latest.items():
        points = series.get(user_id, [])
        change = None
        if points and points[-1][0] > until - timedelta(days=move_days):
            before = [total for day, total in points if day <= until - timedelta(days=move_days)]
            if before:
                change = float(points[-1][1] - before[-1])
        facts[user_id] = (last, change)
    return facts


def snapshot_since_exists(since: date) -> Exists:
    """An ``Exists`` for a user queryset: an official SSI recorded on ``since`` or later."""
    return Exists(SsiSnapshot.objects.filter(user=OuterRef("pk"), date__gte=since))


def activity_since_exists(since: date) -> Exists:
    """An ``Exists`` for a user queryset: an activity logged on ``since`` or later."""
    return Exists(Activity.objects.filter(user=OuterRef("pk"), occurred_on__gte=since))


# --- The cohort dashboard ---------------------------------------------------------------------

cohort_score_rows = scoring_selectors.cohort_score_rows
shared_drop_days_of = scoring_selectors.shared_drop_days_of
