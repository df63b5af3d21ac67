"""Calibration: fit the factor weights to official snapshots. Pure: arrays in, weights out.

Each pillar's estimate is ``sum(weight * curve(value / target))`` over its factors, so
with the targets fixed it is linear in the weights: given, for many (trainee, day)
pairs, the curve value of every factor and the official pillar LinkedIn showed that
day, the weights are a least-squares problem. It is solved per pillar with SciPy's
bounded solver (``lsq_linear``) under the model's own rules: no weight below 0, and the
weights of a pillar sum to at most 25, so that no pillar can leave 0..25.

The fit is judged on days it has not seen: the most recent days are held out (signals
of neighbouring days share most of their 28- and 90-day windows, so an interleaved
split would leak), and a pillar keeps its old weights unless the fit beats them there.
A small pull towards the old weights decides what the data cannot: a factor whose
signal never varies keeps its weight instead of drifting to an arbitrary value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import lsq_linear

from .engine import PILLAR_MAX
from .vocabulary import FACTOR_KEYS, FACTORS, PILLARS

#: Fewer (trainee, day) pairs than this to learn from, or to judge by, and nothing is fitted.
MIN_TRAIN_POINTS = 20
MIN_HELDOUT_POINTS = 5
#: Share of the distinct days (the most recent ones) held out to judge the fit.
HELDOUT_SHARE = 0.25
#: Weight of the pull towards the old weights, in squared points (a fraction of one
#: observation): enough to settle what the data leaves open, too little to bias a fit.
PRIOR_STRENGTH = 0.05
#: A fit must beat the weights in use on the held-out days by this share of their mean
#: absolute error (and by 0.01 points at least) to replace them: re-running on the same
#: data then changes nothing, and a new version always means a real gain.
MIN_IMPROVEMENT = 0.05
#: Weights are stored with this many decimals.
PLACES = 4

NO_DATA = "no_data"
TOO_FEW = "too_few"


@dataclass(frozen=True)
class Errors:
    """Mean absolute error, in SSI points, per pillar and of the total, over ``n`` points."""

    pillars: dict[str, float]
    total: float
    n: int

    def as_json(self) -> dict[str, object]:
        return {"pillars": dict(self.pillars), "total": self.total, "n": self.n}


@dataclass(frozen=True)
class Calibration:
    """The outcome of one fit.

    ``weights`` is the proposed model (the old weights where nothing was fitted or where
    the fit did not do better on the held-out days). ``before`` and ``after`` are the
    held-out errors of the old and proposed weights; without enough data ``reason`` says
    why, ``after`` is None and ``before`` covers every point there was.
    """

    weights: dict[str, float]
    before: Errors | None
    after: Errors | None
    n_train: int
    n_heldout: int
    fitted_pillars: tuple[str, ...]
    reason: str = ""

    @property
    def improved(self) -> bool:
        return (
            self.before is not None
            and self.after is not None
            and _better(self.after.total, self.before.total)
        )


def curve_matrix(values: np.ndarray, targets: Sequence[float]) -> np.ndarray:
    """The engine's ``curve(value / target)`` for a matrix of factor values (columns in
    ``FACTOR_KEYS`` order); the same numbers as ``engine.curve``, vectorised."""
    ratio = np.asarray(values, dtype=float) / np.asarray(targets, dtype=float)
    ratio = np.nan_to_num(ratio, nan=0.0, posinf=1.0, neginf=0.0)
    ratio = np.clip(ratio, 0.0, 1.0)
    return 1.0 - (1.0 - ratio) ** 2


def predict(curves: np.ndarray, weights: Mapping[str, float]) -> np.ndarray:
    """Pillar estimates (n x 4, ``PILLARS`` order) for curve values (n x factors)."""
    w = np.array([float(weights[k]) for k in FACTOR_KEYS])
    out = np.empty((curves.shape[0], len(PILLARS)))
    for j, pillar in enumerate(PILLARS):
        cols = [FACTOR_KEYS.index(k) for k in FACTORS[pillar]]
        out[:, j] = np.minimum(PILLAR_MAX, curves[:, cols] @ w[cols])
    return out


def errors(predicted: np.ndarray, official: np.ndarray) -> Errors:
    gap = np.abs(predicted - official)
    return Errors(
        pillars={p: _round(gap[:, j].mean()) for j, p in enumerate(PILLARS)},
        total=_round(np.abs(predicted.sum(axis=1) - official.sum(axis=1)).mean()),
        n=int(official.shape[0]),
    )


def split_days(days: np.ndarray, heldout_share: float = HELDOUT_SHARE) -> np.ndarray:
    """A mask of the held-out points: those on the most recent ``heldout_share`` of days."""
    distinct = np.unique(days)
    if distinct.size < 2:
        return np.zeros(days.shape, dtype=bool)
    k = min(distinct.size - 1, max(1, math.ceil(distinct.size * heldout_share)))
    return days >= distinct[-k]


def fit_pillar(
    curves: np.ndarray,
    official: np.ndarray,
    prior: np.ndarray,
    *,
    prior_strength: float = PRIOR_STRENGTH,
    budget: float = PILLAR_MAX,
) -> np.ndarray:
    """Non-negative weights (summing to at most ``budget``) that best explain ``official``.

    ``curves`` is n x k (the pillar's factors), ``official`` n, ``prior`` k.
    """
    k = curves.shape[1]
    ridge = math.sqrt(prior_strength)
    a = np.vstack([curves, ridge * np.eye(k)])
    b = np.concatenate([official, ridge * prior])
    bounds = (np.zeros(k), np.full(k, budget))
    weights = lsq_linear(a, b, bounds=bounds, method="bvls").x
    if weights.sum() > budget + 1e-9:
        # The problem is convex, so when the box optimum breaks the budget the constrained
        # optimum lies on it: solve again with the sum pinned by one heavily weighted row.
        pin = 1e3 * math.sqrt(max(1.0, float(curves.shape[0])))
        a = np.vstack([a, pin * np.ones((1, k))])
        b = np.concatenate([b, [pin * budget]])
        weights = lsq_linear(a, b, bounds=bounds, method="bvls").x
    return _within_budget(weights, budget)


def calibrate(
    curves: np.ndarray,
    official: np.ndarray,
    days: np.ndarray,
    prior: Mapping[str, float],
    *,
    min_train: int = MIN_TRAIN_POINTS,
    min_heldout: int = MIN_HELDOUT_POINTS,
    heldout_share: float = HELDOUT_SHARE,
    prior_strength: float = PRIOR_STRENGTH,
) -> Calibration:
    """Fit the weights to official pillars and judge them on held-out days.

    ``curves``: n x 26 curve values (``FACTOR_KEYS`` order, see ``curve_matrix``);
    ``official``: n x 4 official pillars (``PILLARS`` order); ``days``: n day numbers
    (any increasing integers, e.g. ``date.toordinal()``); ``prior``: the weights in use.
    """
    curves = np.asarray(curves, dtype=float).reshape(-1, len(FACTOR_KEYS))
    official = np.asarray(official, dtype=float).reshape(-1, len(PILLARS))
    days = np.asarray(days).reshape(-1)
    keep = np.isfinite(official).all(axis=1) & np.isfinite(curves).all(axis=1)
    curves, official, days = curves[keep], official[keep], days[keep]
    old = {k: float(prior[k]) for k in FACTOR_KEYS}
    if not official.shape[0]:
        return Calibration(old, None, None, 0, 0, (), NO_DATA)
    held = split_days(days, heldout_share)
    n_train, n_held = int((~held).sum()), int(held.sum())
    if n_train < min_train or n_held < min_heldout:
        before = errors(predict(curves, old), official)
        return Calibration(old, before, None, n_train, n_held, (), TOO_FEW)

    proposed = dict(old)
    fitted = []
    for j, pillar in enumerate(PILLARS):
        keys = FACTORS[pillar]
        cols = [FACTOR_KEYS.index(k) for k in keys]
        weights = fit_pillar(
            curves[~held][:, cols],
            official[~held, j],
            np.array([old[k] for k in keys]),
            prior_strength=prior_strength,
        )
        candidate = dict(zip(keys, (float(w) for w in weights), strict=True))
        new_gap = _mae(curves[held][:, cols] @ weights, official[held, j])
        old_gap = _mae(curves[held][:, cols] @ np.array([old[k] for k in keys]), official[held, j])
        if _better(new_gap, old_gap):
            proposed.update(candidate)
            fitted.append(pillar)
    before = errors(predict(curves[held], old), official[held])
    after = errors(predict(curves[held], proposed), official[held])
    return Calibration(proposed, before, after, n_train, n_held, tuple(fitted))


def _better(new: float, old: float) -> bool:
    return new < old - max(0.01, MIN_IMPROVEMENT * old)


def _mae(predicted: np.ndarray, official: np.ndarray) -> float:
    return float(np.abs(np.minimum(PILLAR_MAX, predicted) - official).mean())


def _within_budget(weights: np.ndarray, budget: float) -> np.ndarray:
    """Rounded to the stored places, never negative and never above the budget in sum."""
    weights = np.round(np.clip(weights, 0.0, budget), PLACES)
    step = 10.0**-PLACES
    while weights.sum() > budget + 1e-12:
        i = int(np.argmax(weights))
        weights[i] = round(max(0.0, weights[i] - step), PLACES)
    return weights


def _round(value: float) -> float:
    return round(float(value), 4)


def report_lines(fit: Calibration) -> list[str]:
    """A plain table of the errors before and after, for the command line."""
    if fit.reason == NO_DATA:
        return ["No official snapshot to calibrate on."]
    lines = [f"Official snapshots: {fit.n_train} to fit, {fit.n_heldout} held out (latest days)."]
    if fit.reason == TOO_FEW:
        lines.append(
            f"Too few to calibrate: at least {MIN_TRAIN_POINTS} to fit and "
            f"{MIN_HELDOUT_POINTS} held out are needed, on two days or more."
        )
        if fit.before is not None:
            lines.append(f"Mean absolute error of the model in use: {fit.before.total:.2f} points.")
        return lines
    assert fit.before is not None and fit.after is not None
    lines.append("Mean absolute error on the held-out days (points):")
    lines.append(f"  {'':<14}{'before':>8}{'after':>8}")
    for pillar in PILLARS:
        lines.append(
            f"  {pillar:<14}{fit.before.pillars[pillar]:>8.2f}{fit.after.pillars[pillar]:>8.2f}"
        )
    lines.append(f"  {'total':<14}{fit.before.total:>8.2f}{fit.after.total:>8.2f}")
    lines.append(f"  {'n':<14}{fit.before.n:>8}{fit.after.n:>8}")
    return lines
