"""Plan: the verdict, the headline figures, why and what would change it, and the charts."""

from __future__ import annotations

import calendar

import streamlit as st

from sim.model import format as fmt
from sim.model.presets import PLATFORMS, niches
from ui import state
from ui.advice_view import advice_ui
from ui.entry import ensure_entry_script
from ui.export import export_ui
from ui.kpis import headline_ui, known_misses_ui, more_figures_ui, verdict_ui
from ui.phone import SHARE_KEY
from ui.prose import section
from ui.quickstart import quickstart_ui
from ui.sidebar import SCROLL_TOP, quickstart_pending, share_link

ensure_entry_script()

if quickstart_pending():
    quickstart_ui()
    st.stop()

if st.session_state.pop(SCROLL_TOP, False):
    # the answer replaces the quick start: show it from the top, not where the button was
    st.html(
        "<script>document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0)</script>",
        unsafe_allow_javascript=True,
        width=1,
    )
scenario, settings = state.current()
view = state.plan_view(scenario, settings)
summary = view.summary
months = scenario.months


st.title("Will creating pay off?")
st.caption(
    f"{PLATFORMS[scenario.platform]} · {niches()[scenario.niche]} · {fmt.months(months)} from "
    f"{calendar.month_name[scenario.start_month]} · {settings.paths:,} simulated futures"
)
verdict_ui(summary)
headline_ui(summary)
known_misses_ui(scenario)
# The changes that would help take several runs, worked out in the background: their place
# is kept here and filled after the charts, so no figure waits for them.
why = st.container()
specs = view.charts


def chart(name: str, title: str) -> None:
    """A cached chart spec with its title and its one-line caption (ui/text/plan.md)."""
    st.subheader(title)
    st.vega_lite_chart(specs[name], width="stretch")
    st.caption(section("plan", name))


st.subheader("More figures")
more_figures_ui(summary)
st.caption(section("plan", "intro", paths=f"{settings.paths:,}"))
left, right = st.columns(2)
with left:
    chart("followers", "Followers")
with right:
    chart("cash", "Your running total (net cash)")
left, right = st.columns(2)
with left:
    chart("hours", "Hours a week")
with right:
    chart("money", "Income and costs")
chart("break_even", "When do futures break even")

left, right = st.columns(2)
with left:
    st.subheader("Share this plan")
    st.caption(section("plan", "share"))
    with st.container(key=SHARE_KEY):  # its copy button stays in view (ui.phone)
        st.code(share_link(), language=None, wrap_lines=True)
with right:
    st.subheader("Download")
    st.caption(section("plan", "export"))
    export_ui(scenario, settings)

with why:
    advice_ui(scenario, settings, summary, view.reasons)
