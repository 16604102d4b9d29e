"""The Plan page in a real browser: first load, inputs and the address bar, share links,
downloads, and the scenario file upload."""

from __future__ import annotations

import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from sim import RunSettings, Scenario, simulate
from sim.io import codec
from sim.model.format import money, pct
from sim.model.results import Summary
from tests.browser import driver
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

CHANGED = {"posts_per_week": 5.5}
"""The input the tests change, and its new value (the default is 3 posts a week)."""
CHART_SELECTOR = '[data-testid="stVegaLiteChart"]'
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def engine_summary(params: dict[str, str]) -> Summary:
    """What the engine says about the scenario a link means, without the app."""
    decoded = codec.decode_query(params)
    assert decoded.notices == (), decoded.notices
    return simulate(decoded.scenario, decoded.settings.paths, decoded.settings.seed).summary


def wait_charts_drawn(page: Any) -> int:
    """Wait until every Vega-Lite chart holds its drawing (canvas or SVG); returns the count."""
    driver.wait_until(
        page,
        """(sel) => {
          const charts = document.querySelectorAll(sel);
          return charts.length > 0 && Array.from(charts).every(
            c => c.querySelector('canvas, svg.marks, .vega-embed svg'));
        }""",
        CHART_SELECTOR,
        timeout_ms=driver.RERUN_TIMEOUT_MS,
    )
    return int(page.locator(CHART_SELECTOR).count())


def test_first_load_shows_verdict_kpis_and_charts(server: Any, page: Any) -> None:
    params = driver.query()
    driver.open_plan(page, driver.link(server.url, params=params))
    expected = engine_summary(params)

    alerts = driver.main_alerts(page)
    assert any(driver.flat(expected.verdict) in a for a in alerts), alerts
    assert not any(driver.NOTICE_HEAD in a for a in alerts), "a clean link shows no notice"
    values = driver.kpi_values(page)
    assert len(values) == driver.KPI_COUNT
    assert values[0] == pct(expected.p_success)  # the headline: the chance it works out
    assert values[1] == money(expected.net_profit_usd_p50)  # median net beside it
    # Five charts: followers, cash, hours, income and costs, break-even.
    assert wait_charts_drawn(page) == 5
    assert driver.exceptions(page) == []
    assert screenshot(page, "plan").stat().st_size > 10_000


