"""Does creating content pay off for you? The Streamlit entry point.

Declares the pages (``st.navigation``: the legacy ``pages/`` auto-discovery stays off), draws
the shared scenario sidebar, then runs the chosen page, which reads the scenario from session
state (``ui.state.current``).
"""

from __future__ import annotations

import streamlit as st

from sim.io.safe_text import markdown_safe
from ui.phone import style_ui
from ui.sidebar import sidebar_ui, take_link_notices
from ui.state import freeze_long_lived_objects
from ui.upload import figures_moved_ui

PAGES = (
    st.Page("pages/plan.py", title="Plan", icon=":material/insights:", default=True),
    st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("pages/what_matters.py", title="What matters", icon=":material/tune:"),
    st.Page("pages/life_in_weeks.py", title="A life in weeks", icon=":material/calendar_month:"),
    st.Page("pages/fit.py", title="Start from my history", icon=":material/history:"),
    st.Page("pages/methodology.py", title="Methodology and sources", icon=":material/menu_book:"),
)

st.set_page_config(
    page_title="Does creating pay off?",
    # An emoji icon is drawn in the browser; a ":material/...:" page icon would be fetched
    # from a font server on the internet (the icons in the page use Streamlit's bundled font).
    page_icon="📈",
    layout="wide",
    # "auto": open on a laptop, closed on a phone, where it would cover the verdict.
    initial_sidebar_state="auto",
)
page = st.navigation(list(PAGES), position="sidebar")
style_ui()
# the Plan page (the default, url_path "") holds the quick start: no inputs beside it
sidebar_ui(quick_start_page=page.url_path == "")
notices = take_link_notices()
if notices:
    # The notices quote the link's own text: shown as literal characters, never as markup.
    st.warning(
        "The share link was read with some changes:\n\n"
        + "\n".join(f"- {markdown_safe(n)}" for n in notices)
    )
figures_moved_ui()
page.run()
freeze_long_lived_objects()
