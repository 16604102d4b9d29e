"""Compare: saved plans side by side on common random numbers."""

from __future__ import annotations

import streamlit as st

from sim.analysis.compare import differences, kpi_table
from sim.io.safe_text import markdown_safe, quote
from ui import charts, state
from ui.compare_inputs import choose_ui, manage_ui, same_horizon_ui, save_current_ui
from ui.compare_view import (
    best_plan_text,
    differences_table,
    for_display,
    headline_table,
    quitting_warnings,
)
from ui.entry import ensure_entry_script
from ui.export import compare_export_ui
from ui.phone import table_ui
from ui.prose import section
from ui.sidebar import request_load

ensure_entry_script()

scenario, settings = state.current()

st.title("Compare plans")
st.caption(section("compare", "intro", paths=f"{settings.paths:,}"))

save_current_ui(scenario, settings)

saved = state.saved()
if not saved:
    st.info(section("compare", "empty"))
    st.stop()

names = [s.name for s in saved]
to_load, to_delete = manage_ui(names)
if to_delete:
    state.delete_saved(to_delete)
    st.rerun()
if to_load:
    chosen_plan = next(s for s in saved if s.name == to_load)
    request_load(chosen_plan.scenario, chosen_plan.settings)
    st.rerun()

chosen = choose_ui(names)
if not chosen:
    st.info("Choose at least one saved plan.")
    st.stop()

by_name = {s.name: s for s in saved}
months = same_horizon_ui({n: by_name[n].scenario for n in chosen})
if months is None:
    st.stop()

progress = st.progress(0.0, text="Simulating the plans…")
runs = []
for i, n in enumerate(chosen):
    runs.append((n, state.run(by_name[n].scenario, settings)))
    progress.progress((i + 1) / len(chosen), text=f"Simulated {i + 1} of {len(chosen)}")
progress.empty()

overlays = {
    "Running total (net cash)": charts.overlaid_medians(
        [(n, r.quantiles("cumulative_net_usd")) for n, r in runs],
        y_title="Running total (net cash)",
        months=months,
        zero_line=True,
        axis_format=charts.MONEY_AXIS,
        value_format="$,.0f",
    ),
    "Followers": charts.overlaid_medians(
        [(n, r.quantiles("followers")) for n, r in runs],
        y_title="Followers",
        months=months,
        zero_line=False,
    ),
}
left, right = st.columns(2)
with left:
    st.subheader("Running total (net cash)")
    st.altair_chart(overlays["Running total (net cash)"], width="stretch")
    st.caption(section("compare", "cash"))
with right:
    st.subheader("Followers")
    st.altair_chart(overlays["Followers"], width="stretch")
    st.caption(section("compare", "followers"))

kpis = kpi_table(runs)
st.subheader("Headline figures")
st.markdown(best_plan_text(kpis))
for warning in quitting_warnings(kpis):
    st.warning(warning, icon=":material/warning:")
headline = headline_table(kpis)
table_ui("headline", headline, shown=for_display(headline))

if len(runs) > 1:
    st.subheader(markdown_safe(f"Differences against {quote(runs[0][0])}"))
    diff_table = differences_table(differences(runs))
    table_ui("differences", diff_table, shown=for_display(diff_table))
    st.caption(section("compare", "differences"))

st.subheader("Download the comparison")
compare_export_ui(runs, overlays)
