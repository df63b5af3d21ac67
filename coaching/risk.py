"""Who needs attention: the at-risk rules. Pure: a trainee's series in, flags out.

The rules (thresholds per cohort, ``RiskRules``):

* no official SSI recorded for ``no_ssi_days`` (counted from joining if never);
* a drop of ``drop_points`` or more over the last ``drop_days``, leaving out the change
  of days marked as a likely LinkedIn-side change (shared drops), so nobody is blamed
  for what hit the whole cohort;
* under ``low_completion`` of the week's tasks done, ``low_completion_weeks`` complete
  weeks running (weeks without tasks neither count nor break the run: they end it);
* no login for ``no_login_days`` (counted from joining if never).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

NO_SSI = "no_ssi"
DROP = "drop"
LOW_COMPLETION = "low_completion"
NO_LOGIN = "no_login"
CODES = (NO_SSI, DROP, LOW_COMPLETION, NO_LOGIN)


@dataclass(frozen=True)
class RiskRules:
    no_ssi_days: int = 14
    drop_points: float = 5.0
    drop_days: int = 30
    low_completion: float = 0.30
    low_completion_weeks: int = 2
    no_login_days: int = 7


@dataclass(frozen=True)
class TraineeSeries:
    """What the rules look at, for one trainee on ``today``.

    ``scores``: (day, official total), oldest first; it needs the readings of the drop
    window and the last one before it, plus those around shared-drop days (a full daily
    series works too). ``weeks``: completion rate (0..1, None without tasks) of the last
    complete weeks, most recent first.
    """

    today: date
    joined: date | None = None
    last_ssi: date | None = None
    scores: Sequence[tuple[date, float]] = ()
    shared_drop_days: Collection[date] = frozenset()
    weeks: Sequence[float | None] = ()
    last_login: date | None = None
    #: The drop over the window when already worked out (``drop_over``), instead of
    #: ``scores``: what the stored dashboard rows keep.
    dropped: float | None = None


@dataclass(frozen=True)
class RiskFlag:
    code: str
    days: int | None = None
    points: float | None = None
    weeks: int | None = None
    params: dict = field(default_factory=dict, compare=False)


def drop_over(
    scores: Sequence[tuple[date, float]], since: date, shared_drop_days: Collection[date] = ()
) -> float | None:
    """Points lost from the last reading on or before ``since`` to the latest one,
    leaving out the change into each shared-drop day. None without a reading in the
    window or without one to compare it with."""
    points = sorted(scores)
    start = [i for i, (day, _t) in enumerate(points) if day <= since]
    first = start[-1] if start else 0
    window = points[first:]
    if len(window) < 2 or window[-1][0] <= since:
        return None
    change = 0.0
    for (_d0, t0), (d1, t1) in pairwise(window):
        if d1 in shared_drop_days:
            continue
        change += t1 - t0
    return round(-change, 6)


def risk_flags(series: TraineeSeries, rules: RiskRules = RiskRules()) -> list[RiskFlag]:
    flags: list[RiskFlag] = []
    today = series.today
    since_ssi = series.last_ssi or series.joined
    if since_ssi is None or (today - since_ssi).days >= rules.no_ssi_days:
        days = (today - series.last_ssi).days if series.last_ssi else None
        flags.append(RiskFlag(NO_SSI, days=days))
    dropped = series.dropped
    if dropped is None:
        dropped = drop_over(
            series.scores, today - timedelta(days=rules.drop_days), series.shared_drop_days
        )
    if dropped is not None and dropped >= rules.drop_points - 1e-9:
        flags.append(RiskFlag(DROP, days=rules.drop_days, points=round(dropped, 1)))
    recent = list(series.weeks[: rules.low_completion_weeks])
    if (
        rules.low_completion_weeks > 0
        and len(recent) == rules.low_completion_weeks
        and all(rate is not None and rate < rules.low_completion for rate in recent)
    ):
        flags.append(RiskFlag(LOW_COMPLETION, weeks=rules.low_completion_weeks))
    since_login = series.last_login or series.joined
    if since_login is None or (today - since_login).days >= rules.no_login_days:
        days = (today - series.last_login).days if series.last_login else None
        flags.append(RiskFlag(NO_LOGIN, days=days))
    return flags
