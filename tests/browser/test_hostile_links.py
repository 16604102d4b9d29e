"""A share link is user input: whatever it holds, the app says what it fixed, never shows an
exception, and still computes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from sim import simulate
from sim.io import codec
from sim.model.format import money, pct
from tests.browser import driver
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

HOSTILE: list[tuple[str, str]] = [
    ("v", "99"),  # a future preset version
    ("model", "1"),
    ("platform", "<script>alert(1)</script>"),
    ("niche", "fashion"),
    ("price_source", "rate_card"),
    ("paths", "999999999"),
    ("paths", str(driver.TEST_PATHS)),  # repeated: the last one counts
    ("seed", "7"),
    ("posts_per_week", "NaN"),
    ("hours_per_post", "1e999"),  # overflows to infinity
    ("start_followers", "9" * 150),  # a whole number far past the range
    ("months", "-inf"),
    ("equipment_cost_usd", "9" * 5_000),  # 5,000 characters
    ("utm_source", "newsletter"),  # unknown keys
    ("__proto__", "x"),
    ("tax_rate", "0x1F"),
]


def as_multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """What the app hands the codec: every value of each key (``st.query_params.get_all``)."""
    multi: dict[str, list[str]] = {}
    for key, value in pairs:
        multi.setdefault(key, []).append(value)
    return multi


def test_a_hostile_link_shows_notices_and_still_computes(server: Any, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    url = f"{server.url}/?{urlencode(HOSTILE)}"
    assert len(url) > 5_000
    shown = driver.open_plan(page, url)

    decoded = codec.decode_query(as_multi(HOSTILE))
    assert decoded.notices, "the codec must have something to say about this link"
    notice = next((a for a in driver.main_alerts(page) if driver.NOTICE_HEAD in a), None)
    assert notice is not None, driver.main_alerts(page)
    for line in decoded.notices:
        assert driver.flat(line) in notice, (line, notice)
    assert "<script>" not in page.content().split("<body", 1)[1].split("</body>")[0]
    assert dialogs == []
    assert driver.exceptions(page) == []
    screenshot(page, "hostile-link")

    # The app computed the scenario the codec made of the link...
    summary = simulate(decoded.scenario, decoded.settings.paths, decoded.settings.seed).summary
    assert driver.kpi_values(page)[0] == pct(summary.p_success)
    assert money(summary.net_profit_usd_p50) in shown
    # ... rewrote the address bar to the clean link ...
    driver.wait_url_params(page, codec.encode_query(decoded.scenario, decoded.settings))
    # ... and keeps computing: an input change gives new KPIs, the notice is not repeated.
    changed = driver.change_input(page, "in.posts_per_week", 6)
    assert changed != shown
    assert not any(driver.NOTICE_HEAD in a for a in driver.main_alerts(page))
    assert driver.exceptions(page) == []


@pytest.mark.parametrize(
    "raw",
    [
        "v=99",
        "paths=nan&seed=-1",
        "seed=" + "1" * 400,
        "timeline=" + ",".join(["1:posts_per_week:nan"] * 40),
        "months=1&months=2&months=3",
        "%00=%ff&%E2%80%AE=1",
    ],
    ids=["future-version", "nan-run", "huge-seed", "bad-timeline", "repeated", "bad-bytes"],
)
def test_odd_links_never_raise(server: Any, page: Any, raw: str) -> None:
    driver.open_plan(page, f"{server.url}/?{raw}&paths={driver.TEST_PATHS}")
    assert driver.exceptions(page) == []
    assert any(driver.NOTICE_HEAD in a for a in driver.main_alerts(page))
    assert len(driver.kpi_values(page)) == driver.KPI_COUNT
