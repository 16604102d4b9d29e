"""The export area of the Plan page: ``export_ui(results)``.

A hook for the export engineer: for now it offers the monthly percentiles and the per-path
table of a sample of futures as CSV, both built by ``sim.export`` (with provenance comment
lines) only when the button is clicked.
"""

from __future__ import annotations

import streamlit as st

from sim import export as sim_export
from sim.results import Results


def _stem(results: Results) -> str:
    sc = results.scenario
    return f"creator-sim_{sc.platform}_{sc.niche}_{results.paths}paths_seed{results.seed}"


def export_ui(results: Results) -> None:
    """Download buttons for the run's tables. Data is generated on click, not on rerun."""
    sample = sim_export.sample_paths(results)
    left, right = st.columns(2)
    with left:
        st.download_button(
            "Monthly percentiles (CSV)",
            data=lambda: sim_export.percentiles_csv(results),
            file_name=f"{_stem(results)}_percentiles.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help="P10, P25, median, P75, P90 and mean of every metric, month by month.",
        )
    with right:
        st.download_button(
            "Sample futures (CSV)",
            data=lambda: sim_export.paths_csv(results, sample),
            file_name=f"{_stem(results)}_sample_paths.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            help=f"Every metric for {len(sample)} futures spread from worst to best, "
            "one row per month.",
        )
