"""The Plan page's charts for one run, built from its pre-aggregated quantiles."""

from __future__ import annotations

from typing import Any

import altair as alt

from sim.io.labels import line_label
from sim.model.results import Results
from ui import charts


def recipes(results: Results) -> dict[str, charts.Recipe]:
    """Chart name -> recipe: followers, cash, hours, money, break_even."""
    sc = results.scenario
    months = sc.months
    money = results.income_and_costs()
    money["label"] = money["line"].map(line_label)
    return {
        "followers": charts.fan_recipe(
            results.quantiles("followers"), y_title="Followers", months=months
        ),
        "cash": charts.fan_recipe(
            results.quantiles("cumulative_net_usd"),
            y_title="Running total (net cash)",
            months=months,
            zero_line=True,
            value_format="$,.0f",
            axis_format=charts.MONEY_AXIS,
        ),
        "hours": charts.fan_recipe(
            results.quantiles("total_hours_per_week").iloc[1:],
            y_title="Hours a week (job + creating)",
            months=months,
            value_format=",.1f",
            rule_at=sc.sustainable_hours_per_week,
            rule_label=f"what you can keep up: {sc.sustainable_hours_per_week:g} h",
        ),
        "money": charts.income_costs_recipe(money, months),
        "break_even": charts.break_even_recipe(results.break_even_months(), months),
    }


def build(results: Results) -> dict[str, alt.TopLevelMixin]:
    """Chart name -> Altair chart with its data inline (for images and the report)."""
    return {name: recipe.chart() for name, recipe in recipes(results).items()}


def specs(results: Results) -> dict[str, dict[str, Any]]:
    """Chart name -> Vega-Lite spec for ``st.vega_lite_chart``: the same charts as ``build``,
    from templates drawn once per shape (a few ms a run instead of a few hundred)."""
    return {name: recipe.spec() for name, recipe in recipes(results).items()}
