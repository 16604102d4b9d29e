"""``markdown_safe`` through Streamlit's own markdown in Chromium: the regression corpus and a
Hypothesis sample of arbitrary text render as the literal characters (joiners aside) in
``st.markdown``, an alert and a table cell: one paragraph of text, no link, no emphasis, no
emoji, icon, math or HTML that the text did not hold literally."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.io.safe_text import WORD_JOINER, one_line
from tests.browser import driver
from tests.browser.server import ROOT, StreamlitServer
from tests.test_safe_text import HOSTILE, any_unicode, markdownish

pytestmark = pytest.mark.browser

RENDERED_JS = """
(count) => {
  const rows = document.querySelectorAll('[data-testid="stTable"] tbody tr');
  const out = [];
  for (let i = 0; i < count; i++) {
    const boxes = Array.from(document.querySelectorAll(
      `.st-key-case-${i} [data-testid="stMarkdownContainer"]`));
    const cell = rows[i] ? rows[i].querySelector('[data-testid="stMarkdownContainer"]') : null;
    if (cell) boxes.push(cell);
    out.push(boxes.map(box => ({
      tags: Array.from(box.querySelectorAll('*')).map(e => e.tagName.toLowerCase()),
      text: box.textContent,
    })));
  }
  return out;
}
"""
"""For each case: every rendering's elements (tag names) and its text."""


class Probe:
    """The test page (tests/browser/markdown_probe_app.py) and the file of texts it shows."""

    def __init__(self, server: StreamlitServer, file: Path) -> None:
        self.server = server
        self.file = file

    def render(self, page: Any, texts: list[str]) -> list[list[dict[str, Any]]]:
        self.file.write_text(json.dumps(texts), "utf-8")
        driver.open_page(page, self.server.url, '[data-testid="stTable"]')
        driver.wait_until(
            page,
            f"(n) => ({driver.IDLE_JS})() && document.querySelector"
            "('[data-testid=\"stCaptionContainer\"]').innerText === `${n} cases`",
            len(texts),
        )
        rendered: list[list[dict[str, Any]]] = page.evaluate(RENDERED_JS, len(texts))
        return rendered


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Probe]:
    from tests.browser.conftest import _require_browser

    _require_browser()
    file = tmp_path_factory.mktemp("probe") / "texts.json"
    file.write_text("[]", "utf-8")
    script = ROOT / "tests" / "browser" / "markdown_probe_app.py"
    with StreamlitServer(script=script, env={"CREATOR_SIM_PROBE_FILE": str(file)}) as server:
        yield Probe(server, file)


def assert_literal(texts: list[str], rendered: list[list[dict[str, Any]]]) -> None:
    assert len(rendered) == len(texts)
    for text, renderings in zip(texts, rendered, strict=True):
        assert len(renderings) == 3, (text, renderings)  # markdown, alert, table cell
        expected = one_line(text)
        for shown in renderings:
            # one paragraph of text at most: no link, emphasis, image, code, list or HTML
            assert shown["tags"] in (["p"], []), (text, shown)
            seen = shown["text"].replace(WORD_JOINER, "")
            if expected:
                assert seen == expected, (text, shown)
            else:  # nothing to show (an empty table cell holds a no-break space)
                assert seen in ("", "\xa0"), (text, shown)


def test_the_renderer_under_test_does_make_markup(probe: Probe, page: Any) -> None:
    """The check can fail: the same kind of text, not made safe, renders as markup."""
    probe.render(page, ["x"])
    control = page.locator(".st-key-control [data-testid='stMarkdownContainer']")
    tags = control.evaluate("b => Array.from(b.querySelectorAll('*')).map(e => e.tagName)")
    assert "STRONG" in tags and "A" in tags
    assert "🚨" in control.inner_text()


def test_the_regression_corpus_renders_as_literal_text(probe: Probe, page: Any) -> None:
    texts = list(HOSTILE.values())
    assert_literal(texts, probe.render(page, texts))


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(st.lists(st.one_of(any_unicode, markdownish), min_size=30, max_size=30))
def test_a_hypothesis_sample_renders_as_literal_text(
    probe: Probe, page: Any, texts: list[str]
) -> None:
    assert_literal(texts, probe.render(page, texts))
