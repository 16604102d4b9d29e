"""Methodology in Chromium at phone (390x844) and laptop (1400x900) width: nothing wider than
the screen outside a scrolling frame (the equations and the comparison table scroll in their
own frames), every chart as wide as its column; "How the model compares with what creators
report" lists every target, with its charts when the build ships the comparison and a notice
when it does not."""

from __future__ import annotations

from typing import Any

import pytest

from sim.calibration.targets import default_targets
from sim.calibration.validate import shipped_validation
from tests.browser import driver, layout

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
CHARTS = f'{MAIN} [data-testid="stVegaLiteChart"]'
HIDE_MATHML = ".katex-mathml { visibility: hidden; }"
"""KaTeX keeps a MathML copy of each formula for screen readers, clipped to one pixel and
invisible; its boxes still report the formula's full width, so ``too_wide`` would count them
(the visible formula is measured as it is)."""


def open_methodology(page: Any, server: Any) -> None:
    driver.open_page(page, driver.link(server.url, "methodology"))
    page.wait_for_timeout(800)  # charts and equations drawn
    page.add_style_tag(content=HIDE_MATHML)


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_methodology_fits_the_screen(server: Any, browser: Any, viewport: str) -> None:
    with layout.new_page(browser, viewport) as page:
        open_methodology(page, server)
        assert layout.too_wide(page) == []
        widths = page.evaluate(
            f"""() => Array.from(document.querySelectorAll('{CHARTS}')).map(e => [
                  e.getBoundingClientRect().width,
                  e.closest('[data-testid="stVerticalBlock"]').getBoundingClientRect().width])"""
        )
        for chart, column in widths:
            assert chart >= 0.9 * column, widths
        assert layout.clipped(page) == []
        assert driver.exceptions(page) == []
        layout.shoot(page, "methodology", viewport)


def test_the_comparison_lists_every_target(server: Any, page: Any) -> None:
    open_methodology(page, server)
    main = driver.flat(page.locator(MAIN).inner_text())
    assert "How the model compares with what creators report" in main
    n = len(default_targets().targets)
    assert f"Of {n} published figures" in main
    rows, _ = shipped_validation()
    if rows:
        sections = {t.section for t in default_targets().targets}
        assert page.locator(CHARTS).count() >= len(sections)
    else:
        assert "does not include the comparison yet" in main
    # the table of every figure is a scrolling grid of its own: count its rows from its data
    grid = page.locator(f"{MAIN} [data-testid='stDataFrame']").first
    assert grid.is_visible()
    assert driver.exceptions(page) == []
