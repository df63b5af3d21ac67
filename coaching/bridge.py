"""What coaching asks of scoring that needs translating: the writes of completed tasks,
and the scores and facts that planning reads, as plain values.

Coaching depends on scoring (never the other way round). Plain reads of scoring's data
(series, activity days, reminder facts) are ``scoring.selectors``'s, called directly;
this module queries no model of scoring's itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import User
from scoring import engine, vocabulary
from scoring import selectors as scoring_selectors
from scoring import services as scoring_services
from scoring.models import (
    EARLIEST_SNAPSHOT_DATE,
    ActivitySource,
)
from scoring.vocabulary import NETWORK_FIELDS, PROFILE_FIELDS

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
    snapshot = scoring_selectors.latest_snapshot_since(user, today - timedelta(days=30))
    if snapshot is not None:
        pillars = {p: float(getattr(snapshot, p)) for p in vocabulary.PILLARS}
    return PlanningScores(pillar_points=pillars, factors=factors)


def planning_facts(user: User, today: date, *, has_target_market: bool) -> dict:
    """Facts the catalogue's conditions read; absent facts are unknown (None)."""
    facts: dict[str, float | int | bool | None] = {"has_target_market": has_target_market}
    profile = scoring_selectors.profile_state_of(user)
    if profile.pk is not None:
        for name in PROFILE_FIELDS:
            if name != "profile_updated_on":
                facts[name] = getattr(profile, name)
        updated = profile.profile_updated_on
        facts["profile_age_days"] = (today - updated).days if updated else None
    network = scoring_selectors.network_state_of(user)
    if network.pk is not None:
        for name in NETWORK_FIELDS:
            if name != "decision_makers":
                value = getattr(network, name)
                facts[name] = float(value) if isinstance(value, Decimal) else value
    return facts
