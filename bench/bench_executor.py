"""Executor benchmark: a batch of profiles and one big run, serially, on a local process pool
and on a Dask cluster; prints figures, asserts nothing (machines here are shared and noisy).

    python bench/bench_executor.py            # 1,000 profiles x 2,000 paths; 10,000 x 60
    python bench/bench_executor.py --quick    # 100 profiles x 500 paths; 10,000 x 60

The batch is ``RunTask``s mapped over an executor (what ``sim batch`` does): serially in this
process (the baseline, measured in the same run), on a local pool of 2 worker processes, and
on a Dask LocalCluster of 2 single-threaded worker processes (loopback only). The machine is
shared, so the three take turns: the batch is cut into interleaved slices, and each slice runs
in every mode before the next, so that a change in load weighs on all three alike.
For each: wall time, speed-up over serial, parallel efficiency (speed-up / workers), overhead
per task, ``(workers x wall - time inside the tasks) / tasks``: worker time not spent
simulating (pickling, scheduling, waiting at the end), and how much slower the tasks ran than
serially (the two workers share the machine's caches, memory and, here, its cores with other
work). The pools are started, and their
workers have imported the engine, before the clock starts; start-up is shown on its own.

The big run (10,000 paths x 60 months) is one simulation: serially, with the engine's own
``workers=2`` (a new process pool per call), and split into blocks of paths over the reused
pool and the cluster (results checked equal to the serial run). Whole ``Results`` travel back
here, ~10 MB per 2,000 paths, which is why batches return summaries only.

The 64-core estimate assumes 64 single-threaded Dask workers as fast as this machine's cores:
tasks x (compute per task + Dask overhead per task) / 64, plus the start-up measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import numpy as np

from sim import Scenario, simulate
from sim.many.executor import (
    DaskExecutor,
    Executor,
    LocalExecutor,
    RunTask,
    SerialExecutor,
    derive_seed,
)
from sim.model.engine import BlockOutput, merge_blocks, run_paths
from sim.model.presets import all_presets
from sim.model.streams import BLOCK_PATHS

WORKERS = 2
ROUNDS = 20
"""The batch is run in this many interleaved slices (see ``main``)."""


def profiles(count: int, paths: int) -> list[RunTask]:
    """``count`` varied profiles: every preset in turn, posts and hours spread over their
    ranges, each seeded from its row as ``sim batch`` seeds it."""
    presets = all_presets()
    tasks = []
    for i in range(count):
        preset = presets[i % len(presets)]
        scenario = Scenario.from_preset(
            *preset, posts_per_week=1 + i % 7, hours_per_post=0.5 + (i % 9) * 0.5
        )
        tasks.append(RunTask(scenario, paths, derive_seed(42, f"row:{i + 1}")))
    return tasks


def timed_task(task: RunTask) -> tuple[Any, float, float]:
    """A task's summary, and the wall and CPU seconds spent inside it (where it ran)."""
    wall, cpu = time.perf_counter(), time.process_time()
    summary = simulate(task.scenario, task.paths, task.seed, trace=()).summary
    return summary, time.perf_counter() - wall, time.process_time() - cpu


def timed_batch(
    ex: Executor, tasks: list[RunTask]
) -> tuple[float, list[Any], list[float], list[float]]:
    """Wall time of the whole batch, the summaries in order, each task's wall and CPU time
    inside."""
    start = time.perf_counter()
    found = dict(ex.as_completed(timed_task, tasks))
    wall = time.perf_counter() - start
    results = [found[i] for i in range(len(tasks))]
    assert all(isinstance(r, tuple) for r in results), results
    return wall, [r[0] for r in results], [r[1] for r in results], [r[2] for r in results]


def warm(ex: Executor) -> float:
    """Start the workers and have each import the engine and run once; seconds taken."""
    start = time.perf_counter()
    ex.map(_tiny, range(4 * WORKERS))
    return time.perf_counter() - start


def _tiny(i: int) -> float:
    return simulate(Scenario(months=1), 100, i, trace=()).summary.p_profitable


def _block(job: tuple[Scenario, int, int, int]) -> BlockOutput:
    """Paths of one part of a big run (top level, so worker processes can import it)."""
    scenario, seed, first_block, n = job
    return run_paths(scenario, seed, first_block, n)


