"""The reference model's weights (scoring-model.md), for pure planner tests."""

from coaching.planner import FactorGap
from scoring.engine import DEFAULT_WEIGHTS
from scoring.vocabulary import FACTOR_PILLAR

WEIGHTS: dict[str, float] = dict(DEFAULT_WEIGHTS)


def gaps(fill: dict[str, float] | None = None, default: float = 0.0) -> list[FactorGap]:
    """Factor gaps where each factor has earned ``fill[key]`` (a share 0..1) of its weight."""
    fill = fill or {}
    return [
        FactorGap(key, FACTOR_PILLAR[key], round(weight * fill.get(key, default), 4), weight)
        for key, weight in WEIGHTS.items()
    ]


def pillar_points(factors: list[FactorGap]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for factor in factors:
        totals[factor.pillar] = totals.get(factor.pillar, 0.0) + factor.points
    return totals
