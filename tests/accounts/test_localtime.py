"""When a zone's week is due: Monday 06:00 on its own wall clock, across DST changes."""

from datetime import UTC, date, datetime, time

import pytest

from accounts import localtime
from accounts.localtime import week_due

SIX = time(6, 0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "now", "due"),
    [
        # Rome, winter (UTC+1): Monday 06:00 is 05:00 UTC.
        ("Europe/Rome", utc(2026, 3, 23, 4, 59), None),
        ("Europe/Rome", utc(2026, 3, 23, 5, 0), date(2026, 3, 23)),
        # Rome, the Monday after the spring change of Sunday 29 March (UTC+2): 04:00 UTC.
        ("Europe/Rome", utc(2026, 3, 30, 3, 59), None),
        ("Europe/Rome", utc(2026, 3, 30, 4, 0), date(2026, 3, 30)),
        # Rome, the Monday after the autumn change of Sunday 25 October: 05:00 UTC again.
        ("Europe/Rome", utc(2026, 10, 26, 4, 30), None),
        ("Europe/Rome", utc(2026, 10, 26, 5, 0), date(2026, 10, 26)),
        # New York, the Monday after the spring change of Sunday 8 March (UTC-4): 10:00 UTC.
        ("America/New_York", utc(2026, 3, 9, 9, 59), None),
        ("America/New_York", utc(2026, 3, 9, 10, 0), date(2026, 3, 9)),
        # New York, the Monday after the autumn change of Sunday 1 November (UTC-5): 11:00.
        ("America/New_York", utc(2026, 11, 2, 10, 59), None),
        ("America/New_York", utc(2026, 11, 2, 11, 0), date(2026, 11, 2)),
        # Catch-up: the rest of the local week stays due, to Sunday 23:59 local time...
        ("America/New_York", utc(2026, 3, 12, 15, 0), date(2026, 3, 9)),
        ("America/New_York", utc(2026, 3, 16, 3, 59), date(2026, 3, 9)),  # Sun 23:59 EDT
        # ...and Monday night before 06:00 the new week is not yet due (nor the old one).
        ("America/New_York", utc(2026, 3, 16, 4, 0), None),
        # Rome is already in its new week while New York is still on Sunday.
        ("Europe/Rome", utc(2026, 3, 16, 5, 0), date(2026, 3, 16)),
        # A half-hour zone, and an unknown name (UTC).
        ("Asia/Kolkata", utc(2026, 3, 16, 0, 29), None),
        ("Asia/Kolkata", utc(2026, 3, 16, 0, 30), date(2026, 3, 16)),
        ("Mars/Olympus", utc(2026, 3, 16, 6, 0), date(2026, 3, 16)),
    ],
)
def test_week_due(zone, now, due):
    assert week_due(zone, now, at=SIX) == due


def test_week_due_needs_an_aware_instant():
    with pytest.raises(ValueError):
        week_due("Europe/Rome", datetime(2026, 3, 16, 6, 0), at=SIX)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30T05:00:00Z", datetime(2026, 11, 30, 5, tzinfo=UTC)),
        ("2026-11-30T06:00:00+01:00", datetime(2026, 11, 30, 5, tzinfo=UTC)),
    ],
)
def test_parse_instant_reads_an_offset(text, expected):
    assert localtime.parse_instant(text) == expected


@pytest.mark.parametrize(
    ("text", "why"), [("tomorrow", "ISO 8601"), ("2026-11-30T05:00", "offset")]
)
def test_parse_instant_refuses_text_that_is_not_one_instant(text, why):
    with pytest.raises(ValueError, match=why):
        localtime.parse_instant(text)
