"""What would it take? Find the value of one input (a lever) that meets a target.

A target is a statistic over the simulated paths at a given month (the chance of being in
profit, the chance of reaching a follower count, the median hourly wage) and a threshold it
must reach. The search runs every candidate on the same seed, so the statistic moves because
of the lever, not the luck, and is close to monotone in most levers. It bisects on the
lever's step grid between the current value and a range end that meets the target; when
neither end does (the statistic is not monotone), it falls back to a grid over the range and,
if no grid point meets the target, climbs towards the highest point seen (a narrow peak).
The value returned is always one that was simulated and met the target.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from sim.model.metrics import Status
from sim.model.results import Results, works_out
from sim.model.scenario import Scenario, field_range

GoalKind = Literal["success_chance", "profit_chance", "followers_chance", "hourly_wage"]
LimitKind = Literal["none", "burnout", "quit"]
GOAL_LABELS: dict[str, str] = {
    "success_chance": "Chance it works out (your own measure, still creating)",
    "profit_chance": "Chance of being in profit",
    "followers_chance": "Chance of reaching a follower count",
    "hourly_wage": "Median hourly wage",
}
_TOLERANCE = 1e-12


@dataclass(frozen=True)
class Goal:
    """A target: ``measure(results) >= target`` at ``month``, optionally within a limit on the
    share of futures that burn out or quit (``limit_kind``, ``limit``).

    - ``success_chance``: share of paths in profit at ``month`` and still creating (not quit);
      ``target`` is a probability. A plan never meets it by having more futures give up.
    - ``profit_chance``: share of paths with cumulative net cash > 0 at ``month``;
      ``target`` is a probability.
    - ``followers_chance``: share of paths with at least ``followers`` at ``month``;
      ``target`` is a probability.
    - ``hourly_wage``: median over paths of net cash per creator hour up to ``month``;
      ``target`` is in USD/hour.
    """

    kind: GoalKind
    month: int
    target: float
    followers: float = 0.0
    limit_kind: LimitKind = "none"
    limit: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in GOAL_LABELS:
            raise ValueError(f"unknown goal {self.kind!r}")
        if not 1 <= self.month <= 60:
            raise ValueError(f"month must be between 1 and 60, got {self.month}")
        if self.kind != "hourly_wage" and not 0.0 <= self.target <= 1.0:
            raise ValueError(f"a chance must be between 0 and 1, got {self.target}")
        if not math.isfinite(self.target) or self.followers < 0:
            raise ValueError("target must be finite and followers non-negative")
        if self.limit_kind not in ("none", "burnout", "quit") or not 0.0 <= self.limit <= 1.0:
            raise ValueError("a limit is on burnout or quitting, a share between 0 and 1")

    def describe(self) -> str:
        text = self._describe_target()
        if self.limit_kind != "none":
            what = "burn out" if self.limit_kind == "burnout" else "quit"
            text += f", with at most {self.limit:.0%} of futures that {what}"
        return text

    def _describe_target(self) -> str:
        if self.kind == "success_chance":
            return f"a {self.target:.0%} chance that it works out by month {self.month}"
        if self.kind == "profit_chance":
            return f"a {self.target:.0%} chance of being in profit by month {self.month}"
        if self.kind == "followers_chance":
            return (
                f"a {self.target:.0%} chance of {self.followers:,.0f} followers "
                f"by month {self.month}"
            )
        return f"a median hourly wage of ${self.target:,.2f} by month {self.month}"


def limit_share(results: Results, goal: Goal) -> float:
    """Share of futures that burn out (an episode) or quit by the goal's month."""
    m = min(goal.month, results.months)
    if goal.limit_kind == "quit":
        return float((results.monthly["status"][:, m] == Status.QUIT).mean())
    if goal.limit_kind == "burnout":
        return float(results.ever_burnout.mean())
    return 0.0


def measure(results: Results, goal: Goal) -> float:
    """The goal's statistic in one run (at ``goal.month``, or the horizon if earlier).

    A run over the goal's limit on burnout or quitting is pushed below the target (by how far
    it is over), so it never meets the goal and the search still sees which way is better."""
    return within_limit(_statistic(results, goal), limit_share(results, goal), goal)


def raw_measures(results: Results, goal: Goal) -> tuple[float, float]:
    """(statistic, share over the limit's kind) before the limit is applied: what a cache can
    keep whatever the target and the limit (apply them with ``within_limit``)."""
    return _statistic(results, goal), limit_share(results, goal)


