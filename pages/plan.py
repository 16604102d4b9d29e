"""Plan: the verdict, the headline figures and the charts of the current scenario."""

from __future__ import annotations

import streamlit as st

from sim.presets import PLATFORMS, PRICE_SOURCES, niches
from ui import state
from ui.entry import ensure_entry_script
from ui.export import export_ui
from ui.kpis import kpis_ui, verdict_ui
from ui.prose import section
from ui.sidebar import share_link

ensure_entry_script()

scenario, settings = state.current()
results = state.run(scenario, settings)
specs = state.plan_charts(scenario, settings)
months = scenario.months


def chart(name: str, title: str) -> None:
    """A cached chart spec with its title and its one-line caption (ui/text/plan.md)."""
    st.subheader(title)
    st.vega_lite_chart(specs[name], width="stretch")
    st.caption(section("plan", name))


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
    chart("followers", "Followers")
with right:
    chart("cash", "Cumulative net cash")
left, right = st.columns(2)
with left:
    chart("hours", "Hours a week")
with right:
    chart("money", "Income and costs")
chart("break_even", "When do futures break even?")

left, right = st.columns(2)
with left:
    st.subheader("Share this plan")
    st.caption(section("plan", "share"))
    st.code(share_link(), language=None, wrap_lines=True)
with right:
    st.subheader("Download")
    st.caption(section("plan", "export"))
    export_ui(results)
