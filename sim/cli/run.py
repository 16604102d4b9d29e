"""``python -m sim run``: simulate one scenario, print its summary, write the app's exports.

    python -m sim run [--scenario FILE.json] [--preset NAME] [--set FIELD=VALUE ...]
                      [--paths N] [--seed S] [--workers W] [--out FILE] [--paths-out FILE.csv]

``run`` prints the summary as one JSON object. Input files are read with a bound; output paths
are checked before the run and written all or nothing (``sim.io.safe_io``), never over an input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sim.cli.common import BadInput, add_scenario_options, build_scenario
from sim.io.safe_io import FileProblem, plan_outputs, staged_outputs
from sim.io.safe_text import quote


def cmd_run(args: argparse.Namespace) -> int:
    from sim.io.export import export_bytes, paths_csv
    from sim.model.simulate import simulate

    scenario, settings = build_scenario(args)
    requested = []
    for option, path in (("--out", args.out), ("--paths-out", args.paths_out)):
        if path is None:
            continue
        suffix = Path(path).suffix.lower()
        allowed = (".csv",) if option == "--paths-out" else (".csv", ".xlsx", ".json")
        if suffix not in allowed:
            raise BadInput(f"{option}: {quote(path)} must end in {' or '.join(allowed)}")
        requested.append((option, path))
    try:
        # every output path is checked, and its temporary file made, before the run
        outputs = plan_outputs(requested, inputs=[args.scenario] if args.scenario else [])
        with staged_outputs(outputs) as staged:
            results = simulate(scenario, settings.paths, settings.seed, workers=args.workers)
            for out in outputs:
                staged.write(
                    out,
                    paths_csv(results).encode("utf-8")
                    if out.option == "--paths-out"
                    else export_bytes(results, out.target.suffix.lower()),
                )
            staged.commit()
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    print(json.dumps(results.summary.as_dict(), allow_nan=False))
    return 0


def add_run_parser(sub: Any) -> None:
    """Register the ``run`` subcommand."""
    run = sub.add_parser("run", help="simulate a scenario and print its summary as JSON")
    add_scenario_options(run)
    run.add_argument("--workers", type=int, default=1, help="processes (same results)")
    run.add_argument("--out", help="monthly percentiles and scenario: .csv, .xlsx or .json")
    run.add_argument("--paths-out", help="one row per path and month: .csv")
    run.set_defaults(func=cmd_run)
