"""What matters on a Dask cluster: with CREATOR_SIM_DASK_SCHEDULER set, the sweep and the goal
seek run on the cluster (a LocalCluster started here: two worker processes, loopback only)
and give exactly the numbers a server without it gives; a cluster that cannot be used falls
back to runs in the server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import streamlit as st

from sim import Scenario
from tests.app.conftest import go, link, new_app
from tests.engine.cluster import local_cluster
from ui.cluster import SCHEDULER_ENV


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Cached runs and the cached connection would hide where a run was made."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def sweep_and_seek(seek: bool = True) -> dict[str, Any]:
    at = new_app(link(Scenario(months=6)))  # a short horizon keeps the ~40 runs quick
    at.run()
    go(at, "what_matters")
    at.number_input(key="wm.paths").set_value(100)
    next(b for b in at.button if b.label == "Run the sweep").click().run()
    assert not at.exception, at.exception
    sweep = {
        "table": at.session_state["wm.sweep"]["table"],
        "base": at.session_state["wm.sweep"]["base"],
    }
    if not seek:
        return sweep
    at.selectbox(key="wm.lever").set_value("posts_per_week").run()
    at.number_input(key="wm.seek_paths").set_value(100)
    next(b for b in at.button if b.label == "Find it").click().run()
    assert not at.exception, at.exception
    result = at.session_state["wm.seek"]["result"]
    return {**sweep, "curve": result.search.curve, "value": result.value}


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    pd.testing.assert_frame_equal(a["table"], b["table"])
    assert a["base"] == b["base"]
    assert a.get("curve") == b.get("curve") and a.get("value") == b.get("value")


def test_sweep_and_goal_seek_run_on_the_cluster_with_the_same_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    here = sweep_and_seek()
    st.cache_data.clear()
    with local_cluster() as cluster:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        there = sweep_and_seek()
        counts = cluster.scheduler.task_prefixes["run_task"].state_counts
        ran = counts["memory"] + counts["released"] + counts["forgotten"]
    assert_same(here, there)
    # every sweep run, the base, and every point of the search ran on the cluster
    assert ran >= len(here["table"]) * 2 + 1 + len(here["curve"])


def test_a_cluster_that_cannot_be_used_falls_back_to_runs_in_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    here = sweep_and_seek(seek=False)
    st.cache_data.clear()
    monkeypatch.setenv(SCHEDULER_ENV, "not a scheduler://")
    assert_same(here, sweep_and_seek(seek=False))
