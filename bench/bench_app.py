"""Plan page rerun times at default precision, through AppTest (prints figures, no asserts).

- cache miss: an input changed to a value never run before, so the scenario is simulated;
- cache hit: a rerun with nothing changed, so the run comes from ``st.cache_data``;
- suggestions: the background worker's CPU seconds for the same plans' suggestions
  (``sim.analysis.advice.suggest``, timed here in-process), which no rerun waits for.

Targets: miss < 0.5 s, hit < 0.15 s. Run: ``python bench/bench_app.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from sim import RunSettings, Scenario, simulate  # noqa: E402
from sim.analysis.advice import suggest  # noqa: E402
from sim.io.codec import encode_query  # noqa: E402
from sim.model.settings import DEFAULT_PATHS  # noqa: E402


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return elapsed


def describe(name: str, times: list[float], target: float) -> str:
    med = statistics.median(times)
    worst = max(times)
    verdict = "ok" if med < target else "OVER TARGET"
    return (
        f"{name:<10} median {med * 1000:7.1f} ms  min {min(times) * 1000:7.1f} ms  "
        f"max {worst * 1000:7.1f} ms  (target < {target * 1000:.0f} ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=8)
    parser.add_argument("--paths", type=int, default=DEFAULT_PATHS)
    args = parser.parse_args()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(encode_query(Scenario(), RunSettings(paths=args.paths)))
    timed_run(at)  # imports, first simulation, caches warm
    timed_run(at)

    posts = at.sidebar.slider(key="in.posts_per_week")
    base = float(posts.value)
    miss, hit, advice = [], [], []
    for i in range(args.repeats):
        # a value no earlier run used: a guaranteed cache miss
        at.sidebar.slider(key="in.posts_per_week").set_value(base + 0.5 * (i + 1))
        miss.append(timed_run(at))
        hit.append(timed_run(at))  # same inputs again: a cache hit
        scenario, settings = at.session_state["scenario"], at.session_state["settings"]
        plan = simulate(scenario, settings.paths, settings.seed).summary
        start = time.process_time()
        suggest(scenario, plan, settings.seed)
        advice.append(time.process_time() - start)

    print(f"Plan page, {args.paths:,} paths, {args.repeats} repeats (AppTest, one process)")
    print(describe("cache miss", miss, 0.5))
    print(describe("cache hit", hit, 0.15))
    print(
        f"{'suggestions':<10} median {statistics.median(advice) * 1000:7.1f} ms CPU in the "
        "background worker, off the rerun (no target: it delays only the suggestions)"
    )


if __name__ == "__main__":
    main()
