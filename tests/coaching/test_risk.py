"""The at-risk rules: series in, flags out (no database)."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching import risk
from coaching.risk import RiskRules, TraineeSeries, drop_over, risk_flags

TODAY = date(2026, 11, 25)
RULES = RiskRules()


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def codes(series: TraineeSeries, rules: RiskRules = RULES) -> list[str]:
    return [f.code for f in risk_flags(series, rules)]


FINE = dict(joined=day(100), last_ssi=day(1), last_login=day(0), weeks=[0.8, 0.9])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"last_ssi": day(13)}, []),
        ({"last_ssi": day(14)}, [risk.NO_SSI]),
        ({"last_ssi": None, "joined": day(3)}, []),  # new: not blamed yet
        ({"last_ssi": None, "joined": day(20)}, [risk.NO_SSI]),
        ({"last_ssi": None, "joined": None}, [risk.NO_SSI]),
        ({"last_login": day(6)}, []),
        ({"last_login": day(7)}, [risk.NO_LOGIN]),
        ({"last_login": None, "joined": day(2)}, []),
        ({"last_login": None, "joined": day(9)}, [risk.NO_LOGIN]),
        ({"weeks": [0.1, 0.2]}, [risk.LOW_COMPLETION]),
        ({"weeks": [0.1, 0.5]}, []),  # one bad week is not a pattern
        ({"weeks": [0.29, 0.0, 0.9]}, [risk.LOW_COMPLETION]),
        ({"weeks": [0.30, 0.1]}, []),  # 30% is not under 30%
        ({"weeks": [None, 0.1]}, []),  # a week without tasks is not a bad week
        ({"weeks": [0.1]}, []),  # not two weeks of history yet
        ({"scores": [(day(31), 50.0), (day(0), 45.0)]}, [risk.DROP]),
        ({"scores": [(day(31), 50.0), (day(0), 45.1)]}, []),
        ({"scores": [(day(40), 60.0), (day(20), 50.0), (day(0), 49.0)]}, [risk.DROP]),
        ({"scores": [(day(10), 50.0), (day(0), 40.0)]}, [risk.DROP]),  # within the window
        ({"scores": [(day(60), 50.0), (day(45), 40.0)]}, []),  # all before the window
    ],
)
def test_rules_table(changes, expected):
    assert codes(TraineeSeries(today=TODAY, **{**FINE, **changes})) == expected


def test_shared_drop_day_is_left_out_of_the_drop_rule():
    scores = [(day(31), 50.0), (day(11), 50.0), (day(10), 43.0), (day(0), 43.0)]
    base = TraineeSeries(today=TODAY, **{**FINE, "scores": scores})
    assert codes(base) == [risk.DROP]
    spared = TraineeSeries(today=TODAY, **{**FINE, "scores": scores, "shared_drop_days": {day(10)}})
    assert codes(spared) == []


def test_thresholds_come_from_the_cohort():
    series = TraineeSeries(
        today=TODAY, **{**FINE, "last_ssi": day(8), "scores": [(day(22), 50), (day(0), 47)]}
    )
    strict = RiskRules(no_ssi_days=7, drop_points=3, drop_days=21)
    assert codes(series, strict) == [risk.NO_SSI, risk.DROP]
    flag = risk_flags(series, strict)[1]
    assert (flag.points, flag.days) == (3.0, 21)


def test_drop_needs_two_readings():
    assert drop_over([], day(30)) is None
    assert drop_over([(day(3), 40.0)], day(30)) is None
    assert drop_over([(day(40), 40.0)], day(30)) is None


totals = st.floats(min_value=0, max_value=100, allow_nan=False)
series_strategy = st.lists(st.tuples(st.integers(0, 90), totals), max_size=40).map(
    lambda pairs: sorted({day(n): t for n, t in pairs}.items())
)


@given(series_strategy, st.sets(st.integers(0, 90)))
def test_leaving_out_shared_days_equals_adding_back_their_change(scores, shared_offsets):
    """Excluding a day's change is the same as the raw drop minus that day's own change."""
    since = day(30)
    shared = {day(n) for n in shared_offsets}
    raw = drop_over(scores, since)
    spared = drop_over(scores, since, shared)
    if raw is None:
        assert spared is None
        return
    first = max([i for i, (d, _t) in enumerate(scores) if d <= since], default=0)
    window = scores[first:]
    shared_change = sum(t1 - t0 for (_d0, t0), (d1, t1) in pairwise(window) if d1 in shared)
    assert spared == pytest.approx(raw + shared_change, abs=1e-6)


@given(series_strategy)
def test_a_rising_or_flat_series_never_drops(scores):
    rising = [(d, float(i)) for i, (d, _t) in enumerate(scores)]
    assert risk.DROP not in codes(TraineeSeries(today=TODAY, **{**FINE, "scores": rising}))


@given(
    st.integers(1, 60),
    st.integers(0, 120),
    st.integers(0, 120),
    st.lists(st.floats(0, 1), max_size=4),
)
def test_flags_are_monotonic_in_the_thresholds(threshold, ssi_age, login_age, weeks):
    """A stricter rule (fewer days allowed) flags at least everyone a looser one flags."""
    series = TraineeSeries(
        today=TODAY, joined=day(200), last_ssi=day(ssi_age), last_login=day(login_age), weeks=weeks
    )
    loose = set(codes(series, RiskRules(no_ssi_days=threshold + 1, no_login_days=threshold + 1)))
    strict = set(codes(series, RiskRules(no_ssi_days=threshold, no_login_days=threshold)))
    assert loose <= strict
