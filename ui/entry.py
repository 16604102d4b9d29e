"""Keep Streamlit's legacy ``pages/`` mode from ever running a page on its own.

Streamlit decides once per process whether the app "uses the pages directory": if ``pages/``
exists, it starts in that legacy mode until some session calls ``st.navigation``. On a fresh
server whose first visitor opens a page's URL (``/compare`` from a shared link), and in every
AppTest run, it would run ``pages/compare.py`` alone: no sidebar, and the legacy navigation
listing every file, ``app`` included. Each page and the entry script call
``ensure_entry_script()`` first: in legacy mode it switches the mode off for the process (what
``st.navigation`` itself does) and reruns, so the entry script and its navigation take over.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_entry_script() -> None:
    """Rerun through ``app.py`` when Streamlit's legacy pages mode is on."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
