"""``python -m sim calibrate``: estimate the parameters, write the preset and the validation.

    python -m sim calibrate [--targets FILE] [--draws N] [--rounds R] [--variants V]
                            [--paths P] [--seed S] [--stages growth,deals,...]
                            [--workers K | --scheduler ADDRESS] --out POSTERIOR.json
                            [--preset-out calibrated.toml] [--validation-out validation.json]

``--out`` gets the posterior sample and provenance; ``--preset-out`` the calibrated values as
preset data (the shipped one is ``sim/presets/v2/calibrated.toml``); ``--validation-out``
the model against every target with the calibrated values. A full run (the shipped one) takes
tens of minutes on two cores; tests run it at a small scale.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sim.calibration.calibrate import STAGES, Calibration, calibrate, calibrated_toml
from sim.calibration.calibrate import posterior_json as posterior_text
from sim.calibration.targets import load_targets
from sim.calibration.validate import validate, write_validation


def add_calibrate_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the ``calibrate`` subcommand."""
    from sim.executor import add_executor_options

    cal = sub.add_parser(
        "calibrate",
        help="estimate the model's uncertain parameters from the outcome targets (ABC)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    cal.add_argument("--targets", help="outcome targets file (default: the shipped one)")
    cal.add_argument("--draws", type=int, default=48, help="parameter draws per round")
    cal.add_argument("--rounds", type=int, default=2, help="rounds per stage (refinements)")
    cal.add_argument("--passes", type=int, default=2, help="passes over all the stages")
    cal.add_argument("--variants", type=int, default=8, help="creators per population")
    cal.add_argument("--paths", type=int, default=150, help="futures per creator")
    cal.add_argument("--seed", type=int, default=0, help="root seed")
    cal.add_argument(
        "--stages", default=",".join(STAGES), help=f"comma-separated (default {','.join(STAGES)})"
    )
    add_executor_options(cal)
    cal.add_argument("--out", help="posterior sample and provenance (.json)")
    cal.add_argument(
        "--from-posterior",
        metavar="POSTERIOR.json",
        help="skip the search: write --preset-out / --validation-out from this posterior",
    )
    cal.add_argument("--preset-out", help="calibrated values as preset data (.toml)")
    cal.add_argument("--validation-out", help="the model against every target (.json)")
    cal.add_argument(
        "--validation-paths", type=int, default=300, help="futures per creator in the validation"
    )
    cal.set_defaults(func=cmd_calibrate)


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim import MODEL_VERSION
    from sim.cli import BadInput
    from sim.executor import ExecutorError, executor_from_args

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise BadInput(f"--stages: unknown {', '.join(unknown)}; allowed: {', '.join(STAGES)}")
    for option in ("draws", "rounds", "passes", "variants", "paths", "validation_paths"):
        if getattr(args, option) < 1:
            raise BadInput(f"--{option.replace('_', '-')}: must be at least 1")
    try:
        targets = load_targets(args.targets)
    except (OSError, ValueError) as exc:
        raise BadInput(f"--targets: {' '.join(str(exc).split())[:250]}") from None
    if not args.out and not args.from_posterior:
        raise BadInput("--out: required (or --from-posterior to rebuild from a posterior)")
    outputs = [p for p in (args.out, args.preset_out, args.validation_out) if p]
    if len(set(outputs)) != len(outputs):
        raise BadInput("--out, --preset-out and --validation-out must be different files")
    for path in outputs:
        if not Path(path).resolve().parent.is_dir():
            raise BadInput(f"cannot write {path}: its folder does not exist")

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started = time.perf_counter()
    try:
        ex = executor_from_args(args)
    except ExecutorError as exc:
        raise BadInput(str(exc)) from None
    with ex:
        this_run = {
            "command": "python -m sim " + " ".join(sys.argv[1:]),
            "model_version": MODEL_VERSION,
            "git_commit": _git_commit(),
            "python": platform.python_version(),
            "workers": ex.workers,
            "executor": ex.kind,
            "targets": args.targets or "sim/calibration/targets.toml",
        }
        if args.from_posterior:
            result, provenance = _read_posterior(args.from_posterior)
            provenance = {**provenance, "rebuilt_by": this_run}
        else:
            result = calibrate(
                targets,
                draws=args.draws,
                rounds=args.rounds,
                variants=args.variants,
                paths=args.paths,
                seed=args.seed,
                stages=stages,
                passes=args.passes,
                mapper=ex.map,
                progress=progress,
            )
            provenance = this_run
        when = time.strftime("%Y-%m-%d")
        if args.out:
            _write(args.out, posterior_text(result, provenance))
        if args.preset_out:
            _write(args.preset_out, calibrated_toml(result, when))
        if args.validation_out:
            from sim.calibration.calibrate import final_params

            progress("validation: every target with the calibrated values")
            rows = validate(
                targets,
                params=final_params(result),
                paths=args.validation_paths,
                seed=args.seed + 1,
                mapper=ex.map,
            )
            inside = sum(r.inside for r in rows if r.status in ("target", "rule"))
            total = sum(1 for r in rows if r.status in ("target", "rule"))
            progress(f"validation: {inside} of {total} targets inside their tolerance")
            _write(
                args.validation_out,
                write_validation(rows, {**provenance, "paths": args.validation_paths}),
            )
    progress(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _read_posterior(path: str) -> tuple[Calibration, dict[str, Any]]:
    from sim.calibration.calibrate import from_posterior
    from sim.cli import BadInput

    try:
        document = json.loads(Path(path).read_text("utf-8"))
        provenance = dict(document["provenance"])
        provenance.pop("created_utc", None)
        return from_posterior(document), provenance
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise BadInput(f"--from-posterior: cannot read {path}: {reason}") from None


def _write(path: str, text: str) -> None:
    """Write ``text`` whole or not at all (a temporary file renamed into place)."""
    target = Path(path)
    temp = target.with_name(f".{target.name}.partial")
    temp.write_text(text, "utf-8")
    temp.replace(target)
