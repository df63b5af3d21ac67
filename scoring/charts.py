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
class Mark:
    """A day drawn as a vertical line, with what it means (may be empty)."""

    position: float
    day: date
    label: str = ""


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
    marks: tuple[Mark, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(s.path for s in self.series)


def line_chart(
    series: Sequence[Series],
    *,
    y_max: float,
    y_step: float,
    marks: Sequence[date | tuple[date, str]] = (),
    dots: bool = True,
) -> Chart:
    """The geometry of a line chart; ``marks`` are days, or (day, label) pairs, drawn as
    vertical lines (those outside the series' days are left out; a day marked twice is
    drawn once, its labels joined); ``dots=False`` draws the lines only."""
    days = [d for s in series for d, _v in s.points]
    # Without a day there is nothing to place (no line, tick or mark): any day will do,
    # and none is read from the clock.
    first, last = (min(days), max(days)) if days else (date.min, date.min)
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
                coords if dots and len(coords) <= 120 else (),
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
    labels: dict[date, list[str]] = {}
    for mark in marks:
        day, label = mark if isinstance(mark, tuple) else (mark, "")
        found = labels.setdefault(day, [])
        if label and label not in found:
            found.append(label)
    drawn_marks = tuple(
        Mark(x(day), day, "; ".join(labels[day])) for day in sorted(labels) if first <= day <= last
    )
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


# --- Distribution and scatter ------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    baseline: float
    left: int
    right: float

    @property
    def is_empty(self) -> bool:
        return not any(b.count for b in self.bars)


def histogram(
    values: Sequence[float], *, low: float = 0, high: float = 100, step: float = 10
) -> BarChart:
    """How many values fall in each band [low, low + step), the last band closed."""
    edges = _steps(low, high, step)
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = min(len(counts) - 1, max(0, int((value - low) // step)))
        counts[index] += 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    most = max(counts) if counts and max(counts) else 1
    width = plot_w / max(1, len(counts))
    bars = tuple(
        Bar(
            label=f"{edges[i]:g}\u2013{edges[i + 1]:g}",
            count=n,
            x=round(LEFT + i * width + 2, 1),
            y=round(TOP + plot_h * (1 - n / most), 1),
            width=round(width - 4, 1),
            height=round(plot_h * n / most, 1),
        )
        for i, n in enumerate(counts)
    )
    return BarChart(WIDTH, HEIGHT, bars, HEIGHT - BOTTOM, LEFT, WIDTH - RIGHT)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class ScatterChart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    dots: tuple[Dot, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def scatter(points: Sequence[tuple[float, float, str]], *, x_max: float = 100) -> ScatterChart:
    """SSI (x, 0..x_max) against a count (y, from 0 to the largest, rounded up)."""
    top_y = max([p[1] for p in points] + [1])
    step = _nice_step(top_y)
    y_max = step * -(-top_y // step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(value: float) -> float:
        return round(LEFT + plot_w * min(max(value, 0), x_max) / x_max, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - min(max(value, 0), y_max) / y_max), 1)

    return ScatterChart(
        WIDTH,
        HEIGHT,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
        tuple(Dot(x(px), y(py), label) for px, py, label in points),
        tuple(Tick(x(v), f"{v:g}") for v in _steps(0, x_max, 25)),
        tuple(Tick(y(v), f"{v:g}") for v in _steps(0, y_max, step)),
    )


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** len(str(int(top)))


def pearson(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson's correlation of the pairs; None below 3 pairs or without spread."""
    n = len(pairs)
    if n < 3:
        return None
    mean_x = sum(p[0] for p in pairs) / n
    mean_y = sum(p[1] for p in pairs) / n
    sxy = sum((a - mean_x) * (b - mean_y) for a, b in pairs)
    sxx = sum((a - mean_x) ** 2 for a, _b in pairs)
    syy = sum((b - mean_y) ** 2 for _a, b in pairs)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / (sxx * syy) ** 0.5))
