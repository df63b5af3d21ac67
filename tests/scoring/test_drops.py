"""Shared drops: days when most of a cohort dropped at once (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.drops import Reading, affected_days, day_stats, is_shared_drop

D1, D2 = date(2026, 11, 9), date(2026, 11, 10)


def cohort(before: list[float | None], after: list[float | None]) -> dict[int, list[Reading]]:
    series: dict[int, list[Reading]] = {}
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        readings = []
        if b is not None:
            readings.append(Reading(D1, b, {"brand": b / 4}))
        if a is not None:
            readings.append(Reading(D2, a, {"brand": a / 4}))
        series[i] = readings
    return series


@pytest.mark.parametrize(
    ("before", "after", "shared", "compared", "dropped"),
    [
        ([50, 60, 70, 40, 30], [45, 55, 65, 40, 31], True, 5, 3),  # 3 of 5 = 60%
        ([50, 60, 70, 40, 30], [45, 55, 70, 40, 31], False, 5, 2),  # 40%
        ([50, 60, 70], [49.6, 59.6, 69.6], False, 3, 0),  # 0.4 points is noise
        ([50, 60], [40, 50], False, 2, 2),  # two trainees are no pattern
        ([50, 60, None, None], [40, 50, 10, 10], False, 2, 2),  # only those with both days
        ([50, 60, 70, None], [40, 50, 60, 90], True, 3, 3),
    ],
)
def test_day_stats_table(before, after, shared, compared, dropped):
    (stat,) = day_stats(cohort(before, after), [D2])
    assert (stat.shared_drop, stat.compared, stat.dropped) == (shared, compared, dropped)
    values = [a for a in after if a is not None]
    assert stat.trainees == len(values)
    assert stat.total == pytest.approx(sum(values) / len(values))
    assert stat.pillars["brand"] == pytest.approx(sum(values) / len(values) / 4)
    assert stat.pillars["people"] is None


def test_share_is_the_cohorts_setting():
    series = cohort([50, 60, 70, 40, 30], [45, 55, 65, 40, 31])
    assert day_stats(series, [D2], share=0.6)[0].shared_drop
    assert not day_stats(series, [D2], share=0.7)[0].shared_drop


def test_a_snapshot_affects_its_day_and_the_next():
    assert affected_days([D1]) == {D1, D2}


@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 100)),
        min_size=0,
        max_size=30,
    ),
    st.floats(0.05, 1.0),
)
def test_verdict_matches_its_definition(pairs, share):
    series = {i: [Reading(D1, b), Reading(D2, a)] for i, (b, a) in enumerate(pairs)}
    (stat,) = day_stats(series, [D2], share=share)
    dropped = sum(1 for b, a in pairs if b - a >= 0.5)
    assert stat.compared == len(pairs) and stat.dropped == dropped
    assert stat.shared_drop == (len(pairs) >= 3 and dropped > 0 and dropped >= share * len(pairs))
    # More of the cohort dropping never turns a shared drop back into an ordinary day.
    assert not stat.shared_drop or is_shared_drop(
        compared=len(pairs), dropped=min(len(pairs), dropped + 1), share=share, min_compared=3
    )


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)))
def test_days_without_readings_are_empty(day):
    (stat,) = day_stats({}, [day])
    assert (stat.trainees, stat.total, stat.shared_drop) == (0, None, False)
    assert affected_days([day]) == {day, day + timedelta(days=1)}
