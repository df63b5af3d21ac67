"""Where the trainee's SSI is heading: a robust trend and what it means for the target.

Pure: the series, the target and "today" are arguments. The trend is a Theil-Sen fit
(the median of the slopes between every pair of points), so one odd reading, such as
a day when LinkedIn changed something for everybody, does not swing the forecast.
The fit uses the official snapshots of the last eight weeks; with too few of them it
falls back to the platform's own estimates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext

WINDOW_DAYS = 56
MIN_POINTS = 3
MIN_SPAN_DAYS = 7
# Below this many points per week the trend is called flat.
FLAT_PER_WEEK = 0.1

OFFICIAL = "official"
ESTIMATE = "estimate"

REACHED = "reached"
ON_TRACK = "on_track"
BEHIND = "behind"
DATE_PASSED = "date_passed"
NO_DATA = "no_data"
NO_TARGET = "no_target"


@dataclass(frozen=True)
class Forecast:
    status: str
    target: float | None
    target_date: date | None
    source: str | None = None
    current: float | None = None
    projected: float | None = None
    slope_per_week: float | None = None
    points: int = 0

    @property
    def points_behind(self) -> float:
        if self.target is None or self.projected is None:
            return 0.0
        return round(max(0.0, self.target - self.projected), 1)

    @property
    def on_track(self) -> bool:
        return self.status in (REACHED, ON_TRACK)

    @property
    def flat(self) -> bool:
        return self.slope_per_week is not None and abs(self.slope_per_week) < FLAT_PER_WEEK


def theil_sen(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(slope, intercept) of the Theil-Sen line through ``(x, y)`` points."""
    if len(points) < 2:
        raise ValueError("A trend needs at least two points.")
    slopes = [
        (y2 - y1) / (x2 - x1)
        for i, (x1, y1) in enumerate(points)
        for (x2, y2) in points[i + 1 :]
        if x2 != x1
    ]
    if not slopes:
        raise ValueError("A trend needs points on at least two different days.")
    slope = median(slopes)
    intercept = median(y - slope * x for x, y in points)
    return slope, intercept


def _window(series: Iterable[tuple[date, float]], today: date) -> list[tuple[date, float]]:
    start = today - timedelta(days=WINDOW_DAYS)
    by_day: dict[date, float] = {}
    for day, value in series:
        if start <= day <= today and value is not None:
            by_day[day] = float(value)  # a later entry for the same day wins
    return sorted(by_day.items())


def _usable(points: list[tuple[date, float]]) -> bool:
    return len(points) >= MIN_POINTS and (points[-1][0] - points[0][0]).days >= MIN_SPAN_DAYS


def forecast(
    *,
    official: Iterable[tuple[date, float]],
    estimates: Iterable[tuple[date, float]] = (),
    target: float | None,
    target_date: date | None,
    today: date,
) -> Forecast:
    """Project the SSI to the target date and compare it with the target."""
    official_points = _window(official, today)
    estimate_points = _window(estimates, today)
    source: str | None
    if _usable(official_points):
        source, points = OFFICIAL, official_points
    elif _usable(estimate_points):
        source, points = ESTIMATE, estimate_points
    else:
        source = OFFICIAL if official_points else (ESTIMATE if estimate_points else None)
        points = official_points or estimate_points
    current = points[-1][1] if points else None

    if target is None or target_date is None:
        return Forecast(NO_TARGET, target, target_date, source, current, points=len(points))
    if current is not None and current >= target:
        return Forecast(REACHED, target, target_date, source, current, current, points=len(points))
    if target_date < today:
        return Forecast(DATE_PASSED, target, target_date, source, current, points=len(points))
    if not _usable(points):
        return Forecast(NO_DATA, target, target_date, source, current, points=len(points))

    xy = [(float((day - today).days), value) for day, value in points]
    slope, intercept = theil_sen(xy)
    # Anchored on the fitted level today, so that the projection and the line agree.
    projected = intercept + slope * (target_date - today).days
    projected = round(min(100.0, max(0.0, projected)), 1)
    status = ON_TRACK if projected >= target else BEHIND
    return Forecast(
        status=status,
        target=target,
        target_date=target_date,
        source=source,
        current=current,
        projected=projected,
        slope_per_week=round(slope * 7, 2),
        points=len(points),
    )


def _number(value: float) -> str:
    """A score in the active language's notation: 51.1 in English, 51,1 in Italian."""
    return number_format(f"{value:g}")