def within_limit(value: float, share: float, goal: Goal) -> float:
    """The statistic, pushed below the target when ``share`` is over the goal's limit."""
    if goal.limit_kind != "none":
        over = share - goal.limit
        if over > _TOLERANCE:
            return min(value, goal.target - 1e-6 - over)
    return value


def _statistic(results: Results, goal: Goal) -> float:
    m = min(goal.month, results.months)
    if goal.kind == "success_chance":
        return float(works_out(results.monthly, m).mean())
    if goal.kind == "profit_chance":
        return float((results.monthly["cumulative_net_usd"][:, m] > 0).mean())
    if goal.kind == "followers_chance":
        return float((results.monthly["followers"][:, m] >= goal.followers).mean())
    net = results.monthly["cumulative_net_usd"][:, m].astype(np.float64)
    hours = results.monthly["creator_hours"][:, 1 : m + 1].sum(axis=1, dtype=np.float64)
    wage = np.divide(net, hours, out=np.zeros_like(net), where=hours > 0)
    return float(np.median(wage))


def meets(value: float, target: float) -> bool:
    return value >= target - _TOLERANCE


def goal_scenario(scenario: Scenario, goal: Goal) -> Scenario:
    """The scenario simulated only up to the goal's month.

    The engine is causal (nothing before month m depends on the horizon), so month m of a
    shorter run equals month m of the full one; the test suite checks this.
    """
    return scenario.model_copy(update={"months": goal.month})


def with_lever(scenario: Scenario, lever: str, value: float) -> Scenario:
    """A validated copy of ``scenario`` with ``lever`` set to ``value``."""
    annotation = Scenario.model_fields[lever].annotation
    cast: Any = round(value) if annotation is int else float(value)
    return Scenario.model_validate({**scenario.model_dump(), lever: cast})


def lever_step(lever: str) -> float:
    """The schema's step for a lever (1 for integers without one)."""
    extra = Scenario.model_fields[lever].json_schema_extra
    step = extra.get("step") if isinstance(extra, dict) else None
    if isinstance(step, int | float) and step > 0:
        return float(step)
    return 1.0


@dataclass(frozen=True)
class SeekPoint:
    """One simulated candidate: the lever's value, the statistic, whether it met."""

    value: float
    measured: float
    met: bool


@dataclass(frozen=True)
class Search:
    """The outcome of a one-dimensional search on a step grid."""

    value: float | None
    """The value nearest the start that met the target, or None if none in range did."""
    met: bool
    start_met: bool
    curve: tuple[SeekPoint, ...]
    """Every point simulated, sorted by value."""
    method: Literal["start", "bisection", "grid", "none"]

    @property
    def best(self) -> SeekPoint:
        """The point with the highest statistic (what came closest if nothing met)."""
        return max(self.curve, key=lambda p: p.measured)


