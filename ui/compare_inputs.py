"""The Compare page's widgets: save the current plan, choose the plans to compare, load or
delete a saved one, and the check that the chosen plans share a horizon."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sim import RunSettings, Scenario
from sim.io.safe_text import markdown_safe, quote
from ui import state

CHOSEN = "cmp.chosen"
"""Session key of the plans chosen for comparison (the first is the baseline)."""


def save_ui() -> tuple[str, bool]:
    """A name and a save button; returns (name, clicked)."""
    with st.form("save", clear_on_submit=True, border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.text_input(
            "Name for the current plan", placeholder="e.g. 3 posts a week, no agency"
        )
        clicked = right.form_submit_button("Save current plan", icon=":material/bookmark_add:")
    return name, clicked


def save_current_ui(scenario: Scenario, settings: RunSettings) -> None:
    """The save form; a saved plan joins the chosen ones while there is room."""
    name, clicked = save_ui()
    if not clicked:
        return
    problem = state.save(name, scenario, settings)
    if problem:
        st.error(problem)
    else:
        st.toast(markdown_safe(f"Saved {quote(name.strip())}."))
        chosen_now = [n for n in st.session_state.get(CHOSEN, []) if n != name.strip()]
        if len(chosen_now) < state.MAX_COMPARED:
            st.session_state[CHOSEN] = [*chosen_now, name.strip()]


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


def same_horizon_ui(chosen: Mapping[str, Scenario]) -> int | None:
    """The chosen plans' common number of months; None, with a warning naming each plan's,
    when they differ."""
    horizons = {scenario.months for scenario in chosen.values()}
    if len(horizons) > 1:
        st.warning(
            markdown_safe(
                "These plans have different horizons ("
                + ", ".join(f"{quote(n)}: {s.months} months" for n, s in chosen.items())
                + "); set the same number of months to compare them.",
                max_chars=1000,
            )
        )
        return None
    return horizons.pop()
