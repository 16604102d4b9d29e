"""Issue 19 item 8 in a real browser: every download of the Plan and Compare pages arrives
and opens without instructions: ``pandas.read_csv(file)`` and ``pandas.read_excel(file)`` with
no arguments give numbers under headers in words; the reports hold the verdict, the why and the
share link; every file name carries the plan's name or its short hash."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from sim.io import codec
from sim.io.export import plan_id
from tests.browser import driver

pytestmark = pytest.mark.browser

DOWNLOADS = '[data-testid="stMain"] [data-testid="stDownloadButton"]'
CUT_JS = """(button) => [button, ...button.querySelectorAll('*')].some(
    (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')"""
"""Whether any part of a button hides some of its text (an ellipsis or a clipped label)."""


def download_all(page: Any, folder: Path) -> dict[str, bytes]:
    """Click every download button of the page's main area; file name -> bytes."""
    files: dict[str, bytes] = {}
    buttons = page.locator(DOWNLOADS)
    for i in range(buttons.count()):
        button = buttons.nth(i).locator("button:visible")
        label = driver.flat(button.inner_text())
        cut = button.evaluate(CUT_JS)
        assert not cut, f"the label fits its button: {label!r}"
        with page.expect_download(timeout=driver.RERUN_TIMEOUT_MS) as info:
            button.click()
        download = info.value
        assert download.failure() is None, (label, download.failure())
        target = folder / download.suggested_filename
        download.save_as(target)
        files[download.suggested_filename] = target.read_bytes()
    return files


def worded(columns: Any) -> None:
    for column in map(str, columns):
        assert "_" not in column and (" " in column or column[:1].isupper()), column


def opens_plainly(name: str, data: bytes) -> str:
    """Open a download as a person's tools would, with no arguments; what it is."""
    suffix = Path(name).suffix
    if suffix == ".csv":
        frame = pd.read_csv(io.BytesIO(data))
        worded(frame.columns)
        numbers = frame.select_dtypes("number")
        assert len(frame) and numbers.shape[1] >= 1, frame.dtypes
        return "csv"
    if suffix == ".xlsx":
        first = pd.read_excel(io.BytesIO(data))
        assert first.select_dtypes("number").shape[1] >= 1, first.dtypes
        for sheet in pd.read_excel(io.BytesIO(data), sheet_name=None).values():
            worded(sheet.columns)
        return "xlsx"
    if suffix == ".html":
        text = data.decode("utf-8")
        assert text.startswith("<!doctype html>") and "Open " in text and "?" in text
        return "html"
    if suffix == ".json":
        json.loads(data)
        return "json"
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
        return "png"
    if suffix == ".svg":
        assert ET.fromstring(data).tag.endswith("svg")
        return "svg"
    raise AssertionError(f"no check for {name}")


def test_every_download_opens_without_instructions(server: Any, page: Any, tmp_path: Path) -> None:
    params = driver.query()
    driver.open_plan(page, driver.link(server.url, params=params))
    decoded = codec.decode_query(params)
    short = plan_id(decoded.scenario, decoded.settings.paths, decoded.settings.seed)
    plan_files = download_all(page, tmp_path / "plan")
    assert all(short in name for name in plan_files), sorted(plan_files)
    kinds = {opens_plainly(name, data) for name, data in plan_files.items()}
    assert kinds == {"csv", "xlsx", "html", "json", "png", "svg"}, kinds
    report = next(data for name, data in plan_files.items() if name.endswith(".html"))
    assert b'id="why"' in report and b'id="share-link"' in report

    driver.open_page(page, driver.link(server.url, "compare", params))
    for name, expect in (("Three posts", "Headline figures"), ("Six posts", "Differences")):
        if name == "Six posts":
            driver.set_number(page, "in.posts_per_week", 6)
            driver.wait_url_params(page, driver.query(posts_per_week=6.0))
            driver.wait_idle(page)
        page.get_by_label("Name for the current plan").fill(name)
        page.get_by_role("button", name="Save current plan").click()
        driver.wait_until(
            page,
            f"""() => document.querySelector('[data-testid="stMain"]').innerText
                      .includes({expect!r}) && ({driver.IDLE_JS})()""",
        )
    compare_files = download_all(page, tmp_path / "compare")
    assert all("Three-posts_vs_Six-posts" in name for name in compare_files), compare_files
    kinds = {opens_plainly(name, data) for name, data in compare_files.items()}
    report = next(data for name, data in compare_files.items() if name.endswith(".html"))
    assert f'href="{server.url}/?'.encode() in report, "each plan's link opens the Plan page"
    assert kinds == {"csv", "xlsx", "html", "json", "png", "svg"}, kinds
    assert driver.exceptions(page) == []
