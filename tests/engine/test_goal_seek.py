"""The "what would it take" search (sim/analysis/goal_seek.py)."""

from __future__ import annotations

import numpy as np
import pytest

from sim import Scenario, simulate
from sim.analysis.goal_seek import (
    Goal,
    goal_scenario,
    measure,
    seek,
    what_would_it_take,
    with_lever,
)


def test_seek_bisects_a_monotone_statistic() -> None:
    calls: list[float] = []

    def stat(x: float) -> float:
        calls.append(x)
        return x / 10.0

    out = seek(stat, 0.37, 0.0, 10.0, start=1.0, step=0.5)
    assert out.met and out.method == "bisection"
    assert out.value == 4.0  # the smallest grid value with x / 10 >= 0.37
    assert all(p.met == (p.measured >= 0.37) for p in out.curve)
    assert [p.value for p in out.curve] == sorted(p.value for p in out.curve)
    assert len(calls) == len(set(calls)) <= 24


def test_seek_decreasing_statistic_searches_downwards() -> None:
    out = seek(lambda x: 10.0 - x, 6.5, 0.0, 10.0, start=8.0, step=1.0)
    assert out.met and out.value == 3.0


def test_seek_start_already_meets() -> None:
    out = seek(lambda x: x, 2.0, 0.0, 10.0, start=5.0, step=1.0)
    assert out.met and out.start_met and out.value == 5.0 and out.method == "start"
    assert {p.value for p in out.curve} == {0.0, 5.0, 10.0}


def test_seek_grid_fallback_for_a_hump() -> None:
    # only the middle of the range meets: neither end does
    out = seek(lambda x: -abs(x - 6.0), -0.5, 0.0, 10.0, start=0.0, step=0.25)
    assert out.met and out.method == "grid"
    assert out.value is not None and abs(out.value - 6.0) <= 0.5
    assert out.value == 5.5  # nearest to the start


def test_seek_climbs_to_a_narrow_peak_between_grid_points() -> None:
    # meets only within 0.3 of 6.3: every grid point (multiples of 2) misses it
    out = seek(lambda x: -abs(x - 6.3), -0.3, 0.0, 20.0, start=0.0, step=0.1, max_evals=30)
    assert out.met and out.method == "grid"
    assert out.value is not None and abs(out.value - 6.3) <= 0.3 + 1e-9
    assert out.value == pytest.approx(6.0)  # the nearest to the start that meets


def test_seek_reports_none_in_range() -> None:
    out = seek(lambda x: x, 20.0, 0.0, 10.0, start=3.0, step=1.0)
    assert not out.met and out.value is None and out.method == "none"
    assert out.best.value == 10.0


def test_seek_respects_budget_and_reports_progress() -> None:
    seen: list[int] = []
    out = seek(
        lambda x: x,
        77_777.0,
        0.0,
        100_000.0,
        start=0.0,
        step=1.0,
        max_evals=10,
        on_eval=lambda done, total, x: seen.append(done),
    )
    assert len(out.curve) <= 10 and seen == list(range(1, len(out.curve) + 1))
    assert out.met and out.value is not None and out.value >= 77_777.0


def test_goal_validation() -> None:
    with pytest.raises(ValueError):
        Goal("profit_chance", month=12, target=1.5)
    with pytest.raises(ValueError):
        Goal("profit_chance", month=0, target=0.5)
    assert "70%" in Goal("profit_chance", 12, 0.7).describe()


def test_shorter_horizon_gives_the_same_early_months() -> None:
    """goal_scenario relies on the engine being causal."""
    sc = Scenario(months=24)
    full = simulate(sc, 100, 3)
    short = simulate(goal_scenario(sc, Goal("profit_chance", 10, 0.5)), 100, 3)
    for metric in ("cumulative_net_usd", "followers", "creator_hours"):
        np.testing.assert_array_equal(full.monthly[metric][:, :11], short.monthly[metric])


def test_measure_matches_summary_at_the_horizon() -> None:
    res = simulate(Scenario(months=12), 200, 4)
    s = res.summary
    assert measure(res, Goal("profit_chance", 12, 0.5)) == s.p_profitable
    assert measure(res, Goal("hourly_wage", 12, 0.0)) == pytest.approx(s.hourly_wage_usd_p50)
    f = s.followers_p50
    assert measure(res, Goal("followers_chance", 12, 0.5, followers=f)) == pytest.approx(
        0.5, abs=0.01
    )


def _reachable_goal(sc: Scenario, lever: str, probe: float, paths: int, seed: int) -> Goal:
    """A goal that ``lever = probe`` reaches, whatever the engine's calibration."""
    res = simulate(with_lever(sc, lever, probe), paths, seed)
    if lever == "posts_per_week":
        followers = float(np.quantile(res.monthly["followers"][:, 12], 0.4))
        probe_goal = Goal("followers_chance", 12, 0.0, followers=followers)
    else:
        probe_goal = Goal("profit_chance", 12, 0.0)
    reached = measure(res, probe_goal)
    assert reached > 0.05, "the probe value should reach something"
    return Goal(probe_goal.kind, 12, reached, probe_goal.followers)


@pytest.mark.parametrize(
    ("lever", "probe"),
    [
        # more posts grow faster until burnout sets in: a hump, not monotone
        ("posts_per_week", 5.0),
        ("fee_usd_at_1k_followers", 5_000.0),
    ],
)
def test_found_value_meets_the_target_when_rerun(lever: str, probe: float) -> None:
    sc = Scenario(months=12, start_followers=20_000)  # big enough for brand deals to come
    paths, seed = 200, 9
    goal = _reachable_goal(sc, lever, probe, paths, seed)
    out = what_would_it_take(sc, lever, goal, paths=paths, seed=seed, hi=20_000.0, max_evals=40)
    assert out.met, out.search.curve
    assert out.value is not None
    rerun = simulate(with_lever(sc, lever, out.value), paths, seed)
    assert measure(rerun, goal) >= goal.target
    # and the simulated point just nearer the current value does not meet it
    if not out.search.start_met:
        side = [
            p
            for p in out.search.curve
            if (p.value - out.value) * (sc_value(sc, lever) - out.value) > 0
        ]
        nearest = min(side, key=lambda p: abs(p.value - out.value), default=None)
        assert nearest is None or not nearest.met


def sc_value(sc: Scenario, lever: str) -> float:
    return float(getattr(sc, lever))


def test_unreachable_goal_says_so() -> None:
    sc = Scenario(months=6)
    goal = Goal("followers_chance", 6, 0.9, followers=900_000)
    out = what_would_it_take(sc, "posts_per_week", goal, paths=100, seed=1, max_evals=8)
    assert not out.met and out.value is None
    assert out.search.curve
