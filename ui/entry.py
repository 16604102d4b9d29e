"""Keep Streamlit's legacy ``pages/`` mode from ever running a page on its own.

Streamlit decides once per process whether the app "uses the pages directory": if ``pages/``
exists, it starts in that legacy mode until some session calls ``st.navigation``. On a fresh
server whose first visitor opens a page's URL (``/compare`` from a shared link), and in every
AppTest run, it would run ``pages/compare.py`` alone: no sidebar, and a legacy navigation that
lists every file, ``app`` included. Each page calls ``ensure_entry_script()`` first: in legacy
mode it switches the mode off for the process (as ``st.navigation`` itself does) and runs the
entry script in place, in the same script run, so widget clicks are not lost; the entry
script's ``st.navigation`` then runs this page properly, and the outer run stops.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

ENTRY_SCRIPT = Path(__file__).resolve().parents[1] / "app.py"


def ensure_entry_script() -> None:
    """Run ``app.py`` around this page when Streamlit's legacy pages mode is on."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(ENTRY_SCRIPT), run_name="__main__")
        st.stop()
