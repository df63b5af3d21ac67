"""When a user's chosen local hour has come: pure, the instant is always an argument.

One frequent UTC tick asks, for every time zone in use, which reminder hours have begun
within the last ``window``, and on which local day. The local day is the period key of a
daily reminder, so whatever the clocks do the same day is never served twice:

* spring forward: an hour that does not exist that day (02:00 in Rome on the last
  Sunday of March) begins when the clock jumps past it, at the same instant as the
  next hour;
* autumn: an hour that happens twice (02:00 in Rome, 01:00 in New York) begins at its
  first occurrence; the second falls within the same window and the same local day.

A tick that is missed is caught up by the next one while the hour is still within the
window; a longer outage skips that day rather than sending a morning digest at night.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.localtime import UTC, zone_for

HOURS = range(24)


def hour_start(day: date, hour: int, zone_name: str | None) -> datetime:
    """The instant (UTC) at which ``hour`` o'clock begins on ``day`` in that zone.

    ``fold=0`` takes the first of a repeated hour; for a skipped hour, zoneinfo reads
    the wall time with the offset before the change, which is exactly the instant the
    clock jumps over it.
    """
    local = datetime.combine(day, time(hour), tzinfo=zone_for(zone_name)).replace(fold=0)
    return local.astimezone(UTC)


def due_days(zone_name: str | None, now: datetime, window: timedelta) -> dict[int, date]:
    """For each hour whose start lies in ``(now - window, now]``: the local day it begins.

    ``window`` must be shorter than a day, so that at most one day qualifies per hour.
    """
    if now.tzinfo is None:
        raise ValueError("due_days needs an aware datetime")
    if not timedelta(0) < window < timedelta(hours=23):
        raise ValueError("the window must be positive and shorter than 23 hours")
    zone = zone_for(zone_name)
    # Only the wall-clock hours near the window can qualify (a clock change moves wall
    # time by an hour at most), so a handful of candidates instead of two days' worth.
    first = (now - window).astimezone(zone).replace(tzinfo=None, minute=0, second=0, microsecond=0)
    last = now.astimezone(zone).replace(tzinfo=None)
    found: dict[int, date] = {}
    candidate = first - timedelta(hours=2)
    while candidate <= last + timedelta(hours=2):
        start = hour_start(candidate.date(), candidate.hour, zone_name)
        if now - window < start <= now:
            found[candidate.hour] = candidate.date()
        candidate += timedelta(hours=1)
    return found


@dataclass(frozen=True)
class DueSlot:
    """Users of ``zone`` whose reminder hour is one of ``hours`` are due for ``day``."""

    zone: str
    day: date
    hours: tuple[int, ...]


def due_slots(zones: Iterable[str], now: datetime, window: timedelta) -> list[DueSlot]:
    """Every (zone, local day) with the reminder hours that have come in the window."""
    slots: list[DueSlot] = []
    for zone in sorted(set(zones)):
        by_day: dict[date, list[int]] = defaultdict(list)
        for hour, day in due_days(zone, now, window).items():
            by_day[day].append(hour)
        slots.extend(DueSlot(zone, day, tuple(sorted(hours))) for day, hours in by_day.items())
    return slots


def retry_countdown(attempts: int, *, base: int = 60, cap: int = 3600) -> int:
    """Seconds before the next delivery attempt: 1, 2, 4, 8 minutes... at most an hour."""
    return min(cap, base * 2 ** max(0, attempts - 1))
