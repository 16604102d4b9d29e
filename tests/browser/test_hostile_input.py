"""Issue 9 in a real browser: text from a link or a file is never markup, a link too large for
Streamlit still gets the notice, and a flat chart never reads "NaN"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from sim import MODEL_VERSION, PRESET_VERSION
from sim.io.codec import FILE_FORMAT, MAX_UPLOAD_BYTES, scenario_to_json
from sim.io.safe_text import WORD_JOINER
from sim.model.scenario import Scenario
from sim.model.settings import RunSettings
from tests.browser import driver
from tests.browser.conftest import screenshot
from tests.browser.test_plan import CHART_SELECTOR, upload, wait_charts_drawn

pytestmark = pytest.mark.browser

MARKUP = "a, strong, em, b, i, img, code, pre, del, s, h1, h2, h3, h4, h5, h6, table, span, svg"
"""Elements that user text must never become (a notice is a paragraph and a list)."""
EMOJI = ("🚨", "😄", "👍")

MARKUP_IN_JS = f"""
(el) => Array.from(el.querySelectorAll('[data-testid="stMarkdownContainer"] *'))
  .filter(e => e.matches({MARKUP!r})).map(e => e.outerHTML)
"""

PHISHING_LINKS: dict[str, list[tuple[str, str]]] = {
    "www-in-a-value": [("niche", "www.evil.example, x")],
    "www-in-a-key": [("Sign in again at www.evil.example, now", "1")],
    "bold-and-emoji": [("niche", "__PAY_NOW__"), ("posts_per_week", ":rotating_light:")],
    "link-colour-icon": [
        ("niche", "[restore](https://evil.example)"),
        ("hours_per_post", ":red[locked] :material/warning:"),
    ],
}


def notice(page: Any) -> Any:
    """The main area's share-link notice."""
    return page.locator('[data-testid="stMain"] [data-testid="stAlert"]').filter(
        has_text=driver.NOTICE_HEAD
    )


def text_of(locator: Any) -> str:
    return driver.flat(locator.inner_text().replace(WORD_JOINER, ""))


@pytest.mark.parametrize("pairs", list(PHISHING_LINKS.values()), ids=list(PHISHING_LINKS))
def test_a_phishing_link_puts_no_markup_in_the_notice(
    server: Any, page: Any, pairs: list[tuple[str, str]]
) -> None:
    """Issue 9, item 1: these rendered a live link, bold text or an emoji in the app's voice."""
    params = [*driver.query().items(), *pairs]
    driver.open_plan(page, f"{server.url}/?{urlencode(params)}")
    box = notice(page)
    assert box.count() == 1
    assert box.evaluate(MARKUP_IN_JS) == []
    shown = text_of(box)
    for key, value in pairs:
        assert (value if key in Scenario.model_fields else key) in shown, shown
    assert not any(e in shown for e in EMOJI)
    assert driver.exceptions(page) == []


def test_a_link_streamlit_drops_gets_the_notice(server: Any, page: Any) -> None:
    """Issue 9, item 5: over 1,000 parameters Streamlit drops the whole query string."""
    params = [*driver.query().items()] + [(f"k{i}", "1") for i in range(1_001 - 7)]
    assert len(params) == 1_001
    driver.open_page(page, f"{server.url}/?{urlencode(params)}", driver.FIGURE_VALUES)
    driver.wait_until(
        page,
        f"(head) => ({driver.IDLE_JS})() && document.querySelector('[data-testid=\"stMain\"]')"
        ".innerText.includes(head)",
        driver.NOTICE_HEAD,
    )
    shown = text_of(notice(page))
    assert "too large" in shown and "1,001 settings" in shown and "default scenario" in shown
    assert driver.exceptions(page) == []


def test_a_link_at_the_limit_is_read(server: Any, page: Any) -> None:
    """1,000 parameters are read: the notice names the unknown keys, not a dropped link."""
    params = [*driver.query(posts_per_week=5.0).items()]
    params += [(f"k{i}", "1") for i in range(1_000 - len(params))]
    driver.open_plan(page, f"{server.url}/?{urlencode(params)}")
    shown = text_of(notice(page))
    assert "does not know" in shown and "too large" not in shown
    assert float(driver.slider(page, "in.posts_per_week").input_value()) == 5.0


SIDEBAR_MESSAGE_JS = """
() => Array.from(document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stAlert"]'))
  .map(a => a.innerText).filter(t => /Not loaded|Loaded/.test(t)).join(' | ')
"""


