"""Layout checks shared by the browser tests of every page: phone and desktop widths.

- ``VIEWPORTS``: the two screens every page is tried on (390x844, a phone; 1400x900, a laptop).
- ``new_page(browser, name)``: a fresh context and page of that size (close the context after).
- ``too_wide(page)``: elements of the main area that reach past the screen's edge without a
  scrolling frame of their own around them (a wide table inside ``overflow-x: auto`` is fine; a
  table cut off, or a page that scrolls sideways, is not).
- ``first_screen(page, selector)``: where an element sits on the first screen, and whether
  anything (the sidebar, a dialog) covers it.
- ``sidebar_open(page)``: whether the sidebar is expanded.
- ``shoot(page, page_name, viewport_name)``: a screenshot under tests/artifacts/screenshots,
  named ``<page>-<viewport>.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.browser.conftest import SHOTS

VIEWPORTS: dict[str, dict[str, int]] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1400, "height": 900},
}
VERDICT_SELECTOR = ".st-key-verdict"
"""The verdict's container on the Plan page (``st.container(key="verdict")``)."""
HEADLINE_SELECTOR = ".st-key-headline"
"""The headline figures' container on the Plan page."""

TOO_WIDE_JS = """
() => {
  const W = document.documentElement.clientWidth;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return ['no main area'];
  const out = [];
  if (document.documentElement.scrollWidth > W + 1) {
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${W}`);
  }
  if (main.scrollWidth > main.clientWidth + 1) {
    out.push(`the main area scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
  }
  const describe = (el) => {
    const id = el.getAttribute('data-testid') || el.tagName.toLowerCase();
    const text = (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    const r = el.getBoundingClientRect();
    return `${id} [${Math.round(r.left)}..${Math.round(r.right)}] ${text}`;
  };
  const framed = (el) => {
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
        const r = a.getBoundingClientRect();
        if (r.left >= -1 && r.right <= W + 1) return true;
      }
    }
    return false;
  };
  for (const el of main.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= W + 1 && r.left >= -1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    if (!framed(el)) out.push(describe(el));
    if (out.length >= 20) break;
  }
  return out;
}
"""

FIRST_SCREEN_JS = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el) return {found: false};
  const r = el.getBoundingClientRect();
  const H = window.innerHeight, W = document.documentElement.clientWidth;
  const x = Math.min(Math.max(r.left + r.width / 2, 0), W - 1);
  const ys = [r.top + 4, r.top + r.height / 2, r.bottom - 4].filter(y => y >= 0 && y < H);
  const covered = ys.some(y => {
    const hit = document.elementFromPoint(x, y);
    return !hit || !el.contains(hit);
  });
  return {found: true, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          height: H, width: W, covered};
}
"""


@contextmanager
def new_page(browser: Any, viewport: str) -> Iterator[Any]:
    """A page of the named size in a fresh context (closed on exit)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def too_wide(page: Any) -> list[str]:
    """What reaches past the screen's edge outside a scrolling frame (empty: nothing)."""
    return [str(x) for x in page.evaluate(TOO_WIDE_JS)]


def first_screen(page: Any, selector: str) -> dict[str, Any]:
    """Where ``selector`` sits: ``found``, ``top``, ``bottom`` (px from the top of the
    screen), ``height`` of the screen and ``covered`` (something else is on top of it)."""
    return dict(page.evaluate(FIRST_SCREEN_JS, selector))


def on_first_screen(page: Any, selector: str) -> bool:
    """The element is wholly on the first screen, and nothing covers it."""
    box = first_screen(page, selector)
    return bool(
        box.get("found")
        and box["top"] >= 0
        and box["bottom"] <= box["height"]
        and not box["covered"]
    )


def sidebar_open(page: Any) -> bool:
    bar = page.locator('[data-testid="stSidebar"]')
    return bar.count() > 0 and bar.first.get_attribute("data-collapsed") == "false"


def open_sidebar(page: Any) -> None:
    """Open the sidebar (a phone starts with it closed)."""
    if not sidebar_open(page):
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]')
                        .getAttribute('data-collapsed') === 'false'"""
        )


def close_sidebar(page: Any) -> None:
    if sidebar_open(page):
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]')
                        .getAttribute('data-collapsed') === 'true'"""
        )
        page.wait_for_timeout(300)  # the slide-out animation


