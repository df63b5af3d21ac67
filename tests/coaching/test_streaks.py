from datetime import date, timedelta

import pytest

from coaching.streaks import completion_rate, current_streak, longest_streak

FRIDAY = date(2026, 11, 27)
WEEKDAYS = (0, 1, 2, 3, 4)


def days_back(*offsets):
    return [FRIDAY - timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("done", "today", "expected"),
    [
        ([], FRIDAY, 0),
        (days_back(0), FRIDAY, 1),
        (days_back(0, 1, 2, 3, 4), FRIDAY, 5),
        # today still open: yesterday's streak is alive
        (days_back(1, 2, 3), FRIDAY, 3),
        # a missed working day breaks it
        (days_back(0, 1, 3, 4), FRIDAY, 2),
        # the weekend neither breaks nor counts...
        (days_back(0, 1, 2, 3, 4, 7, 8), FRIDAY, 7),
        # ...but a habit kept on a Saturday counts
        (days_back(0, 5, 6, 7), FRIDAY + timedelta(days=0), 1),
        ([FRIDAY + timedelta(days=1), FRIDAY], FRIDAY + timedelta(days=3), 2),
        # done in the future does not count
        ([FRIDAY + timedelta(days=2)], FRIDAY, 0),
        # missed yesterday and today is open: broken
        (days_back(2, 3), FRIDAY, 0),
    ],
)
def test_current_streak(done, today, expected):
    assert current_streak(done, WEEKDAYS, today) == expected


def test_streak_respects_custom_working_days():
    # works Mon, Wed, Fri: Tuesday and Thursday off
    done = days_back(0, 2, 4)
    assert current_streak(done, (0, 2, 4), FRIDAY) == 3
    assert current_streak(done, WEEKDAYS, FRIDAY) == 1


def test_longest_streak():
    done = days_back(0, 1, 3, 4, 7, 8, 9, 10, 11)
    assert longest_streak(done, WEEKDAYS) == 7  # Mon 16 .. Tue 24 across a weekend
    assert longest_streak([], WEEKDAYS) == 0


@pytest.mark.parametrize(
    ("done", "total", "expected"), [(0, 0, None), (3, 4, 0.75), (4, 4, 1.0), (0, 5, 0.0)]
)
def test_completion_rate(done, total, expected):
    assert completion_rate(done, total) == expected
