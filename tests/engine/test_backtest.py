"""Back-tests: small fixed-seed runs compared with the monthly percentile tables stored in
tests/engine/data. A difference means the engine's output changed; if that is intended,
regenerate with ``python -m tests.engine.regenerate_backtests`` and commit the tables with
the change (see that module)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim import Scenario
from tests.engine.regenerate_backtests import CASES, PATHS, Case, header, read, table

REGENERATE = "if intended: python -m tests.engine.regenerate_backtests"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_stored_table_matches_a_fresh_run(case: Case) -> None:
    assert case.path.exists(), f"missing {case.path}; {REGENERATE}"
    stored = read(case)
    fresh = table(case)
    assert list(stored.columns) == list(fresh.columns), REGENERATE
    assert list(stored["metric"].unique()) == list(fresh["metric"].unique()), REGENERATE
    assert len(stored) == len(fresh), REGENERATE
    assert (stored["month"].to_numpy() == fresh["month"].to_numpy()).all()
    assert (stored["unit"].to_numpy() == fresh["unit"].to_numpy()).all()
    numbers = [c for c in fresh.columns if c not in ("metric", "unit", "month")]
    for metric, rows in fresh.groupby("metric", sort=False):
        old = stored.loc[stored["metric"] == metric, numbers].to_numpy(dtype=np.float64)
        np.testing.assert_allclose(
            rows[numbers].to_numpy(dtype=np.float64),
            old,
            rtol=1e-9,
            atol=1e-9,
            err_msg=f"{case.name}: {metric} changed; {REGENERATE}",
        )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_stored_header_names_the_run(case: Case) -> None:
    """The header records paths, seed, versions and the full scenario, so a stored table can
    be traced to its run; the scenario in it is the case's scenario today."""
    lines = [ln for ln in case.path.read_text("utf-8").splitlines() if ln.startswith("#")]
    assert "\n".join(lines) + "\n" == header(case), REGENERATE
    scenario = json.loads(lines[-1].removeprefix("# scenario: "))
    assert Scenario.model_validate(scenario) == case.scenario
    assert f"{PATHS} paths, seed {case.seed}" in lines[0]


def test_cases_exercise_the_mechanisms() -> None:
    """The back-tests are worth having only if their runs do something: deals, payments,
    burnout and quitting all appear among them."""
    tables = {c.name: read(c) for c in CASES}
    merged = pd.concat(tables.values())

    def peak(metric: str) -> float:
        return float(merged.loc[merged["metric"] == metric, ["p90", "mean"]].to_numpy().max())

    for metric in (
        "deals_paid",
        "deals_gifted",
        "income_cash_sponsorship_usd",
        "income_cash_ugc_usd",
        "cost_purchases_usd",
        "receivables_usd",
        "fatigue",
    ):
        assert peak(metric) > 0, metric
    assert len({c.scenario.platform for c in CASES}) == 3