def shoot(page: Any, page_name: str, viewport: str) -> Path:
    """``tests/artifacts/screenshots/<page>-<viewport>.png``, the whole page; its path.

    Streamlit scrolls inside its main area, so the viewport is stretched to the content for
    the shot: the main area's height, and the sidebar's only while it is open."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{page_name}-{viewport}.png"
    size = page.viewport_size
    height = page.evaluate(
        """() => {
          const main = document.querySelector('[data-testid="stMain"]');
          const bar = document.querySelector('[data-testid="stSidebar"]');
          const open = bar && bar.getAttribute('data-collapsed') === 'false';
          const side = open ? document.querySelector('[data-testid="stSidebarContent"]') : null;
          return Math.max(main ? main.scrollHeight : 0, side ? side.scrollHeight : 0,
                          document.documentElement.scrollHeight, window.innerHeight);
        }"""
    )
    try:
        if size and int(height) > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": min(int(height), 12_000)})
            page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        if size:
            page.set_viewport_size(size)
    return path


CLIPPED_JS = """
() => {
  const out = [];
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return out;
  const labels = main.querySelectorAll(
    '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] div, button p, '
    + '[class*="st-key-figure_"] p, [class*="st-key-figure_"] h3, '
    + '[data-testid="stWidgetLabel"] p');
  for (const el of labels) {
    if (el.offsetParent === null) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(el.innerText.trim().slice(0, 60));
    }
  }
  return out;
}
"""


def clipped(page: Any) -> list[str]:
    """Labels of the main area cut short (a figure's label or value, a button's text)."""
    return [str(x) for x in page.evaluate(CLIPPED_JS)]


def outside_requests(page: Any, server_url: str) -> list[str]:
    """Start recording requests that leave the app's server (fonts, icons, analytics); the
    list fills as the page loads."""
    seen: list[str] = []

    def record(request: Any) -> None:
        url = str(request.url)
        if not url.startswith((server_url, "data:", "blob:", "about:")):
            seen.append(url)

    page.on("request", record)
    return seen


CUT_TEXT_JS = """
(selector) => {
  // A text's box is its line's: the glyphs' ascent and descent and some leading, a few
  // pixels beyond the ink. Two lines of labels 1.2 em apart touch boxes without touching ink.
  const SLACK = 3, LEADING = 0.3;
  const W = document.documentElement.clientWidth;
  const out = [];
  const charts = Array.from(document.querySelectorAll(selector));
  if (charts.length === 0) return ['no chart matches ' + selector];
  charts.forEach((chart, c) => {
    const frame = chart.getBoundingClientRect();
    const left = Math.max(frame.left, 0), right = Math.min(frame.right, W);
    const texts = Array.from(chart.querySelectorAll('svg text'))
      .map(el => ({el, text: el.textContent.trim(), r: el.getBoundingClientRect()}))
      // an axis hides the labels it leaves out (labelOverlap) with opacity 0
      .filter(t => t.text && t.r.width > 0 && t.r.height > 0
                   && +getComputedStyle(t.el).opacity > 0);
    if (texts.length === 0) out.push(`chart ${c}: no text drawn`);
    for (const t of texts) {
      if (t.text.includes('…')) out.push(`chart ${c}: "${t.text}" ends in an ellipsis`);
      if (t.r.left < left - SLACK || t.r.right > right + SLACK
          || t.r.top < frame.top - SLACK || t.r.bottom > frame.bottom + SLACK) {
        out.push(`chart ${c}: "${t.text}" [${Math.round(t.r.left)}..${Math.round(t.r.right)}]`
                 + ` x [${Math.round(t.r.top)}..${Math.round(t.r.bottom)}] outside the chart`
                 + ` [${Math.round(left)}..${Math.round(right)}]`
                 + ` x [${Math.round(frame.top)}..${Math.round(frame.bottom)}]`);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i].r, b = texts[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1 && dy > LEADING * Math.min(a.height, b.height)) {
          out.push(`chart ${c}: "${texts[i].text}" overlaps "${texts[j].text}"`);
        }
      }
    }
  });
  return out;
}
"""


def cut_text(page: Any, selector: str) -> list[str]:
    """Text in the charts matching ``selector`` (a chart's element, e.g. ``stVegaLiteChart``)
    that is cut short (an ellipsis), reaches outside its chart or the screen, or overlaps
    other text of the same chart: read from the SVG's text boxes as drawn (empty: none)."""
    return [str(x) for x in page.evaluate(CUT_TEXT_JS, selector)]
