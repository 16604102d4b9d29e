"""What the model says for a population, one named statistic per survey question.

Each statistic reads a pooled ``PopulationRun`` (and the target, for its thresholds) and
returns one number comparable with the published figure. The names are the vocabulary of
``targets.toml``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.calibration.populations import PopulationRun
from sim.calibration.rows import Target
from sim.model.engine import calendar_month
from sim.model.metrics import INCOME_CASH_STREAMS, Status

Statistic = Callable[[PopulationRun, Target], float]
STATISTICS: dict[str, Statistic] = {}


def statistic(fn: Statistic) -> Statistic:
    STATISTICS[fn.__name__] = fn
    return fn


def _months(run: PopulationRun) -> int:
    return run.population.months


def _cash_income(run: PopulationRun) -> NDArray[np.float64]:
    """(path, month) cash income from every stream."""
    m = run.monthly
    total = np.zeros_like(m["income_cash_sponsorship_usd"], dtype=np.float64)
    for s in INCOME_CASH_STREAMS:
        total += m[f"income_cash_{s}_usd"]
    return total


def _last12(values: NDArray[Any]) -> NDArray[np.float64]:
    """Per path: the sum over the last 12 months (all months if fewer)."""
    months = values.shape[1] - 1
    out: NDArray[np.float64] = values[:, max(1, months - 11) :].sum(axis=1, dtype=np.float64)
    return out


def _threshold(t: Target) -> float:
    if t.threshold_usd is None:
        raise ValueError(f"target {t.id} needs threshold_usd")
    return t.threshold_usd


def _median_month(first: NDArray[np.float64], months: int) -> float:
    """Median of first months (inf = never); never is reported as months + 1."""
    value = float(np.quantile(first, 0.5, method="inverted_cdf")) if first.size else math.inf
    return float(months + 1) if math.isinf(value) else value


def _first_month(hit: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Per path: the first month (1-based column) where ``hit`` is true; inf if never."""
    any_hit = hit.any(axis=1)
    first = np.argmax(hit, axis=1).astype(np.float64) + 1.0
    return np.where(any_hit, first, np.inf)


# --- deals and income ---------------------------------------------------------------------


@statistic
def share_no_deal(run: PopulationRun, t: Target) -> float:
    """No brand deal at all, paid or gifted, over the horizon."""
    m = run.monthly
    deals = m["deals_paid"].sum(axis=1) + m["deals_gifted"].sum(axis=1)
    return float((deals == 0).mean())


@statistic
def share_paid_deal(run: PopulationRun, t: Target) -> float:
    """At least one paid deal over the horizon."""
    return float((run.monthly["deals_paid"].sum(axis=1) > 0).mean())


@statistic
def share_no_cash_income(run: PopulationRun, t: Target) -> float:
    """Under $10 of cash from creating over the horizon ('earned nothing')."""
    return float((_cash_income(run)[:, 1:].sum(axis=1) < 10.0).mean())


@statistic
def share_part_time(run: PopulationRun, t: Target) -> float:
    """Share of simulated creators on a part-time plan (a population input)."""
    part = np.array([v.part_time for v in run.variants])
    return float(part[run.variant_of_path].mean())


@statistic
def share_gross_income_last12_above(run: PopulationRun, t: Target) -> float:
    return float((_last12(_cash_income(run)) > _threshold(t)).mean())


@statistic
def share_gross_income_last12_below(run: PopulationRun, t: Target) -> float:
    return float((_last12(_cash_income(run)) < _threshold(t)).mean())


def _earners(run: PopulationRun) -> NDArray[np.float64]:
    income = _last12(_cash_income(run))
    return income[income >= 10.0]


@statistic
def share_gross_income_last12_below_among_earners(run: PopulationRun, t: Target) -> float:
    income = _earners(run)
    return float((income < _threshold(t)).mean()) if income.size else 0.0


@statistic
def share_gross_income_last12_above_among_earners(run: PopulationRun, t: Target) -> float:
    income = _earners(run)
    return float((income > _threshold(t)).mean()) if income.size else 0.0


@statistic
def share_gross_income_last12_between_among_earners(run: PopulationRun, t: Target) -> float:
    income = _earners(run)
    if t.threshold_high_usd is None:
        raise ValueError(f"target {t.id} needs threshold_high_usd")
    inside = (income >= _threshold(t)) & (income < t.threshold_high_usd)
    return float(inside.mean()) if income.size else 0.0


@statistic
def share_collab_income_last12_below(run: PopulationRun, t: Target) -> float:
    """Paid brand deals booked over the last 12 months below the threshold."""
    booked = _last12(run.monthly["income_booked_sponsorship_usd"])
    return float((booked < _threshold(t)).mean())


@statistic
def median_deals_per_month_last12(run: PopulationRun, t: Target) -> float:
    """Median over paths of brand deals (paid and gifted) a month over the last 12 months."""
    m = run.monthly
    deals = _last12(m["deals_paid"]) + _last12(m["deals_gifted"])
    return float(np.median(deals / min(12, _months(run))))


