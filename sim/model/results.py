"""Results of a run: monthly per-path metrics, sample diaries, and the summary with a verdict.

Percentiles lead, not means: creator outcomes are long-tailed, and a mean dragged up by one
viral future would flatter everyone else.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.model.diary import Diary
from sim.model.format import money, pct
from sim.model.metrics import COST_KINDS, INCOME_CASH_STREAMS, METRIC_BY_NAME, STATUS_LABELS, Status
from sim.model.scenario import Scenario

QUANTILES: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)
PathChoice = Literal["worst", "median", "best", "random"]


def qname(q: float) -> str:
    """Column name of a quantile: 0.1 -> 'p10'."""
    return f"p{round(q * 100):d}"


@dataclass(frozen=True)
class Summary:
    """Scenario-level figures over all paths. Money in USD, hours in hours."""

    paths: int
    months: int
    seed: int
    model_version: int
    preset_version: int
    p_success: float
    """Share of futures that meet the person's own measure of "pays off" (``goal``) at the
    horizon while still creating (``succeeds``)."""
    p_profitable: float
    p_break_even: float
    break_even_month_p25: float | None
    break_even_month_p50: float | None
    break_even_month_p75: float | None
    net_profit_usd_p10: float
    net_profit_usd_p50: float
    net_profit_usd_p90: float
    hourly_wage_usd_p10: float
    hourly_wage_usd_p50: float
    hourly_wage_usd_p90: float
    day_job_wage_usd_per_hour: float
    followers_p10: float
    followers_p50: float
    followers_p90: float
    p_burnout: float
    p_strain: float
    p_quit: float
    p_paid_deal: float
    p_platform_paid: float
    gifted_value_usd_p50: float
    max_out_of_pocket_usd_p50: float
    max_out_of_pocket_usd_p90: float
    creator_hours_p50: float
    creator_hours_per_week_p50: float
    total_hours_per_week_p50: float
    cash_income_usd_p50: float
    costs_usd_p50: float
    goal: str = "pays_for_itself"
    """The measure ``p_success`` used (``Scenario.goal``)."""
    goal_target_usd_per_month: float = 0.0
    """The side income asked for, or the living costs to cover (0 for pays-for-itself)."""
    p_quit_in_profit: float = 0.0
    """Share of futures that stopped for good with their money in profit (at least even) at
    the horizon: stopping, not money, is what failed them."""
    p_savings_ran_out: float = 0.0
    """Share of futures whose savings ran out at some month-end (a living's measure)."""
    owed_at_horizon_usd_p50: float = 0.0
    """Fees and payouts still owed at the horizon, in the median future (not yet cash)."""
    community_per_week_p50: float = 0.0
    """People who engage each week at the horizon, in the median future."""
    p_success_model_p10: float | None = None
    """``p_success`` with the model's own parameters at the 10th percentile of their posterior
    draws (the answer's low end from what the surveys leave open, not from luck); None when
    the run did not draw them."""
    p_success_model_p90: float | None = None
    verdict: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pct(values: NDArray[Any], q: float) -> float:
    return float(np.quantile(values, q))


def _median_month(months: NDArray[np.float64], q: float) -> float | None:
    """Quantile of break-even months where 'never' is +inf; None when it lands on never."""
    value = float(np.quantile(months, q, method="inverted_cdf"))
    return None if math.isinf(value) else value


def break_even_months(cumulative: NDArray[np.float64]) -> NDArray[np.float64]:
    """First month (>= 1) whose cumulative net cash is >= 0 and stays so to the horizon;
    +inf for paths that end out of pocket."""
    negative = cumulative[:, 1:] < 0
    months = cumulative.shape[1] - 1
    # last month that is still negative; break-even is the month after it
    last_negative = np.where(negative.any(axis=1), months - np.argmax(negative[:, ::-1], axis=1), 0)
    out = (last_negative + 1).astype(np.float64)
    out[last_negative >= months] = np.inf
    return out


def out_of_pocket(cumulative: NDArray[np.float64]) -> NDArray[np.float64]:
    """Deepest point of cumulative net cash below zero, as a positive amount."""
    deepest: NDArray[np.float64] = np.maximum(-cumulative.min(axis=1), 0.0)
    return deepest


GOAL_WINDOW_MONTHS = 3
"""A side income or a living is judged on the plan's last three months: one lucky month is
not an income, and a deal paid late is not a missed one."""


def _window(month: int, months: int) -> slice:
    """The last ``GOAL_WINDOW_MONTHS`` months up to ``month`` (never month 0, the set-up)."""
    end = months + 1 + month if month < 0 else month
    end = min(end, months)
    return slice(max(1, end - GOAL_WINDOW_MONTHS + 1), end + 1)


def works_out(
    monthly: dict[str, NDArray[Any]], month: int = -1, scenario: Scenario | None = None
) -> NDArray[np.bool_]:
    """Per path: the person's measure of "pays off" met at ``month`` (default the horizon)
    while still creating then (``scenario.goal``; without a scenario, pays for itself).

    - pays for itself: cumulative net cash at least 0 (plus fees still owed, if the person
      counts them);
    - a side income: net cash a month, on average over the last three months, at least the
      amount asked for;
    - a living: net cash plus the day job's pay, on average over the last three months, at
      least the living costs, with savings never below 0 at any month-end up to then.

    Stopping stops the costs, so a future that gave up can look richer than one that kept
    going; it never counts as a success.
    """
    goal = scenario.goal if scenario is not None else "pays_for_itself"
    months = monthly["cumulative_net_usd"].shape[1] - 1
    going = monthly["status"][:, month] != Status.QUIT
    owed = (
        monthly["receivables_usd"][:, month].astype(np.float64)
        if scenario is not None and scenario.count_owed_at_horizon
        else 0.0
    )
    window = _window(month, months)
    if goal == "pays_for_itself":
        met = monthly["cumulative_net_usd"][:, month] + owed >= 0
    elif goal == "side_income":
        assert scenario is not None
        earned = monthly["net_cash_usd"][:, window].astype(np.float64).mean(axis=1)
        span = window.stop - window.start
        met = earned + owed / span >= scenario.goal_usd_per_month
    else:
        assert scenario is not None
        income = (monthly["net_cash_usd"] + monthly["job_pay_usd"])[:, window]
        covered = income.astype(np.float64).mean(axis=1) >= scenario.living_costs_usd_per_month
        lasted = monthly["savings_usd"][:, 1 : window.stop].min(axis=1, initial=0.0) >= 0
        met = covered & lasted
    out: NDArray[np.bool_] = np.asarray(met & going, dtype=np.bool_)
    return out


def goal_words(s: Summary, *, third_person: bool = False) -> str:
    """What the verdict's chance is the chance of, in words: 'pay for itself' (or, with
    ``third_person``, 'pays for itself')."""
    verb = {
        "side_income": ("bring", "brings"),
        "living": ("cover", "covers"),
    }.get(s.goal, ("pay", "pays"))[1 if third_person else 0]
    if s.goal == "side_income":
        return (
            f"{verb} you at least {money(s.goal_target_usd_per_month)} a month (on average "
            "over the last three months)"
        )
    if s.goal == "living":
        return (
            f"{verb} your {money(s.goal_target_usd_per_month)} a month of living costs (with "
            "the day job's pay for the hours you keep) without your savings running out"
        )
    return f"{verb} for itself"


def _fraction_words(p: float) -> str:
    """'7 of 10' for a probability; 'nearly all' or 'almost none' at the extremes."""
    tenths = round(p * 10)
    if tenths >= 10 and p < 1:
        return f"nearly all ({pct(p)})"
    if tenths <= 0 < p:
        return f"almost none ({pct(p)})"
    return f"{tenths} of 10"


def verdict(s: Summary) -> str:
    """A plain-language answer built only from the summary's figures.

    It leads with the chance the plan works out (in profit at the horizon *and* still
    creating), so a plan never reads better because more of its futures gave up.
    """
    months = f"{s.months} month{'s' if s.months != 1 else ''}"
    fails = f"after {months} it does not {goal_words(s)}, or you have stopped"
    works = f"after {months} it {goal_words(s, third_person=True)}, and you are still creating"
    if s.p_success <= 0:
        head = f"This plan works out in none of the simulated futures: {fails}"
    elif s.p_success >= 1:
        head = f"This plan works out in every simulated future: {works}"
    elif s.p_success < 0.5:
        head = (
            f"In {_fraction_words(1 - s.p_success)} simulated futures this plan does not work "
            f"out: {fails}"
        )
    else:
        head = f"In {_fraction_words(s.p_success)} simulated futures this plan works out: {works}"
    wage = (
        f"the median hour pays {money(s.hourly_wage_usd_p50, cents=True)} "
        f"(your day job pays {money(s.day_job_wage_usd_per_hour, cents=True)})"
    )
    parts = [f"{head}; {wage}."]
    if s.break_even_month_p50 is not None:
        parts.append(f"The median future breaks even in month {s.break_even_month_p50:.0f}.")
    if s.max_out_of_pocket_usd_p90 > 0:
        parts.append(
            f"You need to be able to lose {money(s.max_out_of_pocket_usd_p90)}: "
            f"9 futures in 10 never go deeper out of pocket than that."
        )
    failing = 1.0 - s.p_success
    if s.p_quit >= 0.05 and s.p_quit >= 0.5 * failing:
        in_profit = s.p_quit_in_profit / s.p_quit
        parts.append(
            f"Stopping is the main reason it fails: {pct(s.p_quit)} of futures stop for good, "
            + (
                "none of them in profit."
                if in_profit <= 0
                else f"{pct(in_profit)} of them in profit."
            )
        )
    elif s.p_quit >= 0.05:
        parts.append(f"{pct(s.p_quit)} of futures end with you stopping.")
    if s.goal == "living" and s.p_savings_ran_out >= 0.05:
        parts.append(f"In {pct(s.p_savings_ran_out)} of futures your savings run out.")
    if s.p_strain >= 0.05:
        parts.append(
            f"{pct(s.p_strain)} of futures wear you down to what surveys call burnout"
            + (f", and {pct(s.p_burnout)} to a break from posting." if s.p_burnout >= 0.01 else ".")
        )
    return " ".join(parts)


@dataclass(frozen=True)
class Results:
    """Everything one run produced. Pickles cleanly (numpy arrays and dataclasses)."""

    scenario: Scenario
    paths: int
    seed: int
    model_version: int
    preset_version: int
    monthly: dict[str, NDArray[Any]]
    ever_burnout: NDArray[np.bool_]
    ever_strain: NDArray[np.bool_]
    burnouts: NDArray[np.int64]
    diaries: dict[int, Diary]
    summary: Summary

    @property
    def months(self) -> int:
        return self.scenario.months

    # --- per-path outcomes ------------------------------------------------------------
    def final(self, metric: str) -> NDArray[Any]:
        """Each path's value in the last month."""
        return self.monthly[metric][:, -1]

    def total(self, metric: str) -> NDArray[np.float64]:
        """Each path's sum over all months."""
        summed: NDArray[np.float64] = self.monthly[metric].sum(axis=1, dtype=np.float64)
        return summed

    def break_even_months(self) -> NDArray[np.float64]:
        return break_even_months(self.monthly["cumulative_net_usd"])

    def works_out(self) -> NDArray[np.bool_]:
        """Per path: the person's measure met at the horizon, still creating (``works_out``)."""
        return works_out(self.monthly, scenario=self.scenario)

    def hourly_wage(self) -> NDArray[np.float64]:
        """Net profit per creator hour, per path (0 for paths that put in no hours)."""
        hours = self.total("creator_hours")
        net = self.final("cumulative_net_usd")
        wage: NDArray[np.float64] = np.divide(net, hours, out=np.zeros_like(net), where=hours > 0)
        return wage

    def path_order(self) -> NDArray[np.int64]:
        """Path indices from worst to best final cumulative net cash (stable)."""
        return np.argsort(self.final("cumulative_net_usd"), kind="stable")

    def pick_path(self, which: PathChoice, rng_seed: int = 0) -> int:
        """The worst, median or best path by final cumulative net cash, or a random one."""
        order = self.path_order()
        if which == "worst":
            return int(order[0])
        if which == "best":
            return int(order[-1])
        if which == "median":
            return int(order[(len(order) - 1) // 2])
        return int(np.random.default_rng(rng_seed).integers(self.paths))

    # --- tables -------------------------------------------------------------------------
    def quantiles(self, metric: str, qs: tuple[float, ...] = QUANTILES) -> pd.DataFrame:
        """Monthly quantiles of one metric over paths: index month, columns p10..p90."""
        values = np.quantile(self.monthly[metric].astype(np.float64), qs, axis=0)
        frame = pd.DataFrame(values.T, columns=[qname(q) for q in qs])
        frame.index.name = "month"
        return frame

    def quantile_table(self, qs: tuple[float, ...] = QUANTILES) -> pd.DataFrame:
        """Long table: one row per metric and month, with quantiles and the mean."""
        rows = []
        for name, arr in self.monthly.items():
            if name == "status":
                continue
            data = arr.astype(np.float64)
            qv = np.quantile(data, qs, axis=0)
            mean = data.mean(axis=0)
            for month in range(arr.shape[1]):
                row: dict[str, Any] = {
                    "metric": name,
                    "unit": METRIC_BY_NAME[name].unit,
                    "month": month,
                }
                for i, q in enumerate(qs):
                    row[qname(q)] = float(qv[i, month])
                row["mean"] = float(mean[month])
                rows.append(row)
        return pd.DataFrame(rows)

    def status_shares(self) -> pd.DataFrame:
        """Share of paths active, resting and quit, by month."""
        status = self.monthly["status"]
        return pd.DataFrame(
            {STATUS_LABELS[s]: (status == s).mean(axis=0) for s in Status}
        ).rename_axis("month")

    def paths_frame(self, paths: list[int] | None = None) -> pd.DataFrame:
        """One row per path and month with every metric (the per-path export)."""
        idx = np.arange(self.paths) if paths is None else np.asarray(paths, dtype=np.int64)
        months = self.months + 1
        data: dict[str, Any] = {
            "path": np.repeat(idx, months),
            "month": np.tile(np.arange(months), len(idx)),
        }
        for name, arr in self.monthly.items():
            col = arr[idx].reshape(-1)
            if name == "status":
                data[name] = [STATUS_LABELS[Status(int(v))] for v in col]
            elif name.endswith("_usd"):
                data[name] = np.round(col.astype(np.float64), 2)
            else:
                data[name] = col.astype(np.float64)
        return pd.DataFrame(data)

    def income_and_costs(self) -> pd.DataFrame:
        """Median total over the horizon of each cash income stream and cost kind."""
        rows = []
        for s in INCOME_CASH_STREAMS:
            t = self.total(f"income_cash_{s}_usd")
            rows.append({"line": s, "kind": "income", "p50": _pct(t, 0.5), "mean": t.mean()})
        for c in COST_KINDS:
            t = self.total(f"cost_{c}_usd")
            rows.append({"line": c, "kind": "cost", "p50": _pct(t, 0.5), "mean": t.mean()})
        t = self.total("tax_usd")
        rows.append({"line": "tax", "kind": "cost", "p50": _pct(t, 0.5), "mean": t.mean()})
        return pd.DataFrame(rows)


MIN_PATHS_PER_DRAW = 10
"""A posterior draw lived in by fewer futures says too little to count in ``model_spread``."""


def model_spread(
    success: NDArray[np.bool_], posterior_row: NDArray[np.int64] | None
) -> tuple[float | None, float | None]:
    """The chance of success within each posterior draw, at its 10th and 90th percentile over
    the draws: how far the model's own uncertainty moves the answer (luck averaged within each
    draw). None for a run without posterior draws or with too few futures per draw."""
    if posterior_row is None or posterior_row.size != success.size or (posterior_row < 0).all():
        return None, None
    _, index = np.unique(posterior_row, return_inverse=True)
    counts = np.bincount(index)
    keep = counts >= MIN_PATHS_PER_DRAW
    if keep.sum() < 5:
        return None, None
    rates = np.bincount(index, weights=success.astype(np.float64))[keep] / counts[keep]
    return float(np.quantile(rates, 0.1)), float(np.quantile(rates, 0.9))


def summarise(
    scenario: Scenario,
    monthly: dict[str, NDArray[Any]],
    ever_burnout: NDArray[np.bool_],
    ever_strain: NDArray[np.bool_],
    paths: int,
    seed: int,
    model_version: int,
    preset_version: int,
    posterior_row: NDArray[np.int64] | None = None,
) -> Summary:
    """The scenario-level figures, computed from the per-path monthly arrays."""
    cumulative = monthly["cumulative_net_usd"]
    net = cumulative[:, -1]
    creator_hours = monthly["creator_hours"].sum(axis=1, dtype=np.float64)
    wage = np.divide(net, creator_hours, out=np.zeros_like(net), where=creator_hours > 0)
    be = break_even_months(cumulative)
    oop = out_of_pocket(cumulative)
    followers = monthly["followers"][:, -1].astype(np.float64)
    cash_in = sum(
        (monthly[f"income_cash_{s}_usd"].sum(axis=1) for s in INCOME_CASH_STREAMS),
        np.zeros(paths),
    )
    costs = sum((monthly[f"cost_{c}_usd"].sum(axis=1) for c in COST_KINDS), np.zeros(paths))
    from sim.model.engine import horizon_weeks

    weeks_total = float(max(horizon_weeks(scenario.months), 1))
    active_weeks = monthly["active_weeks"].sum(axis=1, dtype=np.float64)
    quit_ = monthly["status"][:, -1] == Status.QUIT
    owed = monthly["receivables_usd"][:, -1].astype(np.float64)
    goal_amount = {
        "side_income": scenario.goal_usd_per_month,
        "living": scenario.living_costs_usd_per_month,
    }.get(scenario.goal, 0.0)
    success = works_out(monthly, scenario=scenario)
    model_low, model_high = model_spread(success, posterior_row)
    partial = dict(
        paths=paths,
        months=scenario.months,
        seed=seed,
        model_version=model_version,
        preset_version=preset_version,
        p_success=float(success.mean()),
        p_profitable=float((net > 0).mean()),
        p_break_even=float(np.isfinite(be).mean()),
        break_even_month_p25=_median_month(be, 0.25),
        break_even_month_p50=_median_month(be, 0.5),
        break_even_month_p75=_median_month(be, 0.75),
        net_profit_usd_p10=_pct(net, 0.1),
        net_profit_usd_p50=_pct(net, 0.5),
        net_profit_usd_p90=_pct(net, 0.9),
        hourly_wage_usd_p10=_pct(wage, 0.1),
        hourly_wage_usd_p50=_pct(wage, 0.5),
        hourly_wage_usd_p90=_pct(wage, 0.9),
        day_job_wage_usd_per_hour=scenario.day_job_wage_usd_per_hour,
        followers_p10=_pct(followers, 0.1),
        followers_p50=_pct(followers, 0.5),
        followers_p90=_pct(followers, 0.9),
        p_burnout=float(ever_burnout.mean()),
        p_strain=float(ever_strain.mean()),
        p_quit=float((monthly["status"][:, -1] == Status.QUIT).mean()),
        p_paid_deal=float((monthly["deals_paid"].sum(axis=1) > 0).mean()),
        p_platform_paid=float((monthly["income_cash_platform_usd"].sum(axis=1) > 0).mean()),
        gifted_value_usd_p50=_pct(monthly["income_booked_gifted_usd"].sum(axis=1), 0.5),
        max_out_of_pocket_usd_p50=_pct(oop, 0.5),
        max_out_of_pocket_usd_p90=_pct(oop, 0.9),
        creator_hours_p50=_pct(creator_hours, 0.5),
        creator_hours_per_week_p50=_pct(
            np.divide(
                creator_hours,
                active_weeks,
                out=np.zeros_like(creator_hours),
                where=active_weeks > 0,
            ),
            0.5,
        ),
        total_hours_per_week_p50=_pct(monthly["total_hours"].sum(axis=1), 0.5) / weeks_total,
        cash_income_usd_p50=_pct(cash_in, 0.5),
        costs_usd_p50=_pct(costs, 0.5),
        goal=scenario.goal,
        goal_target_usd_per_month=goal_amount,
        p_quit_in_profit=float((quit_ & (net >= 0)).mean()),
        p_savings_ran_out=float(
            (monthly["savings_usd"][:, 1:].min(axis=1, initial=0.0) < 0).mean()
        ),
        owed_at_horizon_usd_p50=_pct(owed, 0.5),
        community_per_week_p50=_pct(monthly["engaged_people_per_week"][:, -1], 0.5),
        p_success_model_p10=model_low,
        p_success_model_p90=model_high,
        verdict="",
    )
    draft = Summary(**partial)  # type: ignore[arg-type]
    return Summary(**{**partial, "verdict": verdict(draft)})  # type: ignore[arg-type]
