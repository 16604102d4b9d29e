"""``python -m sim sweep``: a base scenario run at every point of a grid of field values.

    python -m sim sweep [--scenario FILE.json | --preset NAME] [--set FIELD=VALUE ...]
                        --grid FIELD=VALUES [--grid FIELD=VALUES ...] --out RESULTS.csv|.parquet
                        [--paths N] [--seed S] [--seeds same|per-point]
                        [--workers K | --scheduler ADDRESS] [--resume]

One row per grid point, written as ``batch`` writes its rows (``sim.cli.batch``: the output
table, ``--resume``, the progress bar). Every point runs on ``--seed`` itself by default
(common random numbers: points differ by the plan, not the luck); ``--seeds per-point``
derives one per grid point instead.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
from collections.abc import Iterator
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from typing import Any, get_origin

from sim.cli.batch import (
    Job,
    Layout,
    add_output_options,
    check_done,
    execute,
    row_error,
    scenario_task,
)
from sim.cli.common import BadInput, build_scenario, parse_value
from sim.io.codec import TOO_DEEP, json_too_deep
from sim.io.safe_text import quote
from sim.many.executor import derive_seed
from sim.model.scenario import Scenario

MAX_GRID_POINTS = 100_000
MAX_GRID_VALUES = 10_000
"""Values of one grid field (a range like ``0:1:0.0001`` is most likely a typo)."""
_GRID_DIGITS = 1000
"""Decimal digits of a range's arithmetic: its count and points are exact for numbers up to
1e308 and steps down to 1e-600 (the float range and well beyond)."""


def _number(text: str) -> int | float | None:
    try:
        value = json.loads(text)  # nesting was checked by grid_values
    except ValueError:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _range_values(field: str, text: str) -> list[Any]:
    """``start:stop:step``, both ends included, in decimal arithmetic: every value is the
    decimal ``start + k * step`` (then the float nearest it), so no point is lost or rounded."""
    texts = text.split(":")
    numbers = [_number(p) for p in texts]
    if any(n is None for n in numbers):
        raise BadInput(f"--grid {field}: START:STOP:STEP must be numbers, got {quote(text)}")
    # JSON's spelling of a finite number is also Decimal's, read exactly
    parts = [Decimal(p.strip()) for p in texts]
    start, stop, step = parts
    if step <= 0 or stop < start:
        raise BadInput(f"--grid {field}: needs STEP > 0 and STOP >= START, got {quote(text)}")
    # enough digits that the count of a range within the bound is exact
    with localcontext(Context(prec=_GRID_DIGITS, Emax=MAX_EMAX, Emin=MIN_EMIN)):
        count = (stop - start) / step
        if count >= MAX_GRID_VALUES:
            raise BadInput(
                f"--grid {field}: {quote(text)} makes more than {MAX_GRID_VALUES:,} values; "
                f"at most {MAX_GRID_VALUES:,}"
            )
        values = [start + k * step for k in range(int(count) + 1)]
    if all(isinstance(n, int) for n in numbers):
        return [int(v) for v in values]
    return [float(v) for v in values]


def grid_values(spec: str) -> list[Any]:
    """``start:stop:step`` (both ends included) or ``a,b,c``; values as ``--set`` reads them."""
    field, sep, text = spec.partition("=")
    if not sep or not field or not text:
        raise BadInput(f"--grid: expected FIELD=START:STOP:STEP or FIELD=A,B,C, got {quote(spec)}")
    if json_too_deep(text) is not None:
        raise BadInput(f"--grid {field}: {TOO_DEEP}")
    if text.count(":") == 2:
        return _range_values(field, text)
    values = [v.strip() for v in text.split(",")]
    if not all(values):
        raise BadInput(f"--grid {field}: an empty value in {quote(text)}")
    if len(values) > MAX_GRID_VALUES:
        raise BadInput(f"--grid {field}: {len(values):,} values; at most {MAX_GRID_VALUES:,}")
    try:
        return [parse_value(value) for value in values]
    except BadInput as exc:
        raise BadInput(f"--grid {field}: {exc}") from None


def parse_grid(specs: list[str], sets: list[str]) -> dict[str, list[Any]]:
    grid: dict[str, list[Any]] = {}
    given = {s.partition("=")[0] for s in sets}
    for spec in specs:
        field = spec.partition("=")[0].strip()
        if field not in Scenario.model_fields:
            raise BadInput(
                f"--grid: {quote(field)} is not a scenario field; run `python -m sim "
                "schema` for the fields"
            )
        if get_origin(Scenario.model_fields[field].annotation) in (tuple, list):
            raise BadInput(f"--grid: {field} holds a list; a grid sweeps single values")
        if field in grid:
            raise BadInput(f"--grid: {field} is given twice")
        if field in given:
            raise BadInput(f"--grid: {field} is also set with --set; give it one way")
        grid[field] = grid_values(spec.strip())
    points = math.prod(len(v) for v in grid.values())
    if points > MAX_GRID_POINTS:
        raise BadInput(f"--grid: {points:,} grid points; at most {MAX_GRID_POINTS:,} a sweep")
    return grid


def cmd_sweep(args: argparse.Namespace) -> int:
    sets = list(args.set or [])
    grid = parse_grid(args.grid, sets)
    _, settings = build_scenario(args)  # the base must be valid as a whole
    paths, root_seed = settings.paths, settings.seed
    layout = Layout({"point": "int", "grid": "text"})
    names = list(grid)
    points = [dict(zip(names, values, strict=True)) for values in itertools.product(*grid.values())]

    def grid_text(point: dict[str, Any]) -> str:
        return json.dumps(point, separators=(",", ":"), sort_keys=True)

    def seed_of(point: dict[str, Any]) -> int:
        if args.seeds == "same":
            return root_seed
        return derive_seed(root_seed, "point:" + grid_text(point))

    def expected(n: int) -> tuple[dict[str, Any], int, int] | None:
        if not 1 <= n <= len(points):
            return None
        point = points[n - 1]
        return {"point": n, "grid": grid_text(point)}, paths, seed_of(point)

    def job(n: int, point: dict[str, Any]) -> Job:
        key = {"point": n, "grid": grid_text(point)}
        point_sets = [
            f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in point.items()
        ]
        try:
            return Job(
                key, task=scenario_task(args, args.preset, sets + point_sets, paths, seed_of(point))
            )
        except BadInput as exc:
            return Job(key, error=row_error(exc))

    def plan(done: dict[int, dict[str, str]]) -> tuple[int, Iterator[Job]]:
        check_done(args.out, layout.number, done, expected)
        todo = [(n, p) for n, p in enumerate(points, start=1) if n not in done]
        return len(todo), (job(n, p) for n, p in todo)

    return execute("sweep", args, layout, plan, [args.scenario] if args.scenario else [])


def add_sweep_parser(sub: Any) -> None:
    """Register the ``sweep`` subcommand."""
    sweep = sub.add_parser(
        "sweep",
        help="run every point of a grid of field values",
        description="Run a base scenario (--scenario / --preset / --set) at every point of a "
        "grid (--grid FIELD=VALUES, repeated) and write one row each: the point, its inputs, "
        "the summary of `sim run` and an error column.",
    )
    sweep.add_argument("--scenario", help="base scenario JSON file (as exported by the app)")
    sweep.add_argument("--preset", help="base preset, e.g. tiktok-beauty")
    sweep.add_argument("--set", action="append", metavar="FIELD=VALUE", help="change one field")
    sweep.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="FIELD=VALUES",
        help="a field's values: START:STOP:STEP (inclusive) or A,B,C; repeat for more fields",
    )
    sweep.add_argument(
        "--seeds",
        choices=("same", "per-point"),
        default="same",
        help="same: every point on --seed (common random numbers, the default); "
        "per-point: a seed derived from --seed and the point",
    )
    add_output_options(sweep)
    sweep.set_defaults(func=cmd_sweep)
