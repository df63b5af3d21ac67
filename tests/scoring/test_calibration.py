"""The calibration core on synthetic data made from known weights (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import calibration
from scoring.engine import DEFAULT_TARGETS, DEFAULT_WEIGHTS, curve
from scoring.vocabulary import FACTOR_KEYS, FACTORS, PILLARS


def _true_weights(rng: np.random.Generator) -> dict[str, float]:
    """Weights LinkedIn might use: each pillar sums to somewhere between 12 and 24."""
    weights: dict[str, float] = {}
    for keys in FACTORS.values():
        raw = rng.uniform(0.2, 1.0, len(keys))
        raw *= rng.uniform(12, 24) / raw.sum()
        weights.update(zip(keys, (float(r) for r in raw), strict=True))
    return weights


def _data(weights, *, n_days=80, per_day=6, noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    n = n_days * per_day
    curves = rng.uniform(0, 1, (n, len(FACTOR_KEYS)))
    official = calibration.predict(curves, weights) + rng.normal(0, noise, (n, len(PILLARS)))
    days = np.repeat(np.arange(n_days), per_day)
    return curves, np.clip(official, 0, 25), days


def test_curve_matrix_is_the_engines_curve():
    values = np.array([[0.0, 6.0, 12.0, 30.0, -1.0]])
    targets = [12.0] * 5
    expected = [curve(v / 12.0) for v in values[0]]
    assert calibration.curve_matrix(values, targets)[0] == pytest.approx(expected)


def test_recovers_known_weights_from_exact_data():
    truth = _true_weights(np.random.default_rng(7))
    fit = calibration.calibrate(*_data(truth), DEFAULT_WEIGHTS)
    assert set(fit.fitted_pillars) == set(PILLARS)
    for key in FACTOR_KEYS:
        assert fit.weights[key] == pytest.approx(truth[key], abs=0.05), key
    assert fit.after is not None and fit.before is not None
    assert fit.after.total < 0.1 < fit.before.total
    assert fit.improved


def test_with_noise_the_fit_is_close_and_beats_the_default_on_held_out_days():
    truth = _true_weights(np.random.default_rng(3))
    fit = calibration.calibrate(*_data(truth, noise=0.8, seed=5), DEFAULT_WEIGHTS)
    for key in FACTOR_KEYS:
        assert fit.weights[key] == pytest.approx(truth[key], abs=1.0), key
    assert fit.improved
    # Noise of 0.8 per pillar: nothing can do much better than about 0.64 per pillar.
    for pillar in PILLARS:
        assert 0.4 < fit.after.pillars[pillar] < 0.9  # type: ignore[union-attr]
    assert fit.n_train + fit.n_heldout == 480
    assert fit.n_heldout == 20 * 6  # the latest quarter of the 80 days


def test_the_default_model_is_kept_when_it_is_already_right():
    fit = calibration.calibrate(*_data(DEFAULT_WEIGHTS, noise=0.3), DEFAULT_WEIGHTS)
    assert not fit.improved or fit.before.total - fit.after.total < 0.05  # type: ignore[union-attr]
    for key in FACTOR_KEYS:
        assert fit.weights[key] == pytest.approx(DEFAULT_WEIGHTS[key], abs=1.0)


def test_too_few_points_fit_nothing_and_say_so():
    truth = _true_weights(np.random.default_rng(2))
    curves, official, days = _data(truth, n_days=4, per_day=3)
    fit = calibration.calibrate(curves, official, days, DEFAULT_WEIGHTS)
    assert fit.reason == calibration.TOO_FEW
    assert fit.weights == {k: float(v) for k, v in DEFAULT_WEIGHTS.items()}
    assert fit.after is None and not fit.improved
    assert fit.before is not None and fit.before.n == 12


def test_no_points_at_all():
    fit = calibration.calibrate(np.empty((0, 26)), np.empty((0, 4)), np.empty(0), DEFAULT_WEIGHTS)
    assert fit.reason == calibration.NO_DATA and fit.before is None and not fit.improved


def test_one_day_only_cannot_be_judged():
    truth = _true_weights(np.random.default_rng(2))
    curves, official, _days = _data(truth, n_days=1, per_day=60)
    fit = calibration.calibrate(curves, official, np.zeros(60), DEFAULT_WEIGHTS)
    assert fit.reason == calibration.TOO_FEW and fit.n_heldout == 0


def test_a_signal_that_never_varies_keeps_its_weight():
    truth = _true_weights(np.random.default_rng(11))
    curves, official, days = _data(truth, noise=0.2)
    articles = FACTOR_KEYS.index("articles_90d")
    curves[:, articles] = 0.0  # nobody ever published an article
    official = calibration.predict(curves, truth)
    fit = calibration.calibrate(curves, official, days, DEFAULT_WEIGHTS)
    assert fit.weights["articles_90d"] == pytest.approx(DEFAULT_WEIGHTS["articles_90d"], abs=0.01)
    assert fit.improved
    for key in FACTORS["people"]:
        assert fit.weights[key] == pytest.approx(truth[key], abs=0.1)


def test_constant_signals_give_finite_bounded_weights():
    curves = np.ones((200, len(FACTOR_KEYS))) * 0.5
    official = np.full((200, 4), 6.0)
    fit = calibration.calibrate(curves, official, np.repeat(np.arange(40), 5), DEFAULT_WEIGHTS)
    for keys in FACTORS.values():
        assert all(0 <= fit.weights[k] <= 25 for k in keys)
        assert sum(fit.weights[k] for k in keys) <= 25 + 1e-9
    assert fit.after is not None and fit.after.total < 0.01


def test_official_scores_above_what_weights_can_reach_stay_within_25():
    curves = np.full((200, len(FACTOR_KEYS)), 0.2)
    official = np.full((200, 4), 25.0)  # would need weights summing to 125
    fit = calibration.calibrate(curves, official, np.repeat(np.arange(40), 5), DEFAULT_WEIGHTS)
    for keys in FACTORS.values():
        assert sum(fit.weights[k] for k in keys) == pytest.approx(25, abs=1e-3)
        assert sum(fit.weights[k] for k in keys) <= 25


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0, 3))
def test_every_fit_is_a_valid_model(seed, noise):
    rng = np.random.default_rng(seed)
    curves = rng.uniform(0, 1, (120, len(FACTOR_KEYS))) * rng.integers(0, 2, len(FACTOR_KEYS))
    official = np.clip(rng.uniform(0, 25, (120, 4)) + rng.normal(0, noise, (120, 4)), 0, 25)
    fit = calibration.calibrate(curves, official, np.repeat(np.arange(30), 4), DEFAULT_WEIGHTS)
    from scoring.engine import validate_model

    assert validate_model(fit.weights, DEFAULT_TARGETS) == []
    if fit.after is not None:
        for pillar in PILLARS:
            # A pillar is only changed where the held-out days say it is better.
            assert fit.after.pillars[pillar] <= fit.before.pillars[pillar] + 1e-6  # type: ignore[union-attr]
