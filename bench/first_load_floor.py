"""The first-load floor: a bare Streamlit page that draws the Plan page's verdict and eleven
figure cards, with the Plan page's own components, from a summary computed beforehand.

``bench/bench_first_load.py`` starts it beside the app and times both in the same rounds: the
Plan page's first load against this page's is what the app adds (its sidebar, its run, its
charts) to what Streamlit itself costs to draw the same figures. Not a page of the app.

    CREATOR_SIM_FLOOR_SUMMARY=summary.pickle streamlit run bench/first_load_floor.py
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from sim.model.results import Summary
from ui.kpis import headline_ui, more_figures_ui, verdict_ui

SUMMARY_ENV = "CREATOR_SIM_FLOOR_SUMMARY"


@st.cache_resource
def summary() -> Summary:
    """The summary written by the benchmark (a file it made itself, so pickle is safe)."""
    loaded = pickle.loads(Path(os.environ[SUMMARY_ENV]).read_bytes())
    assert isinstance(loaded, Summary)
    return loaded


st.set_page_config(page_title="Will creating pay off?", layout="wide")
st.title("Will creating pay off?")
verdict_ui(summary())
headline_ui(summary())
st.subheader("More figures")
more_figures_ui(summary())
