"""AppTest fixtures: the app from its entry script, with few paths so tests stay fast."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest, local_script_runner

from sim import RunSettings, Scenario
from sim.io.codec import encode_query

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TEST_PATHS = 200
TIMEOUT_S = 60


def link(
    scenario: Scenario | None = None, paths: int = TEST_PATHS, seed: int = 42
) -> dict[str, str]:
    """Query parameters of a share link (the way tests set the starting scenario)."""
    return encode_query(scenario or Scenario(), RunSettings(paths=paths, seed=seed))


def new_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.query_params.update(query or link())
    return at


@pytest.fixture
def app() -> AppTest:
    """The app after its first run (Plan page), at TEST_PATHS paths."""
    at = new_app()
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def forward_msgs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every ForwardMsg of the last script run (AppTest only keeps the element tree)."""
    seen: list[Any] = []
    original = local_script_runner.parse_tree_from_messages

    def record(messages: list[Any]) -> Any:
        seen.clear()
        seen.extend(messages)
        return original(messages)

    monkeypatch.setattr(local_script_runner, "parse_tree_from_messages", record)
    yield seen


def set_group_open(at: AppTest, group: str, is_open: bool = True) -> AppTest:
    """Open (or close) a sidebar group's lazy expander, as a click would, and rerun."""
    from ui.sidebar import group_key

    at.session_state[group_key(group)] = is_open
    return at.run()


_FIGURE = re.compile(r"\A([^\n]+)\n\n### (.+)\Z")


def metrics(at: AppTest) -> dict[str, str]:
    """Every figure on the page, label -> value: the Plan page's headline figures (markdown
    cards, ``ui.kpis.figure_markdown``) and every ``st.metric``."""
    out = {}
    for block in at.markdown:
        found = _FIGURE.match(str(block.value))
        if found:
            out[found.group(1)] = found.group(2).replace("\\$", "$")
    out.update({m.label: m.value for m in at.metric})
    return out


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def plan_input(at: AppTest, name: str) -> Any:
    """The sidebar widget of scenario field ``name``, whatever its kind (a slider for the main
    inputs, a number box for the others or with "Type exact numbers" on)."""
    key = f"in.{name}"
    for kind in ("slider", "select_slider", "number_input", "selectbox", "checkbox"):
        for widget in getattr(at.sidebar, kind):
            if widget.key == key:
                return widget
    raise KeyError(key)


def set_input(at: AppTest, name: str, value: Any) -> AppTest:
    """Set a sidebar input as a person would (in the widget's units: 30 for a 30% share)."""
    plan_input(at, name).set_value(value)
    at.run()
    assert not at.exception, at.exception
    return at


def open_assumptions(at: AppTest, group: str) -> AppTest:
    """Open "Advanced: model assumptions" on one group of assumptions (e.g. "Deals")."""
    from ui.sidebar import ADVANCED_TITLE, ASSUMPTION_GROUP_KEY

    set_group_open(at, ADVANCED_TITLE)
    at.sidebar.selectbox(key=ASSUMPTION_GROUP_KEY).set_value(group)
    return at.run()


def with_suggestions(at: AppTest, timeout_s: float = 120) -> AppTest:
    """Wait for the background runner to finish the current plan's suggestions, then rerun,
    as the page's polling fragment does once they are ready."""
    from ui.suggestion_runner import PlanKey, runner

    key = PlanKey.of(at.session_state["scenario"], at.session_state["settings"])
    runner().wait(key, timeout_s)
    return at.run()