@pytest.fixture(scope="module")
def changed_plan(server: Any, browser: Any) -> Iterator[dict[str, str]]:
    """Open the default plan, change posts per week in the sidebar; the URL and KPIs before
    and after, as the browser showed them."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        before = driver.open_plan(page, driver.link(server.url))
        before_url = page.url
        (name, value), *_ = CHANGED.items()
        after = driver.change_input(page, f"in.{name}", value)
        driver.wait_url_params(page, driver.query(**CHANGED))
        yield {
            "before": before,
            "before_url": before_url,
            "after": after,
            "after_url": page.url,
            "exceptions": "\n".join(driver.exceptions(page)),
        }
    finally:
        context.close()


def test_changing_an_input_rewrites_the_url_and_the_kpis(changed_plan: dict[str, str]) -> None:
    assert changed_plan["exceptions"] == ""
    assert changed_plan["after"] != changed_plan["before"]
    assert driver.url_params(changed_plan["before_url"]) == driver.query()
    # The address bar holds exactly the codec's link for the changed scenario.
    after = driver.url_params(changed_plan["after_url"])
    assert after == driver.query(**CHANGED)
    # ... and the KPIs are the engine's for that link.
    expected = engine_summary(after)
    assert pct(expected.p_success) in changed_plan["after"]
    assert money(expected.net_profit_usd_p50) in changed_plan["after"]


def test_the_changed_url_reopens_with_the_same_kpis(
    changed_plan: dict[str, str], context: Any
) -> None:
    page = context.new_page()  # a fresh browser context: no shared session or cookies
    again = driver.open_plan(page, changed_plan["after_url"])
    assert again == changed_plan["after"]
    assert not any(driver.NOTICE_HEAD in a for a in driver.main_alerts(page))
    assert driver.exceptions(page) == []


# --- downloads --------------------------------------------------------------------------------


def _check_csv(data: bytes, summary: Summary) -> str:
    frame = pd.read_csv(io.BytesIO(data), comment="#")
    assert len(frame) > 0 and len(frame.columns) > 1
    return f"{len(frame)} rows"


def _check_xlsx(data: bytes, summary: Summary) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = {ws.title: ws.max_row for ws in book.worksheets}
    assert rows and any((n or 0) > 1 for n in rows.values()), rows
    return f"sheets {rows}"


def _check_json(data: bytes, summary: Summary) -> str:
    document = json.loads(data)
    if isinstance(document, dict) and document.get("format") == codec.FILE_FORMAT:
        decoded = codec.decode_upload(data)
        assert decoded.error is None, decoded.error
        assert decoded.scenario == Scenario()
        assert decoded.settings == RunSettings(paths=driver.TEST_PATHS, seed=driver.TEST_SEED)
        return "scenario file"
    if isinstance(document, dict) and "summary" in document:
        assert document["summary"]["verdict"] == summary.verdict
        assert document["summary"]["p_profitable"] == summary.p_profitable
        return "results"
    return "json"


def _check_html(data: bytes, summary: Summary) -> str:
    text = driver.flat(html.unescape(data.decode("utf-8")))
    assert text.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert driver.flat(summary.verdict) in text
    return "html"


def _check_png(data: bytes, summary: Summary) -> str:
    assert data.startswith(PNG_MAGIC)
    return "png"


def _check_svg(data: bytes, summary: Summary) -> str:
    root = ET.fromstring(data)
    assert root.tag.endswith("svg"), root.tag
    return "svg"


CHECKS = {
    ".csv": _check_csv,
    ".xlsx": _check_xlsx,
    ".json": _check_json,
    ".html": _check_html,
    ".png": _check_png,
    ".svg": _check_svg,
}


def test_every_download_arrives_and_parses(server: Any, page: Any, tmp_path: Path) -> None:
    params = driver.query()
    driver.open_plan(page, driver.link(server.url, params=params))
    summary = engine_summary(params)
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    count = buttons.count()
    assert count >= len(CHECKS)
    checked: dict[str, str] = {}
    for i in range(count):
        button = buttons.nth(i).locator("button:visible")
        label = driver.flat(button.inner_text())
        with page.expect_download(timeout=driver.RERUN_TIMEOUT_MS) as info:
            button.click()
        download = info.value
        assert download.failure() is None, (label, download.failure())
        name = download.suggested_filename
        target = tmp_path / name
        download.save_as(target)
        data = target.read_bytes()
        suffix = Path(name).suffix.lower()
        assert suffix in CHECKS, f"{label!r} gave {name!r}: add a check for {suffix} files"
        assert data, f"{name} is empty"
        checked[name] = CHECKS[suffix](data, summary)
    suffixes = {Path(n).suffix.lower() for n in checked}
    assert suffixes == set(CHECKS), f"formats offered: {sorted(suffixes)}"
    assert "scenario file" in checked.values() and "results" in checked.values(), checked
    driver.wait_idle(page, driver.FIGURE_VALUES)
    assert driver.exceptions(page) == []


def test_a_closed_group_opens_on_click_and_keeps_its_values_when_closed(
    server: Any, page: Any
) -> None:
    driver.open_plan(page, driver.link(server.url))
    fee_key = "in.min_fee_usd"
    group = "Your rules for brand deals"
    assert driver.number_input(page, fee_key).count() == 0, "a closed group draws no inputs"
    driver.toggle_group(page, group)
    fee = driver.number_input(page, fee_key)
    fee.wait_for(state="visible")
    assert float(fee.input_value()) == Scenario().min_fee_usd
    before = driver.kpi_text(page)
    after = driver.change_input(page, fee_key, 400)
    assert after != before
    expected = driver.query(min_fee_usd=400.0)
    driver.wait_url_params(page, expected)
    # Closed again: the inputs go, the plan, the link and the figures stay.
    driver.toggle_group(page, group)
    assert driver.number_input(page, fee_key).count() == 0
    assert driver.url_params(page.url) == expected
    assert driver.kpi_text(page) == after
    assert money(engine_summary(expected).net_profit_usd_p50) in after
    assert driver.exceptions(page) == []


def test_a_slider_moves_the_figures_and_the_link(server: Any, page: Any) -> None:
    before = driver.open_plan(page, driver.link(server.url))
    assert driver.slider(page, "in.posts_per_week").count() == 1, "posts a week is a slider"
    driver.move_slider(page, "in.posts_per_week", 1)  # one step of half a post
    after = driver.wait_kpis_change(page, before)
    expected = driver.query(posts_per_week=3.5)
    driver.wait_url_params(page, expected)
    summary = engine_summary(expected)
    assert driver.kpi_values(page)[:2] == [
        pct(summary.p_success),
        money(summary.net_profit_usd_p50),
    ]
    assert after != before
    assert driver.exceptions(page) == []


# --- scenario upload --------------------------------------------------------------------------

UPLOADER = '[data-testid="stSidebar"] [data-testid="stFileUploader"]'


def upload(page: Any, file: Path) -> None:
    """Open the sidebar expander that holds the uploader, as a person would, and upload (the
    expander is lazy: the uploader is drawn once it is open)."""
    uploader = page.locator(UPLOADER)
    if not uploader.is_visible():
        driver.toggle_group(page, "Open a saved scenario")
        uploader.wait_for(state="visible")
    uploader.locator("input[type=file]").set_input_files(str(file))


def exported_scenario(page: Any, folder: Path) -> Path | None:
    """The scenario file from the Plan page's JSON download, if the page offers one."""
    buttons = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    for i in range(buttons.count()):
        button = buttons.nth(i).locator("button:visible")
        if "json" not in button.inner_text().lower():
            continue
        with page.expect_download(timeout=driver.RERUN_TIMEOUT_MS) as info:
            button.click()
        target = folder / info.value.suggested_filename
        info.value.save_as(target)
        if json.loads(target.read_bytes()).get("format") == codec.FILE_FORMAT:
            return target
    return None


