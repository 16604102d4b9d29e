"""Notice a share link that Streamlit dropped before the app could read it.

Streamlit ignores a whole query string with more than 1,000 parameters or 512 Ki characters:
it logs one line on the server and hands the script no parameters at all, so the page would
silently show the default plan (and then write the default plan's link into the address bar).
The dropped text never reaches the server, so a tiny component reads, in the browser, the
address the page was loaded with (its navigation entry, which rewriting the address bar does
not change) and reports it when it is past those limits. It is mounted only in sessions whose
first run got no parameters, until it has reported.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

STREAMLIT_MAX_QUERY_FIELDS = 1000
"""Streamlit drops a query string with more parameters than this (``&`` count + 1)."""
STREAMLIT_MAX_QUERY_CHARS = 512 * 1024
"""Streamlit drops a query string longer than this many characters."""
_KEY = "link_probe"

_JS = """
export default function ({ data, setStateValue }) {
  const entry = performance.getEntriesByType("navigation")[0];
  const query = new URL(entry ? entry.name : window.location.href).search.slice(1);
  const fields = query ? query.split("&").length : 0;
  if (fields > data.max_fields || query.length > data.max_chars) {
    setStateValue("dropped", { fields: fields, chars: query.length });
  }
}
"""
_probe = st.components.v2.component("creator_sim.link_probe", js=_JS)


def dropped_link() -> dict[str, int] | None:
    """Mount the probe; the size of the page's own link (``fields``, ``chars``) once the
    browser has reported that Streamlit dropped it, else None."""
    result = _probe(
        key=_KEY,
        data={"max_fields": STREAMLIT_MAX_QUERY_FIELDS, "max_chars": STREAMLIT_MAX_QUERY_CHARS},
        on_dropped_change=lambda: None,
        height=0,
    )
    report: Any = result.get("dropped")
    if not isinstance(report, dict):
        return None
    try:
        return {"fields": int(report["fields"]), "chars": int(report["chars"])}
    except (KeyError, TypeError, ValueError):
        return None
