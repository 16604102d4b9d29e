"""Issue 19, item 7, on a phone (390x844) and a laptop (1400x900): several inputs change in a row
with the sidebar open (on a phone it closes on "Show results", not after each change); the share
link's copy button shows without a hover and copies the link; the break-even chart's labels are
whole and apart (read from the SVG's text boxes). What matters' labels are checked where its
sweep already runs (test_what_matters.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import driver, layout
from ui.phone import SHARE_KEY, SHOW_RESULTS_CLASS

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
SHOW_RESULTS = f"{SIDEBAR} .{SHOW_RESULTS_CLASS}"
THREE_INPUTS = ("in.start_followers", "in.posts_per_week", "in.hours_per_post")
"""Sliders of the groups open at the start (``ui.sidebar.GROUPS_OPEN``)."""
COPY_BUTTON = f'.{driver.key_class(SHARE_KEY)} [data-testid="stCode"] button'
CHARTS = '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'

IN_VIEW_JS = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el) return 'not on the page';
  for (let a = el; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.visibility !== 'visible' && a === el) return 'visibility ' + s.visibility;
    if (+s.opacity < 0.99) return `opacity ${s.opacity} on ${a.className}`;
    if (s.display === 'none') return 'display none';
  }
  const r = el.getBoundingClientRect();
  if (r.width < 16 || r.height < 16) return `too small: ${r.width}x${r.height}`;
  if (r.left < 0 || r.right > document.documentElement.clientWidth
      || r.top < 0 || r.bottom > window.innerHeight) return 'off the screen';
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return hit && el.contains(hit) ? '' : 'covered';
}
"""
"""'' when the element is drawn, opaque, on the screen and on top; else what is wrong."""


def _wait_collapsed(page: Any, collapsed: bool) -> None:
    driver.wait_until(
        page,
        f"""() => document.querySelector('{SIDEBAR}')
                    .getAttribute('data-collapsed') === '{str(collapsed).lower()}'""",
    )
    page.wait_for_timeout(400)  # the slide animation


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_three_inputs_change_in_a_row_with_the_sidebar_open(
    server: Any, browser: Any, viewport: str
) -> None:
    """The sidebar is opened once; each slider is reachable by a pointer (nothing covers it)
    when it is moved, and the sidebar is still open after each rerun. On a phone "Show
    results" then closes it over the answer; on a laptop that button is not shown."""
    with layout.new_page(browser, viewport) as page:
        kpis = driver.open_plan(page, driver.link(server.url))
        layout.open_sidebar(page)
        params = driver.url_params(page.url)
        for key in THREE_INPUTS:
            # on the screen, and no other element on top of it (a trial click moves nothing)
            page.locator(f".{driver.key_class(key)}").click(trial=True, timeout=5_000)
            driver.move_slider(page, key, 1)
            driver.wait_until(
                page,
                f"(before) => location.search.slice(1) !== before && ({driver.IDLE_JS})()",
                page.url.split("?", 1)[1],
            )
            page.wait_for_timeout(500)  # a sidebar closing by itself would have started
            assert layout.sidebar_open(page), f"the sidebar closed after {key} changed"
        changed = {k for k, v in driver.url_params(page.url).items() if params.get(k) != v}
        assert {"start_followers", "posts_per_week", "hours_per_post"} <= changed, changed
        assert driver.kpi_text(page) != kpis
        button = page.locator(SHOW_RESULTS)
        if viewport == "phone":
            button.click()
            _wait_collapsed(page, True)
            assert layout.on_first_screen(page, layout.VERDICT_SELECTOR)
        else:
            assert not button.is_visible()
            assert layout.sidebar_open(page)
        assert driver.exceptions(page) == []


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_copy_button_shows_without_hover_and_break_even_labels_are_whole(
    server: Any, browser: Any, viewport: str
) -> None:
    with layout.new_page(browser, viewport) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        driver.open_plan(page, driver.link(server.url))
        if viewport == "phone":
            assert not layout.sidebar_open(page)
        # brought into view by script, so the pointer never passes over it
        page.evaluate(
            f"document.querySelector('{COPY_BUTTON}').scrollIntoView({{block: 'center'}})"
        )
        page.wait_for_timeout(400)  # any fade-in on hover would have its 450 ms
        assert page.evaluate(IN_VIEW_JS, COPY_BUTTON) == ""
        link = page.locator(f'.{driver.key_class(SHARE_KEY)} [data-testid="stCode"] code')
        page.locator(COPY_BUTTON).click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert driver.flat(copied) == driver.flat(link.inner_text())
        assert driver.url_params(copied) == driver.url_params(page.url)

        chart = page.locator(CHARTS).filter(has_text="Break-even month")
        chart.scroll_into_view_if_needed()
        driver.wait_until(
            page,
            "(el) => el.querySelectorAll('svg text').length > 0",
            chart.element_handle(),
        )
        assert layout.cut_text(page, CHARTS) == []
        labels = chart.locator("svg text").all_text_contents()
        assert "never" in labels and "Break-even month" in " ".join(labels), labels
        assert driver.exceptions(page) == []
