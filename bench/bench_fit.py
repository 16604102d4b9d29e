"""Coverage of the history fit (sim/history/fit.py): prints figures, asserts nothing.

    python bench/bench_fit.py [--histories N] [--weeks W]

Recovery: weekly histories (and deals) made by the engine from known parameters, with the
mechanisms a follower count cannot show switched off (fatigue, trust, algorithm changes);
the share of histories whose fitted 80% interval holds the truth, per parameter (nominal
0.80), and the mean and sd of (truth - fit) in interval units (0 and 1 if calibrated).

Hold-out: the fit sees the first 70% of a history, the engine forecasts the rest; the share
of held-out weekly counts inside the forecast's P10-P90 band (nominal 0.80), for the full
engine (two plans) and for a process that is not the engine's (log-linear trend, AR(1)
noise, occasional jumps). Width: the median log(P90/P10) at the last held-out week, fitted
and for the unfitted plan from the same count (the fit should be narrower: it informs).
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from sim.history.check import ar1_histories, covered, engine_histories, hold_out, recovery_base
from sim.history.fit import fit_history
from sim.model.presets import plans
from sim.model.scenario import Scenario

PLATFORMS = ("instagram", "tiktok", "youtube")


def recovery(n: int, weeks: int) -> None:
    print(f"Recovery ({n} engine histories of {weeks} weeks per platform, side_hustle plan)")
    for platform in PLATFORMS:
        base = recovery_base(platform)
        hits: dict[str, list[bool]] = {}
        z: dict[str, list[float]] = {}
        for known in engine_histories(base, n, weeks, 11):
            fit = fit_history(known.history, known.base, known.deals)
            for name, ok in covered(fit, known.truth).items():
                hits.setdefault(name, []).append(ok)
                e = fit.estimates[name]
                spread = math.log(e.p90 / e.p10) / 2.563 if e.p10 > 0 and e.p90 > e.p10 else 0
                if spread > 0:
                    z.setdefault(name, []).append(math.log(known.truth[name] / e.median) / spread)
        for name, values in hits.items():
            zz = z.get(name, [0.0])
            print(
                f"  {platform:9s} {name:26s} coverage {np.mean(values):.2f} (n={len(values)})"
                f"  z mean {np.mean(zz):+.2f} sd {np.std(zz):.2f}"
            )


def _holdout(label: str, knowns: list) -> None:  # type: ignore[type-arg]
    inside = points = 0
    widths, prior = [], []
    for known in knowns:
        ho = hold_out(known)
        inside += ho.inside
        points += ho.points
        widths.append(ho.log_width)
        prior.append(ho.prior_log_width)
    print(
        f"  {label:40s} inside P10-P90 {inside / points:.3f} ({len(knowns)} histories, "
        f"{points} weeks)  width {np.median(widths):.3f} vs unfitted {np.median(prior):.3f}"
    )


def holdouts(n: int, weeks: int) -> None:
    print(f"Hold-out (fit the first 70% of {weeks} weeks, forecast the rest)")
    for plan in ("side_hustle", "weekend_hobbyist"):
        for platform in PLATFORMS:
            base = Scenario.from_preset(
                platform, "fashion", start_followers=3000, **plans()[plan].values
            )
            _holdout(f"engine, {platform}, {plan}", engine_histories(base, n, weeks, 23))
    for platform in PLATFORMS:
        base = Scenario.from_preset(platform, "fashion", **plans()["side_hustle"].values)
        _holdout(
            f"log-linear AR(1) + jumps, fitted as {platform}", ar1_histories(base, n, weeks, 5)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--histories", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    start = time.perf_counter()
    recovery(args.histories, args.weeks)
    holdouts(args.histories, args.weeks)
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
