"""The Plan page's charts for one run, built from its pre-aggregated quantiles."""

from __future__ import annotations

import altair as alt

from sim.results import Results
from ui import charts
from ui.labels import line_label


def build(results: Results) -> dict[str, alt.TopLevelMixin]:
    """Chart name -> Altair chart: followers, cash, hours, money, break_even."""
    sc = results.scenario
    months = sc.months
    money = results.income_and_costs()
    money["label"] = money["line"].map(line_label)
    return {
        "followers": charts.fan(results.quantiles("followers"), y_title="Followers", months=months),
        "cash": charts.fan(
            results.quantiles("cumulative_net_usd"),
            y_title="Cumulative net cash (USD)",
            months=months,
            zero_line=True,
        ),
        "hours": charts.fan(
            results.quantiles("total_hours_per_week").iloc[1:],
            y_title="Hours per week (job + creating)",
            months=months,
            value_format=",.1f",
            rule_at=sc.sustainable_hours_per_week,
            rule_label=f"sustainable: {sc.sustainable_hours_per_week:g} h/week",
        ),
        "money": charts.income_costs_bars(money, months),
        "break_even": charts.break_even_bars(results.break_even_months(), months),
    }
