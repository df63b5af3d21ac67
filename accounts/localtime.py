"""A user's local clock: pure helpers, the instant is always an argument.

Scheduled work (reminders at the hour a trainee chose, Monday plans) runs on a frequent
UTC tick and asks, per time zone, what the local time is there. Doing the arithmetic on
aware datetimes with ``zoneinfo`` keeps it right across daylight-saving changes.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta
from functools import lru_cache

UTC = zoneinfo.ZoneInfo("UTC")


@lru_cache(maxsize=1024)
def zone_for(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone of that name; UTC for an empty or unknown one (never an error)."""
    try:
        return zoneinfo.ZoneInfo(name) if name else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


def local_now(zone_name: str | None, now: datetime) -> datetime:
    """``now`` (aware) seen on the wall clock of that zone."""
    if now.tzinfo is None:
        raise ValueError("local_now needs an aware datetime")
    return now.astimezone(zone_for(zone_name))


def local_today(zone_name: str | None, now: datetime) -> date:
    return local_now(zone_name, now).date()


def week_start(day: date) -> date:
    """The Monday of the ISO week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def iso_week_key(day: date) -> str:
    """``2026-W48``: the key of a weekly period (ISO year and week)."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_due(zone_name: str | None, now: datetime, *, weekday: int = 0, at: time) -> date | None:
    """The Monday of the zone's current week once its ``weekday`` at ``at`` has come.

    Wall-clock arithmetic in the zone itself: Monday 06:00 in Rome is 05:00 UTC in
    winter and 04:00 UTC in summer, and the week in New York begins hours after Rome's.
    From that moment to the end of the local Sunday the week is due (a tick that was
    missed is caught up later in the week); before it, ``None``.
    """
    local = local_now(zone_name, now)
    monday = week_start(local.date())
    moment = datetime.combine(monday + timedelta(days=weekday), at)
    return monday if local.replace(tzinfo=None) >= moment else None


def parse_instant(value: str) -> datetime:
    """An instant from ISO 8601 text that names its offset (``Z`` for UTC).

    The one reading of ``--now`` for every command that acts "as of" an instant; a
    wall-clock time without an offset is refused, since it means a different instant in
    every zone.
    """
    example = "e.g. 2026-11-30T05:00:00Z"
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not an ISO 8601 date and time: {value!r} ({example})") from None
    if instant.tzinfo is None:
        raise ValueError(f"{value!r} names no UTC offset ({example})")
    return instant
