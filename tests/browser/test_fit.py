"""'Start from my history' in a real browser: a broken file is refused with the plan intact;
a good history is fitted, shown, and one click makes it the plan the Plan page runs; the fitted
page fits a phone (390x844) and a laptop (1400x900) with nothing wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.browser import driver, layout
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

HISTORY_INPUT = ".st-key-fit_history input[type=file]"
USE_BUTTON = ".st-key-fit_use button"
CHART = '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'


def history_file(folder: Path) -> tuple[Path, int]:
    rng = np.random.default_rng(4)
    counts = 5000 * np.exp(np.r_[0.0, np.cumsum(rng.normal(0.008, 0.012, 40))])
    counts[25] += 600  # a jump week
    counts[26:] += 600
    days = np.datetime64("2024-01-01") + 7 * np.arange(counts.size)
    path = folder / "my followers.csv"
    path.write_text(
        "date,followers\n" + "\n".join(f"{d},{round(c)}" for d, c in zip(days, counts, strict=True))
    )
    return path, round(float(counts[-1]))


def wait_main_text(page: Any, text: str) -> None:
    driver.wait_until(
        page,
        "(t) => document.querySelector('[data-testid=\"stMain\"]').innerText.includes(t)",
        text,
        timeout_ms=driver.LOAD_TIMEOUT_MS,
    )
    driver.wait_idle(page)


def wait_chart(page: Any) -> None:
    """Until the fit's chart is drawn."""
    driver.wait_until(
        page,
        "(sel) => { const c = document.querySelector(sel);"
        " return c && c.querySelector('canvas, svg.marks, .vega-embed svg'); }",
        CHART,
        timeout_ms=driver.LOAD_TIMEOUT_MS,
    )


def test_history_is_fitted_used_and_a_broken_file_refused(
    server: Any, page: Any, tmp_path: Path
) -> None:
    params = driver.query()
    default_kpis = driver.open_plan(page, driver.link(server.url, params=params))

    driver.open_page(page, driver.link(server.url, "fit", params))
    assert "Start from my history" in page.locator("h1").first.inner_text()

    broken = tmp_path / "broken.csv"
    broken.write_text("when,how many\nyesterday,lots\n")
    page.locator(HISTORY_INPUT).set_input_files(str(broken))
    wait_main_text(page, "Not used")
    alerts = " ".join(driver.main_alerts(page))
    assert "no date and follower columns" in alerts and "unchanged" in alerts
    assert driver.url_params(page.url) == params  # the plan is intact
    assert page.locator(USE_BUTTON).count() == 0

    good, last = history_file(tmp_path)
    page.locator(HISTORY_INPUT).set_input_files(str(good))
    wait_main_text(page, "What your history says")
    wait_chart(page)
    main = driver.flat(page.locator('[data-testid="stMain"]').inner_text())
    assert f"to {last:,} followers" in main and "accounts your size" in main
    assert "cannot carry your history" in main
    screenshot(page, "fit-history")

    page.locator(USE_BUTTON).click()
    wait_main_text(page, "Your plan now starts from")
    page.wait_for_url(
        lambda url: driver.url_params(url).get("start_followers") == str(last),
        timeout=driver.RERUN_TIMEOUT_MS,
    )
    page.locator('[data-testid="stSidebarNav"] a', has_text="Plan").first.click()
    driver.wait_idle(page, driver.FIGURE_VALUES, timeout_ms=driver.LOAD_TIMEOUT_MS)
    assert driver.kpi_text(page) != default_kpis
    assert driver.url_params(page.url).get("start_followers") == str(last)
    assert driver.exceptions(page) == []


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_fitted_history_fits_the_screen(
    server: Any, browser: Any, tmp_path: Path, viewport: str
) -> None:
    good, last = history_file(tmp_path)
    with layout.new_page(browser, viewport) as page:
        driver.open_page(page, driver.link(server.url, "fit"))
        page.locator(HISTORY_INPUT).set_input_files(str(good))
        wait_main_text(page, "What your history says")
        wait_chart(page)
        page.wait_for_timeout(500)  # charts drawn
        assert f"to {last:,} followers" in driver.flat(
            page.locator('[data-testid="stMain"]').inner_text()
        )
        assert layout.too_wide(page) == []
        assert layout.clipped(page) == []
        assert driver.exceptions(page) == []
        layout.shoot(page, "fit", viewport)
