"""Checks of the history fit (``sim.history.fit``) against histories whose truth is known.

- **Recovery**: the engine itself makes weekly follower histories (and deals) from known
  parameters, each future drawing its own growth level, deal flow and fee level, and churn
  drawn per batch from the fit's churn prior; the fit's 80% intervals should hold the truth
  in about 80% of the histories.
- **Hold-out**: the fit sees the first 70% of a history and forecasts the rest with the
  engine; the held-out counts should fall inside the forecast's P10-P90 band about 80% of
  the time. Histories come from the engine and from a process that is not the engine's: a
  log-linear trend with AR(1) noise around it and occasional permanent jumps.

``bench/bench_fit.py`` runs these at scale and prints the figures; the tests run a small
version. Everything is seeded: the same call gives the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.history.fit import CHURN_PRIOR_LOG_SD, Fit, fit_history, forecast
from sim.history.read import Deals, History
from sim.model.engine import Structural, Unknowns, run_paths
from sim.model.presets import plans
from sim.model.scenario import Scenario
from sim.model.streams import Streams

Array = NDArray[np.float64]
START = np.datetime64("2023-01-02", "D")


def recovery_base(platform: str) -> Scenario:
    """The plan whose engine histories the recovery checks fit: a side hustle from 3,000
    followers, without the mechanisms the fit does not estimate (trust, fatigue, algorithm
    changes, the model's own parameter uncertainty), so that coverage measures the fit and not
    what it leaves out."""
    return Scenario.from_preset(
        platform,
        "fashion",
        start_followers=3000,
        model_trust=False,
        model_fatigue=False,
        model_platform_shocks=False,
        model_parameter_uncertainty=False,
        **plans()["side_hustle"].values,
    )


@dataclass(frozen=True)
class Known:
    """One history with the truth that made it."""

    history: History
    deals: Deals | None
    truth: dict[str, float]
    base: Scenario  # the plan the fit is given (the truth's platform, niche and posting)


def _history(followers: Array, notes: str) -> History:
    dates = START + np.arange(followers.size) * 7
    return History(
        dates.astype("datetime64[D]"), followers, "plain", False, (notes,), followers.size
    )


def engine_histories(
    base: Scenario, n: int, weeks: int, seed: int, churn_batches: int = 4
) -> list[Known]:
    """``n`` weekly histories from the engine, ``weeks`` long, with deals."""
    out: list[Known] = []
    rng = np.random.default_rng(seed)
    per = -(-n // churn_batches)
    for batch in range(churn_batches):
        churn = base.weekly_churn_rate * math.exp(CHURN_PRIOR_LOG_SD * rng.standard_normal())
        sc = base.model_copy(
            update={"weekly_churn_rate": churn, "months": math.ceil(weeks / (52 / 12)) + 1}
        )
        run_seed = seed * 100 + batch
        m = min(per, n - len(out))
        if m <= 0:
            break
        block = run_paths(sc, run_seed, 0, m, trace=tuple(range(m)))
        streams = Streams(run_seed, 0, m)
        unknowns = Unknowns.draw(sc, streams, Structural.draw(sc, streams))
        for i in range(m):
            diary = block.diaries[i]
            followers = np.array(
                [float(sc.start_followers)] + [s.followers for s in diary.weeks[:weeks]]
            )
            paid = [e for e in diary.events if e.kind == "deal_paid" and e.week < weeks]
            gifted = [e for e in diary.events if e.kind == "deal_gifted" and e.week < weeks]
            events = sorted(paid + gifted, key=lambda e: e.week)
            deals = None
            if events:
                days = START + np.array([7 * e.week + 3 for e in events])
                deals = Deals(
                    days.astype("datetime64[D]"),
                    np.array([e.amount_usd if e.kind == "deal_paid" else 0.0 for e in events]),
                    np.array([e.kind == "deal_paid" for e in events]),
                    (),
                    len(events),
                )
            truth = {
                "followers_per_post_at_1k": sc.base_followers_per_post
                * float(unknowns.growth_level[i]),
                "weekly_churn_rate": churn,
                "deal_level": float(unknowns.deal_level[i]),
                "fee_usd_at_1k_followers": float(unknowns.fee_usd_at_1k[i]),
            }
            out.append(Known(_history(followers, "engine"), deals, truth, base))
    return out


def ar1_histories(base: Scenario, n: int, weeks: int, seed: int) -> list[Known]:
    """Histories from a log-linear trend with AR(1) noise and occasional jumps (not the
    engine): log F_t = log F_0 + g t + u_t + jumps, u_t = phi u_(t-1) + e_t."""
    rng = np.random.default_rng(seed)
    out: list[Known] = []
    for _ in range(n):
        f0 = float(np.exp(rng.uniform(math.log(800), math.log(30_000))))
        trend = rng.uniform(-0.001, 0.012)  # per week
        phi = rng.uniform(0.3, 0.8)
        sd = rng.uniform(0.004, 0.015)
        u = 0.0
        jumps = 0.0
        logs = []
        for t in range(weeks + 1):
            u = phi * u + sd * rng.standard_normal()
            if t > 0 and rng.uniform() < 0.02:
                jumps += math.log1p(rng.uniform(0.03, 0.25))
            logs.append(math.log(f0) + trend * t + u + jumps)
        followers = np.round(np.exp(np.array(logs)))
        truth = {"trend_per_week": trend}
        out.append(Known(_history(followers, "ar1"), None, truth, base))
    return out


def covered(fit: Fit, truth: dict[str, float]) -> dict[str, bool]:
    """Whether each known parameter falls inside the fit's 80% interval."""
    out: dict[str, bool] = {}
    for name, value in truth.items():
        est = fit.estimates.get(name)
        if est is not None:
            out[name] = est.p10 <= value <= est.p90
    return out


@dataclass(frozen=True)
class HoldOut:
    inside: int
    points: int
    log_width: float  # log(P90 / P10) of the forecast at the last held-out week
    prior_log_width: float  # the same for the unfitted plan from the same count


def _band_at(frame_weeks: Array, band: Array, weeks: Array) -> Array:
    return np.interp(weeks, frame_weeks, band)


def hold_out(known: Known, share: float = 0.7, paths: int = 400, seed: int = 3) -> HoldOut:
    """Fit the first ``share`` of the history, forecast the rest, count the held-out weekly
    counts inside the P10-P90 band."""
    h = known.history
    cut = round((h.followers.size - 1) * share)
    first = History(h.dates[: cut + 1], h.followers[: cut + 1], h.layout, False, (), cut + 1)
    fit = fit_history(first, known.base, None)
    rest_weeks = (h.dates[cut:] - h.dates[cut]).astype(np.int64) / 7.0
    months = max(1, math.ceil(rest_weeks[-1] / (52 / 12)))
    band = forecast(fit, paths, seed, months=months)
    weeks = band["week"].to_numpy()
    p10 = _band_at(weeks, band["p10"].to_numpy(), rest_weeks[1:])
    p90 = _band_at(weeks, band["p90"].to_numpy(), rest_weeks[1:])
    seen = h.followers[cut + 1 :]
    inside = int(((seen >= p10 - 0.5) & (seen <= p90 + 0.5)).sum())
    prior = fit.base.model_copy(
        update={"start_followers": fit.scenario.start_followers, "months": months}
    )
    from sim.history.fit import _band  # the same engine band, for the unfitted plan

    prior_band, _ = _band(prior, paths, seed)
    last = rest_weeks[-1]
    pw = _band_at(weeks, prior_band[:, 4], np.array([last]))[0]
    p1 = _band_at(weeks, prior_band[:, 0], np.array([last]))[0]
    width = math.log(max(p90[-1], 1.0) / max(p10[-1], 1.0))
    prior_width = math.log(max(pw, 1.0) / max(p1, 1.0))
    return HoldOut(inside, int(seen.size), width, prior_width)
