"""What matters on a Dask cluster: with CREATOR_SIM_DASK_SCHEDULER set, the sweep and the goal
seek run on the cluster (a LocalCluster started here: two worker processes, loopback only)
and give exactly the numbers a server without it gives; a cluster that cannot be used (a
malformed address, a listener that never answers, workers of another build) falls back to
runs in the server within seconds, logged, and the person is told once."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
import streamlit as st

from sim import Scenario
from sim.many import executor
from tests.app.conftest import go, link, new_app
from tests.engine.cluster import local_cluster, silent_listener
from ui.cluster import SCHEDULER_ENV


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Cached runs and the cached connection would hide where a run was made."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def sweep_and_seek(seek: bool = True, toasts: list[str] | None = None) -> dict[str, Any]:
    """The sweep's (and the seek's) numbers; ``toasts`` collects every toast on the way."""
    at = new_app(link(Scenario(months=6)))  # a short horizon keeps the ~40 runs quick
    at.run()
    seen = toasts if toasts is not None else []
    seen += [t.value for t in at.toast]
    go(at, "what_matters")  # the page's runs start here: its base case
    seen += [t.value for t in at.toast]
    at.number_input(key="wm.paths").set_value(100)
    next(b for b in at.button if b.label == "Try each input lower and higher").click().run()
    assert not at.exception, at.exception
    seen += [t.value for t in at.toast]
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


def test_a_scheduler_that_never_answers_falls_back_in_seconds_logged_and_said_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    here = sweep_and_seek(seek=False)
    st.cache_data.clear()
    toasts: list[str] = []
    with silent_listener() as address, caplog.at_level(logging.WARNING, "ui.cluster"):
        monkeypatch.setenv(SCHEDULER_ENV, address)
        started = time.monotonic()
        there = sweep_and_seek(seek=False, toasts=toasts)
        took_s = time.monotonic() - started
    assert_same(here, there)
    assert took_s < 30, f"{took_s:.0f} s: the page waited on the silent scheduler"
    assert len(toasts) == 1 and "did not answer" in toasts[0], toasts
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.cluster"]
    assert len(logged) == 1 and "cannot reach the Dask scheduler" in logged[0], logged


def test_a_cluster_of_another_build_is_refused_and_the_person_told_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    toasts: list[str] = []
    with local_cluster(workers=1) as cluster, caplog.at_level(logging.WARNING, "ui.cluster"):
        # this server's build differs from its workers' (they hash their own files)
        monkeypatch.setattr(executor, "build_fingerprint", lambda: "0000000000000000")
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        sweep_and_seek(seek=False, toasts=toasts)
        counts = cluster.scheduler.task_prefixes
    assert "run_task" not in counts and "call" not in counts, "no run was made there"
    assert len(toasts) == 1 and "refused" in toasts[0], toasts
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.cluster"]
    assert len(logged) == 1 and "runs build" in logged[0], logged
