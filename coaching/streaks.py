"""Streaks of the daily LinkedIn habit. Pure: dates in, numbers out.

A streak counts the working days in a row on which the habit was done. A day off
(not a working day) neither breaks nor extends it, but a habit done on a day off
counts. Today does not break the streak while it is still open: a streak that
ended yesterday is still alive this morning.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def current_streak(done_days: Iterable[date], working_days: Iterable[int], today: date) -> int:
    done = {day for day in done_days if day <= today}
    working = set(working_days)
    if not done:
        return 0
    earliest = min(done)
    streak = 0
    day = today
    if day not in done:
        day -= _ONE_DAY  # today is still open
    while day >= earliest:
        if day in done:
            streak += 1
        elif day.weekday() in working:
            break
        day -= _ONE_DAY
    return streak


def longest_streak(done_days: Iterable[date], working_days: Iterable[int]) -> int:
    done = sorted(set(done_days))
    working = set(working_days)
    if not done:
        return 0
    best = run = 0
    day = done[0]
    done_set = set(done)
    while day <= done[-1]:
        if day in done_set:
            run += 1
            best = max(best, run)
        elif day.weekday() in working:
            run = 0
        day += _ONE_DAY
    return best


def completion_rate(done: int, total: int) -> float | None:
    """Share of a week's tasks done, 0..1; None for a week without tasks."""
    if total <= 0:
        return None
    return min(1.0, max(0.0, done / total))
