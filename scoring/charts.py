"""Line charts drawn on the server as SVG.

Server-rendered SVG needs no script, so it works under the strict Content Security
Policy and without JavaScript, prints, and costs nothing to load; a table beside each
chart carries the same numbers for screen readers. This module only computes geometry;
``templates/scoring/_charts.html`` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 28


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    points: Sequence[tuple[date, float]]


@dataclass(frozen=True)
class DrawnSeries:
    key: str
    label: str
    path: str
    dots: tuple[tuple[float, float], ...]
    last: float | None


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class DayTick:
    position: float
    day: date


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    series: tuple[DrawnSeries, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[DayTick, ...]
    marks: tuple[DayTick, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(s.path for s in self.series)


def line_chart(
    series: Sequence[Series], *, y_max: float, y_step: float, marks: Sequence[date] = ()
) -> Chart:
    """The geometry of a line chart; ``marks`` are days drawn as vertical lines (those
    outside the series' days are left out)."""
    days = [d for s in series for d, _v in s.points]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    span = max(1, (last - first).days)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - min(max(value, 0), y_max) / y_max), 1)

    drawn = []
    for s in series:
        coords = tuple((x(d), y(v)) for d, v in sorted(s.points))
        # Break the line where more than 45 days pass without a value: a gap, not a trend.
        parts = []
        previous: date | None = None
        for (day, _value), (cx, cy) in zip(sorted(s.points), coords, strict=True):
            command = "M" if previous is None or (day - previous).days > 45 else "L"
            parts.append(f"{command}{cx},{cy}")
            previous = day
        drawn.append(
            DrawnSeries(
                s.key,
                s.label,
                " ".join(parts),
                coords if len(coords) <= 120 else (),
                sorted(s.points)[-1][1] if s.points else None,
            )
        )
    y_ticks = tuple(Tick(y(v), f"{v:g}") for v in _steps(0, y_max, y_step))
    x_ticks: tuple[DayTick, ...] = ()
    if days:
        count = 1 if first == last else 4
        x_ticks = tuple(
            DayTick(x(day), day)
            for day in sorted({first + (last - first) * i / count for i in range(count + 1)})
        )
    drawn_marks = tuple(DayTick(x(day), day) for day in sorted(set(marks)) if first <= day <= last)
    return Chart(
        WIDTH,
        HEIGHT,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
        tuple(drawn),
        y_ticks,
        x_ticks,
        drawn_marks if days else (),
    )


def _steps(start: float, stop: float, step: float) -> list[float]:
    values, value = [], start
    while value <= stop + 1e-9:
        values.append(value)
        value += step
    return values
