"""Forecast: a robust trend over eight weeks, compared with the target."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from coaching.forecast import (
    BEHIND,
    DATE_PASSED,
    ESTIMATE,
    NO_DATA,
    NO_TARGET,
    OFFICIAL,
    ON_TRACK,
    REACHED,
    describe,
    forecast,
    theil_sen,
)

TODAY = date(2026, 11, 27)


def weekly(values, end=TODAY):
    """One reading a week, the last one on ``end``."""
    n = len(values)
    return [(end - timedelta(weeks=n - 1 - i), v) for i, v in enumerate(values)]


def test_theil_sen_ignores_an_outlier():
    points = [(float(x), 2.0 * x + 1) for x in range(10)]
    points[4] = (4.0, 90.0)
    slope, intercept = theil_sen(points)
    assert slope == pytest.approx(2.0)
    assert intercept == pytest.approx(1.0)


def test_theil_sen_needs_two_distinct_x():
    with pytest.raises(ValueError):
        theil_sen([(1.0, 2.0)])
    with pytest.raises(ValueError):
        theil_sen([(1.0, 2.0), (1.0, 3.0)])


def test_noisy_rising_series_is_projected_along_its_trend():
    # +1 a week with noise and one LinkedIn-side drop in week 5
    values = [40, 41.4, 41.6, 43.3, 34.0, 45.2, 45.8, 47.1, 48.0]
    result = forecast(
        official=weekly(values), target=60, target_date=TODAY + timedelta(weeks=8), today=TODAY
    )
    assert result.source == OFFICIAL
    assert result.slope_per_week == pytest.approx(1.0, abs=0.25)
    assert 54 <= result.projected <= 58
    assert result.status == BEHIND
    assert result.points_behind == pytest.approx(60 - result.projected)
    assert not result.on_track


def test_on_track_when_the_trend_reaches_the_target_in_time():
    values = [30, 32, 34, 36, 38, 40]
    result = forecast(
        official=weekly(values), target=50, target_date=TODAY + timedelta(weeks=6), today=TODAY
    )
    assert result.status == ON_TRACK and result.on_track
    assert result.projected == pytest.approx(52, abs=0.5)
    assert result.points_behind == 0


def test_only_the_last_eight_weeks_count():
    old_fall = weekly([90, 80, 70, 60], end=TODAY - timedelta(weeks=10))
    recent_rise = weekly([40, 42, 44, 46])
    result = forecast(
        official=old_fall + recent_rise,
        target=50,
        target_date=TODAY + timedelta(weeks=3),
        today=TODAY,
    )
    assert result.points == 4
    assert result.slope_per_week == pytest.approx(2.0)


def test_too_few_official_points_fall_back_to_estimates():
    result = forecast(
        official=weekly([40, 41]),
        estimates=weekly([38, 39, 40, 41, 42]),
        target=70,
        target_date=TODAY + timedelta(weeks=10),
        today=TODAY,
    )
    assert result.source == ESTIMATE
    assert result.slope_per_week == pytest.approx(1.0)


def test_too_few_points_anywhere_give_no_forecast():
    result = forecast(
        official=weekly([40, 41]),
        estimates=[(TODAY, 40.0)],
        target=70,
        target_date=TODAY + timedelta(weeks=10),
        today=TODAY,
    )
    assert result.status == NO_DATA
    assert result.projected is None
    assert result.current == 41


def test_points_crammed_into_a_few_days_are_not_a_trend():
    crammed = [(TODAY - timedelta(days=d), 40.0 + d) for d in range(4)]
    result = forecast(
        official=crammed, target=70, target_date=TODAY + timedelta(weeks=10), today=TODAY
    )
    assert result.status == NO_DATA


def test_flat_trend_stays_where_it_is():
    result = forecast(
        official=weekly([44.9, 45.1, 45.0, 44.95, 45.05, 45.0]),
        target=60,
        target_date=TODAY + timedelta(weeks=12),
        today=TODAY,
    )
    assert result.flat
    assert result.projected == pytest.approx(45, abs=0.3)
    assert result.status == BEHIND
    assert result.points_behind == pytest.approx(15, abs=0.3)


def test_target_already_reached():
    result = forecast(
        official=weekly([60, 66, 71]),
        target=70,
        target_date=TODAY + timedelta(weeks=4),
        today=TODAY,
    )
    assert result.status == REACHED and result.on_track


def test_target_date_passed():
    result = forecast(
        official=weekly([50, 52, 54, 56]),
        target=70,
        target_date=TODAY - timedelta(days=1),
        today=TODAY,
    )
    assert result.status == DATE_PASSED and not result.on_track


def test_projection_is_clamped_to_the_ssi_scale():
    result = forecast(
        official=weekly([40, 60, 80, 95]),
        target=99,
        target_date=TODAY + timedelta(weeks=52),
        today=TODAY,
    )
    assert result.projected == 100


def test_no_target():
    result = forecast(official=weekly([40, 41, 42]), target=None, target_date=None, today=TODAY)
    assert result.status == NO_TARGET


@pytest.mark.parametrize(
    ("values", "target", "weeks", "words"),
    [
        ([40, 42, 44, 46], 50, 4, "On track"),
        ([40, 41, 42, 43], 70, 4, "points short"),
        ([45, 45, 45, 45], 70, 4, "flat"),
        ([66, 71, 72], 70, 4, "reached"),
        ([40], 70, 4, "Not enough history"),
        ([40, 41, 42, 43], 70, -1, "has passed"),
    ],
)
def test_plain_words(values, target, weeks, words):
    result = forecast(
        official=weekly(values),
        target=target,
        target_date=TODAY + timedelta(weeks=weeks),
        today=TODAY,
    )
    assert words in describe(result, TODAY)


def test_plain_words_in_italian():
    result = forecast(
        official=weekly([40, 41, 42, 43]),
        target=70,
        target_date=TODAY + timedelta(weeks=4),
        today=TODAY,
    )
    with translation.override("it"):
        text = describe(result, TODAY)
    assert "obiettivo" in text