def describe(result: Forecast, today: date, *, about: str | None = None) -> str:
    """The forecast in plain words, in the active language (needs Django's i18n set up).

    ``about``: a trainee's name; the message then speaks about them (a coach's page)."""
    if about is not None:
        return _describe_about(result, today, about)
    if result.status == NO_TARGET:
        return gettext("No target is set yet. Your coach or you can set a target SSI and a date.")
    target = _number(result.target) if result.target is not None else ""
    when = date_format(result.target_date, "DATE_FORMAT") if result.target_date else ""
    if result.status == REACHED:
        return gettext(
            "You have reached your target of %(target)s. Keep your habits to stay there."
        ) % {"target": target}
    if result.status == DATE_PASSED:
        return gettext(
            "The target date (%(date)s) has passed without reaching %(target)s. "
            "Agree a new target with your coach."
        ) % {"date": when, "target": target}
    if result.status == NO_DATA:
        return gettext(
            "Not enough history for a forecast yet: record your SSI once a week for a few "
            "weeks and the trend will appear here."
        )
    assert result.projected is not None and result.target_date is not None
    weeks = max(0, (result.target_date - today).days // 7)
    weeks_text = ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    basis = (
        gettext("your recorded SSI")
        if result.source == OFFICIAL
        else gettext("our estimates (record your SSI for a better forecast)")
    )
    if result.status == ON_TRACK:
        return gettext(
            "On track: at your current pace, based on %(basis)s, you will reach about "
            "%(projected)s by %(date)s, in %(weeks)s. Your target is %(target)s."
        ) % {
            "basis": basis,
            "projected": _number(result.projected),
            "date": when,
            "weeks": weeks_text,
            "target": target,
        }
    if result.flat:
        return gettext(
            "Your SSI has been flat lately (based on %(basis)s): at this pace you will stay "
            "around %(projected)s, %(behind)s points short of your target of %(target)s by "
            "%(date)s."
        ) % {
            "basis": basis,
            "projected": _number(result.projected),
            "behind": _number(result.points_behind),
            "target": target,
            "date": when,
        }
    return gettext(
        "Behind: at your current pace, based on %(basis)s, you will reach about "
        "%(projected)s by %(date)s, %(behind)s points short of your target of %(target)s. "
        "Completing this week's plan is the way to close the gap."
    ) % {
        "basis": basis,
        "projected": _number(result.projected),
        "date": when,
        "behind": _number(result.points_behind),
        "target": target,
    }


def _describe_about(result: Forecast, today: date, name: str) -> str:
    if result.status == NO_TARGET:
        return gettext("%(name)s has no target yet. You can set a target SSI and a date.") % {
            "name": name
        }
    values = {
        "name": name,
        "target": _number(result.target) if result.target is not None else "",
        "date": date_format(result.target_date, "DATE_FORMAT") if result.target_date else "",
        "projected": _number(result.projected) if result.projected is not None else "",
        "behind": _number(result.points_behind) if result.points_behind is not None else "",
    }
    if result.status == REACHED:
        return gettext("%(name)s has reached the target of %(target)s.") % values
    if result.status == DATE_PASSED:
        return (
            gettext(
                "The target date (%(date)s) has passed without %(name)s reaching %(target)s: "
                "agree a new target."
            )
            % values
        )
    if result.status == NO_DATA:
        return (
            gettext("Not enough history for a forecast of %(name)s yet: a few weekly SSI entries.")
            % values
        )
    if result.status == ON_TRACK:
        return (
            gettext(
                "On track: at the current pace %(name)s will reach about %(projected)s by "
                "%(date)s (target %(target)s)."
            )
            % values
        )
    return (
        gettext(
            "Behind: at the current pace %(name)s will reach about %(projected)s by %(date)s, "
            "%(behind)s points short of the target of %(target)s."
        )
        % values
    )


@dataclass(frozen=True)
class Projection:
    """The trend drawn forward to the target date, with a likely range around it."""

    days: tuple[date, ...]
    middle: tuple[float, ...]
    low: tuple[float, ...]
    high: tuple[float, ...]


def projection(
    *,
    official: Iterable[tuple[date, float]],
    estimates: Iterable[tuple[date, float]] = (),
    target_date: date | None,
    today: date,
    steps: int = 8,
) -> Projection | None:
    """The Theil-Sen line from today to the target date, and its uncertainty.

    The range uses the 10th and 90th percentiles of the pairwise slopes (the spread
    Theil-Sen's median is taken from), pivoting on today's fitted level: the further the
    target date, the wider it gets. None without a target date ahead or enough history.
    """
    if target_date is None or target_date <= today:
        return None
    points = _window(official, today)
    if not _usable(points):
        points = _window(estimates, today)
        if not _usable(points):
            return None
    xy = [(float((day - today).days), value) for day, value in points]
    slope, intercept = theil_sen(xy)
    slopes = sorted(
        (y2 - y1) / (x2 - x1)
        for i, (x1, y1) in enumerate(xy)
        for (x2, y2) in xy[i + 1 :]
        if x2 != x1
    )
    low_slope = slopes[int(0.1 * (len(slopes) - 1))]
    high_slope = slopes[round(0.9 * (len(slopes) - 1))]
    span = (target_date - today).days
    days = tuple(
        sorted({today + timedelta(days=round(span * i / steps)) for i in range(steps + 1)})
    )

    def clamp(value: float) -> float:
        return round(min(100.0, max(0.0, value)), 1)

    offsets = [(day - today).days for day in days]
    return Projection(
        days=days,
        middle=tuple(clamp(intercept + slope * d) for d in offsets),
        low=tuple(clamp(intercept + min(low_slope, slope) * d) for d in offsets),
        high=tuple(clamp(intercept + max(high_slope, slope) * d) for d in offsets),
    )