def seek(
    statistic: Callable[[float], float],
    target: float,
    lo: float,
    hi: float,
    *,
    start: float,
    step: float,
    max_evals: int = 24,
    grid_points: int = 9,
    on_eval: Callable[[int, int, float], None] | None = None,
) -> Search:
    """Find the value of ``x`` in [lo, hi], on the grid ``lo + k * step``, nearest to
    ``start`` with ``statistic(x) >= target``.

    Monotone bisection between ``start`` and a range end that meets the target; a grid of
    ``grid_points`` when neither end does, then a climb towards the highest point seen. At
    most ``max_evals`` calls of ``statistic``; ``on_eval(done, max_evals, x)`` is called after
    each.
    """
    if not hi >= lo:
        raise ValueError(f"empty range [{lo}, {hi}]")
    if step <= 0:
        raise ValueError("step must be positive")
    n = max(math.floor((hi - lo) / step + 1e-9), 0)
    values = {i: (hi if i == n else lo + i * step) for i in (0, n)}
    memo: dict[int, float] = {}

    def value_of(i: int) -> float:
        return values.get(i, lo + i * step)

    def f(i: int) -> float:
        if i not in memo:
            memo[i] = statistic(value_of(i))
            if on_eval is not None:
                on_eval(len(memo), max_evals, value_of(i))
        return memo[i]

    def ok(i: int) -> bool:
        return meets(f(i), target)

    def budget() -> bool:
        return len(memo) < max_evals

    def bisect(bad: int, good: int) -> int:
        """Narrow (bad, good) to adjacent grid points; ``good`` always met."""
        while abs(good - bad) > 1 and budget():
            mid = (bad + good) // 2
            if ok(mid):
                good = mid
            else:
                bad = mid
        return good

    def climb() -> int | None:
        """Narrow in on the highest point seen (a peak between grid points) until a point
        meets the target or the budget runs out."""
        while budget():
            pts = sorted(memo)
            top = max(pts, key=lambda i: (memo[i], -abs(i - i0)))
            k = pts.index(top)
            probes = []
            if k > 0 and top - pts[k - 1] > 1:
                probes.append((top + pts[k - 1]) // 2)
            if k + 1 < len(pts) and pts[k + 1] - top > 1:
                probes.append((top + pts[k + 1] + 1) // 2)
            if not probes:
                return None
            for i in probes:
                if not budget():
                    break
                if ok(i):
                    return i
        return None

    def result(index: int | None, method: Literal["start", "bisection", "grid", "none"]) -> Search:
        curve = tuple(SeekPoint(value_of(i), memo[i], meets(memo[i], target)) for i in sorted(memo))
        value = None if index is None else value_of(index)
        return Search(value, index is not None, start_index_met, curve, method)

    i0 = min(max(round((min(max(start, lo), hi) - lo) / step), 0), n)
    start_index_met = ok(i0)
    if start_index_met:
        # still simulate the ends, so the curve shows the whole range
        f(0)
        f(n)
        return result(i0, "start")

    ends = [e for e in (0, n) if e != i0 and ok(e)]
    if ends:
        found = [bisect(i0, e) for e in ends]
        return result(min(found, key=lambda i: abs(i - i0)), "bisection")

    interior = sorted({round(k * n / (grid_points + 1)) for k in range(1, grid_points + 1)})
    for i in interior:
        if not budget():
            break
        f(i)
    good = [i for i in memo if meets(memo[i], target)]
    if not good:
        climbed = climb()
        if climbed is None:
            return result(None, "none")
        good = [climbed]
    nearest = min(good, key=lambda i: abs(i - i0))
    # the closest simulated point towards the start that did not meet
    toward = [i for i in memo if not meets(memo[i], target) and (i - nearest) * (i0 - nearest) > 0]
    if toward:
        bad = min(toward, key=lambda i: abs(i - nearest))
        nearest = bisect(bad, nearest)
    return result(nearest, "grid")


@dataclass(frozen=True)
class SeekResult:
    """What a lever would need to be for a goal, and how the search got there."""

    lever: str
    goal: Goal
    lo: float
    hi: float
    current_value: float
    search: Search
    paths: int
    seed: int

    @property
    def value(self) -> float | None:
        return self.search.value

    @property
    def met(self) -> bool:
        return self.search.met


def what_would_it_take(
    scenario: Scenario,
    lever: str,
    goal: Goal,
    *,
    paths: int = 500,
    seed: int = 42,
    lo: float | None = None,
    hi: float | None = None,
    measure_scenario: Callable[[Scenario], float] | None = None,
    max_evals: int = 24,
    on_eval: Callable[[int, int, float], None] | None = None,
) -> SeekResult:
    """Search ``lever`` over [lo, hi] (default: the schema's range) for ``goal``.

    ``measure_scenario`` maps a candidate scenario to the goal's statistic; by default it
    simulates ``paths`` paths with ``seed`` (pass a cached version from an app).
    """
    f_lo, f_hi = field_range(lever)
    lo = f_lo if lo is None else max(lo, f_lo)
    hi = f_hi if hi is None else min(hi, f_hi)
    base = goal_scenario(scenario, goal)
    current = float(getattr(scenario, lever))

    if measure_scenario is None:
        from sim.model.simulate import simulate

        def run(sc: Scenario) -> float:
            return measure(simulate(sc, paths, seed), goal)

        measure_scenario = run
    evaluate = measure_scenario

    def statistic(x: float) -> float:
        return evaluate(with_lever(base, lever, x))

    search = seek(
        statistic,
        goal.target,
        lo,
        hi,
        start=current,
        step=lever_step(lever),
        max_evals=max_evals,
        on_eval=on_eval,
    )
    return SeekResult(lever, goal, lo, hi, current, search, paths, seed)
