"""The estimation engine: signals in, four explained pillar estimates out.

Pure on purpose: no ORM, no settings, no clock. Callers compute the ``Signals`` for a
given day (``scoring.selectors.signals_for_users``) and pass a ``Model`` (weights and
targets, ``scoring.models.ScoringModel.as_engine_model``); the result is a tree of frozen
dataclasses that says, for every factor, its value, target, points earned and points
still available. ``estimate_many`` computes the pillars of many users at once from an
array of their signals (``scoring.selectors.signal_matrix``), to the same floats.

LinkedIn publishes the inputs of each pillar but never the weights, so this is an
explainable model of the SSI, not LinkedIn's formula. Each factor gives
``weight * curve(value / target)`` points; the weights of a pillar sum to 25 in the
default model and to at most 25 in a calibrated one (LinkedIn may never give full
points for a factor), so a pillar stays within 0..25.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from itertools import repeat
from typing import Any

import numpy as np

from .vocabulary import FACTOR_KEYS, FACTOR_PILLAR, FACTORS, PILLARS

PILLAR_MAX = 25.0

#: Factors measured as a share (0..1) rather than a count; shown as percentages.
SHARE_FACTORS: frozenset[str] = frozenset(
    {"profile_completeness", "decision_maker_share", "target_market_share", "acceptance_rate"}
)

#: The default model (version "1"): the reference table, documented with its reasons in
#: docs/scoring-model.md. Shares are fractions (0.3 means 30%).
DEFAULT_WEIGHTS: dict[str, float] = {
    "profile_completeness": 8,
    "endorsements_received": 3,
    "recommendations_received": 2,
    "posts_28d": 6,
    "articles_90d": 3,
    "media_90d": 1,
    "profile_updated_90d": 2,
    "connections": 5,
    "decision_maker_share": 5,
    "target_market_share": 5,
    "searches_28d": 4,
    "days_active_28d": 4,
    "companies_followed": 2,
    "comments_28d": 7,
    "words_per_comment_90d": 3,
    "reactions_28d": 3,
    "reshares_28d": 3,
    "group_engagement_90d": 4,
    "messages_sent_28d": 3,
    "learning_90d": 2,
    "new_connections_90d": 6,
    "acceptance_rate": 6,
    "decision_maker_connections": 4,
    "conversations_90d": 5,
    "endorsements_given_90d": 2,
    "coworker_connections": 2,
}
DEFAULT_TARGETS: dict[str, float] = {
    "profile_completeness": 1.0,
    "endorsements_received": 50,
    "recommendations_received": 5,
    "posts_28d": 12,
    "articles_90d": 2,
    "media_90d": 3,
    "profile_updated_90d": 1,
    "connections": 500,
    "decision_maker_share": 0.3,
    "target_market_share": 0.5,
    "searches_28d": 100,
    "days_active_28d": 20,
    "companies_followed": 10,
    "comments_28d": 20,
    "words_per_comment_90d": 15,
    "reactions_28d": 40,
    "reshares_28d": 4,
    "group_engagement_90d": 6,
    "messages_sent_28d": 20,
    "learning_90d": 1,
    "new_connections_90d": 60,
    "acceptance_rate": 0.7,
    "decision_maker_connections": 100,
    "conversations_90d": 15,
    "endorsements_given_90d": 5,
    "coworker_connections": 30,
}
DEFAULT_VERSION = "1"

#: The profile checklist behind ``profile_completeness`` (11 items, equal shares).
SUMMARY_MIN_CHARS = 300
PAST_POSITIONS_MIN = 2
SKILLS_MIN = 5


@dataclass(frozen=True)
class Signals:
    """The value of every factor for one user on one day.

    Activity counts cover the window in the factor's name (28 or 90 days up to and
    including the day); profile and network values are the latest known stock.
    """

    profile_completeness: float = 0.0
    endorsements_received: float = 0.0
    recommendations_received: float = 0.0
    posts_28d: float = 0.0
    articles_90d: float = 0.0
    media_90d: float = 0.0
    profile_updated_90d: float = 0.0
    connections: float = 0.0
    decision_maker_share: float = 0.0
    target_market_share: float = 0.0
    searches_28d: float = 0.0
    days_active_28d: float = 0.0
    companies_followed: float = 0.0
    comments_28d: float = 0.0
    words_per_comment_90d: float = 0.0
    reactions_28d: float = 0.0
    reshares_28d: float = 0.0
    group_engagement_90d: float = 0.0
    messages_sent_28d: float = 0.0
    learning_90d: float = 0.0
    new_connections_90d: float = 0.0
    acceptance_rate: float = 0.0
    decision_maker_connections: float = 0.0
    conversations_90d: float = 0.0
    endorsements_given_90d: float = 0.0
    coworker_connections: float = 0.0

    def value(self, key: str) -> float:
        return float(getattr(self, key))

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


assert tuple(f.name for f in fields(Signals)) == FACTOR_KEYS, "Signals and FACTORS disagree"


@dataclass(frozen=True)
class Model:
    """Weights and targets for every factor; ``version`` is recorded on each estimate."""

    version: str
    weights: Mapping[str, float]
    targets: Mapping[str, float]


DEFAULT_MODEL = Model(version=DEFAULT_VERSION, weights=DEFAULT_WEIGHTS, targets=DEFAULT_TARGETS)


@dataclass(frozen=True)
class FactorResult:
    key: str
    pillar: str
    value: float
    target: float
    weight: float
    points: float

    @property
    def available(self) -> float:
        """Points this factor can still add before it saturates."""
        return max(0.0, round(self.weight - self.points, 6))

    @property
    def progress(self) -> float:
        """Value as a share of the target, capped at 1."""
        return min(1.0, max(0.0, self.value / self.target)) if self.target > 0 else 0.0


@dataclass(frozen=True)
class PillarResult:
    key: str
    points: float
    factors: tuple[FactorResult, ...]

    @property
    def available(self) -> float:
        return max(0.0, round(PILLAR_MAX - self.points, 6))

    def by_available(self) -> tuple[FactorResult, ...]:
        """Factors with the most points still to win first (ties: heavier weight first)."""
        return tuple(sorted(self.factors, key=lambda f: (-f.available, -f.weight, f.key)))


@dataclass(frozen=True)
class EstimateResult:
    pillars: tuple[PillarResult, ...]
    total: float
    model_version: str

    def pillar(self, key: str) -> PillarResult:
        for pillar in self.pillars:
            if pillar.key == key:
                return pillar
        raise KeyError(key)

    def factor(self, key: str) -> FactorResult:
        return next(f for f in self.pillar(FACTOR_PILLAR[key]).factors if f.key == key)


def curve(ratio: float) -> float:
    """Concave saturating curve: 0 at 0, 1 at the target and beyond.

    ``1 - (1 - r)^2`` climbs twice as fast as a straight line at the start and flattens
    at the target, so the first steps count most and overshooting earns nothing.
    """
    if math.isnan(ratio) or ratio <= 0:
        return 0.0
    if ratio >= 1:
        return 1.0
    return 1.0 - (1.0 - ratio) ** 2


def validate_model(weights: Mapping[str, Any], targets: Mapping[str, Any]) -> list[str]:
    """Every reason the weights and targets cannot make a model (empty: they can)."""
    errors: list[str] = []
    for name, mapping in (("weights", weights), ("targets", targets)):
        if not isinstance(mapping, Mapping):
            return [f"{name} must be an object mapping each factor to a number"]
        missing = [k for k in FACTOR_KEYS if k not in mapping]
        unknown = sorted(set(mapping) - set(FACTOR_KEYS))
        if missing:
            errors.append(f"{name}: missing {', '.join(missing)}")
        if unknown:
            errors.append(f"{name}: unknown factor {', '.join(unknown)}")
        bad = [
            k
            for k, v in mapping.items()
            if k in FACTOR_PILLAR
            and (isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v))
        ]
        if bad:
            errors.append(f"{name}: not a number for {', '.join(bad)}")
    if errors:
        return errors
    negative = [k for k in FACTOR_KEYS if weights[k] < 0]
    if negative:
        errors.append(f"weights: negative for {', '.join(negative)}")
    for pillar, keys in FACTORS.items():
        total = sum(float(weights[k]) for k in keys)
        if total > PILLAR_MAX + 1e-6:
            errors.append(f"weights of {pillar} sum to {total:g}, more than 25")
    not_positive = [k for k in FACTOR_KEYS if targets[k] <= 0]
    if not_positive:
        errors.append(f"targets: must be greater than 0 for {', '.join(not_positive)}")
    return errors


def estimate(signals: Signals, model: Model = DEFAULT_MODEL) -> EstimateResult:
    """The four pillar estimates for these signals under this model."""
    pillars = []
    for pillar, keys in FACTORS.items():
        factors = []
        for key in keys:
            value = max(0.0, signals.value(key))
            target = float(model.targets[key])
            weight = float(model.weights[key])
            # Rounded to the 6 places stored, never above the weight.
            points = min(weight, round(weight * curve(value / target), 6))
            factors.append(FactorResult(key, pillar, value, target, weight, points))
        points = min(PILLAR_MAX, round(sum(f.points for f in factors), 6))
        pillars.append(PillarResult(pillar, points, tuple(factors)))
    total = round(sum(p.points for p in pillars), 6)
    return EstimateResult(tuple(pillars), total, model.version)


@dataclass(frozen=True)
class Estimates:
    """The pillars and totals of many users at once (``estimate_many``): row ``i`` of
    each array is the user whose signals were row ``i``."""

    pillars: np.ndarray  # (users, 4): brand, people, insights, relationships
    total: np.ndarray  # (users,)


def _round6(x: np.ndarray) -> np.ndarray:
    """``round(v, 6)`` of every element, to the same float.

    Python rounds the exact binary value half-even to 6 places, then takes the nearest
    float of that decimal. ``rint(v * 1e6) / 1e6`` does the same wherever the product
    is not within its own rounding error of a half: the integer is then the right one,
    and one correctly rounded division gives the nearest float. The few values that
    are that close to a half are rounded by Python itself.
    """
    scaled = x * 1e6
    out = np.rint(scaled) / 1e6
    # The product's own error is below 2**-52 of it: a far wider margin, still rare.
    close = np.abs(scaled - np.floor(scaled) - 0.5) <= 1e-12 * np.maximum(1.0, np.abs(scaled))
    for index in zip(*np.nonzero(close), strict=True):
        out[index] = round(float(x[index]), 6)
    return out


def _squares(x: np.ndarray) -> np.ndarray:
    """``v ** 2`` of every element, to the same float: through libm's ``pow`` as Python
    computes it. (A product would be the correctly rounded square, which ``pow`` is not
    always, nor numpy's vectorised ``power``; about one in a thousand differ.)"""
    return np.fromiter(map(math.pow, x.tolist(), repeat(2.0)), dtype=float, count=len(x))


def _sum(columns: list[np.ndarray]) -> np.ndarray:
    """``sum()`` of each row's floats, to the same float: CPython adds floats with
    Neumaier's compensation, in order, and adds the compensation last."""
    total = np.zeros_like(columns[0])
    compensation = np.zeros_like(columns[0])
    for x in columns:
        t = total + x
        compensation += np.where(np.abs(total) >= np.abs(x), (total - t) + x, (x - t) + total)
        total = t
    return np.where(compensation != 0, total + compensation, total)


def factor_points(values: np.ndarray, model: Model = DEFAULT_MODEL) -> np.ndarray:
    """Points of every factor (columns in ``FACTOR_KEYS`` order) of many users at once,
    the same floats as ``estimate`` gives one by one."""
    out = np.empty(values.shape, dtype=float)
    for j, key in enumerate(FACTOR_KEYS):
        target, weight = float(model.targets[key]), float(model.weights[key])
        column = values[:, j]
        ratio = np.where(column > 0, column, 0.0) / target  # max(0.0, v), NaN to 0
        shaped = np.where(ratio >= 1, 1.0, 0.0)  # curve(): 0 at 0 (and NaN), 1 from 1 on
        between = (ratio > 0) & (ratio < 1)
        shaped[between] = 1.0 - _squares(1.0 - ratio[between])
        out[:, j] = np.minimum(weight, _round6(weight * shaped))
    return out


_PILLAR_COLUMNS = [[FACTOR_KEYS.index(k) for k in keys] for keys in FACTORS.values()]


def estimate_many(values: np.ndarray, model: Model = DEFAULT_MODEL) -> Estimates:
    """``estimate`` of many users at once: ``values`` holds one row of signals per user
    (columns in ``FACTOR_KEYS`` order). The same arithmetic in the same order, so each
    pillar and total is the same float as ``estimate(signals, model)`` gives for that
    row, at a few microseconds per user instead of a tree of objects each."""
    points = factor_points(values, model)
    pillars = np.column_stack(
        [
            np.minimum(PILLAR_MAX, _round6(_sum([points[:, j] for j in columns])))
            for columns in _PILLAR_COLUMNS
        ]
    ).reshape(len(values), len(PILLARS))
    total = _round6(_sum([pillars[:, i] for i in range(len(PILLARS))]))
    return Estimates(pillars=pillars, total=total)


def profile_completeness(
    *,
    has_photo: bool,
    has_banner: bool,
    has_headline: bool,
    summary_length: int,
    has_current_position: bool,
    past_positions: int,
    has_education: bool,
    skills_count: int,
    certifications: int,
    has_featured: bool,
    has_custom_url: bool,
) -> float:
    """Share (0..1) of the profile checklist that is done."""
    checks = (
        has_photo,
        has_banner,
        has_headline,
        summary_length >= SUMMARY_MIN_CHARS,
        has_current_position,
        past_positions >= PAST_POSITIONS_MIN,
        has_education,
        skills_count >= SKILLS_MIN,
        certifications >= 1,
        has_featured,
        has_custom_url,
    )
    return sum(1 for done in checks if done) / len(checks)


# --- Serialising an explanation (stored whole on estimates made before signals-only) ----------


def result_to_json(result: EstimateResult) -> dict[str, Any]:
    return {
        "model_version": result.model_version,
        "total": result.total,
        "pillars": [
            {
                "key": p.key,
                "points": p.points,
                "factors": [
                    {
                        "key": f.key,
                        "value": f.value,
                        "target": f.target,
                        "weight": f.weight,
                        "points": f.points,
                    }
                    for f in p.factors
                ],
            }
            for p in result.pillars
        ],
    }


def result_from_json(data: Mapping[str, Any]) -> EstimateResult:
    pillars = tuple(
        PillarResult(
            key=p["key"],
            points=float(p["points"]),
            factors=tuple(
                FactorResult(
                    key=f["key"],
                    pillar=p["key"],
                    value=float(f["value"]),
                    target=float(f["target"]),
                    weight=float(f["weight"]),
                    points=float(f["points"]),
                )
                for f in p["factors"]
            ),
        )
        for p in data["pillars"]
    )
    return EstimateResult(pillars, float(data["total"]), str(data["model_version"]))
