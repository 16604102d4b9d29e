"""Where the What matters page's many runs go: an existing Dask cluster, if the server has one.

Start the server with ``CREATOR_SIM_DASK_SCHEDULER`` set to a Dask scheduler's address (for
example ``tcp://10.0.0.5:8786``; the workers need this version of creator-sim installed) and
the runs of a sensitivity sweep (all at once) and of a goal seek (one after the other, as the
search goes) are made on that cluster instead of in the server's process. The numbers are the
same: a run's seed travels with it. Unset, which is the default, nothing changes: every run is
made here, as before. A cluster that cannot be reached, or a run that fails there, falls back
to a run here, and the server's log says why.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from sim.executor import DaskExecutor, ExecutorError, RunTask, TaskError, run_task

SCHEDULER_ENV = "CREATOR_SIM_DASK_SCHEDULER"
"""The environment variable that names the cluster's scheduler."""
CONNECT_TIMEOUT_S = 5.0
RETRY_AFTER_S = 60.0

_log = logging.getLogger(__name__)


def scheduler_address() -> str | None:
    """The scheduler the server was given, or None (run everything here)."""
    return os.environ.get(SCHEDULER_ENV, "").strip() or None


@st.cache_resource(show_spinner=False)
def _connect(address: str) -> DaskExecutor:
    # one connection per server process, shared by every session's thread
    return DaskExecutor(address, timeout_s=CONNECT_TIMEOUT_S)


@st.cache_data(ttl=RETRY_AFTER_S, show_spinner=False)
def _unreachable(address: str) -> str | None:
    """Why the cluster cannot be used, or None; remembered for ``RETRY_AFTER_S``, so that a
    cluster that is down costs one connection timeout a minute, not one a run."""
    try:
        ex = _connect(address)
        if ex.client.status != "running":  # the scheduler went away since: connect again
            _connect.clear()
            ex = _connect(address)
    except (ExecutorError, OSError, TimeoutError) as exc:
        _log.warning("%s; running here for the next %.0f s", exc, RETRY_AFTER_S)
        return str(exc)
    return None


def connected() -> DaskExecutor | None:
    """The cluster, when the server was given one that answers and has workers; else None."""
    address = scheduler_address()
    if address is None or _unreachable(address) is not None:
        return None
    try:
        ex = _connect(address)
        if not ex.client.nthreads():
            _log.warning("The Dask cluster at %s has no workers; running here", address)
            return None
    except (ExecutorError, OSError, TimeoutError) as exc:
        _log.warning("%s; running here", exc)
        return None
    return ex


def run_there(tasks: Sequence[RunTask], on_done: Callable[[int], None]) -> list[Any] | None:
    """Each task's result made on the cluster, in task order, with None for a task that
    failed there (the caller runs it here); ``on_done(index)`` as each one arrives. None
    when there is no cluster to use."""
    ex = connected()
    if ex is None or not tasks:
        return None
    results: list[Any] = [None] * len(tasks)
    try:
        for index, result in ex.as_completed(run_task, tasks):
            if isinstance(result, TaskError):
                _log.warning("A run failed on the Dask cluster (%s); running it here", result)
            else:
                results[index] = result
                on_done(index)
    except (OSError, TimeoutError) as exc:  # the connection was lost mid-way
        _log.warning("The Dask cluster stopped answering (%s); running the rest here", exc)
    return results


def run_one_there(task: RunTask) -> Any | None:
    """One task's result made on the cluster; None when there is none or the run failed."""
    results = run_there([task], lambda _: None)
    return None if results is None else results[0]
