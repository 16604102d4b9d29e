"""One link, two server processes: the same figures, to the last digit.

Each server is a separate ``streamlit run``: its own interpreter, hash seed, caches and import
order. A link that gave different figures in another process could not be trusted when shared.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest

from tests.browser import driver
from tests.browser.server import StreamlitServer

pytestmark = pytest.mark.browser

FIELDS = {"posts_per_week": 4.5, "hours_per_post": 2.0, "start_followers": 2_500}
SEED = 20_240_601
PERCENTILES_CSV = ".st-key-dl-csv"
"""The Plan page's monthly-percentiles download (its ``key="dl.csv"``)."""


def shown_by(server: StreamlitServer, browser: Any, url_params: dict[str, str]) -> dict[str, Any]:
    """KPI text, verdict and the monthly-percentiles CSV one server gives for a link."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page = context.new_page()
        kpis = driver.open_plan(page, driver.link(server.url, params=url_params))
        with page.expect_download(timeout=driver.RERUN_TIMEOUT_MS) as info:
            page.locator(f"{PERCENTILES_CSV} button:visible").click()
        raw = info.value.path().read_bytes()
        assert driver.exceptions(page) == []
        return {
            "kpis": kpis,
            "alerts": driver.main_alerts(page),
            "url": driver.url_params(page.url),
            "csv": pd.read_csv(io.BytesIO(raw), comment="#"),
            "file": info.value.suggested_filename,
        }
    finally:
        context.close()


def test_the_same_link_gives_the_same_figures_in_two_server_processes(browser: Any) -> None:
    params = driver.query(seed=SEED, **FIELDS)
    with StreamlitServer() as first, StreamlitServer() as second:
        assert first.pid != second.pid
        a = shown_by(first, browser, params)
        b = shown_by(second, browser, params)
        for srv in (first, second):
            assert "Traceback" not in srv.log_since(0)
    assert a["url"] == b["url"] == params
    assert len(a["csv"]) > 0
    assert a["kpis"] == b["kpis"]
    assert a["alerts"] == b["alerts"]
    assert a["file"] == b["file"]
    # Every percentile of every metric, month by month, bit for bit (provenance comments such
    # as the creation time are skipped by comment="#").
    pd.testing.assert_frame_equal(a["csv"], b["csv"], check_exact=True)
