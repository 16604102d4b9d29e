"""Compare: saved plans side by side on common random numbers."""

from __future__ import annotations

import streamlit as st

from sim.compare import differences, kpi_table
from sim.safe_text import markdown_safe, quote
from ui import charts, state
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

CHOSEN = "cmp.chosen"

scenario, settings = state.current()

st.title("Compare plans")
st.caption(section("compare", "intro", paths=f"{settings.paths:,}"))


def save_ui() -> tuple[str, bool]:
    """A name and a save button; returns (name, clicked)."""
    with st.form("save", clear_on_submit=True, border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.text_input(
            "Name for the current plan", placeholder="e.g. 3 posts a week, no agency"
        )
        clicked = right.form_submit_button("Save current plan", icon=":material/bookmark_add:")
    return name, clicked


def choose_ui(names: list[str]) -> list[str]:
    """Which saved plans to compare (the first chosen is the baseline)."""
    if CHOSEN not in st.session_state:
        st.session_state[CHOSEN] = names[: state.MAX_COMPARED]
    # drop deleted plans before the widget is drawn
    st.session_state[CHOSEN] = [n for n in st.session_state[CHOSEN] if n in names]
    return st.multiselect(
        "Plans to compare (the first is the baseline)",
        options=names,
        max_selections=state.MAX_COMPARED,
        key=CHOSEN,
    )


def manage_ui(names: list[str]) -> tuple[str | None, str | None]:
    """Load one saved plan into the sidebar, or delete one; returns (load, delete)."""
    with st.expander("Load or delete a saved plan"):
        pick = st.selectbox("Saved plan", options=names, key="cmp.pick")
        left, right = st.columns(2)
        load = left.button("Load into the sidebar", icon=":material/upload:")
        delete = right.button("Delete", icon=":material/delete:")
    return (pick if load else None), (pick if delete else None)


name, clicked = save_ui()
if clicked:
    problem = state.save(name, scenario, settings)
    if problem:
        st.error(problem)
    else:
        st.toast(markdown_safe(f"Saved {quote(name.strip())}."))
        chosen_now = [n for n in st.session_state.get(CHOSEN, []) if n != name.strip()]
        if len(chosen_now) < state.MAX_COMPARED:
            st.session_state[CHOSEN] = [*chosen_now, name.strip()]

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
horizons = {by_name[n].scenario.months for n in chosen}
if len(horizons) > 1:
    st.warning(
        markdown_safe(
            "These plans have different horizons ("
            + ", ".join(f"{quote(n)}: {by_name[n].scenario.months} months" for n in chosen)
            + "); set the same number of months to compare them.",
            max_chars=1000,
        )
    )
    st.stop()
months = horizons.pop()

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
