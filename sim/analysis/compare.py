"""Paired comparison of scenarios run on common random numbers.

Two runs with the same seed and path count share their luck path by path: path i of the
baseline and path i of the alternative drew the same viral posts, the same offers and the same
late payments wherever the decision did not change them. The per-path differences are then
paired, and their spread says how much the decision itself moves the outcome. Unpaired
percentiles would mix the decision with the luck of two independent draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.model.results import Results

IntervalMethod = Literal["normal", "bootstrap"]


@dataclass(frozen=True)
class Interval:
    """An estimate with a lower and upper bound; ``level`` is the interval's coverage."""

    estimate: float
    low: float
    high: float
    level: float


@dataclass(frozen=True)
class Difference:
    """How one scenario differs from the baseline, path by path on the same luck."""

    name: str
    baseline: str
    p_success_baseline: float
    p_success_other: float
    p_success_diff: Interval
    """Difference in the chance the plan works out (the person's measure, still creating), with a
    CI: what comparisons rank by, so a plan never looks better because more futures gave up."""
    p_profit_baseline: float
    p_profit_other: float
    p_profit_diff: Interval
    """Difference in the chance of profit at the horizon (other - baseline), with a CI."""
    net_profit_usd_diff: Interval
    """Median of the paired differences in net profit (USD), with their P10 and P90."""
    followers_diff: Interval
    """Median of the paired differences in followers at the horizon, with P10 and P90."""
    share_paths_better: float
    """Share of paths whose net profit is higher under the other scenario."""
    net_profit_usd_p50_baseline: float = 0.0
    net_profit_usd_p50_other: float = 0.0
    """Each plan's own median net profit (its summary's, as the headline table shows it): the
    Compare table's difference of medians is worked out from these as shown."""
    followers_p50_baseline: float = 0.0
    followers_p50_other: float = 0.0


def paired_differences(baseline: NDArray[Any], other: NDArray[Any]) -> NDArray[np.float64]:
    """Per-path ``other - baseline``; both arrays must come from runs with the same paths."""
    a = np.asarray(baseline, dtype=np.float64)
    b = np.asarray(other, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"paired arrays differ in shape: {a.shape} vs {b.shape}")
    return b - a


def spread_of_differences(
    baseline: NDArray[Any], other: NDArray[Any], low_q: float = 0.1, high_q: float = 0.9
) -> Interval:
    """Median paired difference, with the ``low_q`` and ``high_q`` quantiles of the
    differences (a spread of outcomes, not a confidence interval of the median)."""
    d = paired_differences(baseline, other)
    if d.size == 0:
        raise ValueError("no paths to compare")
    lo, med, hi = np.quantile(d, [low_q, 0.5, high_q])
    return Interval(float(med), float(lo), float(hi), high_q - low_q)


