"""Fitting the plan to a creator's own past weeks: growth, churn, noise, jumps, deals and fees.

A creator who has already started has evidence the tier averages lack. This module reads it
(``sim.history.read``), fits model version 2's own audience and deal equations to it, and returns
an ordinary ``Scenario`` whose ``start_followers`` is the last observed count, so the run,
every page, link and export work on a fitted plan unchanged. It imports no Streamlit.

How the fit works (and how it leans on the priors)
--------------------------------------------------
The counts are put on a weekly grid, counting back from the last observation (the last count
in each 7-day bin; a gap of more than ``MAX_GAP_WEEKS`` ends the usable history, shorter gaps
are one longer interval). ``screen`` then leaves out single counts far from both
neighbours (typos), starts the history after the last jump the account could not make (a
gain over ``JUMP_MARGIN`` times the model's largest week, or a loss of over half), and refuses
flat, all-zero, swinging or over-limit histories in one line. For each interval of ``k``
weeks starting at ``F`` followers the engine's audience step says

    weekly change d = A x u(F) x e  -  c x F

where ``u(F)`` is the median creator's gain from the plan's posts (``equations.gain_per_post``
times posts a week, with the preset's growth parameters), ``A`` this creator's growth level
relative to it, ``c`` the weekly churn and ``e`` the week's luck: mean-one log-normal with
log-sd ``sigma`` (an average over ``k`` weeks is narrower), plus, with probability
``1 - exp(-posts x p x k)``, a viral post whose Pareto(tail ``alpha``) jump adds
``(J - 1) / (posts x k)``. A week can also be a pause (no posts: the loss is
``rest_churn_multiplier x c x F``), or an outlier (anything at all, small weight), so one odd
week cannot drag the fit.

- **Growth level and churn** are fitted jointly on a grid of churn values. For each, EM over
  the mixture (ordinary, viral, pause, outlier) sorts the weeks; the level is then the mean
  gain ``(d + c F) / u`` of the weeks that are neither jumps nor outliers (losses included),
  so the trend follows the history's mean, not the shape the noise model assumes, and its
  standard error (autocorrelation counted) meets the prior as a conjugate normal on
  ``log A`` whose prior is the calibrated per-future spread, ``N(0, growth_creator_sigma^2)``:
  precision ``1/growth_creator_sigma^2 + 1/se^2``, so a few weeks barely move the prior and a
  year dominates it. The churn's posterior weight is the mixture likelihood at that churn
  (Laplace over the level), tempered by ``CHURN_EVIDENCE``, times its prior: log-normal around
  the preset's churn with log-sd ``CHURN_PRIOR_LOG_SD`` (the presets give one figure per
  platform and creators differ). Week-to-week correlation in the residuals (lag-1 ``rho``)
  counts as fewer independent weeks, ``n_eff = n (1 - rho) / (1 + rho)``.
- **Noise**: the ordinary weeks' spread around the level (the squared coefficient of
  variation of their gains, read as a mean-one log-normal's log-sd), shrunk to the preset's
  ``growth_noise_sigma`` with the weight of ``NOISE_PRIOR_WEEKS`` weeks. For the forecast it
  is widened by the same correlation, so that months spread as much as the history's did.
- **Jumps**: the expected number of viral weeks (EM responsibilities) and their sizes give
  conjugate Gamma posteriors for the chance per post (prior worth ``VIRAL_PRIOR_JUMPS`` jumps
  at the preset's rate) and for the Pareto tail (prior worth ``TAIL_PRIOR_JUMPS`` jumps).
- **Deals**: paid deals are Poisson with the engine's own expected rate for the median creator
  at each week's followers and season (``engine.paid_offers_per_month``) times this creator's
  deal level, whose prior is the calibrated per-future ``deal_rate_creator_sigma``; exact
  posterior on a grid. **Fees**: each paid fee, divided by the engine's size, niche, season and
  asking-price factors (a fee ``FEE_OUTLIER_FACTOR`` times off the others' median is left
  out; deals outside the history's weeks are not used), is log-normal around this creator's
  fee at 1,000 followers with the preset's deal-to-deal ``fee_spread_sigma``; the prior is
  the calibrated per-future ``fee_creator_sigma``: a conjugate normal.

How the plan carries the uncertainty
------------------------------------
Model version 2 draws what nobody knows once per future, so the fitted plan sets
``base_followers_per_post`` to the posterior median level and ``growth_creator_sigma`` to the
posterior log-sd of the growth rate at today's size (expressed as a level at the fitted churn:
the data pin the net growth down better than the split between gain and churn), and the
churn, noise and jump parameters to their posterior medians (the engine has no per-future churn
draw yet: docs/fit-engine-request.md). A deals file that pins the deal rate (posterior log-sd
at most ``INFORMATIVE_LOG_SD``) sets ``my_paid_deals_per_month``; otherwise the calibrated
inbound rate is scaled by the posterior median and ``deal_rate_creator_sigma`` set to the
posterior log-sd. Fees likewise (``my_fee_usd_per_post``, or ``fee_usd_at_1k_followers`` and
``fee_creator_sigma``). The level is divided by the share of reach algorithm changes leave on
average, because the engine applies those again in the forecast, and its spread is widened by
``LEVEL_DRIFT_LOG_SD`` for what the history cannot show (its state at the last count).

The fit starts from ``prior_plan``: the plan with every field the fit sets back at the
model's figures for its platform and niche, so the same files give the same plan whatever
the current plan is (an earlier fit that became the plan is never the prior).

Checks: ``sim/history/check.py`` (recovery and hold-out), ``bench/bench_fit.py`` at scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.history.read import Deals, History, HistoryProblem, read_deals, read_history
from sim.model import equations as eq
from sim.model.engine import paid_offers_per_month, run_all
from sim.model.format import count, counted, money, pct, was_were
from sim.model.metrics import Status
from sim.model.presets import PLATFORMS, preset_values
from sim.model.scenario import Scenario, field_range

__all__ = [
    "Deals",
    "Estimate",
    "Fit",
    "History",
    "HistoryProblem",
    "backcast",
    "fit_history",
    "fit_json",
    "forecast",
    "left_out",
    "peer_share_slower",
    "read_deals",
    "read_history",
    "words",
]

Array = NDArray[np.float64]
WEEKS_PER_MONTH = eq.WEEKS_PER_MONTH
MAX_GAP_WEEKS = 8.0
"""A gap longer than this ends the usable history: only the counts after it are fitted."""
MAX_WEEKS = 260
"""At most the last five years of weekly counts are fitted."""
MIN_INTERVALS = 5
JUMP_MARGIN = 3.0
"""A week's gain over this many times the model's largest possible week is a jump the account
could not make (``screen``)."""
MAX_LOSS_SHARE = 0.5
"""A loss of over half the followers between two counts is not churn (``screen``)."""
MIN_BREAK_LOSS = 10.0
CHURN_PRIOR_LOG_SD = 0.7
"""Creators differ in churn by about a factor of two either way (assumption: the presets give
one figure per platform)."""
NOISE_PRIOR_WEEKS = 8.0
VIRAL_PRIOR_JUMPS = 2.0
TAIL_PRIOR_JUMPS = 4.0
PAUSE_SHARE = 0.03
PAUSE_LOG_SD = 0.5
OUTLIER_SHARE = 0.005
LEVEL_DRIFT_LOG_SD = 0.15
"""Added (in quadrature) to the growth level's posterior spread in the plan: what the history
cannot show (its algorithm changes, fatigue and trust at the last count, a level that drifts)
moves the future's growth too. Chosen with the hold-out checks (sim/history/check.py)."""
CHURN_EVIDENCE = 0.3
"""Weight of the weekly gains' shape as evidence on churn (tempered likelihood): the shape
speaks to churn only through the noise model, which algorithm changes, fatigue and trust
bend; at full weight the churn intervals held the truth far less often than they claimed
(sim/history/check.py)."""
INFORMATIVE_LOG_SD = 0.3
FEE_OUTLIER_FACTOR = 10.0
"""With three or more paid fees, one more than this many times above or below their median
(after the size, season and niche factors) is a likely typo and left out of the fee fit."""
"""A deals posterior at least this narrow (log-sd) is entered as the person's own number."""
MIN_SIGMA = 0.05
MIN_LEVEL_SE = 0.01
"""The growth level's standard error is at least this (log): counts that fall exactly on a
curve would otherwise divide by zero."""
CHURN_GRID = np.linspace(-3.5, 3.5, 57)
EM_STEPS = 12
OUTER_STEPS = 3
_DRAWS = 4000
_FIT_SEED = 20_240_601  # fixed: the same file always gives the same fit
_JUMP_DRAWS = 20_000
_Y_GRID = np.linspace(-3.0, 10.0, 261)


