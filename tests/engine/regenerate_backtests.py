"""Back-test cases: small fixed-seed runs whose monthly percentile tables are stored as CSV.

The stored tables pin the engine's output: any change to equations, streams, presets or
summaries that moves a number shows up in ``tests/engine/test_backtest.py``. When a change
is intended (and MODEL_VERSION or the preset version says so), regenerate the tables from
the repository root and commit them with the change that explains them:

    python -m tests.engine.regenerate_backtests
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim import MODEL_VERSION, PRESET_VERSION, PlannedChange, Scenario, simulate

DATA = Path(__file__).with_name("data")
PATHS = 200


@dataclass(frozen=True)
class Case:
    name: str
    scenario: Scenario
    seed: int

    @property
    def path(self) -> Path:
        return DATA / f"backtest_{self.name}.csv"


CASES: tuple[Case, ...] = (
    Case("instagram_fashion_default", Scenario.from_preset("instagram", "fashion", months=12), 1),
    Case(
        "tiktok_beauty_busy",
        Scenario.from_preset(
            "tiktok",
            "beauty",
            months=12,
            start_month=10,
            my_fee_usd_per_post=120.0,
            start_followers=8_000,
            pitching_hours_per_week=3.0,
            ugc_gigs_per_month=1.0,
            agency_cut_share=0.2,
            timeline=(
                PlannedChange(month=4, what="raise_rate_pct", value=25.0),
                PlannedChange(month=7, what="purchase_usd", value=900.0),
            ),
        ),
        2,
    ),
    Case(
        "youtube_tech_overworked",
        Scenario.from_preset(
            "youtube",
            "tech",
            months=12,
            job_hours_per_week=50.0,
            hours_per_post=6.0,
            stop_if_lost_usd=2_500.0,
            stop_if_no_paid_deal_by_month=9,
        ),
        3,
    ),
)


def table(case: Case) -> pd.DataFrame:
    """The monthly percentile table of the case's run."""
    return simulate(case.scenario, PATHS, case.seed).quantile_table()


def header(case: Case) -> str:
    scenario = json.dumps(case.scenario.model_dump(mode="json"), separators=(",", ":"))
    return (
        f"# back-test {case.name}: {PATHS} paths, seed {case.seed}\n"
        f"# model_version: {MODEL_VERSION}\n"
        f"# preset_version: {PRESET_VERSION}\n"
        f"# scenario: {scenario}\n"
    )


def read(case: Case) -> pd.DataFrame:
    return pd.read_csv(case.path, comment="#")


def write(case: Case) -> None:
    DATA.mkdir(exist_ok=True)
    text = header(case) + table(case).to_csv(index=False, float_format="%.17g")
    case.path.write_text(text, encoding="utf-8")


def main() -> None:
    for case in CASES:
        write(case)
        print(f"wrote {case.path}")


if __name__ == "__main__":
    main()
