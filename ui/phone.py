"""What the app does differently on a narrow screen (a phone): one style sheet, the sidebar's
"Show results" button and tables as cards.

On a phone the sidebar lies over the page. It stays open while the person changes one input
after another, and closes when they tap "Show results", tap the page beside it or scroll the
page (Streamlit closes it on a tap outside; the script here adds the button and the scroll).
At ``PHONE_MAX_PX`` and below, a table is a stack of cards (``table_ui``); above, a grid, and
the button is hidden. At every width the share link's copy button stays in view (Streamlit
shows it only on hover, which a phone does not have).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

PHONE_MAX_PX = 640
"""Below this width the sidebar lies over the page (Streamlit's own breakpoint is near it)."""
SHOW_RESULTS_CLASS = "show-results"
SHOW_RESULTS_TEXT = "Show results"
GRID_KEY = "table_grid"
CARDS_KEY = "table_cards"
"""Key prefixes of a table's two forms (``table_ui``): the grid, shown on a wide screen, and the
cards, shown on a phone (classes ``st-key-table_grid_*`` and ``st-key-table_cards_*``)."""
CARDS_CLASS = "table-cards"
SHARE_KEY = "share_link"
"""Key of the container that holds the share link (class ``st-key-share_link``)."""

_CSS = """<style>
/* The share link's copy button: in view without a hover, at every width. */
.st-key-[[share]] [data-testid="stCode"] div:has(> div > [data-testid="stElementToolbarButton"]) {
  opacity: 1; visibility: visible; pointer-events: auto; transition: none;
}
.st-key-[[share]] [data-testid="stCode"] pre { padding-right: 3rem; }
.[[cards]] .card {
  border: 1px solid #d9dde4; border-radius: .5rem; padding: .5rem .75rem; margin: 0 0 .5rem;
}
.[[cards]] h4 { font-size: 1rem; font-weight: 600; margin: 0 0 .25rem; padding: 0; }
.[[cards]] dl {
  display: grid; grid-template-columns: minmax(0, 45%) minmax(0, 1fr); gap: .2rem .75rem;
  margin: 0; padding: 0;
}
.[[cards]] dt { font-size: .8rem; color: #5f6570; margin: 0; padding: 0; }
.[[cards]] dd { font-size: .9rem; margin: 0; padding: 0; overflow-wrap: anywhere; }
[data-testid="stSidebar"] [data-testid="stElementContainer"]:has(.[[button]]) {
  position: sticky; bottom: 0; z-index: 5; background: #f3f5f8; padding: .5rem 0;
}
.[[button]] {
  width: 100%; min-height: 2.75rem; border: 0; border-radius: .5rem; cursor: pointer;
  background: #1d4e89; color: #ffffff; font: inherit; font-weight: 600;
}
@media (min-width: [[wide]]px) {
  [data-testid="stSidebar"] [data-testid="stElementContainer"]:has(.[[button]]),
  [class*="st-key-[[cards_key]]_"] { display: none; }
}
@media (max-width: [[phone]]px) {
  [class*="st-key-[[grid_key]]_"] { display: none; }
}
</style>"""

_SHOW_RESULTS_HTML = """<button type="button" class="[[button]]">[[text]]</button>
<script data-app="show-results">
if (!window.__showResultsWired) {
  window.__showResultsWired = true;
  const close = () => {
    if (window.innerWidth >= [[wide]]) return;
    const bar = document.querySelector('[data-testid="stSidebar"]');
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (bar && button && bar.getAttribute('data-collapsed') === 'false') button.click();
  };
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('.[[button]]')) close();
  });
  // the person scrolls the page beside the sidebar: back to the figures (a touch or a wheel,
  // never a scroll a rerun makes by itself)
  const onPage = (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="stMain"]')
        && !e.target.closest('[data-testid="stSidebar"]')) close();
  };
  document.addEventListener('touchmove', onPage, {passive: true});
  document.addEventListener('wheel', onPage, {passive: true});
}
</script>"""


def _fill(template: str) -> str:
    values = {
        "button": SHOW_RESULTS_CLASS,
        "text": SHOW_RESULTS_TEXT,
        "wide": str(PHONE_MAX_PX + 1),
        "phone": str(PHONE_MAX_PX),
        "share": SHARE_KEY,
        "cards": CARDS_CLASS,
        "cards_key": CARDS_KEY,
        "grid_key": GRID_KEY,
    }
    return re.sub(r"\[\[(\w+)\]\]", lambda m: values[m.group(1)], template)


_CSS_FILLED = _fill(_CSS)
_SHOW_RESULTS_FILLED = _fill(_SHOW_RESULTS_HTML)
"""Filled once at import: both are drawn on every rerun of every page."""


def style_ui() -> None:
    """The app's narrow-screen style sheet (a style-only element takes no space)."""
    st.html(_CSS_FILLED)


def show_results_ui() -> None:
    """The sidebar's "Show results" button: on a phone it closes the sidebar, in the browser
    (no rerun); on a wider screen it is hidden. Call inside ``st.sidebar``, last."""
    st.html(_SHOW_RESULTS_FILLED, unsafe_allow_javascript=True)


def _cards_html(table: pd.DataFrame) -> str:
    """One card per row: the row's name (the index, or the first column when the index is a
    plain count) as its title, then each column's name and value. Every text is escaped."""
    named = not isinstance(table.index, pd.RangeIndex)
    columns = [str(c) for c in table.columns]
    cards = []
    for index, row in zip(table.index, table.itertuples(index=False), strict=True):
        values = [str(v) for v in row]
        title, pairs = (
            (str(index), list(zip(columns, values, strict=True)))
            if named
            else (values[0], list(zip(columns[1:], values[1:], strict=True)))
        )
        items = "".join(f"<dt>{html.escape(c)}</dt><dd>{html.escape(v)}</dd>" for c, v in pairs)
        cards.append(
            f'<section class="card"><h4>{html.escape(title)}</h4><dl>{items}</dl></section>'
        )
    return f'<div class="{CARDS_CLASS}">{"".join(cards)}</div>'


def table_ui(key: str, table: pd.DataFrame, shown: pd.DataFrame | None = None) -> None:
    """A table as a grid on a wide screen and as a stack of cards on a phone, where a grid
    showed one or two of its columns with no sign that the others were there.

    ``shown``: a copy of ``table`` for ``st.table`` (e.g. with markdown escaped); without it
    the grid is ``st.dataframe`` of ``table`` (the index hidden when it is a plain count)."""
    with st.container(key=f"{GRID_KEY}_{key}"):
        if shown is not None:
            st.table(shown)
        else:
            st.dataframe(
                table,
                hide_index=isinstance(table.index, pd.RangeIndex),
                width="stretch",
            )
    with st.container(key=f"{CARDS_KEY}_{key}"):
        st.html(_cards_html(table))
