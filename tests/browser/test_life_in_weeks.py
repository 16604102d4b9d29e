"""A life in weeks in Chromium at phone (390x844) and laptop (1400x900) width: nothing wider
than the screen outside a scrolling frame; futures named in words; "Another at random" draws
another future without a session-state warning in the server's log."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import driver, layout

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
HEADING = f"{MAIN} h3"


def heading(page: Any) -> str:
    return driver.flat(page.locator(HEADING).first.inner_text())


@pytest.mark.parametrize("viewport", list(layout.VIEWPORTS))
def test_life_in_weeks_fits_and_draws_again_quietly(
    server: Any, browser: Any, viewport: str
) -> None:
    start = server.log_size()
    with layout.new_page(browser, viewport) as page:
        driver.open_page(page, driver.link(server.url, "life_in_weeks"))
        assert heading(page).startswith(f"The median future of {driver.TEST_PATHS}:")
        for _ in range(2):
            before = heading(page)
            page.get_by_role("button", name="Another at random").click()
            driver.wait_until(
                page,
                f"""(before) => {{
                  const h = document.querySelector('{HEADING}');
                  return h && h.innerText.startsWith('A future picked at random')
                         && h.innerText !== before && ({driver.IDLE_JS})();
                }}""",
                before,
            )
        assert "#" not in heading(page)
        page.wait_for_timeout(500)  # charts drawn
        assert layout.too_wide(page) == []
        assert layout.clipped(page) == []
        assert driver.exceptions(page) == []
        layout.shoot(page, "life-in-weeks", viewport)
    logged = server.log_since(start)
    assert "default value" not in logged, logged[-2000:]