@statistic
def median_month_first_cash(run: PopulationRun, t: Target) -> float:
    """Median month of the first cash from creating (never = horizon + 1)."""
    return _median_month(_first_month(_cash_income(run)[:, 1:] > 0), _months(run))


@statistic
def median_month_income_reaches(run: PopulationRun, t: Target) -> float:
    """Median first month when three-month average cash income reaches the threshold."""
    income = _cash_income(run)[:, 1:]
    kernel = np.ones(3) / 3.0
    smooth = np.apply_along_axis(lambda r: np.convolve(r, kernel)[: r.size], 1, income)
    return _median_month(_first_month(smooth >= _threshold(t)), _months(run))


# --- fees -----------------------------------------------------------------------------------


@statistic
def share_fees_below(run: PopulationRun, t: Target) -> float:
    """Share of paid deals with a fee below the threshold."""
    fees = run.fees.fee_usd
    return float((fees < _threshold(t)).mean()) if fees.size else math.nan


@statistic
def log10_median_fee(run: PopulationRun, t: Target) -> float:
    fees = run.fees.fee_usd
    return float(np.log10(max(np.median(fees), 1e-9))) if fees.size else math.nan


@statistic
def log10_top_decile_mean_fee(run: PopulationRun, t: Target) -> float:
    """log10 of the mean fee of the top tenth of paid deals (marketplace-style averages)."""
    fees = run.fees.fee_usd
    if not fees.size:
        return math.nan
    top = fees[fees >= np.quantile(fees, 0.9)]
    return float(np.log10(max(top.mean(), 1e-9)))


@statistic
def share_deal_value_nov_dec(run: PopulationRun, t: Target) -> float:
    """Share of the first year's paid deal value booked in November and December."""
    booked = run.monthly["income_booked_sponsorship_usd"][:, 1:13]
    starts = np.array([v.scenario.start_month for v in run.variants])[run.variant_of_path]
    month = np.arange(1, booked.shape[1] + 1)
    cal = np.array([[calendar_month(int(s), int(m)) for m in month] for s in np.unique(starts)])
    lookup = {int(s): row for s, row in zip(np.unique(starts), cal, strict=True)}
    in_q4 = np.stack([np.isin(lookup[int(s)], (11, 12)) for s in starts])
    total = booked.sum()
    return float((booked * in_q4).sum() / total) if total > 0 else math.nan


# --- audience -------------------------------------------------------------------------------


@statistic
def median_monthly_growth(run: PopulationRun, t: Target) -> float:
    """Median monthly follower growth over the horizon of accounts still going."""
    f = run.monthly["followers"].astype(np.float64)
    going = run.monthly["status"][:, -1] != Status.QUIT
    start, end = f[going, 0], f[going, -1]
    growth = np.power(np.maximum(end, 1.0) / np.maximum(start, 1.0), 1.0 / _months(run)) - 1.0
    return float(np.median(growth)) if growth.size else math.nan


@statistic
def median_engagement(run: PopulationRun, t: Target) -> float:
    """Median engagement rate in the first month (per follower; YouTube per view)."""
    return float(np.median(run.monthly["engagement_rate"][:, 1]))


# --- burnout --------------------------------------------------------------------------------


@statistic
def share_strain(run: PopulationRun, t: Target) -> float:
    """Worn down to what surveys call burnout, at least once."""
    return float(run.ever_strain.mean())


@statistic
def share_burnout_episode(run: PopulationRun, t: Target) -> float:
    """A burnout episode that stopped posting, at least once."""
    return float(run.ever_burnout.mean())


def _value(t: Target) -> float:
    if t.threshold is None:
        raise ValueError(f"target {t.id} needs threshold")
    return t.threshold


def _hours_per_active_week(run: PopulationRun) -> NDArray[np.float64]:
    """Per path: creator hours a week over the weeks spent creating (rest and after stopping
    left out, as a survey asks people about the weeks they create)."""
    m = run.monthly
    hours = m["creator_hours"][:, 1:].sum(axis=1, dtype=np.float64)
    weeks = m["active_weeks"][:, 1:].sum(axis=1, dtype=np.float64)
    out: NDArray[np.float64] = np.divide(hours, weeks, out=np.zeros_like(hours), where=weeks > 0)
    return out


@statistic
def share_quit_by_month(run: PopulationRun, t: Target) -> float:
    """Stopped for good by month ``threshold`` (quitting, by burnout or a stop rule)."""
    month = min(int(_value(t)), _months(run))
    return float((run.monthly["status"][:, month] == Status.QUIT).mean())


@statistic
def share_hours_at_least(run: PopulationRun, t: Target) -> float:
    """Creating at least ``threshold`` hours a week, over the weeks spent creating."""
    return float((_hours_per_active_week(run) >= _value(t)).mean())


