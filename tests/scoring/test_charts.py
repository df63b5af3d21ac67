"""Chart geometry (pure)."""

import re
from datetime import date, timedelta

import pytest
from django.utils.formats import date_format

from scoring.charts import HEIGHT, LEFT, TOP, WIDTH, Series, line_chart

D0 = date(2026, 1, 1)


def test_points_are_placed_by_day_and_value():
    chart = line_chart(
        [Series("official", "Official", [(D0, 0.0), (D0 + timedelta(days=10), 100.0)])],
        y_max=100,
        y_step=25,
    )
    (series,) = chart.series
    assert series.dots[0] == (LEFT, HEIGHT - 28)  # left edge, bottom of the plot
    assert series.dots[1] == (WIDTH - 12, TOP)  # right edge, top
    assert series.path.startswith("M") and " L" in series.path
    assert [t.label for t in chart.y_ticks] == ["0", "25", "50", "75", "100"]
    assert chart.x_ticks[0].day == D0 and chart.x_ticks[-1].day == D0 + timedelta(days=10)


def test_a_long_gap_breaks_the_line_and_values_are_clamped():
    points = [(D0, 10.0), (D0 + timedelta(days=1), 140.0), (D0 + timedelta(days=100), -5.0)]
    chart = line_chart([Series("s", "S", points)], y_max=100, y_step=50)
    path = chart.series[0].path
    assert path.count("M") == 2 and path.count("L") == 1  # 99 days without data: a gap
    ys = [y for _x, y in chart.series[0].dots]
    assert min(ys) == TOP and max(ys) == HEIGHT - 28


def test_empty_and_single_point_charts():
    empty = line_chart([Series("s", "S", [])], y_max=25, y_step=5)
    assert empty.is_empty and empty.x_ticks == ()
    single = line_chart([Series("s", "S", [(D0, 12.5)])], y_max=25, y_step=5)
    assert not single.is_empty and len(single.x_ticks) == 1
    assert single.series[0].dots[0][0] == LEFT + (WIDTH - LEFT - 12) / 2


def test_dots_are_left_out_on_long_series():
    points = [(D0 + timedelta(days=i), float(i % 25)) for i in range(400)]
    chart = line_chart([Series("s", "S", points)], y_max=25, y_step=5)
    series = chart.series[0]
    assert series.dots == () and series.path.count("L") == 399
    assert not chart.is_empty  # a long history is drawn as a line, not hidden


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language,expected,label", [("en", "13.12", "Brand"), ("it", "13,12", "Brand")]
)
def test_chart_table_numbers_in_the_users_language(client_for, trainee, language, expected, label):
    from decimal import Decimal

    from django.urls import reverse

    from tests.scoring.factories import SnapshotFactory

    trainee.language = language
    trainee.save()
    SnapshotFactory(user=trainee, date=date.today(), brand=Decimal("13.118002"))
    html = client_for(trainee).get(reverse("accounts:dashboard") + "?range=all").content.decode()
    table = html.split("<tbody>")[-1]
    assert f'data-label="{label}">{expected}</td>' in table


@pytest.mark.django_db
def test_chart_table_rows_in_order_with_a_dash_for_a_day_without_estimate(client_for, trainee):
    from decimal import Decimal

    from django.urls import reverse

    from tests.scoring.factories import SnapshotFactory

    today = date.today()
    SnapshotFactory(user=trainee, date=today, brand=Decimal("13.118002"))
    SnapshotFactory(user=trainee, date=today - timedelta(days=1), brand=Decimal("10"))
    html = client_for(trainee).get(reverse("accounts:dashboard") + "?range=all").content.decode()
    body = html.split("<tbody>")[-1].split("</tbody>")[0]
    rows = re.findall(
        r"<tr><th scope=\"row\">([^<]+)</th>"
        r"((?:<td class=\"num\" data-label=\"[^\"]+\">[^<]*</td>){6})</tr>",
        body,
    )
    assert len(rows) == 2
    assert rows[0][0] == date_format(today, "DATE_FORMAT")
    assert 'data-label="Brand">13.12</td>' in rows[0][1]
    assert 'data-label="Brand">10.00</td>' in rows[1][1]
    assert rows[1][1].split("</td>")[1] == '<td class="num" data-label="Estimate">\u2013'  # none
