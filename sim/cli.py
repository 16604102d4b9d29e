"""Command line: run scenarios headless and write the same exports as the app.

    python -m sim run [--scenario FILE.json] [--preset NAME] [--set FIELD=VALUE ...]
                      [--paths N] [--seed S] [--workers W] [--out FILE] [--paths-out FILE.csv]
    python -m sim presets
    python -m sim schema
    python -m sim batch | sweep ...   (see sim/batch.py)

``run`` prints the summary as one JSON object. Bad input exits with status 2 and one line
(under 300 characters) that names the field or option and what is allowed; never a
traceback, and no warning beside it. Input files are read with a bound; output paths are
checked before the run and written all or nothing (``sim.safe_io``), never over an input.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from sim.codec import MAX_UPLOAD_BYTES, TOO_DEEP, error_reason, json_too_deep
from sim.presets import V1_PRICE_SOURCES, all_presets, preset
from sim.safe_io import FileProblem, plan_outputs, read_bounded, staged_outputs
from sim.safe_text import one_line, quote
from sim.scenario import Scenario
from sim.settings import DEFAULT_PATHS, DEFAULT_SEED, MAX_PATHS, RunSettings

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
MAX_MESSAGE_CHARS = 299
"""An error line, ``error: `` included, is cut to this many characters."""


class BadInput(Exception):
    """Input the command line cannot use; the message is shown as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, one_line(f"error: {message}", MAX_MESSAGE_CHARS) + "\n")


def preset_name(platform: str, niche: str) -> str:
    return f"{platform}-{niche}"


def parse_preset(name: str) -> tuple[str, str]:
    """``platform-niche``."""
    parts = name.split("-")
    if len(parts) == 3 and parts[2] in V1_PRICE_SOURCES:
        raise BadInput(
            f"--preset: {name!r} names a price source; since model version 2 fees come from one "
            f"calibrated distribution, so use {parts[0]}-{parts[1]}"
        )
    known = {preset_name(*p) for p in all_presets()}
    if len(parts) != 2 or preset_name(*parts) not in known:
        raise BadInput(
            f"--preset: unknown preset {quote(name)}; run `python -m sim presets` for the list "
            "(form: platform-niche)"
        )
    return parts[0], parts[1]


def parse_value(text: str) -> Any:
    """A --set value: JSON when it parses (numbers, true/false, lists), else the raw text.
    Nesting is checked before parsing, so deep input never reaches a recursive parser."""
    if json_too_deep(text) is not None:
        raise BadInput(TOO_DEEP)
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, float) and not math.isfinite(value):
        raise BadInput(f"{quote(text)} is not a finite number")
    return value


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "scenario"
    message = error_reason(first)
    if first["type"] == "extra_forbidden":
        return f"{quote(loc)}: unknown field; run `python -m sim schema` for the fields"
    field = str(first["loc"][0]) if first["loc"] else ""
    allowed = ""
    if field in Scenario.model_fields or field in RunSettings.model_fields:
        model = Scenario if field in Scenario.model_fields else RunSettings
        info = model.model_fields[field]
        bounds = [getattr(m, "ge", None) for m in info.metadata] + [
            getattr(m, "le", None) for m in info.metadata
        ]
        lo = next((b for b in bounds[: len(info.metadata)] if b is not None), None)
        hi = next((b for b in bounds[len(info.metadata) :] if b is not None), None)
        if lo is not None and hi is not None:
            allowed = f"; allowed: {lo} to {hi}"
    return f"{loc}: {message}{allowed}"


