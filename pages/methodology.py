"""Methodology and sources: each mechanism in words and equations, the defaults and their
sources for the current preset, what a post is paid (one calibrated fee distribution), and the
model's limits."""

from __future__ import annotations

import streamlit as st

from sim import engine
from sim.presets import PLATFORMS, niches
from ui import state
from ui.entry import ensure_entry_script
from ui.methodology import parameter_table, price_sources, price_table
from ui.prose import section, split_math

ensure_entry_script()

MECHANISMS = (
    "audience",
    "engagement",
    "trust",
    "deals",
    "fees",
    "payments",
    "other_income",
    "costs",
    "hours",
    "randomness",
)
CONSTANTS = {
    "ewma_weeks": f"{engine.EWMA_WEEKS:g}",
    "max_offers": f"{engine.MAX_OFFERS_PER_WEEK:d}",
    "max_late_days": f"{engine.MAX_LATE_DAYS:g}",
    "ugc_delay_weeks": f"{engine.UGC_DELAY_WEEKS:d}",
    "fatigue_after_rest": f"{engine.FATIGUE_AFTER_REST:g}",
}


def render(name: str) -> None:
    """One section of the methodology text: markdown, with display equations as st.latex."""
    for kind, body in split_math(section("methodology", name, **CONSTANTS)):
        if kind == "latex":
            st.latex(body)
        else:
            st.markdown(body)


scenario, settings = state.current()

st.title("Methodology and sources")
render("intro")
for name in MECHANISMS:
    render(name)

render("parameters")
st.caption(f"Preset: {PLATFORMS[scenario.platform]} · {niches()[scenario.niche]}")
params = parameter_table(scenario)
only_assumptions = st.toggle("Show only assumptions", key="meth.assumptions")
n_assumed = int(params["Assumption"].sum())
st.caption(f"{n_assumed} of {len(params)} defaults are assumptions.")
for group, rows in params.groupby("Group", sort=False):
    shown = rows[rows["Assumption"]] if only_assumptions else rows
    if shown.empty:
        continue
    with st.expander(f"{group} ({len(shown)})", expanded=only_assumptions):
        st.table(shown.drop(columns=["Group", "Assumption"]).set_index("Input"))

render("prices")
st.table(price_table(scenario.niche).set_index(["Platform", "Followers"]))
st.table(price_sources(scenario.niche).set_index(["Platform", "Parameter"]))

render("limits")
