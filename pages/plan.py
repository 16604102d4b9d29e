"""Plan: the verdict, the headline figures and the charts of the current scenario."""

from __future__ import annotations

import streamlit as st

from sim.presets import PLATFORMS, PRICE_SOURCES, niches
from ui import charts, state
from ui.entry import ensure_entry_script
from ui.export import export_ui
from ui.kpis import kpis_ui, verdict_ui
from ui.labels import line_label
from ui.prose import section
from ui.sidebar import share_link

ensure_entry_script()

scenario, settings = state.current()
results = state.run(scenario, settings)
months = scenario.months

st.title("Will creating pay off?")
st.caption(
    f"{PLATFORMS[scenario.platform]} · {niches()[scenario.niche]} · fees from "
    f"{PRICE_SOURCES[scenario.price_source]} · {months} months"
)
verdict_ui(results.summary)
kpis_ui(results.summary)
st.caption(section("plan", "intro", paths=f"{settings.paths:,}", seed=settings.seed))

left, right = st.columns(2)
with left:
    st.subheader("Followers")
    st.altair_chart(
        charts.fan(results.quantiles("followers"), y_title="Followers", months=months),
        width="stretch",
    )
    st.caption(section("plan", "followers"))
with right:
    st.subheader("Cumulative net cash")
    st.altair_chart(
        charts.fan(
            results.quantiles("cumulative_net_usd"),
            y_title="Cumulative net cash (USD)",
            months=months,
            zero_line=True,
        ),
        width="stretch",
    )
    st.caption(section("plan", "cash"))

left, right = st.columns(2)
with left:
    st.subheader("Hours a week")
    hours = results.quantiles("total_hours_per_week").iloc[1:]
    st.altair_chart(
        charts.fan(
            hours,
            y_title="Hours per week (job + creating)",
            months=months,
            value_format=",.1f",
            rule_at=scenario.sustainable_hours_per_week,
            rule_label=f"sustainable: {scenario.sustainable_hours_per_week:g} h/week",
        ),
        width="stretch",
    )
    st.caption(section("plan", "hours"))
with right:
    st.subheader("Income and costs")
    money = results.income_and_costs()
    money["label"] = money["line"].map(line_label)
    st.altair_chart(charts.income_costs_bars(money, months), width="stretch")
    st.caption(section("plan", "money"))

st.subheader("When do futures break even?")
st.altair_chart(charts.break_even_bars(results.break_even_months(), months), width="stretch")
st.caption(section("plan", "break_even"))

left, right = st.columns(2)
with left:
    st.subheader("Share this plan")
    st.caption(section("plan", "share"))
    st.code(share_link(), language=None, wrap_lines=True)
with right:
    st.subheader("Download")
    st.caption(section("plan", "export"))
    export_ui(results)