def test_uploading_an_exported_scenario_reproduces_its_kpis(
    server: Any, browser: Any, page: Any, tmp_path: Path
) -> None:
    fields = {"posts_per_week": 4.5, "hours_per_post": 2.0, "min_fee_usd": 150.0}
    params = driver.query(seed=7, **fields)
    shown = driver.open_plan(page, driver.link(server.url, params=params))
    assert page.get_by_text("Open a saved scenario").count() == 1, "the sidebar offers an upload"
    file = exported_scenario(page, tmp_path)
    assert file is not None, "the Plan page offers the scenario as a JSON file"

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = other.new_page()
        default = driver.open_plan(fresh, driver.link(server.url))
        assert default != shown
        upload(fresh, file)
        assert driver.wait_kpis_change(fresh, default) == shown
        driver.wait_url_params(fresh, params)
        assert driver.number_input(fresh, "in.seed").input_value() == "7"
        sidebar = driver.flat(fresh.locator('[data-testid="stSidebar"]').inner_text())
        assert f"Loaded {file.name}" in sidebar
        assert driver.exceptions(fresh) == []
    finally:
        other.close()


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": "creator-sim-scenario", "preset_version": 99, "model_version": 1,'
        b' "scenario": {}}',
        b'{"posts_per_week": NaN}',
        b"\xff\xfe\x00garbage",
    ],
    ids=["not-json", "future-version", "nan", "not-utf8"],
)
def test_a_bad_scenario_file_is_refused_and_changes_nothing(
    server: Any, page: Any, tmp_path: Path, content: bytes
) -> None:
    params = driver.query(posts_per_week=4.0)
    shown = driver.open_plan(page, driver.link(server.url, params=params))
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    upload(page, file)
    driver.wait_until(
        page,
        f"""() => document.querySelector('[data-testid="stSidebar"]').innerText
                    .includes('Not loaded:') && ({driver.IDLE_JS})()""",
        timeout_ms=driver.RERUN_TIMEOUT_MS,
    )
    assert driver.kpi_text(page) == shown
    assert driver.url_params(page.url) == params
    assert driver.exceptions(page) == []
