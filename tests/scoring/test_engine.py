"""The pure engine: properties that hold for any signals, and typical profiles."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import engine, vocabulary
from scoring.engine import (
    DEFAULT_MODEL,
    Model,
    Signals,
    curve,
    estimate,
    profile_completeness,
    result_from_json,
    result_to_json,
    validate_model,
)
from scoring.vocabulary import FACTOR_KEYS, FACTORS, PILLARS

values = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
signals_strategy = st.builds(Signals, **{key: values for key in FACTOR_KEYS})


@st.composite
def models(draw):
    """Random valid models: per-pillar weights that sum to 25, positive targets."""
    weights: dict[str, float] = {}
    for keys in FACTORS.values():
        raw = [draw(st.floats(min_value=0, max_value=10)) for _ in keys]
        if sum(raw) < 1e-3:  # too small to scale up without overflowing
            raw = [1.0] * len(keys)
        scale = 25 / sum(raw)
        weights.update({k: r * scale for k, r in zip(keys, raw, strict=True)})
    targets = {k: draw(st.floats(min_value=0.01, max_value=1000)) for k in FACTOR_KEYS}
    return Model(version="t", weights=weights, targets=targets)


@given(signals_strategy, models())
def test_every_pillar_is_between_0_and_25_and_total_is_their_sum(signals, model):
    result = estimate(signals, model)
    assert [p.key for p in result.pillars] == list(PILLARS)
    for pillar in result.pillars:
        assert 0 <= pillar.points <= 25
        assert math.isclose(pillar.points, sum(f.points for f in pillar.factors), abs_tol=1e-5)
        for factor in pillar.factors:
            assert 0 <= factor.points <= factor.weight + 1e-9
            assert math.isclose(factor.points + factor.available, factor.weight, abs_tol=1e-5)
    assert math.isclose(result.total, sum(p.points for p in result.pillars), abs_tol=1e-9)
    assert 0 <= result.total <= 100


@settings(max_examples=200)
@given(signals_strategy, st.sampled_from(FACTOR_KEYS), values, models())
def test_more_of_any_signal_never_lowers_a_pillar(signals, key, extra, model):
    before = estimate(signals, model)
    after = estimate(replace(signals, **{key: signals.value(key) + extra}), model)
    for b, a in zip(before.pillars, after.pillars, strict=True):
        assert a.points >= b.points
    assert after.total >= before.total


@given(models())
def test_no_signals_give_zero(model):
    assert estimate(Signals(), model).total == 0


@given(models(), st.floats(min_value=1, max_value=100))
def test_signals_at_or_beyond_every_target_give_100(model, factor):
    saturated = Signals(**{k: model.targets[k] * factor for k in FACTOR_KEYS})
    result = estimate(saturated, model)
    assert math.isclose(result.total, 100, abs_tol=1e-5)
    assert all(math.isclose(p.points, 25, abs_tol=1e-5) for p in result.pillars)
    assert all(f.available == 0 for p in result.pillars for f in p.factors)


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_curve_is_monotone_and_concave(a, b):
    lo, hi = sorted((a, b))
    assert curve(lo) <= curve(hi)
    # Concave: the curve lies on or above the chord between any two points.
    mid = (lo + hi) / 2
    assert curve(mid) >= (curve(lo) + curve(hi)) / 2 - 1e-12


def test_curve_landmarks():
    assert curve(0) == 0
    assert curve(-3) == 0
    assert curve(float("nan")) == 0
    assert curve(0.5) == 0.75  # half-way to the target already earns three quarters
    assert curve(1) == 1
    assert curve(7) == 1


def test_default_model_is_the_reference_table():
    assert validate_model(DEFAULT_MODEL.weights, DEFAULT_MODEL.targets) == []
    assert DEFAULT_MODEL.weights["posts_28d"] == 6 and DEFAULT_MODEL.targets["posts_28d"] == 12
    assert DEFAULT_MODEL.weights["comments_28d"] == 7
    assert DEFAULT_MODEL.targets["acceptance_rate"] == 0.7
    for keys in FACTORS.values():
        assert sum(DEFAULT_MODEL.weights[k] for k in keys) == 25


def test_validate_model_names_each_problem():
    weights = dict(DEFAULT_MODEL.weights, posts_28d=7)
    targets = dict(DEFAULT_MODEL.targets, searches_28d=0)
    errors = validate_model(weights, targets)
    assert "weights of brand sum to 26, more than 25" in errors
    assert any("searches_28d" in e and "greater than 0" in e for e in errors)
    missing = {k: v for k, v in DEFAULT_MODEL.weights.items() if k != "connections"}
    assert any("missing connections" in e for e in validate_model(missing, targets))
    assert any("not a number" in e for e in validate_model(dict(weights, posts_28d="6"), targets))
    assert validate_model([], {}) != []


# --- Typical profiles -------------------------------------------------------------------

NEWCOMER = Signals(profile_completeness=4 / 11, connections=80, days_active_28d=3)
STEADY = Signals(
    profile_completeness=9 / 11,
    endorsements_received=20,
    recommendations_received=2,
    posts_28d=4,
    connections=450,
    decision_maker_share=0.15,
    target_market_share=0.3,
    searches_28d=30,
    days_active_28d=15,
    companies_followed=8,
    comments_28d=10,
    words_per_comment_90d=12,
    reactions_28d=30,
    reshares_28d=1,
    new_connections_90d=25,
    acceptance_rate=0.5,
    decision_maker_connections=60,
    conversations_90d=6,
    coworker_connections=20,
)


@pytest.mark.parametrize(
    ("signals", "pillar", "expected"),
    [
        # 8 * curve(4/11) + 5 * curve(80/500) + 4 * curve(3/20)
        (NEWCOMER, "brand", 8 * (1 - (7 / 11) ** 2)),
        (NEWCOMER, "people", 5 * (1 - 0.84**2) + 4 * (1 - 0.85**2)),
        (NEWCOMER, "insights", 0),
        (NEWCOMER, "relationships", 0),
        (
            STEADY,
            "people",
            5 * (1 - 0.1**2)
            + 5 * 0.75
            + 5 * (1 - 0.4**2)
            + 4 * (1 - 0.7**2)
            + 4 * (1 - 0.25**2)
            + 2 * (1 - 0.2**2),
        ),
    ],
)
def test_typical_profiles(signals, pillar, expected):
    assert estimate(signals).pillar(pillar).points == pytest.approx(expected, abs=1e-5)


def test_steady_user_lands_in_linkedins_middle_band_and_above_newcomer():
    # LinkedIn's distribution: about half of sales professionals score 21-69.
    assert estimate(NEWCOMER).total < 21
    assert 21 <= estimate(STEADY).total <= 69


def test_explanation_sorted_by_points_available_and_round_trips():
    result = estimate(STEADY)
    brand = result.pillar("brand").by_available()
    availables = [f.available for f in brand]
    assert availables == sorted(availables, reverse=True)
    assert brand[0].key == "articles_90d"  # 3 points, none earned: the biggest gap
    assert result_from_json(result_to_json(result)) == result
    assert result.factor("posts_28d").value == 4


def test_profile_completeness_checklist():
    done = dict(
        has_photo=True,
        has_banner=True,
        has_headline=True,
        summary_length=300,
        has_current_position=True,
        past_positions=2,
        has_education=True,
        skills_count=5,
        certifications=1,
        has_featured=True,
        has_custom_url=True,
    )
    assert profile_completeness(**done) == 1
    assert profile_completeness(**(done | {"summary_length": 299})) == pytest.approx(10 / 11)
    assert profile_completeness(**(done | {"skills_count": 4, "past_positions": 1})) == (
        pytest.approx(9 / 11)
    )


def test_pillar_lookup_rejects_unknown_keys():
    with pytest.raises(KeyError):
        estimate(Signals()).pillar("charisma")
    assert vocabulary.FACTOR_PILLAR["acceptance_rate"] == "relationships"


def _rows(signals: list[Signals]) -> np.ndarray:
    return np.array([[s.value(k) for k in FACTOR_KEYS] for s in signals], dtype=float)


@settings(max_examples=150, deadline=None)
@given(st.lists(signals_strategy, min_size=1, max_size=12), models())
def test_estimate_many_gives_every_row_the_floats_of_estimate(signals, model):
    many = engine.estimate_many(_rows(signals), model)
    points = engine.factor_points(_rows(signals), model)
    for row, one in enumerate(estimate(s, model) for s in signals):
        assert many.pillars[row].tolist() == [p.points for p in one.pillars]
        assert many.total[row] == one.total
        assert points[row].tolist() == [one.factor(k).points for k in FACTOR_KEYS]


def test_estimate_many_on_the_edges_of_the_curve_and_of_rounding():
    """At 0, at and past the target, NaN and infinity, and products that land on (or
    next to) a half of the sixth decimal, where a plain rint would round otherwise."""
    edges = [0.0, -1.0, math.nan, math.inf, 1e-300, 0.5, 1.0, 2.0, 12.0, 499.999999]
    signals = [Signals(**dict.fromkeys(FACTOR_KEYS, v)) for v in edges]
    halves = Model(
        version="h",
        weights=dict.fromkeys(FACTOR_KEYS, 1.0000005),
        targets=dict.fromkeys(FACTOR_KEYS, 1.0),
    )
    for model in (DEFAULT_MODEL, halves):
        many = engine.estimate_many(_rows(signals), model)
        for row, one in enumerate(estimate(s, model) for s in signals):
            assert many.pillars[row].tolist() == [p.points for p in one.pillars]
            assert many.total[row] == one.total
    assert engine.estimate_many(np.zeros((0, len(FACTOR_KEYS)))).total.shape == (0,)


@pytest.mark.parametrize("value", [0.0000005, 0.0000015, 2.5e-6, 0.1234565, 7.0000005, 24.9999995])
def test_rounding_many_values_is_pythons_round(value):
    near = [value, math.nextafter(value, 0), math.nextafter(value, math.inf)]
    assert engine._round6(np.array(near)).tolist() == [round(v, 6) for v in near]
