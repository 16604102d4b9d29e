"""Calibration benchmark: prints figures, asserts nothing (machines here are shared and noisy).

    python bench/bench_calibration.py [--draws 8] [--variants 8] [--paths 150] [--workers 2]

Times one ABC round of each calibration stage (draws x the stage's populations x creators
x futures) serially and with a local pool of ``--workers`` processes, in the same run, and
reports the time per population evaluation, the speed-up and an estimate of a full
calibration (the shipped settings: 2 rounds of 64 draws per stage).
"""

from __future__ import annotations

import argparse
import json
import time

from sim.calibration.calibrate import STAGES, run_stage, start_values
from sim.calibration.populations import serial_map
from sim.calibration.targets import default_targets
from sim.many.executor import executor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--variants", type=int, default=8)
    parser.add_argument("--paths", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full-draws", type=int, default=64, help="draws per round, full run")
    args = parser.parse_args()
    targets = default_targets()
    fixed = start_values()
    out: dict[str, object] = {"settings": vars(args)}
    total_serial = total_pool = 0.0
    full_estimate = 0.0
    with executor(args.workers) as pool:
        for stage in STAGES:
            pops = len({t.population for t in targets.by_stage(stage)})
            row: dict[str, float] = {"populations": pops}
            for label, mapper in (("serial", serial_map), ("pool", pool.map)):
                start = time.perf_counter()
                run_stage(
                    stage,
                    targets,
                    fixed,
                    draws=args.draws,
                    rounds=1,
                    variants=args.variants,
                    paths=args.paths,
                    mapper=mapper,
                )
                row[f"{label}_s"] = round(time.perf_counter() - start, 2)
            evaluations = args.draws * pops
            row["serial_s_per_population_eval"] = round(row["serial_s"] / evaluations, 3)
            row["speed_up"] = round(row["serial_s"] / row["pool_s"], 2)
            total_serial += row["serial_s"]
            total_pool += row["pool_s"]
            full_estimate += row["pool_s"] / args.draws * args.full_draws * 2
            out[stage] = row
    out["all_stages_serial_s"] = round(total_serial, 1)
    out["all_stages_pool_s"] = round(total_pool, 1)
    out["speed_up"] = round(total_serial / total_pool, 2)
    out["full_calibration_estimate_min"] = round(full_estimate / 60, 1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
