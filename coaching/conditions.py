"""The condition language of the best-practice catalogue, and the shape of a template.

A template names the engine factor it raises, its pillar, its effort, how often it
recurs, the conditions under which it makes sense (``fact op value`` over profile and
network facts) and the activity a completed task records. The catalogue's content is
``coaching.catalogue``; the planner reads only these types. Pure: no ORM, no settings,
no clock.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scoring.vocabulary import NETWORK_FIELDS, PROFILE_FIELDS

ONCE = "once"
DAILY = "daily"
WEEKLY = "weekly"
CADENCES: tuple[str, ...] = (ONCE, DAILY, WEEKLY)

Op = Literal["eq", "ne", "lt", "lte", "gt", "gte"]
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}
OPS: tuple[str, ...] = tuple(_OPS)

# Facts the conditions may read; the service builds them from ProfileState,
# NetworkState and the user's settings. A profile's age stands for its update date, and
# the decision-maker count is read as a share.
FACTS: tuple[str, ...] = (
    *(name for name in PROFILE_FIELDS if name != "profile_updated_on"),
    "profile_age_days",
    *(name for name in NETWORK_FIELDS if name != "decision_makers"),
    "has_target_market",
)

Facts = Mapping[str, float | int | bool | None]


@dataclass(frozen=True)
class Condition:
    """``fact op value``, e.g. ``Condition("has_headline", "eq", False)``.

    An unknown fact (absent or None: the trainee has not told us yet) lets the
    condition pass: suggesting a check is better than hiding a basic step.
    """

    fact: str
    op: Op
    value: float | int | bool

    def holds(self, facts: Facts) -> bool:
        actual = facts.get(self.fact)
        if actual is None:
            return True
        return _OPS[self.op](actual, self.value)

    def as_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "op": self.op, "value": self.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Condition:
        op = str(data["op"])
        if op not in _OPS:
            raise ValueError(f"Unknown condition operator: {op}")
        return cls(fact=str(data["fact"]), op=op, value=data["value"])  # type: ignore[arg-type]


@dataclass(frozen=True)
class TemplateSpec:
    """One best practice, turned into a task that can be planned."""

    slug: str
    pillar: str
    factor: str
    minutes: int
    cadence: str
    title_en: str
    title_it: str
    howto_en: str
    howto_it: str
    activity_kind: str | None = None
    activity_count: int = 1
    activity_words: int | None = None
    conditions: tuple[Condition, ...] = ()
    per_week: int = 1
    routine: bool = False
    active: bool = True

    @property
    def is_habit(self) -> bool:
        """The daily LinkedIn habit: planned on every working day, counted by the streak."""
        return self.routine and self.cadence == DAILY

    def applies(self, facts: Facts) -> bool:
        return all(condition.holds(facts) for condition in self.conditions)
