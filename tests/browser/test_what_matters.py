"""What matters: the sensitivity sweep and the goal seek run to the end, show their progress
while they run, and show a result after."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser import driver
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PROGRESS = '[data-testid="stProgress"]'
CHARTS = '[data-testid="stMain"] [data-testid="stVegaLiteChart"]'
LONG_RUN_MS = 120_000
"""A sweep or a search is dozens of runs; generous for two busy cores."""


def run_and_wait(page: Any, button: str, done_js: str) -> list[str]:
    """Click ``button``, wait until ``done_js`` holds and the run is over; the progress texts
    seen meanwhile."""
    driver.watch(page, PROGRESS)
    page.get_by_role("button", name=button).click()
    driver.wait_until(
        page,
        f"() => ({done_js})() && ({driver.IDLE_JS})()",
        timeout_ms=LONG_RUN_MS,
    )
    return driver.seen(page, PROGRESS)


def test_sweep_and_goal_seek_show_progress_then_results(server: Any, page: Any) -> None:
    driver.open_page(page, driver.link(server.url, "what_matters"))
    charts_before = page.locator(CHARTS).count()

    progress = run_and_wait(
        page,
        "Run the sweep",
        f"""() => document.querySelectorAll('{CHARTS}').length > {charts_before}
              && document.querySelector('[data-testid="stMain"]').innerText.includes(
                   'The black line is this plan')""",
    )
    assert any(re.search(r"run \d+ of \d+", text) for text in progress), progress
    assert page.locator(PROGRESS).count() == 0, "the progress bar is removed at the end"
    main = driver.flat(page.locator('[data-testid="stMain"]').inner_text())
    assert "Run the sweep to see" not in main
    assert "The numbers" in main  # the table behind the tornado
    assert driver.exceptions(page) == []

    charts_before = page.locator(CHARTS).count()
    progress = run_and_wait(
        page,
        "Find it",
        r"""() => /\d+ runs of [\d,]+ futures each, seed \d+/.test(
              document.querySelector('[data-testid="stMain"]').innerText)""",
    )
    assert any(re.search(r"Tried .+ \(\d+ runs?\)", text) for text in progress), progress
    assert page.locator(PROGRESS).count() == 0
    verdicts = [a for a in driver.main_alerts(page) if a]
    result = page.locator(
        '[data-testid="stMain"] [data-testid="stAlertContentSuccess"],'
        '[data-testid="stMain"] [data-testid="stAlertContentWarning"]'
    )
    assert result.count() >= 1, verdicts
    assert page.locator(CHARTS).count() == charts_before + 1  # the search curve
    assert driver.exceptions(page) == []
    screenshot(page, "what-matters-results")
