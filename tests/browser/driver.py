"""Driving the running app from Playwright: links, waits, and reading what the page shows.

Synchronisation never rests on a fixed sleep. A rerun is over when the page's root element says
so: Streamlit sets ``data-test-connection-state="CONNECTED"`` and
``data-test-script-state="notRunning"`` on ``[data-testid="stApp"]``, and marks elements of the
previous run ``data-stale="true"`` until the new run has replaced them, and shows a placeholder
(``stSkeleton``) for an element whose code is still loading. That state alone is
ambiguous for a moment after an input changes (the rerun may not have started yet) and on first
load (the page is idle before its first run begins), so every wait also names what must have
changed on the page: the KPI text, a heading, a result.

The JavaScript predicates are plain strings so the async load test (bench/load_test.py) uses the
very same conditions.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sim import RunSettings, Scenario
from sim.io import codec
from ui.kpis import FIGURE_COUNT

NOTICE_HEAD = "The share link was read with some changes"
"""How the app's warning about a link it had to fix begins."""
TEST_PATHS = 300
"""Futures per run in browser tests: enough for stable text, cheap on 2 cores."""
TEST_SEED = 42
LOAD_TIMEOUT_MS = 60_000
"""First load of a page (a cold server imports pandas, altair and the engine)."""
RERUN_TIMEOUT_MS = 45_000
POLL_MS = 100
"""How often a wait re-checks the page. Not every animation frame: reading ``innerText``
forces a layout, and doing that 60 times a second slows the very rendering being waited for."""

IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && /running/i.test(status.innerText)) return false;
  return true;
}
"""
"""True when the script is not running, nothing on the page is left from an older run, and no
element is still a placeholder (``stSkeleton``: the Suspense fallback shown while the browser
fetches an element's code; on a fresh page that outlives the run by up to a second)."""

FIGURES = (
    '[data-testid="stMain"] [class*="st-key-figure_"], '
    '[data-testid="stMain"] [data-testid="stMetric"]'
)
"""Every figure of the Plan page: the headline cards (``ui.kpis.figure_markdown``, in
containers keyed ``figure_<i>``) and the metrics."""
FIGURE_VALUES = (
    '[data-testid="stMain"] [class*="st-key-figure_"] h3, '
    '[data-testid="stMain"] [data-testid="stMetricValue"]'
)

KPI_JS = f"""
() => Array.from(document.querySelectorAll('{FIGURES}'))
  .map(e => e.innerText.replace(/\\s+/g, ' ').trim())
  .join(' | ')
"""
"""The figures as one line of text (label and value of each, in page order)."""

READY_JS = f"""
(selector) => ({IDLE_JS})() && document.querySelector(selector) !== null
"""

KPI_COUNT = FIGURE_COUNT
"""The Plan page's figures: four headline figures and the others (``ui.kpis.FIGURE_COUNT``)."""

KPIS_DIFFER_JS = f"""
(before) => {{
  const metrics = Array.from(document.querySelectorAll('{FIGURES}'));
  if (metrics.length !== {KPI_COUNT}) return false;
  const fresh = metrics.every(m => {{
    const box = m.closest('[data-testid="stElementContainer"]');
    return !box || box.getAttribute('data-stale') !== 'true';
  }});
  const now = ({KPI_JS})();
  return fresh && now !== before;
}}
"""
"""All the KPIs are on the page, none left from the previous run, and their text differs from
``before`` (the rerun may still be drawing the charts below them)."""

KPIS_CHANGED_JS = f"""
(before) => ({KPIS_DIFFER_JS})(before) && ({IDLE_JS})()
"""
"""The KPIs differ from ``before`` and the rerun that changed them is over."""

WATCH_JS = """
(selector) => {
  const seen = (window.__seen = window.__seen || {});
  const texts = (seen[selector] = []);
  const look = () => {
    for (const el of document.querySelectorAll(selector)) {
      const text = el.innerText.replace(/\\s+/g, ' ').trim();
      if (texts[texts.length - 1] !== text) texts.push(text);
    }
  };
  look();
  const observer = new MutationObserver(look);
  observer.observe(document.body, {childList: true, subtree: true, characterData: true,
                                   attributes: true});
  window.__observers = (window.__observers || []).concat([observer]);
}
"""
"""Record the text of every element matching ``selector`` that ever appears from now on."""


def query(
    scenario: Scenario | None = None,
    *,
    paths: int = TEST_PATHS,
    seed: int = TEST_SEED,
    **fields: Any,
) -> dict[str, str]:
    """A share link's parameters, written by the app's own codec: nothing here is re-typed."""
    base = scenario or Scenario()
    if fields:
        base = Scenario.model_validate({**base.model_dump(), **fields})
    return codec.encode_query(base, RunSettings(paths=paths, seed=seed))


def link(server_url: str, page_path: str = "", params: dict[str, str] | None = None) -> str:
    """``http://127.0.0.1:<port>/<page_path>?<params>`` (the default scenario when no params)."""
    return f"{server_url}/{page_path}?{urlencode(params or query())}"


def url_params(url: str) -> dict[str, str]:
    """The query of ``url`` as a dict (the last value of a repeated key, as the app reads it)."""
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def wait_url_params(page: Any, expected: dict[str, str]) -> None:
    """Wait until the address bar's query is exactly ``expected``."""
    page.wait_for_url(lambda url: url_params(url) == expected, timeout=RERUN_TIMEOUT_MS)


def wait_until(page: Any, js: str, arg: Any = None, timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
    """Wait until the JavaScript function ``js`` (called with ``arg``) returns true."""
    page.wait_for_function(js, arg=arg, timeout=timeout_ms, polling=POLL_MS)


def wait_idle(page: Any, ready_selector: str = "h1", timeout_ms: int = RERUN_TIMEOUT_MS) -> None:
    """Wait until the script is not running and ``ready_selector`` is on the page."""
    wait_until(page, READY_JS, ready_selector, timeout_ms)


def open_page(page: Any, url: str, ready_selector: str = "h1") -> None:
    """Go to ``url`` and wait for its first run to finish (every page has an ``st.title``)."""
    page.goto(url)
    wait_idle(page, ready_selector, timeout_ms=LOAD_TIMEOUT_MS)


def open_plan(page: Any, url: str) -> str:
    """Open a Plan-page link and wait for its eight KPIs; returns their text."""
    open_page(page, url, FIGURE_VALUES)
    return kpi_text(page)


def kpi_text(page: Any) -> str:
    return str(page.evaluate(KPI_JS))


def kpi_values(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(FIGURE_VALUES).all_inner_texts()]


def wait_kpis_change(page: Any, before: str, timeout_ms: int = RERUN_TIMEOUT_MS) -> str:
    """Wait until the KPI text differs from ``before`` and the rerun is over; the new text."""
    wait_until(page, KPIS_CHANGED_JS, before, timeout_ms)
    return kpi_text(page)


def key_class(key: str) -> str:
    """CSS class Streamlit gives the container of a widget created with ``key=``: ``st-key-``
    and the key, other characters than letters, digits, ``_`` and ``-`` replaced by ``-``
    (``in.posts_per_week`` -> ``st-key-in-posts_per_week``)."""
    return "st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def number_input_selector(key: str) -> str:
    """CSS for the ``<input>`` of the number box created with ``key=`` (not a slider's)."""
    return f".{key_class(key)} input:not([type=range]):not([type=checkbox])"


def number_input(page: Any, key: str) -> Any:
    """The ``<input>`` of the number input created with ``key=``."""
    return page.locator(number_input_selector(key))


EXACT_TOGGLE = ".st-key-sb-exact"
"""The sidebar's "Type exact numbers" switch (key ``sb.exact``): number boxes instead of
sliders for the plan's main inputs."""


def exact_numbers(page: Any) -> None:
    """Turn "Type exact numbers" on (if it is off) and wait for the boxes to be drawn."""
    toggle = page.locator(f"{EXACT_TOGGLE} input[type=checkbox]")
    if toggle.count() == 0 or toggle.is_checked():
        return
    page.locator(f"{EXACT_TOGGLE} label").click()
    wait_until(
        page,
        f"""() => document.querySelector('{EXACT_TOGGLE} input').checked && ({IDLE_JS})()""",
    )


def set_number(page: Any, key: str, value: float | str) -> None:
    """Type a value into a number input and commit it (Enter), as a person would; a main
    input shown as a slider is switched to its box first ("Type exact numbers")."""
    box = number_input(page, key)
    if box.count() == 0 and slider(page, key).count() > 0:
        exact_numbers(page)
        box = number_input(page, key)
    box.fill(str(value))
    box.press("Enter")


def slider(page: Any, key: str) -> Any:
    """The keyboard handle of the slider created with ``key=`` (its range input)."""
    return page.locator(f".{key_class(key)} input[type=range]")


def move_slider(page: Any, key: str, steps: int) -> None:
    """Move a slider by whole steps with the arrow keys, as a person using a keyboard."""
    thumb = slider(page, key)
    thumb.focus()
    for _ in range(abs(steps)):
        thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")


def change_input(page: Any, key: str, value: float | str) -> str:
    """Change a sidebar input on the Plan page; wait for the new KPIs and return them."""
    before = kpi_text(page)
    set_number(page, key, value)
    return wait_kpis_change(page, before)


def toggle_group(page: Any, title: str) -> None:
    """Click a sidebar group's header (a lazy expander: the click reruns the script, which
    draws or drops the group's inputs) and wait for that rerun to end."""
    group = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=title)
    )
    was_open = group.locator("details").get_attribute("open") is not None
    group.locator("summary").click()
    wait_until(
        page,
        f"""(title) => ({IDLE_JS})() && Array.from(
          document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stExpander"]')
        ).some(e => e.querySelector('summary').innerText.includes(title)
                    && e.querySelector('details').open === {"false" if was_open else "true"})""",
        title,
    )


def exceptions(page: Any) -> list[str]:
    """Text of every exception element on the page (an uncaught error in a page script)."""
    return [str(t) for t in page.locator('[data-testid="stException"]').all_inner_texts()]


def watch(page: Any, selector: str) -> None:
    """Start recording every element matching ``selector`` that appears (see ``seen``)."""
    page.evaluate(WATCH_JS, selector)


def seen(page: Any, selector: str) -> list[str]:
    """Texts of the elements matching ``selector`` seen since ``watch`` was called."""
    return list(page.evaluate("(s) => (window.__seen || {})[s] || []", selector))


def main_alerts(page: Any) -> list[str]:
    """Text of the alerts (st.success/info/warning/error) in the main area, not the sidebar."""
    return [
        " ".join(str(t).split())
        for t in page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
    ]


def flat(text: str) -> str:
    """Whitespace collapsed, for comparing page text with engine text."""
    return " ".join(text.split())