@dataclass(frozen=True)
class Estimate:
    """One fitted quantity: its posterior median and 80% interval, and the prior's median.

    ``data_weight`` is the share of the prior's uncertainty the data removed (0: the fit is
    the prior; near 1: the data decide)."""

    name: str
    label: str
    unit: str
    median: float
    p10: float
    p90: float
    prior_median: float
    data_weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "unit": self.unit,
            "median": _sig(self.median),
            "p10": _sig(self.p10),
            "p90": _sig(self.p90),
            "prior_median": _sig(self.prior_median),
            "data_weight": round(self.data_weight, 2),
        }


@dataclass(frozen=True)
class Weekly:
    """The counts used: one a week (counting back from the last), oldest first."""

    dates: NDArray[np.datetime64]
    followers: Array
    notes: tuple[str, ...]
    first_seen: tuple[np.datetime64, float] | None = None
    """The file's earliest count in the first week used, when it is older than that week's
    count (daily files): the words say the history from there ("from 800", not 809)."""

    @property
    def weeks(self) -> float:
        return float((self.dates[-1] - self.dates[0]).astype(np.int64)) / 7.0

    @property
    def span(self) -> tuple[float, float, float]:
        """(first count, last count, weeks between them) of the history as the file has it."""
        day, first = self.first_seen or (self.dates[0], float(self.followers[0]))
        weeks = float((self.dates[-1] - day).astype(np.int64)) / 7.0
        return first, float(self.followers[-1]), weeks


@dataclass(frozen=True)
class Fit:
    """What the history says: the estimates, the plan that carries them, and the notes."""

    weekly: Weekly
    base: Scenario
    scenario: Scenario
    estimates: dict[str, Estimate]
    notes: tuple[str, ...]
    gains_only: bool
    paid_deals: int = 0
    gifted_deals: int = 0
    deal_months: float = 0.0
    median_paid_fee_usd: float | None = None
    changed: dict[str, Any] = field(default_factory=dict)

    @property
    def first_date(self) -> date:
        return _as_date(self.weekly.dates[0])

    @property
    def last_date(self) -> date:
        return _as_date(self.weekly.dates[-1])


def _as_date(day: np.datetime64) -> date:
    value = day.astype("datetime64[D]").astype(object)
    assert isinstance(value, date)
    return value


def _sig(x: float, digits: int = 4) -> float:
    if not math.isfinite(x) or x == 0:
        return float(x)
    return float(f"{x:.{digits}g}")


# --------------------------------------------------------------------------------------
# The weekly grid
# --------------------------------------------------------------------------------------


def weekly(history: History) -> Weekly:
    """One count a week, counting back from the last observation; gaps and length limits."""
    notes = list(history.notes)
    days = (history.dates - history.dates[-1]).astype(np.int64)  # <= 0
    bins = (-days) // 7
    # the latest observation of each 7-day bin (dates are sorted, so the last of its run)
    last_of_bin = np.r_[bins[1:] != bins[:-1], True]
    dates, followers = history.dates[last_of_bin], history.followers[last_of_bin]
    if dates.size < history.dates.size:
        notes.append(
            f"daily counts were reduced to {count(dates.size)} weekly counts (the last of each "
            "week)"
        )
    gaps = np.diff(dates).astype(np.int64) / 7.0
    big = np.flatnonzero(gaps > MAX_GAP_WEEKS)
    if big.size:
        cut = int(big[-1]) + 1
        notes.append(
            f"a gap of {gaps[big[-1]]:.0f} weeks after {_as_date(dates[cut - 1]).isoformat()}: "
            f"the {count(cut)} weekly counts before it were not used"
        )
        dates, followers = dates[cut:], followers[cut:]
        gaps = gaps[cut:]
    bridged = gaps > 1.5
    if bridged.any():
        notes.append(
            f"{counted(bridged.sum(), 'shorter gap')} (up to {gaps.max():.0f} weeks) "
            f"{was_were(bridged.sum())} bridged"
        )
    if dates.size > MAX_WEEKS + 1:
        notes.append(
            f"only the last {MAX_WEEKS} weeks were fitted; {count(dates.size - MAX_WEEKS - 1)} "
            "older weekly counts were not used"
        )
        dates, followers = dates[-MAX_WEEKS - 1 :], followers[-MAX_WEEKS - 1 :]
    if dates.size - 1 < MIN_INTERVALS:
        raise HistoryProblem(
            f"only {dates.size} weekly counts could be used (from "
            f"{_as_date(dates[0]).isoformat()}); a fit needs at least {MIN_INTERVALS + 1} "
            "weeks of counts without a long gap"
        )
    first = int(np.flatnonzero(history.dates > dates[0] - np.timedelta64(7, "D"))[0])
    seen = (history.dates[first], float(history.followers[first]))
    return Weekly(
        dates,
        followers.astype(np.float64),
        tuple(notes),
        seen if history.dates[first] < dates[0] else None,
    )


def _breaks(sc: Scenario, f0: Array, f1: Array, k: Array) -> NDArray[np.bool_]:
    """Changes the account could not make: a gain over ``JUMP_MARGIN`` times the model's
    largest week (every post viral at the cap, for a creator 4 log-sds above the median), or
    a loss of over ``MAX_LOSS_SHARE`` of the followers (and over ``MIN_BREAK_LOSS``)."""
    s_g = max(sc.growth_creator_sigma if sc.model_unknowns else 0.0, MIN_SIGMA)
    most = max(sc.viral_multiplier_max, math.exp(4.0 * max(sc.growth_noise_sigma, MIN_SIGMA)))
    cap = JUMP_MARGIN * math.exp(4.0 * s_g) * most * unit_gain(sc, f0) * np.maximum(k, 1.0)
    gain = f1 - f0
    loss = -gain
    return np.asarray(
        (gain > cap) | ((loss > MAX_LOSS_SHARE * f0) & (loss > MIN_BREAK_LOSS)), dtype=np.bool_
    )


