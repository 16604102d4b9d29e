"""Chart specs are valid Vega-Lite, carry units in their axis titles and stay small."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from sim import Scenario, simulate
from sim.model.results import Results
from ui import charts, plan_charts


@pytest.fixture(scope="module")
def results() -> Results:
    return simulate(Scenario(), 300, 3)


def _titles(spec: object) -> list[str]:
    """Every axis title in a spec (a title of several lines as one text)."""
    out: list[str] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("x", "y") and isinstance(value, dict):
                axis = value.get("axis")
                axis_title = axis.get("title") if isinstance(axis, dict) else None
                for t in (value.get("title"), axis_title):
                    if isinstance(t, list):
                        t = " ".join(str(line) for line in t)
                    if isinstance(t, str):
                        out.append(t)
            out.extend(_titles(value))
    elif isinstance(spec, list):
        for item in spec:
            out.extend(_titles(item))
    return out


def test_plan_charts_validate_and_name_their_units(results: Results) -> None:
    built = plan_charts.build(results)
    assert set(built) == {"followers", "cash", "hours", "money", "break_even"}
    for name, chart in built.items():
        spec = chart.to_dict()  # validates against the Vega-Lite schema
        titles = _titles(spec)
        assert any(t == "Month" or "month" in t.lower() for t in titles) or name == "money"
        assert len(json.dumps(spec)) < 40_000, f"{name} spec too large: plot quantiles only"
    assert "Running total (net cash)" in _titles(built["cash"].to_dict())
    assert any("Typical total" in t for t in _titles(built["money"].to_dict()))
    assert any("Hours a week" in t for t in _titles(built["hours"].to_dict()))
    # money axes in dollars, not SI numbers
    assert charts.MONEY_AXIS in json.dumps(built["cash"].to_dict())


def test_spec_size_does_not_grow_with_paths() -> None:
    small = plan_charts.build(simulate(Scenario(), 100, 1))["followers"].to_dict()
    large = plan_charts.build(simulate(Scenario(), 2_000, 1))["followers"].to_dict()
    assert abs(len(json.dumps(small)) - len(json.dumps(large))) < 2_000


def test_break_even_bars_include_never(results: Results) -> None:
    months = np.array([1.0, 3.0, np.inf, np.inf])
    spec = charts.break_even_bars(months, 6).to_dict()
    rows = next(iter(spec["datasets"].values()))
    labels = [r["month"] for r in rows]
    assert labels[-1] == "never" and len(labels) == 7
    assert rows[-1]["share"] == 0.5


def test_other_charts_validate(results: Results) -> None:
    q = results.quantiles("cumulative_net_usd")
    charts.overlaid_medians(
        [("a", q), ("b", q)], y_title="Cumulative net cash (USD)", months=24, zero_line=True
    ).to_dict()
    line = pd.DataFrame({"value": results.monthly["followers"][0]}).rename_axis("month")
    charts.fan(
        results.quantiles("followers"), y_title="Followers", months=24, path_line=line
    ).to_dict()


def _inline(spec: dict[str, object]) -> str:
    """A template-filled spec as JSON, its DataFrames as rows (as the browser receives them)."""
    datasets = spec["datasets"]
    assert isinstance(datasets, dict)
    rows = {
        name: table.to_dict(orient="records") if isinstance(table, pd.DataFrame) else table
        for name, table in datasets.items()
    }
    return json.dumps({**spec, "datasets": rows})


@pytest.mark.parametrize("seed", [3, 4])
def test_template_specs_draw_exactly_the_altair_charts(seed: int) -> None:
    """The Plan page's fast specs (templates + tables) render to the very same SVG as the
    Altair charts the exports use, for two runs that share the templates."""
    import vl_convert as vlc

    run = simulate(Scenario(posts_per_week=4.0), 300, seed)
    built = plan_charts.build(run)
    specs = plan_charts.specs(run)
    assert set(specs) == set(built)
    for name, chart in built.items():
        fast = vlc.vegalite_to_svg(_inline(specs[name]))
        assert fast == vlc.vegalite_to_svg(chart.to_json()), name
        assert "<path" in fast or "<rect" in fast  # something is drawn


def test_a_new_run_reuses_the_chart_templates() -> None:
    plan_charts.specs(simulate(Scenario(), 200, 1))  # templates for this shape drawn
    before = charts._template.cache_info()
    plan_charts.specs(simulate(Scenario(), 200, 2))  # new data, same shapes
    after = charts._template.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + 5