def upload_bytes(page: Any, folder: Path, name: str, data: bytes) -> Any:
    """Upload ``data`` as a file called ``name``; the sidebar's new message once it is shown."""
    before = page.evaluate(SIDEBAR_MESSAGE_JS)
    file = folder / name
    file.write_bytes(data)
    upload(page, file)
    driver.wait_until(
        page,
        f"(before) => ({driver.IDLE_JS})() && ({SIDEBAR_MESSAGE_JS})() !== before "
        f"&& ({SIDEBAR_MESSAGE_JS})() !== ''",
        before,
    )
    return page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]').filter(
        has_text="oaded"
    )


def test_a_hostile_upload_renders_no_link(server: Any, page: Any, tmp_path: Path) -> None:
    """Issue 9, item 2: a file's niche showed a clickable link in the sidebar's error, and a
    900 KB value a 900 KB message."""
    driver.open_plan(page, driver.link(server.url))
    phishing = "[Your plan expired - click to restore](https://evil.example/login)"
    document = {
        "format": FILE_FORMAT,
        "preset_version": PRESET_VERSION,
        "model_version": MODEL_VERSION,
        "scenario": {"niche": phishing},
    }
    message = upload_bytes(page, tmp_path, "plan.json", json.dumps(document).encode())
    assert message.evaluate(MARKUP_IN_JS) == []
    shown = text_of(message)
    assert "Not loaded: scenario.niche" in shown and phishing[:30] in shown
    screenshot(page, "hostile-upload")

    document["scenario"] = {"niche": "**x** " * 150_000}
    message = upload_bytes(page, tmp_path, "long.json", json.dumps(document).encode())
    assert message.evaluate(MARKUP_IN_JS) == []
    assert len(text_of(message)) < 600
    assert driver.exceptions(page) == []


def test_a_hostile_file_name_is_shown_as_typed(server: Any, page: Any, tmp_path: Path) -> None:
    driver.open_plan(page, driver.link(server.url))
    name = "**[restore](https:__evil.example)** :rotating_light: www.evil.example.json"
    data = scenario_to_json(Scenario(), RunSettings(paths=driver.TEST_PATHS, seed=5)).encode()
    message = upload_bytes(page, tmp_path, name, data)
    assert message.evaluate(MARKUP_IN_JS) == []
    shown = text_of(message)
    assert f"Loaded {name}" in shown and "🚨" not in shown
    assert driver.exceptions(page) == []


@pytest.mark.parametrize("page_path", ["", "life_in_weeks"], ids=["plan", "life-in-weeks"])
def test_flat_charts_never_read_nan(server: Any, page: Any, page_path: str) -> None:
    """Issue 9, item 7: the Followers axis read "NaN" for /?start_followers=0&posts_per_week=0."""
    params = driver.query(start_followers=0, posts_per_week=0.0)
    driver.open_page(page, driver.link(server.url, page_path, params), CHART_SELECTOR)
    count = wait_charts_drawn(page)
    assert count >= 2
    drawn = page.locator(CHART_SELECTOR).evaluate_all(
        "charts => charts.map(c => c.innerHTML.includes('NaN'))"
    )
    assert drawn == [False] * count
    followers = (
        page.locator(CHART_SELECTOR)
        .filter(has=page.locator("svg"))
        .evaluate_all(
            "charts => charts.map("
            "c => Array.from(c.querySelectorAll('text')).map(t => t.textContent))"
        )
    )
    assert any("Followers" in texts for texts in followers), followers
    assert driver.exceptions(page) == []


def test_the_upload_help_states_the_limit_the_browser_enforces(
    server: Any, page: Any, tmp_path: Path
) -> None:
    """Issue 9, item 7: the help said 1 MiB while the browser refuses above 1,000,000 bytes."""
    driver.open_plan(page, driver.link(server.url))
    over = tmp_path / "over.json"
    over.write_bytes(b" " * (MAX_UPLOAD_BYTES + 1))
    upload(page, over)
    chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    chip.wait_for(timeout=driver.RERUN_TIMEOUT_MS)
    assert "or smaller" in chip.inner_text()
    page.get_by_role("button", name="Remove over.json").click()
    message = upload_bytes(page, tmp_path, "at-limit.json", b" " * MAX_UPLOAD_BYTES)
    assert "Not loaded: The file is empty." in text_of(message), "it reached the server"