@statistic
def median_creator_hours_per_week(run: PopulationRun, t: Target) -> float:
    """Median creator hours a week, over the weeks spent creating."""
    return float(np.median(_hours_per_active_week(run)))


@statistic
def share_income_reaches_among_going(run: PopulationRun, t: Target) -> float:
    """Among creators still going at the horizon: three-month average cash income at least
    ``threshold_usd`` a month at the end (a survey of those who stayed)."""
    cash = _cash_income(run)[:, -3:].mean(axis=1)
    going = run.monthly["status"][:, -1] != Status.QUIT
    return float((cash[going] >= _threshold(t)).mean()) if going.any() else 0.0


@statistic
def share_creator_income_over_half(run: PopulationRun, t: Target) -> float:
    """Creating brings more than half of the person's income over the last 12 months (cash
    income from creating against the day job's pay)."""
    creating = _last12(_cash_income(run))
    job = _last12(run.monthly["job_pay_usd"])
    return float((creating > job).mean())


# --- platform programmes, checked from the monthly records -----------------------------------


def _paid_before(
    run: PopulationRun, met: Callable[[PopulationRun, Any], NDArray[np.bool_]]
) -> float:
    """Share of paths booking platform money in a month before the rule was ever met."""
    paid = run.monthly["income_booked_platform_usd"][:, 1:] > 0
    ok_by = np.zeros_like(paid)
    for i, v in enumerate(run.variants):
        rows = run.variant_of_path == i
        ok_by[rows] = np.maximum.accumulate(met(run.subset(np.flatnonzero(rows)), v.scenario), 1)
    return float((paid & ~ok_by).any(axis=1).mean())


def _window(values: NDArray[np.float64], months: int, before: float = 0.0) -> NDArray[np.float64]:
    """Per month (1..M): the sum over the last ``months`` months, inclusive; months before the
    plan count ``before`` each (an existing account's history)."""
    history = np.full((values.shape[0], months), before)
    cum = np.cumsum(np.concatenate([history, values], axis=1), axis=1)
    out: NDArray[np.float64] = (cum[:, months:] - cum[:, :-months])[:, : values.shape[1]]
    return out


def _views_before(sc: Any) -> float:
    """Views a month of an existing account before the plan: its posts at today's pace and
    their back catalogue, as the engine starts it (``State.start_catalogue``)."""
    weekly = sc.start_followers * sc.views_per_follower_per_post * sc.posts_per_week
    return float(weekly * (1.0 + sc.catalogue_views_multiple) * 52.0 / 12.0)


def _followers_met(run: PopulationRun, threshold: float) -> NDArray[np.bool_]:
    # the rule is applied weekly; month-end counts can sit a little either side of it
    f = run.monthly["followers"].astype(np.float64)
    best = np.maximum(f[:, 1:], f[:, :-1])
    out: NDArray[np.bool_] = best >= 0.95 * threshold
    return out


def _youtube_met(run: PopulationRun, sc: Any) -> NDArray[np.bool_]:
    views = run.monthly["views"][:, 1:].astype(np.float64)
    before = _views_before(sc)
    # windows one month wider than the rule's, for weeks that straddle month ends
    hours = _window(views, 13, before) * sc.watch_minutes_per_view / 60.0
    shorts = _window(views, 4, before)
    route = (hours >= 4000.0) | (shorts >= 10_000_000.0)
    out: NDArray[np.bool_] = _followers_met(run, 1000.0) & route
    return out


def _tiktok_met(run: PopulationRun, sc: Any) -> NDArray[np.bool_]:
    views = run.monthly["views"][:, 1:].astype(np.float64)
    recent = _window(views, 2, _views_before(sc))
    out: NDArray[np.bool_] = _followers_met(run, 10_000.0) & (recent >= 100_000.0)
    return out


@statistic
def share_paid_before_youtube_rule(run: PopulationRun, t: Target) -> float:
    return _paid_before(run, _youtube_met)


@statistic
def share_paid_before_tiktok_rule(run: PopulationRun, t: Target) -> float:
    return _paid_before(run, _tiktok_met)


@statistic
def platform_usd_per_1000_qualified_views(run: PopulationRun, t: Target) -> float:
    """Programme pay per 1,000 qualified views, over months spent wholly in the programme."""
    m = run.monthly
    inside = (m["platform_eligible"][:, 1:] > 0) & (m["platform_eligible"][:, :-1] > 0)
    share = np.array([v.scenario.payout_qualifying_view_share for v in run.variants])
    qualified = m["views"][:, 1:].astype(np.float64) * share[run.variant_of_path][:, None]
    views = (qualified * inside).sum()
    paid = (m["income_booked_platform_usd"][:, 1:] * inside).sum()
    return float(paid / views * 1000.0) if views > 0 else math.nan


@statistic
def share_platform_paid(run: PopulationRun, t: Target) -> float:
    """Share of paths the platform paid anything."""
    return float((run.monthly["income_booked_platform_usd"].sum(axis=1) > 0).mean())
