"""What every command shares: the one-line refusal, the parser, and a scenario from options.

``BadInput`` is input a command cannot use: the entry point (``sim.cli.entry``) prints its
message as one line (under 300 characters) and exits with status 2; never a traceback.
``build_scenario`` turns --scenario / --preset / --set / --paths / --seed into a validated
scenario and run settings, exactly as ``run`` does, for every command that takes them.

Imports the model and sim.io only; every command module imports this one, and this one
imports no command.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, NoReturn

from pydantic import ValidationError

from sim.io.codec import MAX_UPLOAD_BYTES, TOO_DEEP, error_reason, json_too_deep
from sim.io.safe_io import FileProblem, read_bounded
from sim.io.safe_text import one_line, quote
from sim.model.presets import V1_PRICE_SOURCES, all_presets, preset
from sim.model.scenario import Scenario
from sim.model.settings import DEFAULT_PATHS, DEFAULT_SEED, MAX_PATHS, RunSettings

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
MAX_MESSAGE_CHARS = 299
"""An error line, ``error: `` included, is cut to this many characters."""
MAX_NOTE_CHARS = 999
"""A note about a good input (an older file read into this version): one line, whole."""


class BadInput(Exception):
    """Input the command line cannot use; the message is shown as is."""


class Parser(argparse.ArgumentParser):
    """Refuses bad options with one line and exit status 2, as every command does."""

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
        from sim.io.codec import decode_upload

        try:
            data = read_bounded("--scenario", args.scenario, MAX_UPLOAD_BYTES)
        except FileProblem as exc:
            raise BadInput(str(exc)) from None
        decoded = decode_upload(data)
        if decoded.error is not None or decoded.scenario is None:
            raise BadInput(f"--scenario: {decoded.error}")
        for notice in decoded.notices:  # e.g. a file of an older model version, as the app says
            print(one_line(f"note: --scenario: {notice}", MAX_NOTE_CHARS), file=sys.stderr)
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


def add_scenario_options(parser: argparse.ArgumentParser) -> None:
    """The options ``build_scenario`` reads: --scenario, --preset, --set, --paths, --seed."""
    parser.add_argument("--scenario", help="scenario JSON file (as exported by the app)")
    parser.add_argument("--preset", help="platform-niche, e.g. tiktok-beauty")
    parser.add_argument("--set", action="append", metavar="FIELD=VALUE", help="change one field")
    parser.add_argument(
        "--paths", type=int, help=f"simulated futures (default {DEFAULT_PATHS}, up to {MAX_PATHS})"
    )
    parser.add_argument("--seed", type=int, help=f"seed (default {DEFAULT_SEED})")


def run_options() -> argparse.Namespace:
    """The scenario options with their defaults (none given), to build scenarios as ``run``
    does."""
    parser = Parser(prog="python -m sim run")
    add_scenario_options(parser)
    return parser.parse_args([])
