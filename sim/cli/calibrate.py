"""``python -m sim calibrate``: estimate the parameters, write the preset and the validation.

    python -m sim calibrate [--targets FILE] [--draws N] [--rounds R] [--variants V]
                            [--paths P] [--seed S] [--stages growth,deals,...]
                            [--workers K | --scheduler ADDRESS] --out POSTERIOR.json
                            [--preset-out calibrated.toml] [--validation-out validation.json]

``--out`` gets the posterior sample and provenance; ``--preset-out`` the calibrated values as
preset data (the shipped one is ``sim/model/presets/v3/calibrated.toml``); ``--validation-out``
the model against every target with the calibrated values. A full run (the shipped one) takes
tens of minutes on two cores; tests run it at a small scale.

Since a run is long, everything that could stop it is checked first, as ``sim run`` does
(``sim.io.safe_io``): the inputs read with a bound from regular files and parsed (one line for a
malformed or empty file: a run never calibrates against nothing), every output planned
(never a folder, a pipe, a read-only file or an input) and each written all or nothing.
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
from sim.calibration.targets import TargetSet, load_targets, parse_targets
from sim.calibration.validate import validate, write_validation
from sim.io.codec import json_too_deep
from sim.io.safe_io import (
    PATH_CHARS,
    FileProblem,
    Output,
    plan_outputs,
    read_bounded,
    staged_outputs,
)
from sim.io.safe_text import one_line, quote


def add_calibrate_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the ``calibrate`` subcommand."""
    from sim.many.executor import add_executor_options

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


MAX_TARGETS_BYTES = 4 * 1024 * 1024
"""Largest targets file read (the shipped one is about 31 KB)."""
MAX_POSTERIOR_BYTES = 64 * 1024 * 1024
"""Largest posterior file read (the shipped one is about 39 KB)."""
MAX_NESTING = 10
"""Levels of lists and tables an input may nest (the shipped files need 3)."""


def _text(option: str, path: str, limit_bytes: int) -> str:
    """A regular file's text, read with a bound; BadInput (one line) otherwise."""
    from sim.cli.common import BadInput

    try:
        data = read_bounded(option, path, limit_bytes)
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{option}: {quote(path, PATH_CHARS)} is not UTF-8 text") from None
    if json_too_deep(text, MAX_NESTING) is not None:  # before a recursive parser sees it
        raise BadInput(
            f"{option}: {quote(path, PATH_CHARS)} nests lists and tables more than "
            f"{MAX_NESTING} levels deep"
        )
    return text


def _read_targets(path: str | None, stages: list[str], searching: bool) -> TargetSet:
    """The targets (the shipped ones without --targets); BadInput unless every stage to
    calibrate has targets, so a run never calibrates against nothing."""
    from sim.cli.common import BadInput

    if path is None:
        return load_targets(None)
    shown = quote(path, PATH_CHARS)
    text = _text("--targets", path, MAX_TARGETS_BYTES)
    try:
        targets = parse_targets(text)
    except ValueError as exc:  # TOML syntax, a wrong shape, a field the schema refuses
        raise BadInput(f"--targets: {shown}: {one_line(exc, 200)}") from None
    if not any(t.status in ("target", "rule") for t in targets.targets):
        raise BadInput(
            f"--targets: {shown} has no targets; a calibration would calibrate against nothing"
        )
    for stage in stages if searching else ():
        if not targets.by_stage(stage):
            raise BadInput(
                f"--targets: {shown} has no target for the {stage} stage; it would calibrate "
                "against nothing (choose the stages with --stages)"
            )
    return targets


def cmd_calibrate(args: argparse.Namespace) -> int:
    from sim.cli.common import BadInput
    from sim.many.executor import ExecutorError, executor_from_args
    from sim.model import MODEL_VERSION

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise BadInput(f"--stages: unknown {', '.join(unknown)}; allowed: {', '.join(STAGES)}")
    if not stages:
        raise BadInput(f"--stages: give at least one of {', '.join(STAGES)}")
    for option in ("draws", "rounds", "passes", "variants", "paths", "validation_paths"):
        if getattr(args, option) < 1:
            raise BadInput(f"--{option.replace('_', '-')}: must be at least 1")
    if not args.out and not args.from_posterior:
        raise BadInput("--out: required (or --from-posterior to rebuild from a posterior)")
    # every output checked before any work: writable, a file or nothing, never an input
    inputs = [p for p in (args.targets, args.from_posterior) if p]
    requested = [
        (option, path)
        for option, path in (
            ("--out", args.out),
            ("--preset-out", args.preset_out),
            ("--validation-out", args.validation_out),
        )
        if path is not None
    ]
    try:
        outputs = {out.option: out for out in plan_outputs(requested, inputs=inputs)}
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    targets = _read_targets(args.targets, stages, searching=not args.from_posterior)
    posterior = _read_posterior(args.from_posterior) if args.from_posterior else None

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
        if posterior is not None:
            result, provenance = posterior
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
        if "--out" in outputs:
            _write(outputs["--out"], posterior_text(result, provenance))
        if "--preset-out" in outputs:
            _write(outputs["--preset-out"], calibrated_toml(result, when))
        if "--validation-out" in outputs:
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
                outputs["--validation-out"],
                write_validation(rows, {**provenance, "paths": args.validation_paths}),
            )
    progress(f"done in {time.perf_counter() - started:.0f} s")
    return 0


def _read_posterior(path: str) -> tuple[Calibration, dict[str, Any]]:
    """The calibration in a posterior file and its provenance; BadInput (one line) for a file
    that is not a complete posterior with finite values."""
    from pydantic import ValidationError

    from sim.calibration.calibrate import from_posterior
    from sim.cli.common import BadInput

    shown = quote(path, PATH_CHARS)
    text = _text("--from-posterior", path, MAX_POSTERIOR_BYTES)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise BadInput(f"--from-posterior: {shown} is not JSON ({one_line(exc, 120)})") from None
    try:
        calibration = from_posterior(document)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        reason = one_line(str(first["msg"]).removeprefix("Value error, "), 150)
        raise BadInput(f"--from-posterior: {shown}: {where}: {reason}") from None
    provenance = dict(document["provenance"])
    provenance.pop("created_utc", None)
    return calibration, provenance


def _write(out: Output, text: str) -> None:
    """Write ``text`` whole or not at all, as ``sim run`` writes (``sim.io.safe_io``)."""
    from sim.cli.common import BadInput

    try:
        with staged_outputs([out]) as staged:
            staged.write(out, text.encode("utf-8"))
            staged.commit()
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