def split_run(ex: Executor, scenario: Scenario, paths: int, seed: int, parts: int) -> BlockOutput:
    """One run split by blocks of paths over ``ex``: what ``run_all(workers=N)`` could do
    with a reused executor instead of a new process pool per call."""
    blocks = -(-paths // BLOCK_PATHS)
    per = -(-blocks // parts)
    jobs = [
        (scenario, seed, first, min(paths, (first + per) * BLOCK_PATHS) - first * BLOCK_PATHS)
        for first in range(0, blocks, per)
    ]
    outs = ex.map(_block, jobs)
    done = [o for o in outs if isinstance(o, BlockOutput)]
    assert len(done) == len(outs), outs
    return merge_blocks(done)


def best_of(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 profiles x 500 paths")
    parser.add_argument("--profiles", type=int, help="profiles in the batch (default 1000)")
    parser.add_argument("--paths", type=int, help="paths per profile (default 2000)")
    args = parser.parse_args()
    count = args.profiles or (100 if args.quick else 1000)
    paths = args.paths or (500 if args.quick else 2000)
    repeats = 1 if args.quick else 3
    rounds = 4 if args.quick else ROUNDS
    out: dict[str, Any] = {"cpus": os.cpu_count(), "load_avg_1min_start": os.getloadavg()[0]}

    from distributed import LocalCluster

    tasks = profiles(count, paths)
    _tiny(0)
    with (
        LocalExecutor(WORKERS) as pool,
        LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
    ):
        # an existing cluster's cost to a batch: connecting, and each worker's first task
        start = time.perf_counter()
        dask = DaskExecutor(cluster.scheduler_address)
        dask_start = time.perf_counter() - start + warm(dask)
        pool_start = warm(pool)
        modes: dict[str, Executor] = {"serial": SerialExecutor(), "local_2": pool, "dask_2": dask}
        wall = dict.fromkeys(modes, 0.0)
        inside: dict[str, list[float]] = {m: [] for m in modes}
        cpu: dict[str, list[float]] = {m: [] for m in modes}
        got: dict[str, dict[int, Any]] = {m: {} for m in modes}
        # interleaved: each round runs a slice of the batch in every mode, so a change in the
        # machine's load (it is shared) weighs on every mode alike
        for r in range(rounds):
            part = list(range(r, count, rounds))
            for mode, ex in modes.items():
                seconds, results, times, cpus = timed_batch(ex, [tasks[i] for i in part])
                wall[mode] += seconds
                inside[mode] += times
                cpu[mode] += cpus
                got[mode].update(zip(part, results, strict=True))

        print(
            f"batch: {count} profiles x {paths} paths (months {tasks[0].scenario.months}), "
            f"{rounds} interleaved rounds"
        )
        compute = sum(inside["serial"])
        per_task = compute / count
        per_cpu = sum(cpu["serial"]) / count
        out["batch"] = {"compute_per_task_ms": round(1e3 * per_task, 1)}
        starts = {"serial": 0.0, "local_2": pool_start, "dask_2": dask_start}
        for mode in modes:
            assert got[mode] == got["serial"], f"{mode}: results differ from the serial run"
            workers = 1 if mode == "serial" else WORKERS
            speedup = wall["serial"] / wall[mode]
            overhead = (workers * wall[mode] - sum(inside[mode])) / count
            slower = sum(inside[mode]) / compute
            share = sum(cpu[mode]) / sum(inside[mode])
            # on idle cores: workers x task / (task + overhead)
            idle = workers * per_cpu / (per_cpu + max(overhead, 0.0))
            out["batch"][mode] = {
                "wall_s": round(wall[mode], 2),
                "speedup": round(speedup, 2),
                "efficiency": round(speedup / workers, 2),
                "overhead_per_task_ms": round(1e3 * overhead, 2),
                "task_time_vs_serial": round(slower, 2),
                "cpu_share_inside_tasks": round(share, 2),
                "speedup_on_idle_cores": round(idle, 2),
                "start_s": round(starts[mode], 2),
            }
            print(
                f"  {mode:8s}: {wall[mode]:7.2f} s  x{speedup:.2f}  efficiency "
                f"{speedup / workers:4.0%}  overhead {1e3 * overhead:5.2f} ms/task  tasks "
                f"x{slower:.2f} as long as serially, {share:4.0%} of a CPU  "
                f"(idle cores: x{idle:.2f}; start-up {starts[mode]:.2f} s)"
            )
        print(
            f"  (serial: {1e3 * per_task:.1f} ms per task, {1e3 * per_cpu:.1f} ms of it on a CPU; "
            "idle cores: the speed-up if each worker had a core of its own, from the CPU time "
            "per task and the overhead measured)"
        )

        big = Scenario(months=60)
        big_paths = 10_000
        serial_big = simulate(big, big_paths, 1, trace=())

        def split(ex: Executor) -> float:
            parts = split_run(ex, big, big_paths, 1, WORKERS)
            for key, values in serial_big.monthly.items():
                assert np.array_equal(parts.monthly[key], values), key
            return best_of(lambda: split_run(ex, big, big_paths, 1, WORKERS), repeats)

        run_s: dict[str, float] = {
            "serial": best_of(lambda: simulate(big, big_paths, 1, trace=()), repeats),
            "engine workers=2 (new pool per call)": best_of(
                lambda: simulate(big, big_paths, 1, workers=2, trace=()), repeats
            ),
            "split over the reused local pool (2)": split(pool),
            "split over Dask (2 workers)": split(dask),
        }
        dask.close()
    print(f"one run: {big_paths:,} paths x 60 months (best of {repeats})")
    for name, seconds in run_s.items():
        print(f"  {name:38s}: {seconds:6.2f} s  x{run_s['serial'] / seconds:.2f}")
    out["run_10000x60_s"] = {k: round(v, 3) for k, v in run_s.items()}

    cores = 64
    dask_figures = out["batch"]["dask_2"]
    overhead = dask_figures["overhead_per_task_ms"] / 1e3
    for n in (count, 100_000):
        estimate = n * (per_task + overhead) / cores + dask_start
        out[f"estimate_64_cores_{n}_profiles_s"] = round(estimate, 1)
        print(
            f"estimate on {cores} cores, {n:,} profiles x {paths} paths: {estimate:8.1f} s "
            f"= {n:,} x ({1e3 * per_task:.1f} + {1e3 * overhead:.2f}) ms / {cores} "
            f"+ {dask_start:.1f} s to connect and warm up"
        )
    out["load_avg_1min_end"] = os.getloadavg()[0]
    print(
        f"load average {out['load_avg_1min_start']:.1f} at the start, "
        f"{out['load_avg_1min_end']:.1f} at the end, on {out['cpus']} CPUs"
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