def _day(value: np.datetime64) -> str:
    return _as_date(value).isoformat()


def screen(w: Weekly, sc: Scenario) -> Weekly:
    """The weekly counts the fit can use: single counts that jump away from their neighbours
    and back are left out, the history starts after the last jump the account could not make
    (a merge, a purchase, another account's file), and a history that is flat, all zeros,
    swinging, or over the app's limit is refused with one line (``HistoryProblem``)."""
    dates, followers = w.dates, w.followers
    notes = list(w.notes)
    days = (dates - dates[0]).astype(np.int64) / 7.0
    n = followers.size
    if n >= 3:
        inner = np.arange(1, n - 1)
        around = _breaks(sc, followers[:-1], followers[1:], np.diff(days))
        skip = _breaks(sc, followers[:-2], followers[2:], days[2:] - days[:-2])
        # swinging: many counts with a break on either side that the counts around them
        # bridge; a typo: one count away and back, a break on both sides
        swinging = (around[:-1] | around[1:]) & ~skip
        spike = around[:-1] & around[1:] & ~skip
        if swinging.sum() > max(1, n // 10):
            i = int(inner[swinging][0])
            raise HistoryProblem(
                f"the counts swing up and down by more than an account can in a week (e.g. "
                f"{count(followers[i - 1])} -> {count(followers[i])} -> "
                f"{count(followers[i + 1])} around {_day(dates[i])}): {count(swinging.sum())} of "
                f"{count(n)} weekly counts do not fit their neighbours; check that the file "
                "holds one account's follower counts"
            )
        if spike.any():
            i = int(inner[spike][0])
            notes.append(
                f"{counted(spike.sum(), 'weekly count')} far from the counts either side "
                f"{was_were(spike.sum())} left out as likely typos "
                f"(e.g. {count(followers[i])} on {_day(dates[i])}, between "
                f"{count(followers[i - 1])} and {count(followers[i + 1])})"
            )
            keep = np.ones(n, dtype=bool)
            keep[inner[spike]] = False
            dates, followers = dates[keep], followers[keep]
    cut_text = ""
    jumps = np.flatnonzero(
        _breaks(sc, followers[:-1], followers[1:], np.diff(dates).astype(np.int64) / 7.0)
    )
    if jumps.size:
        j = int(jumps[-1])
        cut_text = (
            f"a jump from {count(followers[j])} to {count(followers[j + 1])} followers by "
            f"{_day(dates[j + 1])}, more than an account that size can make, so the "
            f"{counted(j + 1, 'weekly count')} before it {was_were(j + 1)} not used"
        )
        notes.append(cut_text)
        dates, followers = dates[j + 1 :], followers[j + 1 :]
    after = f" ({cut_text})" if cut_text else ""
    if dates.size - 1 < MIN_INTERVALS:
        raise HistoryProblem(
            f"only {counted(dates.size, 'weekly count')} could be used{after}; a fit needs at "
            f"least {MIN_INTERVALS + 1} weeks of counts"
        )
    limit = field_range("start_followers")[1]
    if followers.max() > limit:
        i = int(np.argmax(followers > limit))
        raise HistoryProblem(
            f"{counted((followers > limit).sum(), 'weekly count')} "
            f"{'is' if (followers > limit).sum() == 1 else 'are'} over the app's limit of "
            f"{count(limit)} followers (e.g. {count(followers[i])} on {_day(dates[i])})"
        )
    if followers.max() == followers.min():
        what = (
            "every weekly count is 0"
            if followers[0] == 0
            else f"the count is {count(followers[0])} in every week"
        )
        raise HistoryProblem(
            f"{what} from {_day(dates[0])} to {_day(dates[-1])}{after}: nothing to fit; use "
            "counts from weeks in which you posted"
        )
    seen = w.first_seen if dates[0] == w.dates[0] else None
    return Weekly(dates, followers, tuple(notes), seen)


# --------------------------------------------------------------------------------------
# The growth fit
# --------------------------------------------------------------------------------------


def unit_gain(sc: Scenario, followers: Array) -> Array:
    """Followers a week the plan's posts bring the median creator at ``followers``."""
    crowding = sc.niche_crowding if sc.model_crowding else 1.0
    half = sc.crowding_half_followers if sc.model_crowding else None
    base = sc.base_followers_per_post if sc.base_followers_per_post > 0 else 1.0
    gain = eq.gain_per_post(followers, base, sc.growth_elasticity, crowding, half)
    return np.asarray(sc.posts_per_week * gain, dtype=np.float64)


def _jump_density(posts: float, sigma: float, alpha: float, lo: float, hi: float) -> Array:
    """Density of y = log(e + (J - 1) / posts) on ``_Y_GRID``: a viral week's log gain
    relative to the level (one viral post, ordinary luck e, Pareto jump J)."""
    rng = np.random.default_rng(_FIT_SEED)
    e = np.exp(sigma * rng.standard_normal(_JUMP_DRAWS) - 0.5 * sigma * sigma)
    jump = eq.viral_jump(rng.uniform(size=_JUMP_DRAWS), lo, hi, alpha)
    y = np.log(e + (jump - 1.0) / max(posts, 1e-9))
    step = _Y_GRID[1] - _Y_GRID[0]
    hist, _ = np.histogram(
        y, bins=_Y_GRID.size, range=(_Y_GRID[0] - step / 2, _Y_GRID[-1] + step / 2)
    )
    smooth = np.convolve(hist.astype(np.float64), np.array([0.25, 0.5, 0.25]), mode="same")
    return np.asarray(np.maximum(smooth / (_JUMP_DRAWS * step), 1e-9), dtype=np.float64)


@dataclass
class _Growth:
    c: Array  # churn grid
    log_prior_c: Array
    post_c: Array  # posterior weights
    log_a: Array  # per churn value: posterior mean of log A (the level by moments)
    prec: Array
    sigma: float
    p_viral: float
    alpha: float
    eta: float
    resp_jump: Array  # (churn, interval)
    n_eff: float  # ordinary weeks, counted as independent ones


def _fit_growth(sc: Scenario, f0: Array, d: Array, k: Array, gains_only: bool) -> _Growth:
    posts = sc.posts_per_week
    u = unit_gain(sc, f0)
    c0 = sc.weekly_churn_rate if sc.model_churn else 0.0
    c = c0 * np.exp(CHURN_GRID) if c0 > 0 else np.zeros(1)
    log_prior_c = -0.5 * (CHURN_GRID / CHURN_PRIOR_LOG_SD) ** 2 if c0 > 0 else np.zeros(1)
    s_g = max(sc.growth_creator_sigma if sc.model_unknowns else 0.0, MIN_SIGMA)
    sigma0 = max(sc.growth_noise_sigma if sc.model_growth_noise else 0.0, MIN_SIGMA)
    p0 = sc.viral_post_probability if sc.model_virality else 0.0
    alpha0 = sc.viral_tail_index
    lo, hi = sc.viral_multiplier_min, sc.viral_multiplier_max
    rest = sc.rest_churn_multiplier
    cx = np.zeros_like(c) if gains_only else c
    z = d[None, :] + cx[:, None] * f0[None, :]
    ok = z > 0
    big_l = np.where(ok, np.log(np.where(ok, z, 1.0) / u[None, :]), 0.0)
    log_z = np.where(ok, np.log(np.where(ok, z, 1.0)), 0.0)
    loss = -d / np.maximum(f0, 1.0)
    pause_ok = (d < 0) & ~gains_only
    log_loss = np.log(np.where(pause_ok, loss, 1.0))
    pause_dens = np.where(
        pause_ok[None, :],
        np.exp(
            -0.5
            * ((log_loss[None, :] - np.log(np.maximum(c * rest, 1e-12))[:, None]) / PAUSE_LOG_SD)
            ** 2
        )
        / (PAUSE_LOG_SD * math.sqrt(2 * math.pi) * np.maximum(-d, 1e-9)[None, :]),
        0.0,
    )
    out_dens = np.broadcast_to(1.0 / (3.0 * np.maximum(f0, 1.0)), z.shape)
    k_jump = np.maximum(np.round(k * 2.0) / 2.0, 0.5)

    sigma, p_viral, alpha, eta = sigma0, p0, alpha0, 1.0
    mu = np.zeros(c.size)
    prec = np.ones(c.size)
    logpost = np.zeros(c.size)
    r_ord = np.zeros(z.shape)
    r_jump = np.zeros(z.shape)
    for _ in range(OUTER_STEPS):
        var_i = np.log1p(np.expm1(sigma * sigma) / k)
        q = 1.0 - np.exp(-posts * p_viral * k)
        tables = {kk: _jump_density(posts * kk, sigma, alpha, lo, hi) for kk in np.unique(k_jump)}
        jump_table = np.stack([tables[kk] for kk in k_jump])  # (interval, y)
        w_ord = np.maximum(1.0 - q - PAUSE_SHARE - OUTLIER_SHARE, 1e-6)
        m0 = -0.5 * sigma * sigma
        mu = np.array([np.median(big_l[j, ok[j]]) if ok[j].any() else m0 for j in range(c.size)])
        for _ in range(EM_STEPS):
            dens_ord = np.where(
                ok,
                w_ord
                * np.exp(-0.5 * (big_l - mu[:, None]) ** 2 / var_i)
                / np.sqrt(2 * math.pi * var_i)
                / np.exp(log_z),
                0.0,
            )
            y = big_l - (mu[:, None] + 0.5 * sigma * sigma)
            idx = np.clip(
                np.round((y - _Y_GRID[0]) / (_Y_GRID[1] - _Y_GRID[0])).astype(np.int64),
                0,
                _Y_GRID.size - 1,
            )
            dens_jump = np.where(
                ok & (y > _Y_GRID[0]),
                q
                * np.take_along_axis(
                    np.broadcast_to(jump_table, (c.size, *jump_table.shape)),
                    idx[:, :, None],
                    axis=2,
                )[:, :, 0]
                / np.exp(log_z),
                0.0,
            )
            total = dens_ord + dens_jump + PAUSE_SHARE * pause_dens + OUTLIER_SHARE * out_dens
            r_ord = dens_ord / total
            r_jump = dens_jump / total
            weight = eta * r_ord / var_i
            prec = 1.0 / (s_g * s_g) + weight.sum(axis=1)
            mu = (m0 / (s_g * s_g) + (weight * big_l).sum(axis=1)) / prec
        loglik = CHURN_EVIDENCE * eta * np.log(total).sum(axis=1)
        log_prior_mu = -0.5 * ((mu - m0) / s_g) ** 2 - math.log(s_g)
        logpost = loglik + log_prior_mu - 0.5 * np.log(prec) + log_prior_c
        post = np.exp(logpost - logpost.max())
        post /= post.sum()

        # update noise, jumps and correlation from the posterior-weighted responsibilities
        one_week = (k > 0.8) & (k < 1.25)
        use = one_week if one_week.sum() >= 3 else np.ones_like(one_week)
        resid2 = (big_l - mu[:, None]) ** 2
        n_ord = float((post[:, None] * r_ord * use).sum())
        ss = float((post[:, None] * r_ord * use * resid2).sum())
        n_eff = eta * n_ord
        if n_ord > 1:
            s2 = ss / n_ord
            sigma = math.sqrt(
                (NOISE_PRIOR_WEEKS * sigma0**2 + n_eff * s2) / (NOISE_PRIOR_WEEKS + n_eff)
            )
        sigma = max(sigma, MIN_SIGMA)
        if p0 > 0:
            n_jump = float((post[:, None] * r_jump).sum())
            exposed = posts * float(k.sum())
            p_viral = (VIRAL_PRIOR_JUMPS + n_jump) / (VIRAL_PRIOR_JUMPS / p0 + exposed)
            log_a = (mu + 0.5 * sigma * sigma)[:, None]
            size = 1.0 + posts * k[None, :] * np.maximum(np.exp(big_l - log_a) - 1.0, 0.0)
            excess = np.log(np.maximum(size, lo) / lo)
            rj = post[:, None] * r_jump
            alpha = (TAIL_PRIOR_JUMPS + float(rj.sum())) / (
                TAIL_PRIOR_JUMPS / alpha0 + float((rj * excess).sum())
            )
            alpha = float(np.clip(alpha, *field_range("viral_tail_index")))
        best = int(np.argmax(post))
        eta = _tempering(big_l[best] - mu[best], np.sqrt(var_i), r_ord[best], k)

    # The level by moments: the mean gain of the weeks that are neither jumps nor outliers
    # (losses included), so its mean, not the shape of the noise, sets the forecast's trend.
    r_out = OUTLIER_SHARE * out_dens / total
    weight = np.clip(1.0 - r_jump - r_out, 0.0, 1.0) * k[None, :]
    x = (d[None, :] + cx[:, None] * f0[None, :]) / u[None, :]
    w_sum = np.maximum(weight.sum(axis=1), 1e-12)
    level = (weight * x).sum(axis=1) / w_sum
    resid = x - level[:, None]
    best = int(np.argmax(post))
    eta_x = _tempering(resid[best], np.ones_like(k), weight[best] / k, k)
    var_level = (weight**2 * resid**2).sum(axis=1) / w_sum**2 / eta_x
    floor = 1e-3
    log_level = np.log(np.maximum(level, floor))
    se = np.sqrt(var_level) / np.maximum(level, floor)
    se = np.where(level > floor, np.maximum(se, MIN_LEVEL_SE), 10.0)
    log_a_prec = 1.0 / (s_g * s_g) + 1.0 / se**2
    log_a_mean = (log_level / se**2) / log_a_prec
    tau0 = math.expm1(sigma0**2)
    one = (k > 0.8) & (k < 1.25)
    keep = one if one.sum() >= 3 else np.ones_like(one)
    wb = weight[best] * keep
    tau_hat = (
        float((wb * resid[best] ** 2).sum() / max(wb.sum(), 1e-9)) / max(level[best], floor) ** 2
    )
    n_eff = eta_x * float(wb.sum())
    tau2 = (NOISE_PRIOR_WEEKS * tau0 + n_eff * tau_hat) / (NOISE_PRIOR_WEEKS + n_eff)
    return _Growth(
        c,
        log_prior_c,
        post,
        log_a_mean,
        log_a_prec,
        math.sqrt(math.log1p(tau2)),
        p_viral,
        alpha,
        eta_x,
        r_jump,
        n_eff,
    )


def _tempering(resid: Array, sd: Array, r_ord: Array, k: Array) -> float:
    """(1 - rho) / (1 + rho) for the lag-1 correlation of consecutive ordinary weeks."""
    z = resid / sd
    both = (r_ord[1:] > 0.5) & (r_ord[:-1] > 0.5) & (k[1:] < 1.5) & (k[:-1] < 1.5)
    if both.sum() < 8:
        return 1.0
    a, b = z[:-1][both], z[1:][both]
    rho = float(np.clip(np.corrcoef(a, b)[0, 1], 0.0, 0.8)) if a.std() > 0 and b.std() > 0 else 0.0
    return (1.0 - rho) / (1.0 + rho)


def _quantiles(samples: Array, qs: tuple[float, ...] = (0.1, 0.5, 0.9)) -> list[float]:
    return [float(x) for x in np.quantile(samples, qs)]


def _weight(post_sd: float, prior_sd: float) -> float:
    if prior_sd <= 0:
        return 0.0
    return float(np.clip(1.0 - (post_sd / prior_sd) ** 2, 0.0, 1.0))


def _gamma_quantiles(shape: float, rate: float) -> list[float]:
    rng = np.random.default_rng(_FIT_SEED + 1)
    return _quantiles(rng.gamma(shape, 1.0 / rate, _DRAWS))


def _expected_reach(sc: Scenario) -> float:
    """Share of reach left on average by algorithm changes (the engine applies them again)."""
    if not sc.model_platform_shocks or sc.shocks_per_year <= 0:
        return 1.0
    busy = sc.shocks_per_year * sc.shock_duration_months / 12.0
    return 1.0 - sc.shock_reach_cut_share * busy / (1.0 + busy)


# --------------------------------------------------------------------------------------
# Deals
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _DealFit:
    paid: int
    gifted: int
    months: float
    level: list[float]  # log deal level: p10, p50, p90
    level_sd: float
    per_month_now: list[float]
    fee_log: tuple[float, float] | None  # posterior mean and sd of log fee at 1k
    fee_now: list[float] | None
    median_fee: float | None
    notes: tuple[str, ...]


def deals_within(w: Weekly, deals: Deals) -> tuple[Deals | None, str | None]:
    """The deals dated within the history's weeks (the deal rate is measured against the
    follower counts, so deals outside them say nothing the fit can use), and a note on the
    rest; None when no deal is left."""
    inside = (deals.dates >= w.dates[0]) & (deals.dates <= w.dates[-1] + np.timedelta64(6, "D"))
    if inside.all():
        return deals, None
    out = deals.dates[~inside]
    note = (
        f"{counted((~inside).sum(), 'deal')} dated outside the history's weeks "
        f"({_day(w.dates[0])} to {_day(w.dates[-1])}; e.g. {_day(out[0])}) "
        f"{was_were((~inside).sum())} not used"
    )
    if not inside.any():
        return None, note + "; no deal is left, so the deals file was not used"
    kept = Deals(
        deals.dates[inside], deals.fee_usd[inside], deals.paid[inside], deals.notes, deals.rows_read
    )
    return kept, note


def _fit_deals(sc: Scenario, w: Weekly, deals: Deals) -> _DealFit:
    start, end = w.dates[0], w.dates[-1]
    weeks = np.arange(start, end + np.timedelta64(1, "D"), np.timedelta64(7, "D"))
    t = (weeks - w.dates[0]).astype(np.int64).astype(np.float64)
    t_hist = (w.dates - w.dates[0]).astype(np.int64).astype(np.float64)
    followers = np.interp(t, t_hist, w.followers)
    months = np.array([_as_date(x).month for x in weeks])
    season = np.array(
        [
            eq.season_multiplier(int(m), sc.seasonality_strength) if sc.model_seasonality else 1.0
            for m in months
        ]
    )
    typical = np.array([paid_offers_per_month(sc, float(f)) for f in followers])
    expected = float((typical * season).sum() / WEEKS_PER_MONTH)  # at deal level 1
    paid = int(deals.paid.sum())
    gifted = int((~deals.paid).sum())
    s_d = max(sc.deal_rate_creator_sigma if sc.model_unknowns else 0.0, MIN_SIGMA)
    grid = np.linspace(-8.0, 8.0, 3201)
    logpost = -0.5 * (grid / s_d) ** 2 + paid * grid - expected * np.exp(grid)
    post = np.exp(logpost - logpost.max())
    cdf = np.cumsum(post) / post.sum()
    level = [float(np.interp(q, cdf, grid)) for q in (0.1, 0.5, 0.9)]
    mean = float((grid * post).sum() / post.sum())
    level_sd = float(math.sqrt(((grid - mean) ** 2 * post).sum() / post.sum()))
    now = paid_offers_per_month(sc, float(w.followers[-1]))
    per_month_now = [now * math.exp(x) for x in level]

    fee_log = fee_now = None
    median_fee = None
    notes: list[str] = []
    fees = deals.fee_usd[deals.paid]
    if fees.size:
        median_fee = float(np.median(fees))
        td = (deals.dates[deals.paid] - w.dates[0]).astype(np.int64).astype(np.float64)
        f_deal = np.interp(td, t_hist, w.followers)
        m_deal = np.array([_as_date(x).month for x in deals.dates[deals.paid]])
        fee_season = np.array(
            [
                1.0
                + eq.FEE_SEASON_SHARE
                * (eq.season_multiplier(int(m), sc.seasonality_strength) - 1.0)
                if sc.model_seasonality
                else 1.0
                for m in m_deal
            ]
        )
        size = eq.median_fee_usd(
            f_deal,
            1.0,
            sc.fee_follower_elasticity,
            sc.niche_fee_multiplier,
            fee_season * sc.asking_rate_pct / 100.0,
        )
        y = np.log(fees) - np.log(size)
        if y.size >= 3:
            centre = float(np.median(y))
            odd = np.abs(y - centre) > math.log(FEE_OUTLIER_FACTOR)
            if odd.any() and not odd.all():
                i = int(np.flatnonzero(odd)[0])
                notes.append(
                    f"{counted(odd.sum(), 'fee')} over {FEE_OUTLIER_FACTOR:g} times above or below "
                    f"your other fees at that size (e.g. {money(float(fees[i]))} on "
                    f"{_day(deals.dates[deals.paid][i])}, the median being "
                    f"{money(float(np.median(fees[~odd])))}) {was_were(odd.sum())} left out of "
                    "the fee fit as likely typos"
                )
                y, fees = y[~odd], fees[~odd]
                median_fee = float(np.median(fees))
        s_f = max(sc.fee_creator_sigma if sc.model_unknowns else 0.0, MIN_SIGMA)
        s = max(sc.fee_spread_sigma, MIN_SIGMA)
        prec = 1.0 / s_f**2 + y.size / s**2
        mean_f = (math.log(sc.fee_usd_at_1k_followers) / s_f**2 + y.sum() / s**2) / prec
        sd_f = 1.0 / math.sqrt(prec)
        fee_log = (mean_f, sd_f)
        size_now = float(
            eq.median_fee_usd(
                np.array([w.followers[-1]]),
                1.0,
                sc.fee_follower_elasticity,
                sc.niche_fee_multiplier,
                np.ones(1),
            )[0]
        )
        fee_now = [size_now * math.exp(mean_f + z * sd_f) for z in (-1.2816, 0.0, 1.2816)]
    return _DealFit(
        paid,
        gifted,
        len(weeks) / WEEKS_PER_MONTH,
        level,
        level_sd,
        per_month_now,
        fee_log,
        fee_now,
        median_fee,
        tuple(notes),
    )


# --------------------------------------------------------------------------------------
# The fit
# --------------------------------------------------------------------------------------


def _clip(name: str, value: float) -> float:
    lo, hi = field_range(name)
    return float(min(max(value, lo), hi))


def fit_history(history: History, base: Scenario, deals: Deals | None = None) -> Fit:
    """Fit ``base``'s audience and deal parameters to ``history`` (and ``deals``).

    ``base`` supplies the platform, niche, posting rate and every prior; the result's
    scenario is ``base`` with the fitted fields. ``HistoryProblem`` if the history cannot
    be fitted.
    """
    if base.posts_per_week <= 0:
        raise HistoryProblem(
            "the plan posts 0 times a week; set the posts a week you made during this history"
        )
    with np.errstate(all="ignore"):  # the checks below say what went wrong, in one line
        try:
            return _fit(history, base, deals)
        except (ArithmeticError, ValueError) as exc:
            # a last guard: no history reaches the person as a traceback (the checks in
            # screen and before the Scenario are meant to catch every case first)
            raise HistoryProblem(
                f"the fit could not settle on figures for these counts ({type(exc).__name__}); "
                "the plan keeps the model's figures"
            ) from exc


def _fit(history: History, base: Scenario, deals: Deals | None) -> Fit:
    w = screen(weekly(history), base)
    f0, f1 = w.followers[:-1], w.followers[1:]
    k = np.diff(w.dates).astype(np.int64) / 7.0
    d = (f1 - f0) / k
    g = _fit_growth(base, f0, d, k, history.gains_only)

    # posterior draws of (churn, level) and the net growth they give at today's size
    rng = np.random.default_rng(_FIT_SEED)
    pick = rng.choice(g.c.size, size=_DRAWS, p=g.post_c)
    log_a = g.log_a[pick] + rng.standard_normal(_DRAWS) / np.sqrt(g.prec[pick])
    churn = g.c[pick]
    f_now = float(w.followers[-1])
    u_now = float(unit_gain(base, np.array([max(f_now, 1.0)]))[0])
    lo, hi = base.viral_multiplier_min, base.viral_multiplier_max
    viral = 1.0 + g.p_viral * (eq.pareto_mean(g.alpha, lo, hi) - 1.0)
    per_follower = u_now * viral / max(f_now, 1.0)
    net = np.exp(log_a) * per_follower - churn
    c_star = float(np.quantile(churn, 0.5))
    level = np.maximum((net + c_star) / per_follower, 1e-3)
    log_level = np.log(level)
    a_star = float(np.median(log_level))
    sd_level = float((np.quantile(log_level, 0.8413) - np.quantile(log_level, 0.1587)) / 2.0)
    b_ref = base.base_followers_per_post if base.base_followers_per_post > 0 else 1.0
    reach = _expected_reach(base)
    sigma_forecast = math.sqrt(math.log1p(math.expm1(g.sigma**2) / g.eta))

    s_g = max(base.growth_creator_sigma if base.model_unknowns else 0.0, MIN_SIGMA)
    monthly = np.power(np.maximum(1.0 + net, 1e-9), WEEKS_PER_MONTH) - 1.0
    viral_prior = (
        1.0 + base.viral_post_probability * (eq.pareto_mean(base.viral_tail_index, lo, hi) - 1.0)
        if base.model_virality
        else 1.0
    )
    prior_net = u_now * viral_prior / max(f_now, 1.0) - (
        base.weekly_churn_rate if base.model_churn else 0.0
    )
    est: dict[str, Estimate] = {}

    def add(name: str, label: str, unit: str, qs: list[float], prior: float, weight: float) -> None:
        est[name] = Estimate(name, label, unit, qs[1], qs[0], qs[2], prior, weight)

    add(
        "growth_pct_per_month",
        "Net growth a month at today's size",
        "share/month",
        _quantiles(monthly),
        (1.0 + prior_net) ** WEEKS_PER_MONTH - 1.0,
        _weight(sd_level, s_g),
    )
    add(
        "followers_per_post_at_1k",
        "New followers per post at 1,000 followers",
        "followers/post",
        _quantiles(b_ref * np.exp(log_a) / reach),
        b_ref,
        _weight(float(np.std(log_a)), s_g),
    )
    churn_sorted = _quantiles(churn)
    churn_sd = float(np.std(np.log(np.maximum(churn, 1e-12)))) if g.c.size > 1 else 0.0
    add(
        "weekly_churn_rate",
        "Followers lost a week",
        "share/week",
        churn_sorted,
        base.weekly_churn_rate,
        _weight(churn_sd, CHURN_PRIOR_LOG_SD) if g.c.size > 1 and not history.gains_only else 0.0,
    )
    n_eff = g.n_eff
    sig_sd = g.sigma / math.sqrt(2.0 * (NOISE_PRIOR_WEEKS + n_eff))
    add(
        "growth_noise_sigma",
        "Week-to-week growth randomness",
        "log-sd",
        [g.sigma - 1.2816 * sig_sd, g.sigma, g.sigma + 1.2816 * sig_sd],
        base.growth_noise_sigma,
        n_eff / (NOISE_PRIOR_WEEKS + n_eff),
    )
    if base.model_virality and base.viral_post_probability > 0:
        p0 = base.viral_post_probability
        n_jump = float((g.post_c[:, None] * g.resp_jump).sum())
        shape = VIRAL_PRIOR_JUMPS + n_jump
        rate = VIRAL_PRIOR_JUMPS / p0 + base.posts_per_week * float(k.sum())
        add(
            "viral_post_probability",
            "Chance a post goes viral",
            "per post",
            _gamma_quantiles(shape, rate),
            p0,
            1.0 - VIRAL_PRIOR_JUMPS / shape,
        )
        est["viral_weeks"] = Estimate(
            "viral_weeks",
            "Weeks that look like a viral jump",
            "weeks",
            n_jump,
            n_jump,
            n_jump,
            0.0,
            1.0,
        )
    add(
        "viral_tail_index",
        "How wild viral jumps are",
        "",
        [g.alpha, g.alpha, g.alpha],
        base.viral_tail_index,
        0.0,
    )

    months_now = _as_date(w.dates[-1]).month
    changed: dict[str, Any] = {
        "start_followers": round(f_now),
        "start_month": months_now,
        "base_followers_per_post": _sig(
            _clip("base_followers_per_post", b_ref * math.exp(a_star) / reach), 4
        ),
        "growth_creator_sigma": round(
            _clip("growth_creator_sigma", math.hypot(sd_level, LEVEL_DRIFT_LOG_SD)), 3
        ),
        "weekly_churn_rate": _sig(_clip("weekly_churn_rate", c_star), 3),
        "growth_noise_sigma": round(_clip("growth_noise_sigma", sigma_forecast), 3),
    }
    if base.model_virality and base.viral_post_probability > 0:
        changed["viral_post_probability"] = _sig(
            _clip("viral_post_probability", est["viral_post_probability"].median), 3
        )
        changed["viral_tail_index"] = round(_clip("viral_tail_index", g.alpha), 2)
    notes = list(w.notes)
    deal_fit = None
    if deals is not None:
        notes.extend(deals.notes)
        deals, outside = deals_within(w, deals)
        if outside:
            notes.append(outside)
    if deals is not None:
        deal_fit = _fit_deals(base, w, deals)
        notes.extend(deal_fit.notes)
        s_d = max(base.deal_rate_creator_sigma if base.model_unknowns else 0.0, MIN_SIGMA)
        add(
            "paid_deals_per_month",
            "Paid deals a month at today's size",
            "deals/month",
            deal_fit.per_month_now,
            paid_offers_per_month(base, f_now),
            _weight(deal_fit.level_sd, s_d),
        )
        est["deal_level"] = Estimate(
            "deal_level",
            "Deal flow relative to the median creator",
            "x",
            math.exp(deal_fit.level[1]),
            math.exp(deal_fit.level[0]),
            math.exp(deal_fit.level[2]),
            1.0,
            _weight(deal_fit.level_sd, s_d),
        )
        if deal_fit.level_sd <= INFORMATIVE_LOG_SD:
            changed["my_paid_deals_per_month"] = round(
                _clip("my_paid_deals_per_month", deal_fit.per_month_now[1]), 2
            )
        else:
            changed["inbound_deals_per_month_at_10k"] = _sig(
                _clip(
                    "inbound_deals_per_month_at_10k",
                    base.inbound_deals_per_month_at_10k * math.exp(deal_fit.level[1]),
                ),
                3,
            )
            changed["deal_rate_creator_sigma"] = round(
                _clip("deal_rate_creator_sigma", deal_fit.level_sd), 3
            )
            changed["my_paid_deals_per_month"] = 0.0
        if deal_fit.fee_log is not None and deal_fit.fee_now is not None:
            mean_f, sd_f = deal_fit.fee_log
            size_now = deal_fit.fee_now[1] / math.exp(mean_f)
            s_f = max(base.fee_creator_sigma if base.model_unknowns else 0.0, MIN_SIGMA)
            add(
                "fee_usd_per_post",
                "Fee per paid post at today's size",
                "USD",
                deal_fit.fee_now,
                base.fee_usd_at_1k_followers * size_now,
                _weight(sd_f, s_f),
            )
            est["fee_usd_at_1k_followers"] = Estimate(
                "fee_usd_at_1k_followers",
                "Fee per post at 1,000 followers",
                "USD",
                math.exp(mean_f),
                math.exp(mean_f - 1.2816 * sd_f),
                math.exp(mean_f + 1.2816 * sd_f),
                base.fee_usd_at_1k_followers,
                _weight(sd_f, s_f),
            )
            if sd_f <= INFORMATIVE_LOG_SD:
                changed["my_fee_usd_per_post"] = round(
                    _clip("my_fee_usd_per_post", deal_fit.fee_now[1]), 2
                )
            else:
                changed["fee_usd_at_1k_followers"] = _sig(
                    _clip("fee_usd_at_1k_followers", math.exp(mean_f)), 3
                )
                changed["fee_creator_sigma"] = round(_clip("fee_creator_sigma", sd_f), 3)
                changed["my_fee_usd_per_post"] = 0.0
    if history.gains_only:
        changed["weekly_churn_rate"] = base.weekly_churn_rate
    unsettled = [name for name, value in changed.items() if not math.isfinite(value)]
    unsettled += [e.label for e in est.values() if not math.isfinite(e.median)]
    if unsettled:
        raise HistoryProblem(
            f"the fit could not settle on a figure for {unsettled[0]} from these counts; the "
            "plan keeps the model's figures"
        )
    scenario = Scenario.model_validate({**base.model_dump(), **changed})
    return Fit(
        weekly=w,
        base=base,
        scenario=scenario,
        estimates=est,
        notes=tuple(notes),
        gains_only=history.gains_only,
        paid_deals=deal_fit.paid if deal_fit else 0,
        gifted_deals=deal_fit.gifted if deal_fit else 0,
        deal_months=deal_fit.months if deal_fit else 0.0,
        median_paid_fee_usd=deal_fit.median_fee if deal_fit else None,
        changed=changed,
    )


# --------------------------------------------------------------------------------------
# Bands from the engine: the back-cast, the forecast and the peers
# --------------------------------------------------------------------------------------

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _band(sc: Scenario, paths: int, seed: int) -> tuple[Array, Array]:
    """(month, quantile) of followers and the share of futures still posting, months
    0..sc.months (month 0 is the start: everyone posting)."""
    out = run_all(sc, paths, seed)
    band = np.asarray(np.quantile(out.monthly["followers"], QUANTILES, axis=0).T, dtype=np.float64)
    posting = np.asarray(np.mean(out.monthly["status"] == Status.ACTIVE, axis=0), dtype=np.float64)
    return band, posting


def _band_frame(band: tuple[Array, Array], start: np.datetime64) -> pd.DataFrame:
    quantiles, posting = band
    weeks = np.arange(quantiles.shape[0]) * WEEKS_PER_MONTH
    dates = start + np.round(weeks * 7).astype("timedelta64[D]")
    frame = pd.DataFrame(quantiles, columns=[f"p{round(q * 100)}" for q in QUANTILES])
    frame.insert(0, "date", pd.to_datetime(dates))
    frame.insert(1, "week", weeks)
    frame["still_posting"] = posting
    return frame


def backcast(fit: Fit, paths: int = 1000, seed: int = 1) -> pd.DataFrame:
    """The fitted model run from the first count over the history's span: the band the
    history should fall in if the fit is right."""
    months = max(1, math.ceil(fit.weekly.weeks / WEEKS_PER_MONTH))
    sc = fit.scenario.model_copy(
        update={
            "start_followers": round(float(fit.weekly.followers[0])),
            "start_month": fit.first_date.month,
            "months": min(months, 60),
        }
    )
    return _band_frame(_band(sc, paths, seed), fit.weekly.dates[0])


def forecast(fit: Fit, paths: int = 1000, seed: int = 1, months: int | None = None) -> pd.DataFrame:
    """The fitted plan's followers fan from the last count."""
    sc = fit.scenario if months is None else fit.scenario.model_copy(update={"months": months})
    return _band_frame(_band(sc, paths, seed), fit.weekly.dates[-1])


def monthly_growth(first: float, last: float, weeks: float) -> float | None:
    """Average growth a month between two counts ``weeks`` apart."""
    if first <= 0 or weeks <= 0:
        return None
    return float((max(last, 0.0) / first) ** (WEEKS_PER_MONTH / weeks) - 1.0)


def peer_share_slower(fit: Fit, paths: int = 1000, seed: int = 7) -> float | None:
    """Share of accounts of this size, platform and plan, as the model draws them before the
    fit (every unknown drawn per future), that grew slower over the same span."""
    first, last, weeks = fit.weekly.span
    mine = monthly_growth(first, last, weeks)
    if mine is None:
        return None
    months = max(1, round(weeks / WEEKS_PER_MONTH))
    sc = fit.base.model_copy(
        update={
            "start_followers": round(first),
            "start_month": fit.first_date.month,
            "months": min(months, 60),
        }
    )
    out = run_all(sc, paths, seed)
    end = out.monthly["followers"][:, months].astype(np.float64)
    theirs = np.power(np.maximum(end, 0.0) / first, 1.0 / months) - 1.0
    return float(np.mean(theirs < mine))


# --------------------------------------------------------------------------------------
# Words and the JSON report
# --------------------------------------------------------------------------------------


def _pct_text(x: float) -> str:
    return f"{x * 100:.1f}%"


DATA_DECIDE = 0.7
LEANS_ON_MODEL = 0.3
"""Weights of the data in the growth fit (``Estimate.data_weight``) that the words call "the
data decide" and "leans on the model's figures": one measure for every sentence, so that no
two of them disagree."""


def words(fit: Fit, share_slower: float | None) -> list[str]:
    """What the history says, in sentences (plain text: callers make it safe to render)."""
    w = fit.weekly
    out: list[str] = []
    first, last, weeks = w.span
    rate = monthly_growth(first, last, weeks)
    span = f"{weeks:.0f} weeks"
    platform = PLATFORMS[fit.base.platform]
    if rate is not None:
        verb = "grew" if rate >= 0 else "shrank"
        text = (
            f"Over {span} you {verb} from {count(first)} to {count(last)} followers: "
            f"{_pct_text(abs(rate))} a month"
        )
        if share_slower is not None:
            faster = "faster" if rate >= 0 else "better"
            text += (
                f", {faster} than {pct(share_slower)} of {platform} accounts your size in the "
                f"model (posting {fit.base.posts_per_week:g} times a week)"
            )
        out.append(text + ".")
    g = fit.estimates["growth_pct_per_month"]
    lean = (
        "the data decide most of it"
        if g.data_weight >= DATA_DECIDE
        else "it leans on the model's figures for accounts like yours"
        if g.data_weight < LEANS_ON_MODEL
        else "the data and the model's figures share it"
    )
    out.append(
        f"At today's size the fit puts your growth at {_pct_text(g.median)} a month "
        f"(8 in 10 chances between {_pct_text(g.p10)} and {_pct_text(g.p90)}): {lean}."
    )
    ch = fit.estimates["weekly_churn_rate"]
    monthly_loss = 1.0 - (1.0 - ch.median) ** WEEKS_PER_MONTH
    if fit.gains_only:
        out.append(
            f"Your export holds new follows only, so the loss of followers is the model's "
            f"figure: about {_pct_text(monthly_loss)} a month."
        )
    elif ch.data_weight < LEANS_ON_MODEL:
        out.append(
            f"Losses hardly show in your counts, so the fit keeps about "
            f"{_pct_text(monthly_loss)} of followers lost a month, the usual figure for "
            f"{platform}."
        )
    else:
        out.append(f"You lose about {_pct_text(monthly_loss)} of your followers a month.")
    jumps = fit.estimates.get("viral_weeks")
    if jumps is not None and jumps.median >= 0.5:
        out.append(
            f"About {counted(round(jumps.median), 'week')} "
            f"{'looks' if round(jumps.median) == 1 else 'look'} like a viral jump; the fit "
            "expects one post "
            f"in {1 / max(fit.estimates['viral_post_probability'].median, 1e-9):,.0f} to go "
            "viral."
        )
    if fit.deal_months > 0:
        rate_now = fit.estimates["paid_deals_per_month"]
        text = (
            f"You landed {count(fit.paid_deals)} paid and "
            f"{counted(fit.gifted_deals, 'gifted deal')} in "
            f"{counted(round(fit.deal_months), 'month')}; at today's size the fit expects "
            f"{rate_now.median:.2f} paid deals a month"
        )
        fee = fit.estimates.get("fee_usd_per_post")
        if fee is not None:
            text += f" at about {money(fee.median)} each"
        out.append(text + ".")
    if g.data_weight < LEANS_ON_MODEL:
        out.append(
            f"With {len(w.followers) - 1} weeks of counts the forecast leans on the model's "
            "figures; a longer history narrows it."
        )
    return out


def left_out(fit: Fit) -> list[str]:
    """The notes that say what was not used (rows, counts, fees, deals; every such note says
    "not used" or "left out"): the page shows them in view, and the command line's JSON as
    ``not_used``."""
    return [n for n in fit.notes if "not used" in n or "left out" in n]


def fit_json(fit: Fit, share_slower: float | None = None) -> dict[str, Any]:
    """The fitted parameters with their uncertainty, for the command line."""
    w = fit.weekly
    first, last, weeks = w.span
    first_day = w.first_seen[0] if w.first_seen else w.dates[0]
    return {
        "history": {
            "first_date": _day(first_day),
            "last_date": fit.last_date.isoformat(),
            "weeks": round(weeks, 1),
            "weekly_counts": int(w.followers.size),
            "first_followers": round(first),
            "last_followers": round(last),
            "growth_pct_per_month": _sig((monthly_growth(first, last, weeks) or 0.0) * 100, 3),
            "share_of_peers_slower": None if share_slower is None else round(share_slower, 3),
        },
        "estimates": {name: e.as_dict() for name, e in fit.estimates.items()},
        "scenario_changes": fit.changed,
        "notes": list(fit.notes),
        "not_used": left_out(fit),
        "words": words(fit, share_slower),
    }


GROWTH_FIELDS = (
    "start_followers",
    "start_month",
    "base_followers_per_post",
    "growth_creator_sigma",
    "weekly_churn_rate",
    "growth_noise_sigma",
    "viral_post_probability",
    "viral_tail_index",
)
"""The fields every fit sets (``Fit.changed``)."""
DEAL_FIELDS = (
    "my_paid_deals_per_month",
    "inbound_deals_per_month_at_10k",
    "deal_rate_creator_sigma",
    "my_fee_usd_per_post",
    "fee_usd_at_1k_followers",
    "fee_creator_sigma",
)
"""The fields a fit with a deals file sets."""


def prior_plan(plan: Scenario, with_deals: bool) -> Scenario:
    """``plan`` with the fields the fit sets back at the model's figures for its platform and
    niche: the fit's priors are the model's, never an earlier fit that became the plan, so
    fitting the same files again gives the same plan whatever the current one is."""
    preset = preset_values(plan.platform, plan.niche)
    names = GROWTH_FIELDS + (DEAL_FIELDS if with_deals else ())
    reset = {n: preset.get(n, Scenario.model_fields[n].default) for n in names}
    return Scenario.model_validate({**plan.model_dump(), **reset})


def read_and_fit(
    history_bytes: bytes,
    plan: Scenario,
    deals_bytes: bytes | None = None,
    *,
    followers_now: int | None = None,
    today: date | None = None,
) -> Fit:
    """Read both files and fit from ``prior_plan(plan)``: the one call the command line and
    the app make."""
    history = read_history(history_bytes, followers_now=followers_now, today=today)
    deals = read_deals(deals_bytes, today=today) if deals_bytes is not None else None
    return fit_history(history, prior_plan(plan, deals is not None), deals)
