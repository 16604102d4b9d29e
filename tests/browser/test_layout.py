"""Issue 11 on a phone (390x844) and a laptop (1400x900), for the Plan page, the quick start,
Compare and the HTML report: nothing wider than the screen outside a scrolling frame, no label
cut short, on a phone the sidebar starts closed and the verdict and headline figures are on the
first screen, uncovered; nothing fetched from the internet. Screenshots of each page at both
widths go to tests/artifacts/screenshots (<page>-<phone|desktop>.png)."""

from __future__ import annotations

from typing import Any

import pytest

from sim import Scenario, simulate
from tests.browser import driver, layout

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_plan_fits_and_answers_on_the_first_screen(
    server: Any, browser: Any, viewport: str
) -> None:
    with layout.new_page(browser, viewport) as page:
        outside = layout.outside_requests(page, server.url)
        driver.open_plan(page, driver.link(server.url))
        page.wait_for_timeout(500)  # charts drawn
        assert layout.too_wide(page) == []
        assert layout.clipped(page) == []
        assert layout.on_first_screen(page, layout.VERDICT_SELECTOR), layout.first_screen(
            page, layout.VERDICT_SELECTOR
        )
        assert layout.on_first_screen(page, layout.HEADLINE_SELECTOR), layout.first_screen(
            page, layout.HEADLINE_SELECTOR
        )
        assert layout.sidebar_open(page) == (viewport == "desktop")
        assert outside == [], "nothing is fetched from outside the app's server"
        assert driver.exceptions(page) == []
        layout.shoot(page, "plan", viewport)


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_the_quick_start_fits(server: Any, browser: Any, viewport: str) -> None:
    with layout.new_page(browser, viewport) as page:
        outside = layout.outside_requests(page, server.url)
        driver.open_page(page, server.url + "/", ".st-key-quickstart")
        assert layout.too_wide(page) == []
        assert layout.clipped(page) == []
        assert layout.on_first_screen(page, "h1")
        assert outside == []
        layout.shoot(page, "quickstart", viewport)
        page.get_by_role("button", name="Show my answer").click()
        driver.wait_idle(page, driver.FIGURE_VALUES)
        assert layout.on_first_screen(page, layout.VERDICT_SELECTOR)
        assert "start_followers" in page.url or "v=" in page.url, "the link carries the plan"
        assert driver.exceptions(page) == []


def _save(page: Any, name: str, expect: str) -> None:
    page.get_by_label("Name for the current plan").fill(name)
    page.get_by_role("button", name="Save current plan").click()
    driver.wait_until(
        page,
        f"""() => document.querySelector('{MAIN}').innerText.includes({expect!r})
                  && ({driver.IDLE_JS})()""",
    )


def test_compare_fits_a_phone_and_a_laptop(server: Any, browser: Any) -> None:
    with layout.new_page(browser, "desktop") as page:
        driver.open_page(page, driver.link(server.url, "compare"))
        _save(page, "Three posts a week, no agency", "Headline figures")
        driver.set_number(page, "in.posts_per_week", 6)
        driver.wait_url_params(page, driver.query(posts_per_week=6.0))
        driver.wait_idle(page)
        _save(page, "Six posts a week, no agency", "Differences against")
        page.wait_for_timeout(500)
        assert layout.too_wide(page) == []
        assert layout.clipped(page) == []
        layout.shoot(page, "compare", "desktop")
        page.set_viewport_size(layout.VIEWPORTS["phone"])
        page.wait_for_timeout(500)
        layout.close_sidebar(page)
        assert layout.too_wide(page) == []
        layout.shoot(page, "compare", "phone")
        assert driver.exceptions(page) == []


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_the_report_fits(browser: Any, viewport: str) -> None:
    from ui.export import plan_report

    report = plan_report(simulate(Scenario(), 200, 42))
    with layout.new_page(browser, viewport) as page:
        outside = layout.outside_requests(page, "file:")
        page.set_content(report)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= layout.VIEWPORTS[viewport]["width"], width
        assert outside == [], "the report opens offline"
        layout.shoot(page, "report", viewport)
