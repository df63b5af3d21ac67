"""The user-local clock of reminders, pure: every hour of every local day comes once,
across the spring and autumn changes, whatever the tick interval."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching.reminders import schedule

WINDOW = timedelta(hours=2)
ZONES = ["Europe/Rome", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe"]


@pytest.mark.parametrize(
    ("zone", "day", "hour", "expected"),
    [
        # Rome, spring forward on 29 March 2026: 02:00 does not exist; it "comes" when
        # the clock jumps to 03:00 CEST, with 03:00 itself.
        ("Europe/Rome", date(2026, 3, 29), 2, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("Europe/Rome", date(2026, 3, 29), 3, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        ("Europe/Rome", date(2026, 3, 29), 8, datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),
        # Rome, autumn on 25 October 2026: 02:00 happens twice; the first one counts.
        ("Europe/Rome", date(2026, 10, 25), 2, datetime(2026, 10, 25, 0, 0, tzinfo=UTC)),
        ("Europe/Rome", date(2026, 10, 25), 8, datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),
        ("America/New_York", date(2026, 3, 8), 2, datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), 1, datetime(2026, 11, 1, 5, 0, tzinfo=UTC)),
        ("America/New_York", date(2026, 11, 1), 8, datetime(2026, 11, 1, 13, 0, tzinfo=UTC)),
    ],
)
def test_hour_start(zone, day, hour, expected):
    assert schedule.hour_start(day, hour, zone) == expected


def _ticks(start: datetime, end: datetime, every: timedelta):
    now = start
    while now < end:
        yield now
        now += every


def _first_due(zone: str, hour: int, start: datetime, end: datetime, every: timedelta):
    """Simulate the tick: the first tick that finds each local day due (as the unique
    period key does), per local day."""
    seen: dict[date, datetime] = {}
    for now in _ticks(start, end, every):
        day = schedule.due_days(zone, now, WINDOW).get(hour)
        if day is not None and day not in seen:
            seen[day] = now
    return seen


@pytest.mark.parametrize("zone", ["Europe/Rome", "America/New_York"])
@pytest.mark.parametrize(
    "around", [date(2026, 3, 8), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1)]
)
@pytest.mark.parametrize("hour", [0, 2, 8])
@pytest.mark.parametrize("every", [timedelta(minutes=5), timedelta(minutes=10)])
def test_every_local_day_once_at_the_chosen_hour_across_dst(zone, around, hour, every):
    start = datetime.combine(around - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=5)
    seen = _first_due(zone, hour, start, end, every)
    days = sorted(seen)
    # Consecutive local days, none missing in the middle of the range.
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]
    assert len(days) >= 4
    for day, when in seen.items():
        begins = schedule.hour_start(day, hour, zone)
        if begins < start:
            continue  # began before the simulation: caught up by its first tick
        # Sent at the first tick at or after the hour began, never before.
        assert begins <= when < begins + every


def test_a_missed_tick_is_caught_up_within_the_window_only():
    begins = schedule.hour_start(date(2026, 6, 1), 8, "Europe/Rome")
    assert schedule.due_days("Europe/Rome", begins + timedelta(minutes=95), WINDOW)[8] == date(
        2026, 6, 1
    )
    assert 8 not in schedule.due_days("Europe/Rome", begins + timedelta(hours=2), WINDOW)
    assert 8 not in schedule.due_days("Europe/Rome", begins - timedelta(seconds=1), WINDOW)


def test_due_slots_group_hours_per_zone_and_local_day():
    # 23:05 UTC on 31 May: 01:05 in Rome on 1 June, 19:05 in New York on 31 May.
    now = datetime(2026, 5, 31, 23, 5, tzinfo=UTC)
    slots = {(s.zone, s.day): s.hours for s in schedule.due_slots(ZONES[:2], now, WINDOW)}
    assert slots[("Europe/Rome", date(2026, 6, 1))] == (0, 1)
    assert ("Europe/Rome", date(2026, 5, 31)) not in slots  # 23:00 began 2 h 5 min ago
    assert slots[("America/New_York", date(2026, 5, 31))] == (18, 19)


def test_naive_instants_and_silly_windows_are_refused():
    with pytest.raises(ValueError):
        schedule.due_days("UTC", datetime(2026, 1, 1), WINDOW)
    with pytest.raises(ValueError):
        schedule.due_days("UTC", datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=30))


def test_retry_countdown_grows_and_is_capped():
    assert [schedule.retry_countdown(n) for n in range(1, 6)] == [60, 120, 240, 480, 960]
    assert schedule.retry_countdown(30) == 3600


@given(
    zone=st.sampled_from(ZONES),
    hour=st.integers(0, 23),
    instant=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
)
def test_an_hour_is_due_for_at_most_one_day_and_only_after_it_began(zone, hour, instant):
    day = schedule.due_days(zone, instant, WINDOW).get(hour)
    if day is not None:
        begins = schedule.hour_start(day, hour, zone)
        assert instant - WINDOW < begins <= instant
