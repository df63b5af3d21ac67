"""The charts page: target, forecast with its range, peer averages, weekly change, marks."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching import forecast
from tests.scoring.factories import SnapshotFactory

pytestmark = pytest.mark.django_db


def marked_days(trainee, since):
    """A stand-in for the coach side's detector of LinkedIn-side drops."""
    return [(timezone.localdate() - timedelta(days=14), "LinkedIn-side drop")]


def _history(trainee, weeks=8):
    today = timezone.localdate()
    for week in range(weeks):
        day = today - timedelta(days=7 * (weeks - 1 - week))
        SnapshotFactory(
            user=trainee,
            date=day,
            brand=Decimal(10 + week),
            industry_average=Decimal("31.5"),
            network_average=Decimal("28") + week,
        )


def test_the_charts_page_shows_target_forecast_peers_and_weeks(client_for, trainee, settings):
    settings.SCORE_CHART_MARKS = ["tests.scoring.test_charts_page.marked_days"]
    _history(trainee)
    html = client_for(trainee).get(reverse("scoring:charts")).content.decode()
    outlook = html.split('id="outlook-title"')[1].split("</section>")[0]
    for key in ("official", "industry", "network", "target", "forecast", "forecast-low"):
        assert f'class="series series-{key}"' in outlook, key
    assert 'class="mark"' in outlook and "LinkedIn-side drop" in outlook
    # Tables carry the same numbers without JavaScript: the forecast, the averages.
    assert "Show the forecast as a table" in outlook and ">31.50<" in outlook
    weekly = html.split('id="weekly-title"')[1].split("</section>")[0]
    assert weekly.count("<tr>") == 1 + 8
    assert weekly.count(">+1.00<") == 7  # a point more each week


def test_without_a_target_there_is_no_target_line(client_for, trainee):
    trainee.memberships.all().delete()
    _history(trainee, weeks=3)
    html = client_for(trainee).get(reverse("scoring:charts")).content.decode()
    assert "series-target" not in html and "series-forecast" not in html
    assert "series-official" in html


def test_the_likely_range_holds_the_forecast_and_widens_with_time():
    today = date(2026, 12, 1)
    series = [(today - timedelta(days=d), 40 + (50 - d) / 7 + (d % 3)) for d in range(0, 50, 5)]
    result = forecast.projection(
        official=series, target_date=today + timedelta(days=70), today=today
    )
    assert result is not None and result.days[0] == today and result.days[-1] > today
    widths = [hi - lo for lo, hi in zip(result.low, result.high, strict=True)]
    rows = zip(result.low, result.middle, result.high, strict=True)
    assert all(lo <= m <= hi for lo, m, hi in rows)
    assert widths == sorted(widths) and widths[-1] > widths[0]
    assert forecast.projection(official=series[:2], target_date=today, today=today) is None
