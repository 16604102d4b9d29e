"""Fixtures for browser tests: the real server and Debian's headless Chromium.

On a laptop without /usr/bin/chromium these tests skip; in CI (CI=true) a missing browser is
a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

SHOTS = ROOT / "tests" / "artifacts" / "screenshots"


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} not installed (browser tests run in CI)")


@pytest.fixture(scope="session")
def server() -> Iterator[StreamlitServer]:
    _require_browser()
    with StreamlitServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _server_log_clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that used the shared server fails if the server logged a traceback meanwhile.

    The page shows a redacted message for an uncaught error (``client.showErrorDetails``), but
    the server log has the traceback; an error raised outside a page script (a callback, a
    download generator) may show nothing on the page at all.
    """
    if "server" not in request.fixturenames:
        yield
        return
    srv: StreamlitServer = request.getfixturevalue("server")
    start = srv.log_size()
    yield
    logged = srv.log_since(start)
    assert "Traceback" not in logged, f"the server logged an error:\n{logged[-4000:]}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


MAX_SHOT_HEIGHT_PX = 12_000


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot of the whole page to the git-ignored artifacts folder; its path.

    Streamlit scrolls inside its main area, not the document, so a "full page" screenshot
    would stop at the viewport: the viewport is stretched to the content for the shot.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    viewport = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent'].map(id => {
              const el = document.querySelector(`[data-testid="${id}"]`);
              return el ? el.scrollHeight : 0;
            }), window.innerHeight)"""
    )
    tall = min(int(height), MAX_SHOT_HEIGHT_PX)
    try:
        if viewport and tall > viewport["height"]:
            page.set_viewport_size({"width": viewport["width"], "height": tall})
        page.screenshot(path=str(path), full_page=True, animations="disabled")
    finally:
        if viewport:
            page.set_viewport_size(viewport)
    return path
