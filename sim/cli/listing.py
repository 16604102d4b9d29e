"""``python -m sim presets`` and ``python -m sim schema``: what there is to choose from."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sim.cli.common import preset_name
from sim.model.presets import all_presets, preset
from sim.model.scenario import Scenario


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


def add_listing_parsers(sub: Any) -> None:
    """Register the ``presets`` and ``schema`` subcommands. The function is looked up when the
    parser is made, so a test may replace ``cmd_presets`` or ``cmd_schema`` before calling
    ``main``."""
    sub.add_parser("presets", help="list presets with sources").set_defaults(func=cmd_presets)
    sub.add_parser("schema", help="print the scenario JSON schema").set_defaults(func=cmd_schema)