def build_scenario(args: argparse.Namespace) -> tuple[Scenario, RunSettings]:
    """The scenario and run settings from --scenario / --preset / --set / --paths / --seed."""
    settings = RunSettings()
    if args.scenario and args.preset:
        raise BadInput("use --scenario or --preset, not both (--set changes either)")
    if args.scenario:
        from sim.codec import decode_upload

        try:
            data = read_bounded("--scenario", args.scenario, MAX_UPLOAD_BYTES)
        except FileProblem as exc:
            raise BadInput(str(exc)) from None
        decoded = decode_upload(data)
        if decoded.error is not None or decoded.scenario is None:
            raise BadInput(f"--scenario: {decoded.error}")
        base = decoded.scenario.model_dump()
        if decoded.settings is not None:
            settings = decoded.settings
    elif args.preset:
        base = Scenario.from_preset(*parse_preset(args.preset)).model_dump()
    else:
        base = Scenario().model_dump()

    overrides: dict[str, Any] = {}
    for item in args.set or []:
        field, sep, text = item.partition("=")
        if not sep or not field:
            raise BadInput(f"--set: expected FIELD=VALUE, got {quote(item)}")
        if field not in Scenario.model_fields:
            raise BadInput(
                f"{quote(field)}: unknown field; run `python -m sim schema` for the fields"
            )
        if field in overrides:
            raise BadInput(f"{field}: set twice with --set; give each field once")
        try:
            overrides[field] = parse_value(text)
        except BadInput as exc:
            raise BadInput(f"{field}: {exc}") from None
    if {"platform", "niche"} & overrides.keys():
        # a new preset brings its own defaults (only the preset keys change here); the fields
        # set explicitly are applied, and validated strictly, below
        keys = {k: v for k, v in base.items() if k in ("platform", "niche")}
        keys.update({k: v for k, v in overrides.items() if k in ("platform", "niche")})
        if _valid_preset(keys):
            base = Scenario.from_partial(keys).model_dump()
    try:
        # strict, like the scenario-file reader: true is not 1, "12" is not 12
        merged = {**Scenario.model_validate(base).model_dump(mode="json"), **overrides}
        scenario = Scenario.model_validate_json(json.dumps(merged), strict=True)
    except ValidationError as exc:
        raise BadInput(_describe(exc)) from exc

    run = {"paths": settings.paths, "seed": settings.seed}
    if args.paths is not None:
        run["paths"] = args.paths
    if args.seed is not None:
        run["seed"] = args.seed
    try:
        settings = RunSettings.model_validate(run)
    except ValidationError as exc:
        raise BadInput(_describe(exc)) from exc
    return scenario, settings


def _valid_preset(data: dict[str, Any]) -> bool:
    try:
        preset(str(data.get("platform")), str(data.get("niche")))
    except KeyError:
        return False
    return True


def cmd_run(args: argparse.Namespace) -> int:
    from sim.export import export_bytes, paths_csv
    from sim.simulate import simulate

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


def cmd_presets(_: argparse.Namespace) -> int:
    for platform, niche in all_presets():
        values = preset(platform, niche)
        print(preset_name(platform, niche))
        for field in ("fee_usd_at_1k_followers", "engagement_rate_nano", "niche_deal_demand"):
            item = values[field]
            print(f"    {field} = {item.value}  [{item.source}]")
    return 0


def cmd_schema(_: argparse.Namespace) -> int:
    print(json.dumps(Scenario.model_json_schema(), indent=1))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m sim", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="simulate a scenario and print its summary as JSON")
    run.add_argument("--scenario", help="scenario JSON file (as exported by the app)")
    run.add_argument("--preset", help="platform-niche, e.g. tiktok-beauty")
    run.add_argument("--set", action="append", metavar="FIELD=VALUE", help="change one field")
    run.add_argument(
        "--paths", type=int, help=f"simulated futures (default {DEFAULT_PATHS}, up to {MAX_PATHS})"
    )
    run.add_argument("--seed", type=int, help=f"seed (default {DEFAULT_SEED})")
    run.add_argument("--workers", type=int, default=1, help="processes (same results)")
    run.add_argument("--out", help="monthly percentiles and scenario: .csv, .xlsx or .json")
    run.add_argument("--paths-out", help="one row per path and month: .csv")
    run.set_defaults(func=cmd_run)
    sub.add_parser("presets", help="list presets with sources").set_defaults(func=cmd_presets)
    sub.add_parser("schema", help="print the scenario JSON schema").set_defaults(func=cmd_schema)
    from sim.batch import add_commands  # batch and sweep (sim/batch.py)
    from sim.calibration.command import add_calibrate_parser

    add_commands(sub)
    add_calibrate_parser(sub, _Parser)
    from sim.fit_command import add_fit_parser  # fit (sim/fit_command.py)

    add_fit_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if getattr(args, "workers", 1) < 1:
        print("error: --workers: must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    from sim.executor import ExecutorError  # a cluster that stops answering mid-run

    try:
        # warnings (numpy's RuntimeWarning on a value that is then refused) are held back: a
        # refusal is its one line alone; a command that succeeds shows them after all
        with warnings.catch_warnings(record=True) as caught:
            code: int = args.func(args)
        for item in caught:
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)
    except (BadInput, ExecutorError) as exc:
        print(one_line(f"error: {exc}", MAX_MESSAGE_CHARS), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # outputs are written all or nothing (sim.safe_io), so nothing half-written remains
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code
