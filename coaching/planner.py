"""The weekly plan generator: pure, deterministic, no ORM, no settings, no clock.

Inputs are the latest pillar scores, the factor gaps of the engine's explanation
(anything with ``key``, ``pillar``, ``points`` and ``weight``, such as
``scoring.engine.FactorResult``), the strategy, the trainee's history, working days,
the week and a weekly time budget. The output is a plan: a focus pillar and dated
tasks that fit the budget, with the daily LinkedIn habit on every working day.

How the plan is built:

1. Routines first: the daily habit on every planned day (shortened if the budget is
   tight, never dropped) and the weekly SSI check on the first planned day.
2. The focus pillar follows the strategy: *strongest* (the pillar with the most
   points that still has room: visible gains come fastest where you are already
   good), *weakest* (the fewest points), or *efficient* (the pillar of the task with
   the best points per minute).
3. Candidates are the templates whose conditions hold, that are not a "once" task
   already done, and whose factor still has points available. They are picked
   greedily: for strongest/weakest, focus-pillar tasks by points available get the
   first 70% of the free time and the rest goes by points per minute; for efficient,
   everything goes by points per minute. A second task on the same factor counts for
   half as much (returns diminish), recently skipped templates count for half, and
   templates done often lately give way a little to others, so that plans vary.
4. Each picked template gets its occurrences (every day for daily, ``per_week`` for
   weekly, one for once) as far as the budget allows, spread over the week and put
   on the least busy day of each stretch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from scoring.vocabulary import PILLARS

from .conditions import DAILY, ONCE, WEEKLY, Facts, TemplateSpec

STRONGEST = "strongest"
WEAKEST = "weakest"
EFFICIENT = "efficient"
STRATEGIES: tuple[str, ...] = (STRONGEST, WEAKEST, EFFICIENT)

PILLAR_MAX = 25.0
# A pillar or factor with less than this left is treated as full.
ROOM_EPSILON = 0.5
FACTOR_EPSILON = 0.01
FOCUS_SHARE_PERCENT = 70


class FactorLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def pillar(self) -> str: ...
    @property
    def points(self) -> float: ...
    @property
    def weight(self) -> float: ...


@dataclass(frozen=True)
class FactorGap:
    """A factor of the estimate: enough of ``FactorResult`` for planning."""

    key: str
    pillar: str
    points: float
    weight: float

    @property
    def available(self) -> float:
        return max(0.0, self.weight - self.points)


@dataclass(frozen=True)
class PlanInput:
    week_start: date
    working_days: tuple[int, ...]
    budget_minutes: int
    strategy: str
    catalogue: Sequence[TemplateSpec]
    pillar_points: Mapping[str, float] = field(default_factory=dict)
    factors: Sequence[FactorLike] = ()
    facts: Facts = field(default_factory=dict)
    done_once: frozenset[str] = frozenset()
    recent_counts: Mapping[str, int] = field(default_factory=dict)
    recently_skipped: frozenset[str] = frozenset()
    reserved_minutes: int = 0
    from_day: date | None = None


@dataclass(frozen=True)
class PlannedTask:
    slug: str
    day: date
    minutes: int
    pillar: str
    factor: str
    habit: bool = False
    expected_gain: float = 0.0


@dataclass(frozen=True)
class Plan:
    week_start: date
    strategy: str
    focus_pillar: str
    budget_minutes: int
    days: tuple[date, ...]
    tasks: tuple[PlannedTask, ...]

    @property
    def total_minutes(self) -> int:
        return sum(task.minutes for task in self.tasks)

    def on(self, day: date) -> tuple[PlannedTask, ...]:
        return tuple(task for task in self.tasks if task.day == day)


def plan_days(
    week_start: date, working_days: Sequence[int], from_day: date | None = None
) -> tuple[date, ...]:
    """The dates of the week to plan on: working days from ``from_day`` on.

    When the week has no working day left, every working day of the week is planned so
    that a late first visit still gets a plan to catch up on.
    """
    all_days = tuple(week_start + timedelta(days=d) for d in sorted(set(working_days)))
    if from_day is None:
        return all_days
    remaining = tuple(day for day in all_days if day >= from_day)
    return remaining or all_days


def focus_pillar(
    strategy: str,
    pillar_points: Mapping[str, float],
    best_efficient_pillar: str | None = None,
) -> str:
    """The pillar the plan concentrates on, by strategy; ties go to the PILLARS order."""
    points = {p: float(pillar_points.get(p, 0.0)) for p in PILLARS}
    with_room = [p for p in PILLARS if PILLAR_MAX - points[p] >= ROOM_EPSILON] or list(PILLARS)
    if strategy == EFFICIENT and best_efficient_pillar is not None:
        return best_efficient_pillar
    if strategy == STRONGEST:
        return max(with_room, key=lambda p: (points[p], -PILLARS.index(p)))
    # weakest, and efficient with nothing to pick from
    return min(with_room, key=lambda p: (points[p], PILLARS.index(p)))


def _occurrences(spec: TemplateSpec, n_days: int) -> int:
    if spec.cadence == DAILY:
        return n_days
    if spec.cadence == WEEKLY:
        return max(1, min(spec.per_week, n_days))
    return 1


def _spread(days: Sequence[date], count: int, load: dict[date, int]) -> list[date]:
    """``count`` distinct days: one from each equal stretch of the week, the least busy."""
    n = len(days)
    chosen: list[date] = []
    for i in range(count):
        stretch = days[(i * n) // count : ((i + 1) * n) // count]
        chosen.append(min(stretch, key=lambda d: (load[d], d)))
    return chosen


def generate(plan_input: PlanInput) -> Plan:
    """Build the week's plan. Raises ``ValueError`` on inputs no plan can satisfy."""
    inp = plan_input
    if inp.strategy not in STRATEGIES:
        raise ValueError(f"Unknown strategy: {inp.strategy}")
    if inp.week_start.weekday() != 0:
        raise ValueError("A plan week starts on a Monday.")
    if not inp.working_days or not all(0 <= d <= 6 for d in inp.working_days):
        raise ValueError("Working days must be a non-empty set of weekdays 0-6.")
    days = plan_days(inp.week_start, inp.working_days, inp.from_day)
    all_days = plan_days(inp.week_start, inp.working_days)
    # A plan started mid-week gets the share of the budget of the days left.
    budget = (inp.budget_minutes * len(days)) // len(all_days)
    if budget < len(days):
        raise ValueError("The budget must allow at least one minute a day for the habit.")
    remaining = budget - max(0, inp.reserved_minutes)

    tasks: list[PlannedTask] = []
    load: dict[date, int] = dict.fromkeys(days, 0)

    def add(spec: TemplateSpec, day: date, minutes: int, gain: float) -> None:
        tasks.append(
            PlannedTask(
                slug=spec.slug,
                day=day,
                minutes=minutes,
                pillar=spec.pillar,
                factor=spec.factor,
                habit=spec.is_habit,
                expected_gain=round(gain, 4),
            )
        )
        load[day] += minutes

    active = sorted(
        (s for s in inp.catalogue if s.active and s.applies(inp.facts)),
        key=lambda s: s.slug,
    )
    factors = {f.key: f for f in inp.factors}

    def available(spec: TemplateSpec) -> float | None:
        factor = factors.get(spec.factor)
        if factor is None:
            return None
        return max(0.0, float(factor.weight) - float(factor.points))

    # 1. Routines. The habit is kept every day even when the budget is tight (the coach's
    # own tasks may then take the budget over; the habit is the point of the programme).
    habit = next((s for s in active if s.is_habit), None)
    if habit is not None:
        habit_minutes = max(1, min(habit.minutes, budget // len(days)))
        for day in days:
            add(habit, day, habit_minutes, 0.0)
        remaining -= habit_minutes * len(days)
    for spec in active:
        if spec.routine and not spec.is_habit and 0 < spec.minutes <= remaining:
            add(spec, days[0], spec.minutes, 0.0)
            remaining -= spec.minutes

    # 2. Candidates and their value.
    candidates: list[tuple[TemplateSpec, float]] = []
    for spec in active:
        if spec.routine or spec.minutes <= 0:
            continue
        if spec.cadence == ONCE and spec.slug in inp.done_once:
            continue
        room = available(spec)
        if room is not None and room < FACTOR_EPSILON:
            continue
        # No estimate yet: every factor counts the same, so cheap basics come first.
        gain = room if room is not None else 1.0
        if spec.slug in inp.recently_skipped:
            gain *= 0.5
        gain /= 1.0 + 0.1 * max(0, inp.recent_counts.get(spec.slug, 0))
        candidates.append((spec, gain))

    def per_minute(item: tuple[TemplateSpec, float]) -> float:
        return item[1] / item[0].minutes

    best_efficient = None
    if candidates:
        best_spec, _gain = max(candidates, key=lambda c: (per_minute(c), c[1], _neg(c[0].slug)))
        best_efficient = best_spec.pillar
    focus = focus_pillar(inp.strategy, inp.pillar_points, best_efficient)

    # 3. Greedy selection with diminishing returns per factor.
    used_per_factor: dict[str, int] = {}
    pool = list(candidates)
    # Strongest/weakest give the focus pillar first call on most of the free time; the
    # rest keeps the other pillars from decaying, best points per minute first.
    focus_left = (max(0, remaining) * FOCUS_SHARE_PERCENT) // 100

    def rank(item: tuple[TemplateSpec, float], focus_left: int) -> tuple:
        spec, gain = item
        effective = gain * (0.5 ** used_per_factor.get(spec.factor, 0))
        rate = effective / spec.minutes
        if inp.strategy == EFFICIENT:
            return (rate, effective, -spec.minutes, _neg(spec.slug))
        if spec.pillar == focus and spec.minutes <= focus_left:
            return (True, effective, rate, -spec.minutes, _neg(spec.slug))
        return (False, rate, effective, -spec.minutes, _neg(spec.slug))

    while pool and remaining > 0:
        pool.sort(key=lambda item, left=focus_left: rank(item, left), reverse=True)  # type: ignore[misc]
        spec, gain = pool.pop(0)
        limit = remaining
        if inp.strategy != EFFICIENT and spec.pillar == focus and focus_left >= spec.minutes:
            limit = min(remaining, focus_left)
        count = min(_occurrences(spec, len(days)), limit // spec.minutes)
        if count <= 0:
            continue
        effective = gain * (0.5 ** used_per_factor.get(spec.factor, 0))
        used_per_factor[spec.factor] = used_per_factor.get(spec.factor, 0) + 1
        for day in _spread(days, count, load):
            add(spec, day, spec.minutes, effective / count)
        remaining -= count * spec.minutes
        if spec.pillar == focus:
            focus_left -= count * spec.minutes

    ordered = tuple(sorted(tasks, key=lambda t: (t.day, not t.habit, t.pillar, t.slug)))
    return Plan(
        week_start=inp.week_start,
        strategy=inp.strategy,
        focus_pillar=focus,
        budget_minutes=budget,
        days=days,
        tasks=ordered,
    )


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that puts ``text`` in reverse order, for ties under ``reverse=True``."""
    return (*(-ord(ch) for ch in text), 0)
