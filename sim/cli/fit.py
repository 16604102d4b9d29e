"""``python -m sim fit``: fit the plan to a creator's own history and write it as a scenario.

    python -m sim fit FOLLOWERS.csv [--deals DEALS.csv] [--platform P] [--niche N]
                      [--preset NAME] [--posts-per-week X] [--followers-now N]
                      [--months M] --out SCENARIO.json

Prints the fitted parameters with their uncertainty as one JSON object and writes the
scenario file (the app's format) whose ``start_followers`` is the last count;
``python -m sim run --scenario SCENARIO.json`` then forecasts from today. ``--preset`` is a
named plan (``python -m sim presets`` lists platform-niche presets; plans: weekend_hobbyist,
side_hustle, going_full_time) or a platform-niche preset. Bad input exits 2 with one line;
the scenario file is written all or nothing, after the fit succeeded.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sim.cli.common import BadInput, parse_preset
from sim.history.fit import HistoryProblem, fit_json, peer_share_slower, read_and_fit
from sim.history.read import MAX_HISTORY_BYTES
from sim.model.presets import PLATFORMS, niches, plans
from sim.model.scenario import DEFAULT_PRESET, Scenario, field_range
from sim.model.settings import RunSettings

PEER_PATHS = 1000


def add_fit_parser(sub: Any) -> None:
    """Register the ``fit`` subcommand."""
    fit = sub.add_parser(
        "fit",
        help="fit the plan to your follower history (and deals) and write it as a scenario",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    fit.add_argument("history", metavar="FOLLOWERS.csv", help="follower counts by date")
    fit.add_argument("--deals", help="deals file: date,fee_usd,kind (kind paid or gifted)")
    fit.add_argument("--platform", help=f"one of {', '.join(PLATFORMS)}")
    fit.add_argument("--niche", help="a niche key (python -m sim presets)")
    fit.add_argument("--preset", help="a named plan (side_hustle...) or platform-niche")
    fit.add_argument(
        "--posts-per-week", type=float, help="posts a week during the history (default: the plan's)"
    )
    fit.add_argument(
        "--followers-now", type=int, help="today's count, for exports of daily changes"
    )
    fit.add_argument("--months", type=int, help="horizon of the fitted plan (default: the plan's)")
    fit.add_argument("--out", required=True, help="the fitted scenario (.json)")
    fit.set_defaults(func=cmd_fit)


def _base(args: argparse.Namespace) -> Scenario:

    platform: str = DEFAULT_PRESET[0]
    niche: str = DEFAULT_PRESET[1]
    plan: dict[str, Any] = {}
    if args.preset:
        named = plans()
        if args.preset in named:
            plan = dict(named[args.preset].values)
        else:
            platform, niche = parse_preset(args.preset)
    platform = args.platform or platform
    niche = args.niche or niche
    if platform not in PLATFORMS:
        raise BadInput(f"--platform: unknown platform; allowed: {', '.join(PLATFORMS)}")
    if niche not in niches():
        raise BadInput(f"--niche: unknown niche; allowed: {', '.join(niches())}")
    for option, name, value in (
        ("--posts-per-week", "posts_per_week", args.posts_per_week),
        ("--months", "months", args.months),
    ):
        if value is None:
            continue
        lo, hi = field_range(name)
        if not lo <= value <= hi:
            raise BadInput(f"{option}: {value:g} is outside the allowed range, {lo:g} to {hi:g}")
        plan[name] = value
    try:
        return Scenario.from_preset(platform, niche, **plan)
    except ValueError as exc:
        first = str(exc).splitlines()
        raise BadInput(first[1] if len(first) > 1 else first[0]) from None


def cmd_fit(args: argparse.Namespace) -> int:
    from sim.io.codec import scenario_to_json
    from sim.io.safe_io import FileProblem, plan_outputs, read_bounded, staged_outputs

    if Path(args.out).suffix.lower() != ".json":
        raise BadInput("--out: the fitted scenario is a .json file")
    if args.followers_now is not None and args.followers_now < 0:
        raise BadInput("--followers-now: must be 0 or more")
    base = _base(args)
    inputs = [args.history] + ([args.deals] if args.deals else [])
    try:
        history = read_bounded("FOLLOWERS.csv", args.history, MAX_HISTORY_BYTES)
        deals = read_bounded("--deals", args.deals, MAX_HISTORY_BYTES) if args.deals else None
        outputs = plan_outputs([("--out", args.out)], inputs=inputs)
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    try:
        fit = read_and_fit(history, base, deals, followers_now=args.followers_now)
    except HistoryProblem as exc:
        where = "--deals" if deals is not None and "deals" in str(exc) else "FOLLOWERS.csv"
        raise BadInput(f"{where}: {exc}") from None
    share = peer_share_slower(fit, PEER_PATHS)
    report = fit_json(fit, share)
    provenance = {
        "fitted_from": {
            "history": Path(args.history).name[:80],
            "deals": Path(args.deals).name[:80] if args.deals else None,
            "first_date": report["history"]["first_date"],
            "last_date": report["history"]["last_date"],
            "weeks": report["history"]["weeks"],
            "method": "python -m sim fit (sim/history/fit.py)",
        }
    }
    text = scenario_to_json(fit.scenario, RunSettings(), extra_provenance=provenance)
    try:
        with staged_outputs(outputs) as staged:
            staged.write(outputs[0], text.encode("utf-8"))
            staged.commit()
    except FileProblem as exc:
        raise BadInput(str(exc)) from None
    print(json.dumps(report, allow_nan=False))
    return 0
