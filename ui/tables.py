"""Tables of text as wide as the page."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def wide_dataframe_ui(name: str, frame: pd.DataFrame) -> None:
    """``frame`` as a scrolling table across the page's width, without its index. ``name``
    says which table it is (main's 6ed13fc calls this under that name, for the sweep's and the
    knowledge comparison's tables; drawn as they were drawn before)."""
    del name  # one way to draw every table, for now
    st.dataframe(frame, hide_index=True, width="stretch")
