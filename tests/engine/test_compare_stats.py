"""Paired comparison statistics (sim/analysis/compare.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import Scenario, simulate
from sim.analysis.compare import (
    difference,
    differences,
    kpi_table,
    paired_differences,
    proportion_difference,
    spread_of_differences,
)


def test_paired_differences_are_other_minus_baseline() -> None:
    d = paired_differences(np.array([1.0, 2.0, 3.0]), np.array([2.0, 2.0, 5.0]))
    assert d.tolist() == [1.0, 0.0, 2.0]
    with pytest.raises(ValueError, match="shape"):
        paired_differences(np.zeros(3), np.zeros(4))


def test_spread_of_differences_quantiles() -> None:
    base = np.zeros(101)
    other = np.arange(101, dtype=float)
    iv = spread_of_differences(base, other)
    assert iv.estimate == pytest.approx(50.0)
    assert iv.low == pytest.approx(10.0)
    assert iv.high == pytest.approx(90.0)


@pytest.mark.parametrize("method", ["normal", "bootstrap"])
def test_identical_runs_have_zero_width_interval(method: str) -> None:
    success = np.array([True, False] * 50)
    iv = proportion_difference(success, success, method=method)  # type: ignore[arg-type]
    assert iv.estimate == 0.0
    assert iv.low == 0.0 and iv.high == 0.0


def test_normal_interval_matches_paired_formula() -> None:
    rng = np.random.default_rng(1)
    a = rng.random(4000) < 0.3
    b = a | (rng.random(4000) < 0.1)  # b succeeds whenever a does, and sometimes more
    iv = proportion_difference(a, b, level=0.95, method="normal")
    d = b.astype(float) - a.astype(float)
    se = d.std(ddof=1) / np.sqrt(d.size)
    assert iv.estimate == pytest.approx(d.mean())
    assert iv.low == pytest.approx(d.mean() - 1.959964 * se, abs=1e-6)
    assert iv.high == pytest.approx(d.mean() + 1.959964 * se, abs=1e-6)
    assert iv.low > 0  # a real improvement is detected


def test_bootstrap_agrees_with_normal_approximation() -> None:
    rng = np.random.default_rng(2)
    a = rng.random(5000) < 0.4
    b = rng.random(5000) < 0.45
    normal = proportion_difference(a, b, method="normal")
    boot = proportion_difference(a, b, method="bootstrap", seed=3)
    assert boot.estimate == normal.estimate
    assert boot.low == pytest.approx(normal.low, abs=0.006)
    assert boot.high == pytest.approx(normal.high, abs=0.006)


def test_interval_coverage_under_the_null() -> None:
    """About 90% of 90% intervals cover the true difference (here 0.05)."""
    rng = np.random.default_rng(7)
    covered = 0
    trials = 400
    for _ in range(trials):
        u = rng.random(800)
        a = u < 0.30
        b = u < 0.35  # paired: b is a plus the paths in [0.30, 0.35)
        iv = proportion_difference(a, b, level=0.9)
        covered += iv.low <= 0.05 <= iv.high
    assert 0.84 <= covered / trials <= 0.96


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="level"):
        proportion_difference(np.array([True]), np.array([True]), level=1.5)
    with pytest.raises(ValueError, match="no paths"):
        proportion_difference(np.array([], dtype=bool), np.array([], dtype=bool))


def test_difference_of_runs_on_common_random_numbers() -> None:
    # fatigue off: with it, two more posts a week beside a day job wear most futures down
    base = Scenario(model_fatigue=False)
    more = Scenario(posts_per_week=base.posts_per_week + 2, model_fatigue=False)
    ra = simulate(base, 200, 11)
    rb = simulate(more, 200, 11)
    diff = difference(ra, rb, name="more", baseline_name="base")
    assert diff.p_profit_baseline == ra.summary.p_profitable
    assert diff.p_profit_other == rb.summary.p_profitable
    assert diff.p_success_baseline == ra.summary.p_success
    assert diff.p_success_other == rb.summary.p_success
    assert diff.p_success_diff.estimate == pytest.approx(
        rb.summary.p_success - ra.summary.p_success
    )
    # more posts: more followers in most paths
    assert diff.followers_diff.estimate > 0
    assert diff.followers_diff.low <= diff.followers_diff.estimate <= diff.followers_diff.high
    same = difference(ra, simulate(base, 200, 11))
    assert same.net_profit_usd_diff.estimate == 0.0
    assert same.p_profit_diff.low == same.p_profit_diff.high == 0.0


def test_difference_refuses_unpaired_runs() -> None:
    base = Scenario()
    with pytest.raises(ValueError, match="same paths and seed"):
        difference(simulate(base, 100, 1), simulate(base, 100, 2))
    with pytest.raises(ValueError, match="horizon"):
        difference(simulate(base, 100, 1), simulate(Scenario(months=12), 100, 1))


def test_differences_and_kpi_table() -> None:
    runs = [(f"s{i}", simulate(Scenario(posts_per_week=2.0 + i), 100, 5)) for i in range(3)]
    diffs = differences(runs)
    assert [d.name for d in diffs] == ["s1", "s2"]
    assert all(d.baseline == "s0" for d in diffs)
    table = kpi_table(runs)
    assert table["scenario"].tolist() == ["s0", "s1", "s2"]
    assert table.loc[1, "p_profitable"] == runs[1][1].summary.p_profitable
    assert differences([]) == []
