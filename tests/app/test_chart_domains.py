"""Charts never label an axis "NaN": data that hold one value (all zeros: no followers and no
posts) get an explicit scale (the What matters row charts: tests/app/test_what_matters.py).
The browser's Vega labels a collapsed scale "NaN" (Vega in vl-convert does not), so what the
page shows is checked in Chromium, in tests/browser/test_hostile_links.py; here, that each
chart carries the scale."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim import Scenario, simulate
from sim.model.results import Results
from ui import charts, plan_charts

FLAT_SCALE = '"scale": {"domain": [0.0, 1.0]}'


def shape_of(spec: dict[str, object]) -> str:
    """The spec without its data, as JSON text."""
    return json.dumps({k: v for k, v in spec.items() if k != "datasets"})


@pytest.fixture(scope="module")
def flat() -> Results:
    """The issue's link: /?start_followers=0&posts_per_week=0."""
    return simulate(Scenario(start_followers=0, posts_per_week=0), 200, 3)


def test_flat_domain() -> None:
    assert charts.flat_domain([0.0, 0.0], None) == (0.0, 1.0)
    assert charts.flat_domain([], float("nan")) == (0.0, 1.0)
    assert charts.flat_domain([5.0, 5.0]) == (0.0, 5.0)
    assert charts.flat_domain([-3.0]) == (-3.0, 0.0)
    assert charts.flat_domain([0.0, 1e-9]) is None
    assert charts.flat_domain(pd.DataFrame({"a": [1.0, 2.0]})) is None


def test_the_zero_followers_chart_gets_a_scale(flat: Results) -> None:
    assert (flat.quantiles("followers")[["p10", "p90"]].to_numpy() == 0).all()
    assert FLAT_SCALE in shape_of(plan_charts.specs(flat)["followers"])
    # the same on "A life in weeks", with one future's line over the fan
    line = pd.DataFrame({"value": flat.monthly["followers"][0]}).rename_axis("month")
    chart = charts.fan(flat.quantiles("followers"), y_title="Followers", months=24, path_line=line)
    assert FLAT_SCALE in shape_of(chart.to_dict())


def test_compare_and_income_costs_at_zero_get_a_scale(flat: Results) -> None:
    q = flat.quantiles("followers")
    overlay = charts.overlaid_medians(
        [("a", q), ("b", q)], y_title="Followers", months=24, zero_line=False
    )
    assert FLAT_SCALE in shape_of(overlay.to_dict())
    empty = charts.income_costs_bars(
        pd.DataFrame({"label": [], "kind": [], "p50": [], "mean": []}), 24
    )
    assert FLAT_SCALE in shape_of(empty.to_dict())


def test_ordinary_data_keep_their_own_scale() -> None:
    run = simulate(Scenario(), 200, 3)
    specs = plan_charts.specs(run)
    for name, spec in specs.items():
        assert FLAT_SCALE not in shape_of(spec), name
    assert "scale" not in specs["followers"]["layer"][0]["encoding"]["y"]
