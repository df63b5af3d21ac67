"""Days on which most of a cohort's SSI dropped at once: a change on LinkedIn's side.

Pure: series in, days out. A trainee counts on a day when they have an official SSI on
that day and on the day before; they dropped when the total fell by at least
``min_drop`` points. A day is a shared drop when at least ``share`` of the counted
trainees dropped, and at least ``min_compared`` were counted (two trainees out of two
are a coincidence, not a pattern).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PILLARS = ("brand", "people", "insights", "relationships")
DEFAULT_SHARE = 0.6
DEFAULT_MIN_DROP = 0.5
DEFAULT_MIN_COMPARED = 3
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Reading:
    """One trainee's official SSI on a day."""

    day: date
    total: float
    pillars: Mapping[str, float] | None = None


@dataclass(frozen=True)
class DayStat:
    day: date
    trainees: int
    total: float | None
    pillars: Mapping[str, float | None]
    compared: int
    dropped: int
    shared_drop: bool


def day_stats(
    series: Mapping[int, Sequence[Reading]],
    days: Iterable[date],
    *,
    share: float = DEFAULT_SHARE,
    min_drop: float = DEFAULT_MIN_DROP,
    min_compared: int = DEFAULT_MIN_COMPARED,
) -> list[DayStat]:
    """Averages, comparisons and the shared-drop verdict for each of ``days``.

    ``series`` holds each trainee's readings of the days asked for and of the day before
    each of them (others are ignored).
    """
    by_day: dict[date, dict[int, Reading]] = defaultdict(dict)
    for trainee, readings in series.items():
        for reading in readings:
            by_day[reading.day][trainee] = reading
    stats = []
    for day in sorted(set(days)):
        today, before = by_day.get(day, {}), by_day.get(day - _ONE_DAY, {})
        both = [t for t in today if t in before]
        dropped = sum(1 for t in both if before[t].total - today[t].total >= min_drop)
        values = list(today.values())
        pillars: dict[str, float | None] = {}
        for key in PILLARS:
            known = [r.pillars[key] for r in values if r.pillars and key in r.pillars]
            pillars[key] = round(sum(known) / len(known), 6) if known else None
        stats.append(
            DayStat(
                day=day,
                trainees=len(values),
                total=round(sum(r.total for r in values) / len(values), 6) if values else None,
                pillars=pillars,
                compared=len(both),
                dropped=dropped,
                shared_drop=is_shared_drop(
                    compared=len(both), dropped=dropped, share=share, min_compared=min_compared
                ),
            )
        )
    return stats


def is_shared_drop(*, compared: int, dropped: int, share: float, min_compared: int) -> bool:
    return compared >= max(1, min_compared) and dropped >= share * compared and dropped > 0


def affected_days(recorded: Iterable[date]) -> set[date]:
    """A snapshot of day D changes the verdict of D and of D + 1 (its "day before")."""
    return {d + delta for d in recorded for delta in (timedelta(0), _ONE_DAY)}
