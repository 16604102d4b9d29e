"""Methodology and sources: how the model compares with what creators report, each mechanism
in words and equations, the defaults and their sources for the current preset, the price of a
post and the platforms' rules, and the model's limits."""

from __future__ import annotations

import streamlit as st

from sim.calibration.targets import default_targets
from sim.calibration.validate import shipped_validation
from sim.model.presets import PLATFORMS, niches
from ui import methodology, state
from ui.entry import ensure_entry_script
from ui.prose import section, split_math

ensure_entry_script()

MECHANISMS = (
    "audience",
    "engagement",
    "trust",
    "deals",
    "fees",
    "unknowns",
    "payments",
    "other_income",
    "costs",
    "hours",
    "works_out",
    "randomness",
)
CONSTANTS = methodology.text_constants()


def render(name: str) -> None:
    """One section of the methodology text: markdown, with display equations as st.latex."""
    for kind, body in split_math(section("methodology", name, **CONSTANTS)):
        if kind == "latex":
            st.latex(body)
        else:
            st.markdown(body)


def validation_ui() -> None:
    """How the model compares with what creators report: every target, by topic."""
    targets = default_targets()
    rows, provenance = shipped_validation()
    if not rows:
        st.warning(
            "This build does not include the comparison yet: it is made when the model is "
            "calibrated. Every published figure is listed below, marked 'not checked yet'."
        )
    else:
        st.caption(methodology.provenance_text(provenance))
    frame = methodology.validation_frame(rows, targets)
    st.markdown(methodology.verdict_counts(frame))
    if rows:
        for topic in dict.fromkeys(frame["section"]):
            st.markdown(f"**{topic}**")
            for title, chart in methodology.validation_charts(frame, str(topic)):
                st.caption(title)
                st.altair_chart(chart, width="stretch")
    st.markdown("**Every published figure**")
    st.dataframe(methodology.validation_table(frame), hide_index=True, width="stretch")
    missed = methodology.misses(frame)
    if missed:
        st.markdown("**Where the model misses, and why**")
        st.markdown("\n".join(f"- {m}" for m in missed))


def parameters_ui() -> None:
    scenario, _ = state.current()
    st.caption(f"Preset: {PLATFORMS[scenario.platform]} · {niches()[scenario.niche]}")
    params = methodology.parameter_table(scenario, default_targets())
    only_unsourced = st.toggle(
        "Show only defaults without a published source", key="meth.unsourced"
    )
    n_unsourced = int(params["No published source"].sum())
    st.caption(f"{n_unsourced} of {len(params)} defaults have no published source.")
    for group, rows in params.groupby("Group", sort=False):
        shown = rows[rows["No published source"]] if only_unsourced else rows
        if shown.empty:
            continue
        with st.expander(f"{group} ({len(shown)})", expanded=only_unsourced):
            # a static table wraps the long sources (it scrolls sideways in its own frame on
            # a phone)
            st.table(shown.drop(columns=["Group", "Field", "No published source"]), hide_index=True)


scenario, settings = state.current()

st.title("Methodology and sources")
render("intro")
render("validation")
validation_ui()
for name in MECHANISMS:
    render(name)

render("parameters")
parameters_ui()

render("prices")
st.table(methodology.fee_table(scenario.niche), hide_index=True)
st.table(methodology.programme_table(scenario.niche), hide_index=True)

render("limits")