def proportion_difference(
    baseline_success: NDArray[np.bool_],
    other_success: NDArray[np.bool_],
    *,
    level: float = 0.9,
    method: IntervalMethod = "normal",
    n_boot: int = 4000,
    seed: int = 0,
) -> Interval:
    """Difference in a success rate (other - baseline) between paired runs, with a CI.

    The paired difference per path is -1, 0 or +1. ``normal`` uses the normal approximation
    to its mean (the paired, McNemar-style standard error); ``bootstrap`` resamples paths,
    which for a three-valued difference is a multinomial draw of the three counts.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    d = paired_differences(
        np.asarray(baseline_success, dtype=bool), np.asarray(other_success, dtype=bool)
    )
    n = d.size
    if n == 0:
        raise ValueError("no paths to compare")
    est = float(d.mean())
    if n == 1:
        return Interval(est, est, est, level)
    alpha = 1.0 - level
    if method == "normal":
        se = float(d.std(ddof=1)) / math.sqrt(n)
        z = NormalDist().inv_cdf(1.0 - alpha / 2.0)
        lo, hi = est - z * se, est + z * se
    elif method == "bootstrap":
        probs = np.array([(d < 0).mean(), (d == 0).mean(), (d > 0).mean()])
        counts = np.random.default_rng(seed).multinomial(n, probs, size=n_boot)
        means = (counts[:, 2] - counts[:, 0]) / n
        lo, hi = np.quantile(means, [alpha / 2.0, 1.0 - alpha / 2.0])
    else:
        raise ValueError(f"unknown method {method!r}")
    return Interval(est, max(float(lo), -1.0), min(float(hi), 1.0), level)


def _check_paired(baseline: Results, other: Results) -> None:
    if baseline.paths != other.paths or baseline.seed != other.seed:
        raise ValueError(
            "paired comparison needs the same paths and seed: "
            f"({baseline.paths}, {baseline.seed}) vs ({other.paths}, {other.seed})"
        )
    if baseline.months != other.months:
        raise ValueError(
            f"scenarios must share the horizon: {baseline.months} vs {other.months} months"
        )


def difference(
    baseline: Results,
    other: Results,
    *,
    name: str = "other",
    baseline_name: str = "baseline",
    level: float = 0.9,
    method: IntervalMethod = "normal",
) -> Difference:
    """Paired differences at the horizon between two runs on common random numbers."""
    _check_paired(baseline, other)
    net_a = baseline.final("cumulative_net_usd")
    net_b = other.final("cumulative_net_usd")
    ok_a, ok_b = baseline.works_out(), other.works_out()
    return Difference(
        name=name,
        baseline=baseline_name,
        p_success_baseline=float(ok_a.mean()),
        p_success_other=float(ok_b.mean()),
        p_success_diff=proportion_difference(ok_a, ok_b, level=level, method=method),
        p_profit_baseline=float((net_a > 0).mean()),
        p_profit_other=float((net_b > 0).mean()),
        p_profit_diff=proportion_difference(net_a > 0, net_b > 0, level=level, method=method),
        net_profit_usd_diff=spread_of_differences(net_a, net_b),
        followers_diff=spread_of_differences(baseline.final("followers"), other.final("followers")),
        share_paths_better=float((net_b > net_a).mean()),
        net_profit_usd_p50_baseline=baseline.summary.net_profit_usd_p50,
        net_profit_usd_p50_other=other.summary.net_profit_usd_p50,
        followers_p50_baseline=baseline.summary.followers_p50,
        followers_p50_other=other.summary.followers_p50,
    )


def differences(
    named: Sequence[tuple[str, Results]], *, level: float = 0.9, method: IntervalMethod = "normal"
) -> list[Difference]:
    """Each run after the first against the first (the baseline)."""
    if not named:
        return []
    base_name, base = named[0]
    return [
        difference(base, res, name=name, baseline_name=base_name, level=level, method=method)
        for name, res in named[1:]
    ]


def difference_table(diffs: Sequence[Difference]) -> pd.DataFrame:
    """One row per plan compared with the baseline, every figure a number with its unit in
    its name (``_usd``, ``_pts`` for percentage points; ``p_`` and ``share_`` are 0 to 1)."""
    rows = []
    for d in diffs:
        chance, net, fol = d.p_profit_diff, d.net_profit_usd_diff, d.followers_diff
        works = d.p_success_diff
        rows.append(
            {
                "plan": d.name,
                "baseline": d.baseline,
                "p_success_baseline": d.p_success_baseline,
                "p_success_plan": d.p_success_other,
                "p_success_diff_pts": works.estimate * 100,
                "p_success_diff_pts_ci_low": works.low * 100,
                "p_success_diff_pts_ci_high": works.high * 100,
                "p_profitable_baseline": d.p_profit_baseline,
                "p_profitable_plan": d.p_profit_other,
                "p_profitable_diff_pts": chance.estimate * 100,
                "p_profitable_diff_pts_ci_low": chance.low * 100,
                "p_profitable_diff_pts_ci_high": chance.high * 100,
                "ci_level": chance.level,
                "net_profit_diff_usd_p10": net.low,
                "net_profit_diff_usd_p50": net.estimate,
                "net_profit_diff_usd_p90": net.high,
                "share_futures_earning_more": d.share_paths_better,
                "followers_diff_p10": fol.low,
                "followers_diff_p50": fol.estimate,
                "followers_diff_p90": fol.high,
            }
        )
    return pd.DataFrame(rows)


def kpi_table(named: Sequence[tuple[str, Results]]) -> pd.DataFrame:
    """One row per scenario with the headline figures of its summary."""
    rows = []
    for name, res in named:
        s = res.summary
        rows.append(
            {
                "scenario": name,
                "p_success": s.p_success,
                "p_profitable": s.p_profitable,
                "break_even_month_p50": s.break_even_month_p50,
                "net_profit_usd_p10": s.net_profit_usd_p10,
                "net_profit_usd_p50": s.net_profit_usd_p50,
                "net_profit_usd_p90": s.net_profit_usd_p90,
                "hourly_wage_usd_p50": s.hourly_wage_usd_p50,
                "followers_p50": s.followers_p50,
                "p_burnout": s.p_burnout,
                "p_strain": s.p_strain,
                "p_quit": s.p_quit,
                "max_out_of_pocket_usd_p90": s.max_out_of_pocket_usd_p90,
                "creator_hours_per_week_p50": s.creator_hours_per_week_p50,
            }
        )
    return pd.DataFrame(rows)
