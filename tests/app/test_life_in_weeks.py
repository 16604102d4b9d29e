"""A life in weeks (AppTest): futures named in words (worst, median, best, one at random of N),
never by a path number; how each ended, by the rule the whole app uses (the person's own
measure, still creating); viral jumps within the model's cap; "Another at random" without a
session-state warning."""

from __future__ import annotations

import logging
import re

import numpy as np
import pytest
from streamlit.elements.lib import policies
from streamlit.testing.v1 import AppTest

from sim import Scenario, simulate, trace_path
from sim.model.metrics import Status
from tests.app.conftest import TEST_PATHS, go, link, new_app
from ui.diary_view import future_order, outcome_text, pick_future


def subheader(at: AppTest) -> str:
    return str(at.main.subheader[0].value)


def test_futures_are_named_in_words_with_how_they_ended(app: AppTest) -> None:
    go(app, "life_in_weeks")
    assert subheader(app).startswith(f"The median future of {TEST_PATHS}:")
    app.segmented_control(key="life.which").set_value("worst").run()
    assert not app.exception
    title = subheader(app)
    assert title.startswith(f"The worst future of {TEST_PATHS}:")
    assert "#" not in title
    assert any(c.value.startswith(f"1st of {TEST_PATHS} from worst to best") for c in app.caption)
    app.segmented_control(key="life.which").set_value("best").run()
    best_rank = f"{TEST_PATHS}th of {TEST_PATHS}"
    assert any(c.value.startswith(best_rank) for c in app.caption)
    results = simulate(app.session_state["scenario"], TEST_PATHS, 42)
    best = pick_future(results, "best")
    ended = next(m.value for m in app.markdown if m.value.startswith("It "))
    works = bool(results.works_out()[best])
    assert ended.startswith("It works out") == works, ended
    # a future that works out always ranks above one that does not
    order = future_order(results)
    flags = results.works_out()[order]
    assert (flags[:-1] <= flags[1:]).all()


def test_another_at_random_draws_again_without_a_session_state_warning(
    app: AppTest, caplog: pytest.LogCaptureFixture
) -> None:
    # Streamlit warns once per process: make sure this test would see it
    policies._shown_default_value_warning = False
    go(app, "life_in_weeks")
    with caplog.at_level(logging.WARNING, logger="streamlit"):
        for n in (1, 2):
            next(b for b in app.button if b.label == "Another at random").click().run()
            assert not app.exception, app.exception
            assert app.session_state["life.random"] == n
            assert app.segmented_control(key="life.which").value == "random"
            assert subheader(app).startswith(f"A future picked at random from {TEST_PATHS}:")
    warned = [r.getMessage() for r in caplog.records if "default value" in r.getMessage()]
    assert not warned, warned


def test_viral_jumps_stay_within_the_models_cap() -> None:
    """A best future once rested on "10739x the usual follower gain"; jumps are capped now."""
    scenario = Scenario(platform="tiktok", posts_per_week=7, months=24)
    at = new_app(link(scenario))
    at.run()
    go(at, "life_in_weeks")
    at.segmented_control(key="life.which").set_value("best").run()
    results = simulate(scenario, TEST_PATHS, 42)
    jumps = []
    for which in ("best", "median", "worst"):
        diary = trace_path(scenario, TEST_PATHS, 42, pick_future(results, which))
        for event in diary.events:
            if event.kind == "viral":
                found = re.search(r"about ([\d,]+) times", event.text)
                assert found, event.text
                jumps.append(float(found.group(1).replace(",", "")))
    assert jumps, "no viral post in the best, median or worst future"
    assert max(jumps) <= scenario.viral_multiplier_max
    shown = "\n".join(m.value for m in at.markdown)
    for found in re.finditer(r"about ([\d,]+) times the usual follower gain", shown):
        assert float(found.group(1).replace(",", "")) <= scenario.viral_multiplier_max


def test_how_a_future_ended_follows_the_persons_own_measure() -> None:
    """A side income of $300 a month: a future in profit that brings less is not 'it works out'
    (it was 'in profit and still creating' whatever the person asked for)."""
    plan = Scenario(start_followers=50_000, goal="side_income", goal_usd_per_month=300.0)
    results = simulate(plan, 300, 1)
    works = results.works_out()
    net = results.final("cumulative_net_usd")
    going = results.monthly["status"][:, -1] == Status.ACTIVE
    short = np.flatnonzero(~works & (net > 0) & going)
    assert works.any() and short.size, "the plan should have both kinds of future"
    assert outcome_text(results, int(np.flatnonzero(works)[0])).startswith(
        "It works out: still creating at the end, and it brings you at least $300 a month"
    )
    assert outcome_text(results, int(short[0])) == (
        "It does not work out: still creating, but it does not bring you at least $300 a "
        "month (on average over the last three months)."
    )
