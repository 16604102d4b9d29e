"""Issue 17, first item: any stranger could exhaust the server's memory with links. Opening the
heaviest link the app accepts (20,000 futures over 60 months), with a new seed each time, took
a server from 54 MB to 3.8 GB after five links, and it stayed there. Now a run is cut to the
server's budget (with a notice) and the Plan page keeps only what it draws, so memory stays
bounded however many such links arrive."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from sim import RunSettings, Scenario
from sim.io.codec import encode_query
from tests.browser import driver
from tests.browser.server import StreamlitServer

pytestmark = pytest.mark.browser

HEAVY_LINKS = 8
GROWTH_LIMIT_MB = 400.0
"""Before the change, each of these links pinned ~260 MB (2 GB after eight); now a run is at
most ~50 MB while it runs, and none is kept whole by the Plan page."""


@pytest.fixture(scope="module")
def own_server() -> Iterator[StreamlitServer]:
    """A server of this test's own, so other tests' runs are not counted."""
    with StreamlitServer() as srv:
        yield srv


def heavy_link(server_url: str, seed: int) -> str:
    query = encode_query(Scenario(months=60), RunSettings(paths=20_000, seed=seed))
    return f"{server_url}/?{urlencode(query)}"


def test_heavy_links_one_after_another_keep_memory_bounded(
    own_server: StreamlitServer, context: Any
) -> None:
    page = context.new_page()
    driver.open_plan(page, heavy_link(own_server.url, 1))
    notice = " ".join(driver.main_alerts(page))
    assert "20,000 simulated futures over 60 months" in notice, notice
    assert "paths=4000" in page.url, "the address bar says what was run"
    base_mb = own_server.total_rss_mb()
    for seed in range(2, HEAVY_LINKS + 1):
        fresh = context.new_page()
        driver.open_plan(fresh, heavy_link(own_server.url, seed))
        assert not driver.exceptions(fresh)
        fresh.close()
    grown = own_server.total_rss_mb() - base_mb
    print(
        f"server and worker memory: {base_mb:.0f} MB after one heavy link, +{grown:.0f} MB "
        f"after {HEAVY_LINKS - 1} more"
    )
    assert grown < GROWTH_LIMIT_MB, f"memory grew {grown:.0f} MB over {HEAVY_LINKS - 1} links"
