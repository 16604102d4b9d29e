"""Compare: two plans saved in one session are compared side by side, and one loads back into
the sidebar (and the address bar)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import driver
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'


def main_has(text: str) -> str:
    return f"""() => document.querySelector('{MAIN}').innerText.includes({text!r})"""


def save_plan(page: Any, name: str, expect: str) -> None:
    page.get_by_label("Name for the current plan").fill(name)
    page.get_by_role("button", name="Save current plan").click()
    driver.wait_until(
        page,
        f"() => ({main_has(expect)})() && ({driver.IDLE_JS})()",
        timeout_ms=driver.RERUN_TIMEOUT_MS,
    )


def test_two_saved_plans_are_compared_and_one_loads_back(server: Any, page: Any) -> None:
    driver.open_page(page, driver.link(server.url, "compare"))
    save_plan(page, "Three a week", "Headline figures")

    driver.set_number(page, "in.posts_per_week", 6)
    six_a_week = driver.query(posts_per_week=6.0)
    driver.wait_url_params(page, six_a_week)
    driver.wait_idle(page)
    save_plan(page, "Six a week", "Differences against “Three a week”")

    main = driver.flat(page.locator(MAIN).inner_text())
    assert "Running total" in main and "Followers" in main
    assert "Most likely to work out:" in main or "None of these plans" in main
    assert "Three a week" in main and "Six a week" in main
    tables = page.locator(f"{MAIN} [data-testid='stTable'], {MAIN} [data-testid='stDataFrame']")
    assert tables.count() == 2  # the headline figures and the differences
    assert page.locator(f"{MAIN} [data-testid='stVegaLiteChart']").count() == 2
    assert driver.exceptions(page) == []
    screenshot(page, "compare-two-plans")

    # Load the first plan back: the sidebar and the address bar follow.
    page.get_by_text("Load or delete a saved plan").click()
    page.get_by_role("button", name="Load into the sidebar").click()
    driver.wait_url_params(page, driver.query())
    driver.wait_idle(page)
    assert driver.number_input(page, "in.posts_per_week").input_value() == "3.0"
    assert driver.exceptions(page) == []
