"""Open a scenario file in the sidebar.

The file is read by ``sim.io.codec.decode_upload`` (the same strict reader the command line
uses). A good file replaces the current scenario and run settings, so the results are those
of the run it was exported from; a bad one shows what is wrong and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from sim import RunSettings, Scenario
from sim.io.codec import MAX_UPLOAD_BYTES, decode_upload
from sim.io.safe_text import markdown_safe, one_line

UPLOAD_KEY = "up.file"
FILE_NAME_CHARS = 80
"""A file name in a message is cut to this length (the app's own exports stay whole)."""
_DONE = "up.done"  # file_id of the last file handled, so a rerun does not re-apply it
_MESSAGE = "up.message"
_MOVED = "up.moved"  # (model version, figures) a results file carried, until shown once


def upload_ui(load: Callable[[Scenario, RunSettings], None]) -> None:
    """The uploader; a valid file's plan goes to ``load`` (the sidebar's ``request_load``),
    then the script reruns."""
    uploaded = st.file_uploader(
        "Open a scenario file (JSON)",
        type=["json"],
        key=UPLOAD_KEY,
        help=(
            "A scenario exported from this app (Plan page, 'Scenario (JSON)'), up to "
            f"{MAX_UPLOAD_BYTES:,} bytes. It replaces the current plan."
        ),
    )
    if uploaded is not None and st.session_state.get(_DONE) != uploaded.file_id:
        st.session_state[_DONE] = uploaded.file_id
        decoded = decode_upload(uploaded.getvalue())
        if decoded.error is not None or decoded.scenario is None or decoded.settings is None:
            st.session_state[_MESSAGE] = ("error", f"Not loaded: {decoded.error}")
        else:
            notes = " ".join(decoded.notices)
            st.session_state[_MESSAGE] = (
                "success",
                f"Loaded {one_line(uploaded.name, FILE_NAME_CHARS)}."
                + (f" {notes}" if notes else ""),
            )
            if decoded.old_summary:
                st.session_state[_MOVED] = (decoded.made_with_model, dict(decoded.old_summary))
            load(decoded.scenario, decoded.settings)
            st.rerun()
    # The messages quote the file's name and contents: literal characters, never markup.
    kind, text = st.session_state.get(_MESSAGE, (None, ""))
    if kind == "error":
        st.error(markdown_safe(text), icon=":material/error:")
    elif kind == "success":
        st.success(markdown_safe(text), icon=":material/check_circle:")


def figures_moved_ui() -> None:
    """Once, after a results file was opened: how far its figures moved in this model's
    re-run of the same plan (e.g. "Model version 1 said 91% chance of profit; version 2:
    34% chance it works out"). Shown in the main area, where a phone shows it too."""
    moved = st.session_state.get(_MOVED)
    if moved is None:
        return
    from sim.analysis.advice import figures_moved
    from ui import state

    made_with, old, *shown = moved
    scenario, settings = state.current()
    # shown while the page shows the file's plan (a rerun that changes nothing keeps it)
    if not shown:
        st.session_state[_MOVED] = (made_with, old, scenario)
    elif shown[0] != scenario:
        del st.session_state[_MOVED]
        return
    text = figures_moved(old, state.run_summary(scenario, settings), made_with)
    if text:
        st.info(markdown_safe(text), icon=":material/history:")
