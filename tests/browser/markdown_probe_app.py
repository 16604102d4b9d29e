"""A test page, not part of the app: every string in the JSON list named by
``$CREATOR_SIM_PROBE_FILE`` shown through ``markdown_safe`` in Streamlit's markdown renderers
(``st.markdown``, an alert, a table cell), so a browser can check what they really render."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from sim.io.safe_text import markdown_safe

texts = json.loads(Path(os.environ["CREATOR_SIM_PROBE_FILE"]).read_text("utf-8"))
st.title("Markdown probe")
with st.container(key="control"):
    # unescaped, to show the renderer under test does turn such text into markup
    st.markdown("**bold** www.evil.example :rotating_light:")
for i, text in enumerate(texts):
    with st.container(key=f"case-{i}"):
        st.markdown(markdown_safe(text))
        # icon="": an alert would otherwise lift a leading emoji out of the body as its icon
        st.warning(markdown_safe(text), icon="")
st.table(pd.DataFrame({"text": [markdown_safe(t) for t in texts]}))
st.caption(f"{len(texts)} cases")
