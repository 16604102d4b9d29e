"""Engine benchmark: prints figures, asserts nothing (machines here are shared and noisy).

    python bench/bench_engine.py

Cases (targets from the engine issue): 2,000 paths x 24 months (< 0.15 s), 10,000 x 60
(< 2 s), 100,000 x 36 (peak memory < 2 GiB, measured in a fresh process), and the ratio of
engine time to the time of only drawing the same random numbers from the same streams
(< 3). Each timing is the best of several repeats.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

from sim import Scenario, simulate
from sim.model.engine import MAX_OFFERS_PER_WEEK, horizon_weeks
from sim.model.streams import Streams


def best_of(fn, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def draws_only(paths: int, months: int, seed: int = 1) -> None:
    """Draw exactly what the weekly step draws, and nothing else."""
    k = MAX_OFFERS_PER_WEEK
    rs = Streams(seed, 0, paths)
    for _ in range(horizon_weeks(months)):
        rs.uniform("deals")
        rs.uniform("deal_kind", k)
        rs.normal("deal_value", k)
        rs.uniform("payment_terms", k)
        rs.uniform("payment_late", k)
        rs.uniform("payment_default", k)
        rs.uniform("ugc")
        rs.normal("growth")
        rs.uniform("virality")
        rs.uniform("viral_size")
        rs.uniform("shocks")
        rs.normal("hours")
        rs.uniform("burnout_quit")


def peak_memory_child(paths: int, months: int) -> float:
    """Peak resident memory (GiB) of a fresh process running one simulation."""
    code = (
        "import resource, sim; "
        f"sim.simulate(sim.Scenario(months={months}), {paths}, 1); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    baseline = "import resource, sim; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    used = int(subprocess.check_output([sys.executable, "-c", code]).strip())
    base = int(subprocess.check_output([sys.executable, "-c", baseline]).strip())
    return used / 2**20, base / 2**20  # type: ignore[return-value]


def main() -> None:
    out: dict[str, float] = {}
    for paths, months, repeats in ((2_000, 24, 7), (10_000, 60, 3)):
        scenario = Scenario(months=months)
        simulate(scenario, paths, 1)  # warm-up
        engine = best_of(lambda s=scenario, n=paths: simulate(s, n, 1), repeats)
        draws = best_of(lambda n=paths, m=months: draws_only(n, m), repeats)
        out[f"engine_s_{paths}x{months}"] = round(engine, 4)
        out[f"draws_only_s_{paths}x{months}"] = round(draws, 4)
        out[f"engine_to_draws_ratio_{paths}x{months}"] = round(engine / draws, 2)
    workers2 = best_of(lambda: simulate(Scenario(months=60), 10_000, 1, workers=2), 2)
    out["engine_s_10000x60_2_workers"] = round(workers2, 4)
    used, base = peak_memory_child(100_000, 36)
    out["peak_rss_gib_100000x36"] = round(used, 3)
    out["peak_rss_gib_import_only"] = round(base, 3)
    out["self_rss_gib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 3)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
