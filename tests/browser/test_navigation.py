"""Every declared page, reached from the sidebar navigation and from a deep link, with a
screenshot of each; the navigation shows the declared pages and nothing else."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pytest

from tests.browser import driver
from tests.browser.conftest import screenshot
from tests.browser.server import ROOT, StreamlitServer

pytestmark = pytest.mark.browser

NAV_LINK = '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]'


class DeclaredPage(NamedTuple):
    title: str
    url_path: str  # "" for the default page
    script: str


def declared_pages() -> list[DeclaredPage]:
    """The ``st.Page(...)`` calls in app.py, in order, read from its source (not run)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page"):
            continue
        calls.append(node)
    pages = []
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        script = ast.literal_eval(node.args[0])
        kw = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
        url_path = "" if kw.get("default") else kw.get("url_path", Path(script).stem)
        pages.append(DeclaredPage(kw["title"], url_path, script))
    return pages


PAGES = declared_pages()


def nav_entries(page: Any) -> list[tuple[str, str]]:
    """(visible title, URL path) of each link in the sidebar navigation."""
    entries = page.locator(NAV_LINK).evaluate_all(
        "els => els.map(e => [e.innerText, new URL(e.href).pathname])"
    )
    # The link text starts with the icon's ligature name (e.g. "insights"); the title is last.
    return [(text.strip().splitlines()[-1].strip(), path.strip("/")) for text, path in entries]


def heading(page: Any) -> str:
    return driver.flat(page.locator('[data-testid="stMain"] h1').first.inner_text())


def test_the_app_declares_every_page_file() -> None:
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
    assert sorted(p.script for p in PAGES) == files


def test_the_nav_shows_exactly_the_declared_pages(server: Any, page: Any) -> None:
    driver.open_plan(page, driver.link(server.url))
    assert nav_entries(page) == [(p.title, p.url_path) for p in PAGES]


def assert_whole_app(page: Any) -> None:
    """No exception; the shared scenario sidebar and the declared nav are there."""
    assert driver.exceptions(page) == []
    assert driver.slider(page, "in.posts_per_week").count() == 1
    assert nav_entries(page) == [(p.title, p.url_path) for p in PAGES]


@pytest.mark.parametrize("target", PAGES, ids=[p.url_path or "plan" for p in PAGES])
def test_each_page_opens_from_a_link_and_leads_on_through_the_nav(
    server: Any, page: Any, target: DeclaredPage
) -> None:
    """Each page opened from a deep link, then the next page (in nav order, wrapping round)
    reached by clicking its nav entry: every page is reached both ways."""
    driver.open_page(page, driver.link(server.url, target.url_path))
    assert heading(page)
    assert urlsplit(page.url).path.strip("/") == target.url_path
    assert_whole_app(page)
    assert screenshot(page, f"page-{target.url_path or 'plan'}").stat().st_size > 10_000

    following = PAGES[(PAGES.index(target) + 1) % len(PAGES)]
    before = heading(page)
    page.locator(NAV_LINK).filter(has_text=following.title).click()
    driver.wait_until(
        page,
        f"""(before) => {{
          const h1 = document.querySelector('[data-testid="stMain"] h1');
          return h1 !== null && h1.innerText.trim() !== before && ({driver.IDLE_JS})();
        }}""",
        before,
        timeout_ms=driver.LOAD_TIMEOUT_MS,
    )
    assert urlsplit(page.url).path.strip("/") == following.url_path
    # The scenario travels with the page change: the address bar still holds the link.
    assert driver.url_params(page.url) == driver.query()
    assert_whole_app(page)


def test_a_deep_link_is_the_first_visit_of_a_fresh_server(page: Any) -> None:
    """Streamlit's legacy pages/ mode is on in a fresh process until some session calls
    st.navigation: a shared link to a page, opened first, must still get the whole app."""
    target = next(p for p in PAGES if p.url_path)
    with StreamlitServer() as fresh:
        driver.open_page(page, driver.link(fresh.url, target.url_path))
        assert urlsplit(page.url).path.strip("/") == target.url_path
        assert_whole_app(page)
        assert "Traceback" not in fresh.log_since(0)


STREAMLIT_BASE_PROBES = ("_stcore/health", "_stcore/host-config")
"""Streamlit's own frontend, opened on ``/<page>``, does not know whether ``<page>`` is the
app's base path or a page: it asks both ``/<page>/_stcore/...`` and ``/_stcore/...`` at once
and keeps the one that answers (streamlit/streamlit#7074, open). The server answers the first
with 404 on purpose (``_RESERVED_STATIC_PATH_SUFFIXES`` in Streamlit's static routes: a 200
there would send the app's connection to ``/<page>/_stcore/stream``, which does not exist),
and Chromium logs each 404 as a console error. No link the app builds causes it and no setting
stops it (``server.baseUrlPath`` only moves both addresses under the base): only these two,
only on a page other than Plan, are expected."""


@pytest.mark.parametrize("width", [1400, 390], ids=["laptop", "phone"])
@pytest.mark.parametrize("target", PAGES, ids=[p.url_path or "plan" for p in PAGES])
def test_a_link_straight_onto_each_page_logs_no_error_and_no_404(
    server: Any, context: Any, target: DeclaredPage, width: int
) -> None:
    """Issue 19 item 9: no console error, no warning (the Methodology charts logged eleven
    'Dropping "fit-y"'), no failed request, apart from Streamlit's own base-path probe."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    console: list[tuple[str, str]] = []
    failed: list[str] = []
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("response", lambda r: failed.append(urlsplit(r.url).path) if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {urlsplit(r.url).path}"))
    driver.open_page(page, driver.link(server.url, target.url_path))
    assert_whole_app(page)
    page.wait_for_timeout(500)  # a chart's warning comes after the run is over
    probes = (
        {f"/{target.url_path}/{p}" for p in STREAMLIT_BASE_PROBES} if target.url_path else set()
    )
    assert [f for f in failed if f not in probes] == []
    errors = [text for kind, text in console if kind == "error"]
    expected = "Failed to load resource: the server responded with a status of 404"
    assert [e for e in errors if not e.startswith(expected)] == []
    assert len(errors) == len([f for f in failed if f in probes])
    warnings = [text for kind, text in console if kind == "warning"]
    assert warnings == []
    page.close()
